// A bot's analytics (getBotAnalytics) computed from what happened in the emulator: its users, conversations,
// messages and events, in UTC time buckets (an hour for ranges up to 48 h, a day beyond: the spec does not say).
// Custom events come from trackAnalytics; LLM figures from events whose payload reports a call (`payload.llm`).
import type { Event, Message, User } from '@botpress/client';
import type { GetBotAnalyticsOutput } from '../generated/api';
import type { CloudCall, CloudHandler } from './cloud';
import { notFound } from './lists';
import { ApiError } from './spec';
import type { BotRecord } from './store';

export const hourMs = 3_600_000;
export const dayMs = 24 * hourMs;
/** Ranges up to this long are counted by the hour, longer ones by the day. */
export const hourlyUpTo = 48 * hourMs;
/** The longest range one call may ask for (about 13 months of daily buckets). */
export const maxRangeMs = 400 * dayMs;
/** A user's messages in one conversation belong to one session while each follows the last within this gap. */
export const sessionGapMs = 30 * 60_000;

/** What a bot reports of one LLM call, in an event's `payload.llm` (the emulator has no LLM gateway to measure it). */
export interface LlmReport {
  inputTokens?: number;
  outputTokens?: number;
  /** In U.S. dollars. */
  cost?: number;
  latencyMs?: number;
  error?: boolean;
  model?: string;
}

/** One trackAnalytics call: a custom event's name and count. */
export interface CustomEventRecord {
  name: string;
  count: number;
  at: string;
}

export type AnalyticsRecord = GetBotAnalyticsOutput['records'][number];
export type Stats = AnalyticsRecord['llm']['latency'];

/** What analytics are computed from: a bot's runtime records and its custom events. */
export interface Traffic {
  users: Pick<User, 'id' | 'createdAt'>[];
  messages: Pick<Message, 'userId' | 'conversationId' | 'direction' | 'createdAt'>[];
  events: Pick<Event, 'type' | 'payload' | 'createdAt'>[];
  customEvents: CustomEventRecord[];
}

export interface Bucket {
  start: number;
  /** Inclusive: the last millisecond of the bucket. */
  end: number;
}

/** The buckets of a range (both ends inclusive): UTC hours or days, the first and last clipped to the range. */
export function buckets(start: number, end: number): Bucket[] {
  if (!(end >= start)) throw new ApiError('InvalidPayload', 'endDate must not be before startDate');
  if (end - start > maxRangeMs) throw new ApiError('InvalidPayload', `A range spans at most ${maxRangeMs / dayMs} days`);
  const size = end - start <= hourlyUpTo ? hourMs : dayMs;
  const out: Bucket[] = [];
  for (let at = Math.floor(start / size) * size; at <= end; at += size) {
    out.push({ start: Math.max(at, start), end: Math.min(at + size - 1, end) });
  }
  return out;
}

export function stats(values: number[]): Stats {
  if (!values.length) return { mean: 0, sd: 0, min: 0, max: 0 };
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  const sd = Math.sqrt(values.reduce((a, v) => a + (v - mean) ** 2, 0) / values.length);
  return { mean, sd, min: Math.min(...values), max: Math.max(...values) };
}

const finite = (v: unknown): number => (typeof v === 'number' && Number.isFinite(v) && v >= 0 ? v : 0);

/** The LLM call an event reports, if it reports one. */
export function llmReport(event: Pick<Event, 'payload'>): LlmReport | undefined {
  const llm = (event.payload as { llm?: unknown } | undefined)?.llm;
  return typeof llm === 'object' && llm !== null && !Array.isArray(llm) ? (llm as LlmReport) : undefined;
}

/** Session starts: per user and conversation, an incoming message more than `sessionGapMs` after the previous one. */
function sessionStarts(messages: Traffic['messages']): number[] {
  const last = new Map<string, number>();
  const starts: number[] = [];
  const incoming = messages.filter((m) => m.direction === 'incoming').map((m) => ({ m, t: Date.parse(m.createdAt) }));
  for (const { m, t } of incoming.sort((a, b) => a.t - b.t)) {
    const key = `${m.userId}/${m.conversationId}`;
    const previous = last.get(key);
    if (previous === undefined || t - previous > sessionGapMs) starts.push(t);
    last.set(key, t);
  }
  return starts;
}

