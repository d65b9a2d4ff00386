// Usage and quotas (getUsage, getMultipleUsages, listUsageHistory, listUsageActivity, listUsageActivityDaily,
// listWorkspaceUsages, breakDownWorkspaceUsageByBot, getWorkspaceQuota, listWorkspaceQuotas,
// getAllWorkspaceQuotaCompletion, changeAISpendQuota), counted from the emulator's own data: invocations from a
// bot's incoming messages and events, table rows, file bytes, indexed passages, LLM cost the bot reported; quotas
// fixed per plan (`planQuotas`), the AI spend quota being the workspace's `spendingLimit`. Periods are UTC months.
import type { Workspace } from '@botpress/client';
import { llmReport } from './analytics';
import type { CloudCall, CloudHandler } from './cloud';
import { page } from './lists';
import { ApiError } from './spec';
import type { BotRecord, Store } from './store';

export const usageTypes = [
  'invocation_timeout',
  'invocation_calls',
  'storage_count',
  'bot_count',
  'knowledgebase_vector_storage',
  'workspace_ratelimit',
  'table_row_count',
  'workspace_member_count',
  'integrations_owned_count',
  'ai_spend',
  'openai_spend',
  'bing_search_spend',
  'always_alive',
  'indexed_file_count',
  'file_max_size_bytes',
] as const;
export type UsageType = (typeof usageTypes)[number];

/** Types counted per workspace; the others are counted per bot (a workspace's usage of them is the sum over its bots). */
const workspaceUsageTypes: ReadonlySet<UsageType> = new Set<UsageType>([
  'bot_count',
  'workspace_ratelimit',
  'workspace_member_count',
  'integrations_owned_count',
]);
export const botUsageTypes: ReadonlySet<UsageType> = new Set(usageTypes.filter((t) => !workspaceUsageTypes.has(t)));
/** Counted over the period (a month); the others are what exists at its end. */
const counters: ReadonlySet<UsageType> = new Set<UsageType>([
  'invocation_timeout',
  'invocation_calls',
  'ai_spend',
  'openai_spend',
  'bing_search_spend',
]);

const MB = 1024 * 1024;
/** The quotas of each plan (the AI spend quota is the workspace's spendingLimit). */
type Quotas = Record<Exclude<UsageType, 'ai_spend'>, number>;
const plans: Record<Exclude<Workspace['plan'], 'managed'>, Quotas> = {
  community: {
    invocation_timeout: 60,
    invocation_calls: 500,
    storage_count: 100 * MB,
    bot_count: 5,
    knowledgebase_vector_storage: 100 * MB,
    workspace_ratelimit: 100,
    table_row_count: 1_000,
    workspace_member_count: 1,
    integrations_owned_count: 5,
    openai_spend: 5,
    bing_search_spend: 5,
    always_alive: 0,
    indexed_file_count: 100,
    file_max_size_bytes: 10 * MB,
  },
  plus: {
    invocation_timeout: 60,
    invocation_calls: 5_000,
    storage_count: 1024 * MB,
    bot_count: 20,
    knowledgebase_vector_storage: 1024 * MB,
    workspace_ratelimit: 500,
    table_row_count: 10_000,
    workspace_member_count: 2,
    integrations_owned_count: 20,
    openai_spend: 100,
    bing_search_spend: 100,
    always_alive: 1,
    indexed_file_count: 1_000,
    file_max_size_bytes: 50 * MB,
  },
  team: {
    invocation_timeout: 60,
    invocation_calls: 50_000,
    storage_count: 2048 * MB,
    bot_count: 60,
    knowledgebase_vector_storage: 2048 * MB,
    workspace_ratelimit: 1_000,
    table_row_count: 100_000,
    workspace_member_count: 3,
    integrations_owned_count: 50,
    openai_spend: 500,
    bing_search_spend: 500,
    always_alive: 5,
    indexed_file_count: 10_000,
    file_max_size_bytes: 100 * MB,
  },
  enterprise: {
    invocation_timeout: 900,
    invocation_calls: 1_000_000,
    storage_count: 100 * 1024 * MB,
    bot_count: 1_000,
    knowledgebase_vector_storage: 100 * 1024 * MB,
    workspace_ratelimit: 10_000,
    table_row_count: 10_000_000,
    workspace_member_count: 100,
    integrations_owned_count: 1_000,
    openai_spend: 100_000,
    bing_search_spend: 100_000,
    always_alive: 100,
    indexed_file_count: 1_000_000,
    file_max_size_bytes: 1024 * MB,
  },
};
/** The quotas of each plan; a managed workspace has the team plan's. */
export const planQuotas: Record<Workspace['plan'], Quotas> = { ...plans, managed: plans.team };

