// The worlds the emulator starts with: `empty`, a user's local cloud (one account, one workspace, and the Hub's
// integrations the emulator runs: `chat`), or `demo` (demo/seed.ts). Deterministic: the same seed number gives the
// same ids and content. Also the helpers every seed and the Cloud handlers use to add bots and integrations.
import type { Integration } from '@botpress/client';
import type { LogSource } from './logs';
import { payloadExamples } from './payloads';
import { Random } from './random';
import * as make from './resources';
import type { BotRecord, IntegrationRecord, Store } from './store';
import { seedDemo } from './demo/seed';

export type SeedName = 'demo' | 'empty';

export const day = 86_400_000;
export const base = Date.UTC(2026, 0, 5, 9, 0, 0);

export function seed(store: Store, name: SeedName): void {
  const random = new Random(7);
  if (name === 'demo') return seedDemo(store, random);
  const owner = store.ids.ulid('user', base);
  store.account = { ...store.account, id: owner, createdAt: iso(base) };
  store.workspaces.push(
    make.workspace({
      id: store.ids.ulid('wkspace', base),
      name: 'Local Workspace',
      ownerId: owner,
      createdAt: iso(base),
      updatedAt: iso(base),
    }),
  );
  addHubIntegration(store, random, 'chat', '0.5.1', 'Chat', 'Talk to your bot over the Chat API', ['channel']);
}

/** An integration of the Hub (public, owned by the `botpress` workspace). */
export function addHubIntegration(
  store: Store,
  random: Random,
  name: string,
  version: string,
  title: string,
  description: string,
  channels: string[],
  configuration?: object,
): Integration {
  const botpressHub = { id: store.ids.ulid('wkspace', base - 400 * day), handle: 'botpress', name: 'Botpress' };
  return addIntegration(store, null, {
    name,
    version,
    title,
    description,
    public: true,
    ...(configuration && {
      configuration: { identifier: { required: false }, schema: { type: 'object', additionalProperties: false, ...configuration } },
    }),
    channels: Object.fromEntries(
      channels.map((c) => [
        c,
        {
          title: c,
          description: `${title} ${c}`,
          messages: messageDefinitions(),
          conversation: { tags: {}, creation: { enabled: false, requiredTags: [] } },
          message: { tags: {} },
        },
      ]),
    ),
    ownerWorkspace: botpressHub,
    meta: { installs: 1000 + random.int(50_000), views: 10_000 + random.int(500_000) },
  } as never);
}

export const iso = (t: number) => new Date(t).toISOString();

export function messageDefinitions(): Record<string, { schema: object }> {
  return Object.fromEntries(Object.keys(payloadExamples).map((t) => [t, { schema: { type: 'object' } }]));
}

function logSource(id: string, kind: LogSource['kind'], name: string, since: number): LogSource {
  return { id, kind, name, since, conversationIds: [], userIds: [], workflowIds: [], recorded: [] };
}

export function addIntegration(
  store: Store,
  workspaceId: string | null,
  fields: Parameters<typeof make.integration>[0],
  at = base,
): Integration {
  const integration = make.integration({ ...fields, id: fields.id ?? store.ids.ulid('intver', at) }, at);
  const record: IntegrationRecord = { workspaceId, integration, logSource: logSource(integration.id, 'integration', integration.name, at) };
  store.integrations.set(integration.id, record);
  return record.integration;
}

export function addBot(store: Store, workspaceId: string, fields: Omit<Parameters<typeof make.bot>[0], 'id'>, at = base): BotRecord {
  const bot = make.bot({ ...fields, id: store.ids.uuid() }, at);
  const record: BotRecord = {
    workspaceId,
    bot,
    runtime: { conversations: [], messages: [], users: [], events: [], states: [], participants: new Map() },
    logSource: {
      ...logSource(bot.id, 'bot', bot.name, at),
      conversationIds: [0, 1, 2].map(() => store.ids.ulid('conv', at)),
      userIds: [0, 1].map(() => store.ids.ulid('user', at)),
      workflowIds: [0, 1, 2].map(() => store.ids.ulid('wfl', at)),
    },
  };
  store.bots.set(bot.id, record);
  return record;
}
