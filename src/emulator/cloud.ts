// Botpress Cloud operations over the in-memory store. Each handler receives a request already checked
// against the official request schema, and returns the response body (checked by the server against the
// official response schema before it is sent).
import type { Bot, Conversation, Integration, Message, State, User } from '@botpress/client';
import semver from 'semver';
import { fileHandlers } from './files';
import * as make from './resources';
import type { Runtime } from './runtime';
import { listOf, notFound, patch, patchRecord } from './lists';
import { ApiError, project, type JsonSchema } from './spec';
import { addBot, addIntegration } from './seed';
import { installPlugins, pluginHandlers } from './plugins';
import type { BotRecord, IntegrationRecord, Store } from './store';
import { tableHandlers } from './tables';
import { checkConfiguration } from './issues';

export interface CloudCall {
  store: Store;
  params: Record<string, string>;
  query: Record<string, unknown>;
  body: Record<string, unknown>;
  /** `x-workspace-id`, checked to exist for admin operations on bots and integrations. */
  workspaceId?: string;
  /** The bot named by `x-bot-id`, for runtime operations. */
  bot?: BotRecord;
  /** Runs deployed bot code and delivers its events. */
  runtime: Runtime;
  /** An action of an integration the bot installed (`chat:sendEvent`): its output. */
  integrationAction: IntegrationAction;
  /** The request carries `x-multiple-integrations`: a bot's `integrations` are keyed by alias, else by integration id. */
  byAlias?: boolean;
  /** The request's headers (operations with header parameters, e.g. copyFile's `x-destination-bot-id`). */
  headers?: Record<string, string | string[] | undefined>;
}

export type IntegrationAction = (
  record: BotRecord,
  integration: string,
  action: string,
  input: Record<string, unknown>,
) => Record<string, unknown>;

export type CloudHandler = (call: CloudCall) => unknown;

export const logPageSize = 100;

type Dict = Record<string, unknown>;
const now = () => new Date().toISOString();

function sortBy<T extends { createdAt: string; updatedAt: string }>(items: T[], query: Dict, fallback: 'asc' | 'desc' = 'desc'): T[] {
  const field = query.sortField === 'updatedAt' ? 'updatedAt' : 'createdAt';
  const sign = (query.sortDirection ?? fallback) === 'asc' ? 1 : -1;
  return [...items].sort((a, b) => sign * a[field].localeCompare(b[field]));
}

const hasTags = (tags: Record<string, string>, wanted: unknown) =>
  !wanted || Object.entries(wanted as Record<string, string>).every(([k, v]) => tags[k] === v);

export function botIn(call: CloudCall): BotRecord {
  const record = call.store.bots.get(call.params.id);
  if (!record || record.workspaceId !== call.workspaceId) notFound('Bot', call.params.id);
  return record;
}

/** Integrations a workspace can see: its own and the hub's. */
function visibleIntegration(call: CloudCall, id: string): IntegrationRecord | undefined {
  const record = call.store.integrations.get(id);
  return record && (record.workspaceId === null || record.workspaceId === call.workspaceId) ? record : undefined;
}

function ownIntegration(call: CloudCall): IntegrationRecord {
  const record = call.store.integrations.get(call.params.id);
  if (!record || record.workspaceId !== call.workspaceId) notFound('Integration', call.params.id);
  return record;
}

/**
 * The version a name and version designate, as the spec describes the `version` parameter: an exact
 * version, a semver range (`<0.2.0`, `^1.0.0`: the newest version that satisfies it) or `latest`.
 */
export function byNameVersion(records: IntegrationRecord[], name: string, version: string): IntegrationRecord | undefined {
  const named = records.filter((r) => r.integration.name === name);
  const exact = named.find((r) => r.integration.version === version);
  if (exact) return exact;
  const range = version === 'latest' ? '*' : semver.validRange(version);
  if (!range) return undefined;
  const best = semver.maxSatisfying(
    named.map((r) => r.integration.version).filter((v) => semver.valid(v)),
    range,
  );
  return best === null ? undefined : named.find((r) => r.integration.version === best);
}

// ---- bots -------------------------------------------------------------------------------------------