export interface Period {
  name: string;
  start: number;
  /** Exclusive. */
  end: number;
}

/** A UTC month, `YYYY-MM`; absent: the current one. */
export function period(name: unknown, now = Date.now()): Period {
  if (name === undefined) {
    const d = new Date(now);
    return monthPeriod(d.getUTCFullYear(), d.getUTCMonth());
  }
  const m = /^(\d{4})-(\d{2})$/.exec(String(name));
  if (!m || Number(m[2]) < 1 || Number(m[2]) > 12)
    throw new ApiError('InvalidPayload', `period must be a month, YYYY-MM, got "${String(name)}"`);
  return monthPeriod(Number(m[1]), Number(m[2]) - 1);
}
function monthPeriod(year: number, month: number): Period {
  const start = Date.UTC(year, month, 1);
  return { name: new Date(start).toISOString().slice(0, 7), start, end: Date.UTC(year, month + 1, 1) };
}

const inPeriod = (iso: string, p: Period) => {
  const t = Date.parse(iso);
  return t >= p.start && t < p.end;
};
const existedBy = (iso: string, p: Period) => Date.parse(iso) < p.end;

/** One invocation of a bot's handler: an incoming message, or an event other than a message's own. */
export interface Invocation {
  at: string;
  kind: string;
  timedOut: boolean;
}
export function invocations(record: BotRecord): Invocation[] {
  const { messages, events } = record.runtime;
  return [
    ...messages.filter((m) => m.direction === 'incoming').map((m) => ({ at: m.createdAt, kind: 'message', timedOut: false })),
    ...events
      .filter((e) => e.type !== 'message_created')
      .map((e) => ({ at: e.createdAt, kind: e.type, timedOut: /maxExecutionTime/.test(e.failureReason ?? '') })),
  ];
}

/** LLM cost a bot reported in a period, by provider (`openai` when the model says so). */
function spend(record: BotRecord, p: Period, openaiOnly: boolean): number {
  let sum = 0;
  for (const e of record.runtime.events) {
    const report = llmReport(e);
    if (!report || !inPeriod(e.createdAt, p) || typeof report.cost !== 'number' || !(report.cost >= 0)) continue;
    if (openaiOnly && !/^(openai|gpt|o\d)/i.test(report.model ?? '')) continue;
    sum += report.cost;
  }
  return Math.round(sum * 1e6) / 1e6;
}

/** A bot's usage of a per-bot type in a period. */
export function botUsage(store: Store, record: BotRecord, type: UsageType, p: Period): number {
  const botId = record.bot.id;
  const files = [...store.files.of(botId).files.values()].filter((f) => existedBy(f.file.createdAt, p));
  switch (type) {
    case 'invocation_calls':
      return invocations(record).filter((i) => inPeriod(i.at, p)).length;
    case 'invocation_timeout':
      return invocations(record).filter((i) => i.timedOut && inPeriod(i.at, p)).length;
    case 'table_row_count':
      return store.tables
        .of(botId)
        .reduce((n, t) => n + t.rows.filter((r) => typeof r.createdAt !== 'string' || existedBy(r.createdAt, p)).length, 0);
    case 'storage_count':
      return files.reduce((n, f) => n + (f.file.size ?? 0), 0);
    case 'file_max_size_bytes':
      return files.reduce((n, f) => Math.max(n, f.file.size ?? 0), 0);
    case 'indexed_file_count':
      return files.filter((f) => f.file.status === 'indexing_completed').length;
    case 'knowledgebase_vector_storage':
      return files.reduce((n, f) => n + f.passages.reduce((m, passage) => m + Buffer.byteLength(passage.content), 0), 0);
    case 'ai_spend':
      return spend(record, p, false);
    case 'openai_spend':
      return spend(record, p, true);
    case 'always_alive':
      return record.bot.alwaysAlive ? 1 : 0;
    default:
      return 0;
  }
}

/** A workspace's usage of a type: its own count, or the sum over its bots. */
export function workspaceUsage(store: Store, workspace: Workspace, type: UsageType, p: Period): number {
  const bots = store.botsOf(workspace.id);
  switch (type) {
    case 'bot_count':
      return bots.filter((b) => existedBy(b.bot.createdAt, p)).length;
    case 'integrations_owned_count':
      return [...store.integrations.values()].filter((i) => i.workspaceId === workspace.id && existedBy(i.integration.createdAt, p)).length;
    case 'workspace_member_count':
      return 1;
    case 'workspace_ratelimit':
      return 0;
    case 'file_max_size_bytes':
      return bots.reduce((n, b) => Math.max(n, botUsage(store, b, type, p)), 0);
    default: {
      const sum = bots.reduce((n, b) => n + botUsage(store, b, type, p), 0);
      return Math.round(sum * 1e6) / 1e6;
    }
  }
}

