// The worlds the emulator starts with: `empty`, a user's local cloud (one account, one workspace, and the Hub: `chat`,
// which runs, and a few channels' definitions), or `demo` (demo/seed.ts). Deterministic: the same seed number gives the
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
  store.account = { ...store.account, id: owner, displayName: 'Local Cloud', createdAt: iso(base) };
  store.workspaces.push(
    make.workspace({
      id: store.ids.ulid('wkspace', base),
      name: 'Local Workspace',
      ownerId: owner,
      createdAt: iso(base),
      updatedAt: iso(base),
    }),
  );
  addHub(store, random);
}

/**
 * The Hub (public integrations) of every seed: `chat`, which runs here (the Chat API), and the definitions of a
 * few channels a bot may install, which do not run (their actions answer the official `Runtime` error).
 */
export function addHub(store: Store, random: Random): Record<'chat' | 'telegram' | 'webchat', Integration> {
  const chat = addHubIntegration(store, random, 'chat', '0.5.1', 'Chat', 'Talk to your bot over the Chat API', ['channel']);
  const telegram = addHubIntegration(store, random, 'telegram', '0.6.2', 'Telegram', 'Engage your audience on Telegram', ['channel'], {
    properties: { botToken: { type: 'string', title: 'Bot token', description: 'The token @BotFather gave your Telegram bot' } },
    required: ['botToken'],
  });
  addHubIntegration(
    store,
    random,
    'slack',
    '1.2.0',
    'Slack',
    'Automate interactions in your Slack workspace',
    ['channel', 'dm', 'thread'],
    {
      properties: {
        botToken: { type: 'string', title: 'Bot token', description: 'xoxb-… token of your Slack app' },
        signingSecret: { type: 'string', title: 'Signing secret', description: 'Verifies the requests Slack sends' },
        replyInThread: { type: 'boolean', title: 'Reply in thread', default: true },
      },
      required: ['botToken', 'signingSecret'],
    },
  );
  const webchat = addHubIntegration(store, random, 'webchat', '2.3.4', 'Webchat', 'The Botpress web chat widget', ['channel'], {
    properties: {
      botName: { type: 'string', title: 'Bot name', description: 'Shown in the header of the chat' },
      theme: { type: 'string', title: 'Theme', enum: ['light', 'dark'], default: 'light' },
    },
  });
  addHubIntegration(store, random, 'whatsapp', '3.1.0', 'WhatsApp', 'Reach customers on WhatsApp', ['channel'], {
    properties: {
      accessToken: { type: 'string', title: 'Access token' },
      phoneNumberId: { type: 'string', title: 'Phone number id' },
      maxRetries: { type: 'integer', title: 'Retries', minimum: 0, maximum: 5 },
    },
    required: ['accessToken', 'phoneNumberId'],
  });
  addHubIntegration(store, random, 'messenger', '2.0.1', 'Messenger', 'Facebook Messenger', ['channel']);
  return { chat, telegram, webchat };
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