const botRecordKeys = ['states', 'events', 'actions', 'recurringEvents'] as const;

/** A bot's own tags are plain strings: the official API unsets one sent as an empty string. */
const emptyUnsets = (tags: Dict) => Object.fromEntries(Object.entries(tags).map(([k, v]) => [k, v === '' ? null : v]));

/** Applies a createBot / updateBot body to a bot, with the official null-deletes semantics. */
function applyBotBody(call: CloudCall, record: BotRecord, body: Dict): void {
  const bot = record.bot as unknown as Dict;
  // `url`, `blocked` and `authentication` are accepted but are not part of the Bot the API returns.
  for (const key of [
    'name',
    'description',
    'alwaysAlive',
    'maxExecutionTime',
    'medias',
    'configuration',
    'subscriptions',
    'dev',
  ] as const) {
    if (key in body) patch(bot, { [key]: body[key] });
  }
  for (const key of botRecordKeys) {
    if (body[key]) bot[key] = patchRecord(bot[key], body[key]);
  }
  if (body.plugins) bot.plugins = installPlugins(call, bot.plugins as Bot['plugins'], body.plugins as Record<string, Dict | null>);
  if (body.tags) bot.tags = patchRecord(bot.tags, emptyUnsets(body.tags as Dict));
  for (const key of ['user', 'conversation', 'message'] as const) {
    const tags = (body[key] as { tags?: Dict } | undefined)?.tags;
    if (tags) bot[key] = { tags: patchRecord((bot[key] as { tags: Dict }).tags, tags) };
  }
  if (body.secrets) record.secrets = patchRecord(record.secrets, body.secrets) as Record<string, string>;
  if (body.integrations) {
    // Kept by alias; a request's key is an alias or an integration id (see `installationKey`).
    const installed = { ...(bot.integrations as Bot['integrations']) };
    for (const [key, change] of Object.entries(body.integrations as Record<string, Dict | null>)) {
      const alias = installationKey(call, installed, key, change);
      if (change === null) {
        if (alias === undefined) notFound('Installed integration', key);
        delete installed[alias];
        continue;
      }
      const id = typeof change.integrationId === 'string' ? change.integrationId : alias === undefined ? key : installed[alias].id;
      const target = visibleIntegration(call, id);
      if (alias === undefined && !target)
        throw new ApiError('ReferenceNotFound', `Integration "${id}" doesn't exist or is not visible from this workspace`);
      const existing = alias === undefined ? undefined : installed[alias];
      // An alias given another integration (or version) is installed anew.
      const reinstall = existing && target && existing.id !== target.integration.id;
      const entry =
        existing && !reinstall
          ? existing
          : make.installation(target!.integration, call.store.ids.ulid('wh', Date.now()).slice(3).toLowerCase());
      installed[alias ?? (typeof change.integrationId === 'string' ? key : freeAlias(installed, target!.integration.name))] = {
        ...entry,
        ...(typeof change.enabled === 'boolean' ? { enabled: change.enabled } : {}),
        ...(change.configuration ? { configuration: change.configuration as Dict } : {}),
        ...('configurationType' in change ? { configurationType: (change.configurationType as string | null) ?? null } : {}),
        updatedAt: now(),
      };
    }
    bot.integrations = installed;
  }
  if (typeof body.code === 'string') {
    record.code = body.code;
    bot.deployedAt = now();
  }
  bot.updatedAt = now();
  record.bot = make.bot(record.bot);
  (record.bot as Bot & { secrets: string[] }).secrets = Object.keys(record.secrets ?? {});
}

/**
 * The alias an updateBot `integrations` key designates, undefined for a new installation. With
 * `integrationId` the key is the alias (the spec). Without it, the key is an installed alias when the
 * request has `x-multiple-integrations`, else an integration id (an alias is read too when no installed
 * integration has that id, and an id when the bot has no such alias).
 */
function installationKey(call: CloudCall, installed: Bot['integrations'], key: string, change: Dict | null): string | undefined {
  const aliasOf = (id: string) => Object.keys(installed).find((alias) => installed[alias].id === id);
  if (change && typeof change.integrationId === 'string') return Object.hasOwn(installed, key) ? key : undefined;
  if (call.byAlias) return Object.hasOwn(installed, key) ? key : aliasOf(key);
  return aliasOf(key) ?? (Object.hasOwn(installed, key) ? key : undefined);
}