/** The analytics of a range, one record per bucket (every bucket, those with nothing in them too). */
export function computeAnalytics(traffic: Traffic, start: number, end: number): AnalyticsRecord[] {
  const ranges = buckets(start, end);
  const records = ranges.map((b) => emptyRecord(b));
  const indexOf = (t: number): number => {
    if (!(t >= start && t <= end)) return -1;
    let lo = 0;
    let hi = ranges.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (ranges[mid].start <= t) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  };
  const at = (iso: string) => indexOf(Date.parse(iso));
  const created = new Map(traffic.users.map((u) => [u.id, Date.parse(u.createdAt)]));

  for (const u of traffic.users) {
    const i = at(u.createdAt);
    if (i >= 0) records[i].newUsers++;
  }
  const returning = ranges.map(() => new Set<string>());
  for (const m of traffic.messages) {
    const i = at(m.createdAt);
    if (i < 0) continue;
    if (m.direction === 'outgoing') {
      records[i].botMessages++;
      continue;
    }
    records[i].userMessages++;
    records[i].messages++;
    const since = created.get(m.userId);
    if (since !== undefined && since < ranges[i].start) returning[i].add(m.userId);
  }
  returning.forEach((users, i) => (records[i].returningUsers = users.size));
  for (const t of sessionStarts(traffic.messages)) {
    const i = indexOf(t);
    if (i >= 0) records[i].sessions++;
  }

  const llm = ranges.map(() => ({ latency: [] as number[], speed: [] as number[], cost: [] as number[] }));
  for (const e of traffic.events) {
    const i = at(e.createdAt);
    if (i < 0) continue;
    const r = records[i];
    r.events++;
    r.eventTypes[e.type] = (r.eventTypes[e.type] ?? 0) + 1;
    const report = llmReport(e);
    if (!report) continue;
    r.llm.calls++;
    if (report.error === true) r.llm.errors++;
    r.llm.inputTokens += Math.round(finite(report.inputTokens));
    r.llm.outputTokens += Math.round(finite(report.outputTokens));
    llm[i].cost.push(finite(report.cost));
    if (finite(report.latencyMs) > 0) {
      llm[i].latency.push(finite(report.latencyMs));
      llm[i].speed.push(finite(report.outputTokens) / (finite(report.latencyMs) / 1000));
    }
  }
  llm.forEach((l, i) => {
    const r = records[i].llm;
    r.latency = stats(l.latency);
    r.tokensPerSecond = stats(l.speed);
    r.cost = { ...stats(l.cost), sum: l.cost.reduce((a, b) => a + b, 0) };
  });
  for (const c of traffic.customEvents) {
    const i = at(c.at);
    if (i >= 0) records[i].customEvents[c.name] = (records[i].customEvents[c.name] ?? 0) + c.count;
  }
  return records;
}

function emptyRecord(b: Bucket): AnalyticsRecord {
  const zero = { mean: 0, sd: 0, min: 0, max: 0 };
  return {
    startDateTimeUtc: new Date(b.start).toISOString(),
    endDateTimeUtc: new Date(b.end).toISOString(),
    returningUsers: 0,
    newUsers: 0,
    sessions: 0,
    messages: 0,
    userMessages: 0,
    botMessages: 0,
    events: 0,
    eventTypes: {},
    customEvents: {},
    llm: { calls: 0, errors: 0, inputTokens: 0, outputTokens: 0, latency: zero, tokensPerSecond: zero, cost: { ...zero, sum: 0 } },
  };
}

function date(value: unknown, name: string): number {
  const t = typeof value === 'string' ? Date.parse(value) : NaN;
  if (Number.isNaN(t)) throw new ApiError('InvalidPayload', `${name} must be an ISO 8601 date, got "${String(value)}"`);
  return t;
}

export const trafficOf = (record: BotRecord): Traffic => ({ ...record.runtime, customEvents: record.customEvents ?? [] });

function botOfWorkspace(call: CloudCall): BotRecord {
  const record = call.store.bots.get(call.params.id);
  if (!record || record.workspaceId !== call.workspaceId) notFound('Bot', call.params.id);
  return record;
}

export const analyticsHandlers: Record<string, CloudHandler> = {
  getBotAnalytics: (call) => {
    const start = date(call.query.startDate, 'startDate');
    const end = date(call.query.endDate, 'endDate');
    return { records: computeAnalytics(trafficOf(botOfWorkspace(call)), start, end) };
  },
  trackAnalytics: (call) => {
    const { name, count } = call.body as { name: string; count: number };
    (call.bot!.customEvents ??= []).push({ name, count, at: new Date().toISOString() });
    return {};
  },
};