export function quotaOf(workspace: Workspace, type: UsageType): number {
  return type === 'ai_spend' ? workspace.spendingLimit : planQuotas[workspace.plan][type];
}

/** A bot or a workspace, by id. */
function target(store: Store, id: string): { workspace: Workspace; bot?: BotRecord } {
  const bot = store.bots.get(id);
  if (bot) return { workspace: store.workspace(bot.workspaceId)!, bot };
  const workspace = store.workspace(id);
  if (!workspace) throw new ApiError('ResourceNotFound', `No bot or workspace "${id}"`);
  return { workspace };
}

function usageOf(store: Store, id: string, type: UsageType, p: Period) {
  const { workspace, bot } = target(store, id);
  if (bot && !botUsageTypes.has(type))
    throw new ApiError('InvalidPayload', `Usage type "${type}" is counted per workspace: ask with a workspace id`);
  const value = bot ? botUsage(store, bot, type, p) : workspaceUsage(store, workspace, type, p);
  return { id, period: p.name, value, quota: quotaOf(workspace, type), type };
}

function workspaceOf(call: CloudCall): Workspace {
  const workspace = call.store.workspace(call.params.id);
  if (!workspace) throw new ApiError('ResourceNotFound', `Workspace "${call.params.id}" doesn't exist`);
  return workspace;
}

/** Months from the one `since` falls in to the current one, at most `max`, oldest first. */
function monthsSince(since: string, max: number, now = Date.now()): Period[] {
  const out: Period[] = [];
  let p = period(undefined, now);
  const first = Date.parse(since);
  while (out.length < max) {
    out.unshift(p);
    if (p.start <= first) break;
    p = period(undefined, p.start - 1);
  }
  return out;
}

const createdAtOf = (store: Store, id: string): string => {
  const { workspace, bot } = target(store, id);
  return bot ? bot.bot.createdAt : workspace.createdAt;
};

/** Every day of a period range, newest first, with what happened that day. */
function dailyActivity(store: Store, id: string, type: UsageType, from: number, until: number) {
  if (!counters.has(type)) throw new ApiError('InvalidPayload', `Usage type "${type}" is not an activity: it is a count of what exists`);
  const { workspace, bot } = target(store, id);
  const bots = bot ? [bot] : store.botsOf(workspace.id);
  const out: { key: string; date: string; value: number }[] = [];
  for (let day = Math.floor(until / 86_400_000) * 86_400_000; day >= from - 86_399_999; day -= 86_400_000) {
    const p = { name: '', start: day, end: day + 86_400_000 };
    const date = new Date(day).toISOString().slice(0, 10);
    for (const b of bots) {
      const value = botUsage(store, b, type, p);
      if (value) out.push({ key: `${b.bot.id}/${date}`, date, value });
    }
  }
  return out;
}

const dateParam = (value: unknown, fallback: number, name: string): number => {
  if (value === undefined) return fallback;
  const t = Date.parse(String(value));
  if (Number.isNaN(t)) throw new ApiError('InvalidPayload', `${name} must be an ISO 8601 date, got "${String(value)}"`);
  return t;
};