/** A new installation's alias: the integration's name, numbered when the bot has it already. */
function freeAlias(installed: Bot['integrations'], name: string): string {
  const plain = name.replace(/^[^/]+\//, '');
  let alias = plain;
  for (let n = 2; Object.hasOwn(installed, alias); n++) alias = `${plain}${n}`;
  return alias;
}

/** A bot as the request reads it: `integrations` keyed by alias with `x-multiple-integrations`, else by integration id. */
export function botView(call: CloudCall, bot: Bot): Bot {
  if (call.byAlias) return bot;
  return { ...bot, integrations: Object.fromEntries(Object.values(bot.integrations).map((entry) => [entry.id, entry])) };
}

function logsOf(call: CloudCall, record: { logSource: BotRecord['logSource'] }) {
  const q = call.query;
  const time = (name: 'timeStart' | 'timeEnd', fallback: number) => {
    if (q[name] === undefined) return fallback;
    const t = Date.parse(String(q[name]));
    if (Number.isNaN(t)) throw new ApiError('InvalidPayload', `${name} must be an ISO 8601 date, got "${String(q[name])}"`);
    return t;
  };
  let after = -1;
  if (q.nextToken !== undefined) {
    after = Number(Buffer.from(String(q.nextToken), 'base64url').toString());
    if (!Number.isInteger(after)) throw new ApiError('InvalidPayload', `nextToken "${String(q.nextToken)}" is not a token this API issued`);
  }
  const filter = {
    timeStart: time('timeStart', 0),
    timeEnd: time('timeEnd', Number.MAX_SAFE_INTEGER),
    level: q.level as string | undefined,
    userId: q.userId as string | undefined,
    workflowId: q.workflowId as string | undefined,
    conversationId: q.conversationId as string | undefined,
    messageContains: q.messageContains as string | undefined,
  };
  const logs = [];
  let last = -1;
  let more = false;
  for (const { key, line } of call.store.logs.lines(record.logSource, filter, after)) {
    if (logs.length === logPageSize) {
      more = true;
      break;
    }
    logs.push(line);
    last = key;
  }
  return more ? { logs, nextToken: Buffer.from(String(last)).toString('base64url') } : { logs };
}

// ---- integrations -----------------------------------------------------------------------------------

const integrationRecordKeys = [
  'configurations',
  'channels',
  'actions',
  'events',
  'states',
  'entities',
  'interfaces',
  'attributes',
] as const;

const integrationSchema: JsonSchema = { $ref: '#/components/schemas/Integration' };
const ownIntegrations = (call: CloudCall) => [...call.store.integrations.values()].filter((r) => r.workspaceId === call.workspaceId);

function checkVersion(version: string): void {
  if (!semver.valid(version)) throw new ApiError('InvalidPayload', `Integration version "${version}" is not a semver version (e.g. 0.1.0)`);
}

function checkSecretNames(secrets: unknown): void {
  for (const name of Object.keys((secrets ?? {}) as Dict)) {
    if (!/^[A-Z][A-Z0-9]*(_[A-Z0-9]+)*$/.test(name))
      throw new ApiError('InvalidPayload', `Secret name "${name}" must be in SCREAMING_SNAKE_CASE (e.g. API_KEY)`);
  }
}

/** What createIntegration (and its dry run, validateIntegrationCreation) refuses. */
export function checkIntegrationCreation(call: CloudCall): void {
  const { name, version } = call.body as { name: string; version: string };
  checkVersion(version);
  checkSecretNames(call.body.secrets);
  if (ownIntegrations(call).some((r) => r.integration.name === name && r.integration.version === version))
    throw new ApiError('AlreadyExists', `Integration ${name}@${version} already exists in this workspace`);
}

/** What updateIntegration (and validateIntegrationUpdate) refuses; the version updated. */
export function checkIntegrationUpdate(call: CloudCall): IntegrationRecord {
  const record = ownIntegration(call);
  checkSecretNames(call.body.secrets);
  // `name` and `version` (newer-fields.ts) may move the version, not onto one that exists.
  const name = (call.body.name as string | undefined) ?? record.integration.name;
  const version = (call.body.version as string | undefined) ?? record.integration.version;
  checkVersion(version);
  const taken = ownIntegrations(call).some((r) => r !== record && r.integration.name === name && r.integration.version === version);
  if (taken) throw new ApiError('AlreadyExists', `Integration ${name}@${version} already exists in this workspace`);
  return record;
}

function applyIntegrationBody(record: IntegrationRecord, body: Dict): void {
  const i = record.integration as unknown as Dict;
  if (typeof body.name === 'string') i.name = body.name;
  if (typeof body.version === 'string') i.version = body.version;
  // `sdkVersion` and `extraOperations` are accepted but are not part of the Integration the API returns.
  for (const key of [
    'title',
    'description',
    'url',
    'configuration',
    'identifier',
    'public',
    'visibility',
    'maxExecutionTime',
    'dev',
  ] as const) {
    if (key in body) patch(i, { [key]: body[key] });
  }
  for (const key of integrationRecordKeys) {
    if (body[key]) i[key] = patchRecord(i[key], body[key]);
  }
  const user = body.user as { tags?: Dict } | undefined;
  if (user) {
    const current = i.user as { tags: Dict };
    i.user = { ...current, ...user, tags: patchRecord(current.tags, user.tags ?? {}) };
  }
  if (body.secrets) {
    const names = new Set(i.secrets as string[]);
    for (const [name, value] of Object.entries(body.secrets as Dict)) {
      if (value === null) names.delete(name);
      else names.add(name);
    }
    i.secrets = [...names];
  }
  if (typeof body.icon === 'string') {
    record.icon = body.icon;
    i.iconUrl = `https://media.botpress.cloud/integrations/${String(i.id)}/icon.svg`;
  }
  if (typeof body.readme === 'string') {
    record.readme = body.readme;
    i.readmeUrl = `https://media.botpress.cloud/integrations/${String(i.id)}/readme.md`;
  }
  if (typeof body.code === 'string') record.code = body.code;
  if (typeof body.public === 'boolean' && !('visibility' in body)) i.visibility = body.public ? 'public' : 'private';
  i.updatedAt = now();
  record.integration = make.integration(record.integration as Integration);
}

// ---- runtime ----------------------------------------------------------------------------------------

const runtimeOf = (call: CloudCall) => call.bot!.runtime;

function find<T extends { id: string }>(items: T[], id: string, what: string): T {
  return items.find((i) => i.id === id) ?? notFound(what, id);
}

function inRange(createdAt: string, query: Dict): boolean {
  return (!query.afterDate || createdAt > String(query.afterDate)) && (!query.beforeDate || createdAt < String(query.beforeDate));
}

export const cloudHandlers: Record<string, CloudHandler> = {
  ...fileHandlers,
  getAccount: ({ store }) => ({ account: store.account }),
  listWorkspaces: ({ store, query }) =>
    listOf(
      'listWorkspaces',
      'workspaces',
      store.workspaces.filter((w) => !query.handle || w.handle === query.handle),
      query,
    ),
  getWorkspace: ({ store, params }) => store.workspace(params.id) ?? notFound('Workspace', params.id),

  listBots: ({ store, workspaceId, query }) => {
    const bots = store
      .botsOf(workspaceId!)
      .map((r) => r.bot)
      // As the real API: `dev=true` lists dev bots only, otherwise production bots only.
      .filter((b) => b.dev === (query.dev === true) && hasTags(b.tags, query.tags));
    return listOf('listBots', 'bots', sortBy(bots, query, 'asc'), query);
  },
  getBot: (call) => ({ bot: botView(call, botIn(call).bot) }),
  createBot: (call) => {
    const record = addBot(
      call.store,
      call.workspaceId!,
      { name: (call.body.name as string | undefined) ?? `bot-${call.store.bots.size + 1}`, dev: call.body.dev === true },
      Date.now(),
    );
    applyBotBody(call, record, call.body);
    const workspace = call.store.workspace(call.workspaceId!)!;
    workspace.botCount = call.store.botsOf(workspace.id).length;
    if (typeof call.body.code === 'string') call.runtime.deployed(record);
    return { bot: botView(call, record.bot) };
  },
  updateBot: (call) => {
    const record = botIn(call);
    applyBotBody(call, record, call.body);
    if (typeof call.body.code === 'string') call.runtime.deployed(record);
    return { bot: botView(call, record.bot) };
  },
  deleteBot: (call) => {
    const record = botIn(call);
    call.store.bots.delete(record.bot.id);
    call.runtime.deleted(record.bot.id);
    call.store.issues.forget(record.bot.id);
    call.store.versions.forget(record.bot.id);
    const workspace = call.store.workspace(record.workspaceId)!;
    workspace.botCount = call.store.botsOf(workspace.id).length;
    return {};
  },
  getBotLogs: (call) => logsOf(call, botIn(call)),

  listIntegrations: ({ store, workspaceId, query }) => {
    const all = [...store.integrations.values()]
      .filter(
        (r) =>
          (r.workspaceId === workspaceId && query.visibility !== 'public') || (r.workspaceId === null && query.visibility === 'public'),
      )
      .map((r) => r.integration)
      .filter((i) => (!query.name || i.name === query.name) && (!query.version || i.version === query.version))
      .filter((i) => query.dev === undefined || i.dev === query.dev)
      .filter((i) => !query.search || `${i.name} ${i.title} ${i.description}`.toLowerCase().includes(String(query.search).toLowerCase()));
    return listOf('listIntegrations', 'integrations', all, query);
  },
  getIntegration: (call) => ({
    integration: (visibleIntegration(call, call.params.id) ?? notFound('Integration', call.params.id)).integration,
  }),
  getIntegrationByName: (call) => {
    const all = [...call.store.integrations.values()];
    const { name, version } = call.params;
    const found =
      byNameVersion(
        all.filter((r) => r.workspaceId === call.workspaceId),
        name,
        version,
      ) ??
      byNameVersion(
        all.filter((r) => r.workspaceId === null),
        name,
        version,
      );
    // The Hub's integrations carry `ownerWorkspace`, which this operation's Integration does not have.
    return { integration: project(integrationSchema, (found ?? notFound('Integration', `${name}@${version}`)).integration) };
  },
  createIntegration: (call) => {
    checkIntegrationCreation(call);
    const { name, version } = call.body as { name: string; version: string };
    const integration = addIntegration(
      call.store,
      call.workspaceId!,
      { name, version, title: (call.body.title as string | undefined) || name, dev: call.body.dev === true } as never,
      Date.now(),
    );
    const record = call.store.integrations.get(integration.id)!;
    applyIntegrationBody(record, call.body);
    return { integration: record.integration };
  },
  updateIntegration: (call) => {
    const record = checkIntegrationUpdate(call);
    applyIntegrationBody(record, call.body);
    return { integration: record.integration };
  },
  deleteIntegration: (call) => {
    call.store.integrations.delete(ownIntegration(call).integration.id);
    return {};
  },
  getIntegrationLogs: (call) => logsOf(call, ownIntegration(call)),
  listPublicIntegrations: ({ store, query }) => {
    const all = [...store.integrations.values()]
      .filter((r) => r.workspaceId === null)
      .map((r) => r.integration)
      .filter((i) => (!query.name || i.name === query.name) && (!query.version || i.version === query.version))
      .filter((i) => !query.search || `${i.name} ${i.title} ${i.description}`.toLowerCase().includes(String(query.search).toLowerCase()));
    return listOf('listPublicIntegrations', 'integrations', all, query);
  },
  getPublicIntegrationById: ({ store, params }) => {
    const record = store.integrations.get(params.id);
    if (!record || record.workspaceId !== null) notFound('Integration', params.id);
    return { integration: record.integration };
  },
  getPublicIntegration: ({ store, params }) => {
    const found = byNameVersion(
      [...store.integrations.values()].filter((r) => r.workspaceId === null),
      params.name,
      params.version,
    );
    return { integration: (found ?? notFound('Integration', `${params.name}@${params.version}`)).integration };
  },

  listConversations: (call) => {
    const { query } = call;
    const runtime = runtimeOf(call);
    const participants = query.participantIds as string[] | undefined;
    const all = runtime.conversations.filter(
      (c) =>
        hasTags(c.tags, query.tags) &&
        (!query.integrationName || c.integration === query.integrationName) &&
        (!query.channel || c.channel === query.channel) &&
        inRange(c.createdAt, query) &&
        (!participants || participants.every((u) => runtime.messages.some((m) => m.conversationId === c.id && m.userId === u))),
    );
    return listOf('listConversations', 'conversations', sortBy(all, query), query);
  },
  getConversation: (call) => ({ conversation: find(runtimeOf(call).conversations, call.params.id, 'Conversation') }),
  createConversation: (call) => {
    const body = call.body as { channel: string; tags: Record<string, string>; integrationName?: string };
    const conversation = make.conversation({
      id: call.store.ids.ulid('conv', Date.now()),
      channel: body.channel,
      tags: body.tags,
      integration: body.integrationName ?? 'chat',
    });
    runtimeOf(call).conversations.push(conversation);
    return { conversation };
  },
  getOrCreateConversation: (call) => {
    const body = call.body as { channel: string; tags: Record<string, string>; integrationName?: string; discriminateByTags?: string[] };
    const integration = body.integrationName ?? 'chat';
    const keys = body.discriminateByTags ?? Object.keys(body.tags);
    const found = runtimeOf(call).conversations.find(
      (c) => c.integration === integration && c.channel === body.channel && keys.every((k) => c.tags[k] === body.tags[k]),
    );
    return found ? { conversation: found } : cloudHandlers.createConversation(call);
  },
  updateConversation: (call) => {
    const conversation = find(runtimeOf(call).conversations, call.params.id, 'Conversation');
    const body = call.body as { tags?: Record<string, string> };
    if (body.tags) conversation.tags = patchRecord(conversation.tags, emptyUnsets(body.tags)) as Record<string, string>;
    conversation.updatedAt = now();
    return { conversation };
  },
  listParticipants: (call) => {
    const runtime = runtimeOf(call);
    const conversation = find(runtime.conversations, call.params.id, 'Conversation');
    const users = [...participantsOf(runtime, conversation.id)].map((id) => find(runtime.users, id, 'User'));
    return listOf('listParticipants', 'participants', users, call.query);
  },
  addParticipant: (call) => {
    const runtime = runtimeOf(call);
    const conversation = find(runtime.conversations, call.params.id, 'Conversation');
    const user = find(runtime.users, String(call.body.userId), 'User');
    participantsOf(runtime, conversation.id).add(user.id);
    return { participant: user };
  },
  getParticipant: (call) => {
    const runtime = runtimeOf(call);
    const conversation = find(runtime.conversations, call.params.id, 'Conversation');
    if (!participantsOf(runtime, conversation.id).has(call.params.userId)) notFound('Participant', call.params.userId);
    return { participant: find(runtime.users, call.params.userId, 'User') };
  },
  removeParticipant: (call) => {
    const runtime = runtimeOf(call);
    const conversation = find(runtime.conversations, call.params.id, 'Conversation');
    if (!participantsOf(runtime, conversation.id).delete(call.params.userId)) notFound('Participant', call.params.userId);
    return {};
  },
  listMessages: (call) => {
    const { query } = call;
    const all = runtimeOf(call)
      .messages.filter(
        (m) =>
          (!query.conversationId || m.conversationId === query.conversationId) &&
          hasTags(m.tags, query.tags) &&
          inRange(m.createdAt, query),
      )
      .reverse();
    return listOf('listMessages', 'messages', all, query);
  },
  getMessage: (call) => ({ message: find(runtimeOf(call).messages, call.params.id, 'Message') }),
  createMessage: (call) => {
    const body = call.body as Pick<Message, 'payload' | 'userId' | 'conversationId' | 'type' | 'tags'>;
    const runtime = runtimeOf(call);
    if (!runtime.conversations.some((c) => c.id === body.conversationId))
      throw new ApiError('ReferenceNotFound', `Conversation "${body.conversationId}" doesn't exist`);
    if (body.userId !== call.bot!.bot.id && !runtime.users.some((u) => u.id === body.userId))
      throw new ApiError('ReferenceNotFound', `User "${body.userId}" doesn't exist`);
    // What the bot's own user sends goes out; what anyone else sends (an integration relaying a user) comes in.
    const direction = body.userId === call.bot!.bot.id ? 'outgoing' : 'incoming';
    const message = make.message({
      id: call.store.ids.ulid('msg', Date.now()),
      payload: body.payload,
      type: body.type,
      tags: body.tags ?? {},
      userId: body.userId,
      conversationId: body.conversationId,
      direction,
    });
    if (direction === 'incoming') participantsOf(runtimeOf(call), body.conversationId).add(body.userId);
    call.store.addMessage(call.bot!, message);
    return { message };
  },
  updateMessage: (call) => {
    const message = find(runtimeOf(call).messages, call.params.id, 'Message');
    const body = call.body as { tags: Record<string, string>; payload?: Message['payload'] };
    message.tags = patchRecord(message.tags, emptyUnsets(body.tags)) as Record<string, string>;
    if (body.payload) message.payload = body.payload;
    message.updatedAt = now();
    return { message };
  },
  deleteMessage: (call) => {
    const runtime = runtimeOf(call);
    const message = find(runtime.messages, call.params.id, 'Message');
    runtime.messages.splice(runtime.messages.indexOf(message), 1);
    call.store.messageDeleted(call.bot!, message);
    return {};
  },
  listUsers: (call) => {
    const { query } = call;
    const runtime = runtimeOf(call);
    const all = runtime.users.filter(
      (u) =>
        hasTags(u.tags, query.tags) &&
        inRange(u.createdAt, query) &&
        (!query.conversationId || runtime.messages.some((m) => m.conversationId === query.conversationId && m.userId === u.id)),
    );
    return listOf('listUsers', 'users', sortBy(all, query), query);
  },
  getUser: (call) => ({ user: find(runtimeOf(call).users, call.params.id, 'User') }),
  createUser: (call) => {
    const body = call.body as Pick<User, 'tags' | 'name' | 'pictureUrl'>;
    const user = make.user({ id: call.store.ids.ulid('user', Date.now()), tags: body.tags, name: body.name, pictureUrl: body.pictureUrl });
    runtimeOf(call).users.push(user);
    return { user };
  },
  getOrCreateUser: (call) => {
    const body = call.body as Pick<User, 'tags' | 'name' | 'pictureUrl'> & { discriminateByTags?: string[] };
    const keys = body.discriminateByTags ?? Object.keys(body.tags);
    const found = keys.length ? runtimeOf(call).users.find((u) => keys.every((k) => u.tags[k] === body.tags[k])) : undefined;
    return found ? { user: found } : cloudHandlers.createUser(call);
  },
  updateUser: (call) => {
    const user = find(runtimeOf(call).users, call.params.id, 'User');
    const body = call.body as Partial<Pick<User, 'tags' | 'name' | 'pictureUrl'>>;
    if (body.tags) user.tags = patchRecord(user.tags, emptyUnsets(body.tags)) as Record<string, string>;
    patch(user as unknown as Dict, pick(body, ['name', 'pictureUrl']));
    user.updatedAt = now();
    return { user };
  },
  listEvents: (call) => {
    const { query } = call;
    const keys = ['type', 'conversationId', 'userId', 'messageId', 'workflowId', 'status'] as const;
    const all = runtimeOf(call).events.filter((e) => keys.every((k) => query[k] === undefined || (e as unknown as Dict)[k] === query[k]));
    return listOf('listEvents', 'events', [...all].reverse(), query);
  },
  getEvent: (call) => ({ event: find(runtimeOf(call).events, call.params.id, 'Event') }),
  createEvent: (call) => {
    const body = call.body as { type: string; payload: Dict; conversationId?: string; userId?: string; messageId?: string };
    const about = Object.fromEntries(
      (['conversationId', 'userId', 'messageId'] as const).filter((k) => body[k] !== undefined).map((k) => [k, body[k]]),
    );
    const event = make.event({
      id: call.store.ids.ulid('evt', Date.now()),
      type: body.type,
      payload: body.payload,
      status: 'pending',
      ...about,
    });
    void call.runtime.event(call.bot!, event);
    return { event };
  },
  callAction: (call) => {
    const { type, input } = call.body as { type: string; input: Dict };
    const [integration, action] = type.split(':');
    if (!action) throw new ApiError('InvalidPayload', `Action type "${type}" must be "<integration>:<action>"`);
    const installed = Object.values(call.bot!.bot.integrations).find((i) => i.name === integration);
    if (!installed || !installed.enabled)
      throw new ApiError('ResourceNotFound', `Integration "${integration}" is not installed (or is disabled) on this bot`);
    checkConfiguration(call, installed, action);
    return { output: call.integrationAction(call.bot!, integration, action, input), meta: { cached: false } };
  },
  getState: (call) => ({ state: findState(call) ?? notFound('State', stateKey(call)), meta: { cached: false } }),
  setState: (call) => {
    const body = call.body as { payload: Dict | null };
    const runtime = runtimeOf(call);
    const existing = findState(call);
    if (body.payload === null) {
      if (existing) runtime.states.splice(runtime.states.indexOf(existing), 1);
      return { state: existing ?? newState(call, {}) };
    }
    if (existing) {
      existing.payload = body.payload;
      existing.updatedAt = now();
      return { state: existing };
    }
    const state = newState(call, body.payload);
    runtime.states.push(state);
    return { state };
  },
  getOrSetState: (call) => {
    const existing = findState(call);
    if (existing) return { state: existing, meta: { cached: false } };
    const state = newState(call, (call.body as { payload: Dict }).payload);
    runtimeOf(call).states.push(state);
    return { state, meta: { cached: false } };
  },
  ...pluginHandlers,
  ...tableHandlers,
  patchState: (call) => {
    const state = findState(call) ?? notFound('State', stateKey(call));
    state.payload = { ...state.payload, ...(call.body as { payload: Dict }).payload };
    state.updatedAt = now();
    return { state };
  },
};

const participantsOf = (runtime: BotRecord['runtime'], conversationId: string): Set<string> => {
  let set = runtime.participants.get(conversationId);
  if (!set) runtime.participants.set(conversationId, (set = new Set()));
  return set;
};

function pick(body: Dict, keys: string[]): Dict {
  return Object.fromEntries(keys.filter((k) => k in body).map((k) => [k, body[k]]));
}

const stateKey = (call: CloudCall) => `${call.params.type}/${call.params.id}/${call.params.name}`;

function stateOwner(type: string, s: Pick<State, 'botId' | 'conversationId' | 'userId'>): string | undefined {
  return type === 'conversation' ? s.conversationId : type === 'user' ? s.userId : type === 'bot' ? s.botId : undefined;
}

function findState(call: CloudCall): State | undefined {
  const { type, id, name } = call.params;
  return runtimeOf(call).states.find((s) => s.type === type && s.name === name && stateOwner(type, s) === id);
}

/** A new state, for a state the bot declares, on a conversation, user or bot that exists. */
function newState(call: CloudCall, payload: Dict): State {
  const { type, id, name } = call.params;
  const record = call.bot!;
  const declared = record.bot.states[name];
  if (!declared) throw new ApiError('ResourceNotFound', `State "${name}" is not declared by bot "${record.bot.name}"`);
  if (declared.type !== type) throw new ApiError('InvalidPayload', `State "${name}" is a ${declared.type} state, not a ${type} state`);
  const runtime = record.runtime;
  const owner: Partial<Record<'conversationId' | 'userId', string>> = {};
  if (type === 'conversation') owner.conversationId = find<Conversation>(runtime.conversations, id, 'Conversation').id;
  else if (type === 'user') owner.userId = find<User>(runtime.users, id, 'User').id;
  else if (type === 'bot' && id !== record.bot.id) notFound('Bot', id);
  else if (type !== 'bot') throw new ApiError('InvalidPayload', `The emulator keeps conversation, user and bot states, not ${type} states`);
  return make.state({
    id: call.store.ids.ulid('state', Date.now()),
    botId: record.bot.id,
    name,
    type: type as State['type'],
    payload,
    ...owner,
  });
}