export const usageHandlers: Record<string, CloudHandler> = {
  getUsage: ({ store, params, query }) => ({ usage: usageOf(store, params.id, query.type as UsageType, period(query.period)) }),
  getMultipleUsages: ({ store, query }) => {
    const types = query.types as UsageType[];
    const ids = query.ids as string[];
    const p = period(query.period);
    if (ids.some((id) => store.bots.has(id)) && types.some((t) => !botUsageTypes.has(t)))
      throw new ApiError(
        'InvalidPayload',
        'All types have to belong to the same type of entity: these ids are bots, some types are counted per workspace',
      );
    return { usages: ids.flatMap((id) => types.map((type) => usageOf(store, id, type, p))) };
  },
  listUsageHistory: ({ store, params, query }) => ({
    usages: monthsSince(createdAtOf(store, params.id), 12).map((p) => usageOf(store, params.id, query.type as UsageType, p)),
  }),
  listUsageActivity: ({ store, params, query }) => {
    const type = query.type as UsageType;
    if (!counters.has(type)) throw new ApiError('InvalidPayload', `Usage type "${type}" is not an activity: it is a count of what exists`);
    const from = dateParam(query.timestampFrom, 0, 'timestampFrom');
    const until = dateParam(query.timestampUntil, Number.MAX_SAFE_INTEGER, 'timestampUntil');
    const { workspace, bot } = target(store, params.id);
    const bots = bot ? [bot] : store.botsOf(workspace.id);
    const rows = bots
      .flatMap((b) => activityOf(b, type).map((a) => ({ ...a, metadata: { ...a.metadata, botId: b.bot.id } })))
      .filter((a) => Date.parse(a.timestamp) >= from && Date.parse(a.timestamp) <= until)
      .sort((a, b) => b.timestamp.localeCompare(a.timestamp));
    const { items, meta } = page(rows, query);
    return { data: items, meta };
  },
  listUsageActivityDaily: ({ store, params, query }) => {
    const until = dateParam(query.dateUntil, Date.now(), 'dateUntil');
    const from = dateParam(query.dateFrom, until - 29 * 86_400_000, 'dateFrom');
    if (until - from > 400 * 86_400_000) throw new ApiError('InvalidPayload', 'dateFrom to dateUntil spans at most 400 days');
    const { items, meta } = page(dailyActivity(store, params.id, query.type as UsageType, from, until), query);
    return { data: items, meta };
  },
  listWorkspaceUsages: (call) => {
    const workspace = workspaceOf(call);
    const type = call.query.type as UsageType;
    const p = period(call.query.period);
    const ids = botUsageTypes.has(type) ? call.store.botsOf(workspace.id).map((b) => b.bot.id) : [workspace.id];
    return { usages: ids.map((id) => usageOf(call.store, id, type, p)) };
  },
  breakDownWorkspaceUsageByBot: (call) => {
    const workspace = workspaceOf(call);
    const type = call.query.type as UsageType;
    if (!botUsageTypes.has(type)) throw new ApiError('InvalidPayload', `Usage type "${type}" is counted per workspace, not per bot`);
    const p = period(call.query.period);
    const data = call.store.botsOf(workspace.id).map((b) => ({ botId: b.bot.id, value: botUsage(call.store, b, type, p) }));
    return { data: data.sort((a, b) => b.value - a.value) };
  },
  getWorkspaceQuota: (call) => {
    const workspace = workspaceOf(call);
    const type = call.query.type as UsageType;
    return { quota: { period: period(call.query.period).name, value: quotaOf(workspace, type), type } };
  },
  listWorkspaceQuotas: (call) => {
    const workspace = workspaceOf(call);
    const p = period(call.query.period);
    return { quotas: usageTypes.map((type) => ({ period: p.name, value: quotaOf(workspace, type), type })) };
  },
  getAllWorkspaceQuotaCompletion: ({ store }) => {
    const p = period(undefined);
    return Object.fromEntries(
      store.workspaces.map((w) => {
        let best = { type: usageTypes[0] as UsageType, completion: 0 };
        for (const type of usageTypes) {
          const quota = quotaOf(w, type);
          const completion = quota > 0 ? workspaceUsage(store, w, type, p) / quota : 0;
          if (completion > best.completion) best = { type, completion };
        }
        return [w.id, best];
      }),
    );
  },
  changeAISpendQuota: (call) => {
    const id = call.headers?.['x-workspace-id'];
    const workspace = typeof id === 'string' ? call.store.workspace(id) : undefined;
    if (!workspace) throw new ApiError('InvalidPayload', 'The x-workspace-id header must name an existing workspace');
    const limit = call.body.monthlySpendingLimit as number;
    if (!(limit >= 0)) throw new ApiError('InvalidPayload', 'monthlySpendingLimit must be a number of U.S. dollars, 0 or more');
    workspace.spendingLimit = limit;
    workspace.updatedAt = new Date().toISOString();
    return {};
  },
};

/** Each occurrence behind a counter: an invocation (value 1) or a reported LLM call (its cost). */
function activityOf(
  record: BotRecord,
  type: UsageType,
): { timestamp: string; value: number; period: string; metadata: Record<string, unknown> }[] {
  const periodOf = (iso: string) => iso.slice(0, 7);
  if (type === 'invocation_calls' || type === 'invocation_timeout')
    return invocations(record)
      .filter((i) => type === 'invocation_calls' || i.timedOut)
      .map((i) => ({ timestamp: i.at, value: 1, period: periodOf(i.at), metadata: { kind: i.kind } }));
  if (type === 'bing_search_spend') return [];
  return record.runtime.events.flatMap((e) => {
    const report = llmReport(e);
    if (!report || typeof report.cost !== 'number') return [];
    if (type === 'openai_spend' && !/^(openai|gpt|o\d)/i.test(report.model ?? '')) return [];
    return [{ timestamp: e.createdAt, value: report.cost, period: periodOf(e.createdAt), metadata: { model: report.model ?? null } }];
  });
}
