// A steady, endless stream of log lines per bot and integration, computed from the clock rather than
// stored: the lines of one second are a pure function of (source, second), so memory stays flat, any
// time range can be served, and a test can ask for exactly what was produced. A bot whose deployed code
// runs has its own lines instead: the generated stream stops at the deploy, and what the code printed is
// recorded and served in the same order and paging. Only a source the demo marks `simulated` has generated
// lines, each labelled "[simulated]": what the user creates logs only what its code prints.
import { Random, seedOf } from './random';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

export interface LogLine {
  timestamp: string;
  level: LogLevel;
  message: string;
  workflowId?: string;
  userId?: string;
  conversationId?: string;
}

/** Where the lines of a bot or an integration draw their ids from. */
export interface LogSource {
  id: string;
  /** When the bot or integration was created (ms): it has no lines before. */
  since: number;
  kind: 'bot' | 'integration';
  name: string;
  conversationIds: string[];
  userIds: string[];
  workflowIds: string[];
  /** Generated traffic (the demo's): off, the source has only recorded lines. */
  simulated?: boolean;
  /** The generated stream ends here (ms): the first deploy of code that runs. */
  until?: number;
  /** Lines recorded as they happened (what deployed code printed), in time order: the latest `RECORDED_LINES` at most. */
  recorded: LogLine[];
  /** Characters of the recorded lines' messages (bounded by `RECORDED_CHARS`). */
  recordedChars?: number;
}

/** What is kept of a source's recorded lines, the oldest dropped first (Botpress Cloud too keeps a window, not everything). */
export const RECORDED_LINES = 10_000;
export const RECORDED_CHARS = 8 * 1024 * 1024;

export interface LogFilter {
  timeStart: number;
  timeEnd: number;
  level?: string;
  userId?: string;
  workflowId?: string;
  conversationId?: string;
  messageContains?: string;
}

/** A line with its position in the stream: ordered by time, then by its rank within its second. */
export interface KeyedLine {
  key: number;
  line: LogLine;
}

const perSecondCap = 10_000;

/** How a generated line says it is not real. */
export const SIMULATED = '[simulated]';

export class LogStream {
  constructor(
    /** Lines exist from this instant (ms since epoch) on. */
    readonly origin: number,
    /** Average lines per second per source. */
    readonly rate: number,
    private readonly now: () => number,
  ) {}

  /** The lines of `source` matching `filter`, in order, starting after `afterKey`, produced up to now. */
  *lines(source: LogSource, filter: LogFilter, afterKey = -1): Generator<KeyedLine> {
    const end = Math.min(filter.timeEnd, this.now());
    const start = Math.max(filter.timeStart, this.origin, source.since);
    const firstSecond = Math.max(Math.floor(start / 1000), afterKey >= 0 ? Math.floor(afterKey / perSecondCap) : 0);
    for (let second = firstSecond; second * 1000 <= end; second++) {
      const lines = this.second(source, second);
      for (let rank = 0; rank < lines.length; rank++) {
        const key = second * perSecondCap + rank;
        if (key <= afterKey) continue;
        const { at, make } = lines[rank];
        if (at < start || at > end) continue;
        const line = make();
        if (matches(line, filter)) yield { key, line };
      }
    }
  }

  /** Appends a line that happened now (never before the source's last line, so served keys stay valid). */
  record(source: LogSource, line: Omit<LogLine, 'timestamp'>): LogLine {
    const last = source.recorded[source.recorded.length - 1];
    const at = Math.max(this.now(), last ? Date.parse(last.timestamp) : 0);
    const recorded = { timestamp: new Date(at).toISOString(), ...line };
    source.recorded.push(recorded);
    source.recordedChars = (source.recordedChars ?? 0) + line.message.length;
    if (source.recorded.length > RECORDED_LINES * 1.1 || source.recordedChars > RECORDED_CHARS) {
      // Dropped in batches, so that a flood costs one copy per thousand lines rather than one per line.
      let drop = Math.max(0, source.recorded.length - RECORDED_LINES);
      let chars = source.recordedChars;
      for (const line of source.recorded.slice(0, drop)) chars -= line.message.length;
      while (chars > RECORDED_CHARS * 0.9 && drop < source.recorded.length - 1) chars -= source.recorded[drop++].message.length;
      source.recorded.splice(0, drop);
      source.recordedChars = chars;
    }
    return recorded;
  }

  /**
   * The lines of one second, as times and lazy builders (the text is only made for lines in range):
   * the generated ones, then the recorded ones merged in by time (a recorded line comes after generated
   * lines of its millisecond, so the ranks of lines already served never change).
   */
  private second(source: LogSource, second: number): { at: number; make: () => LogLine }[] {
    const generated =
      source.until !== undefined && second * 1000 >= source.until
        ? []
        : this.generated(source, second).filter((g) => source.until === undefined || g.at < source.until);
    if (!source.recorded.length) return generated;
    const recorded: { at: number; make: () => LogLine }[] = [];
    for (let i = firstAtOrAfter(source.recorded, second * 1000); i < source.recorded.length; i++) {
      const line = source.recorded[i];
      const at = Date.parse(line.timestamp);
      if (at >= (second + 1) * 1000) break;
      recorded.push({ at, make: () => line });
    }
    if (!recorded.length) return generated;
    const merged: { at: number; make: () => LogLine }[] = [];
    let g = 0;
    for (const r of recorded) {
      while (g < generated.length && generated[g].at <= r.at) merged.push(generated[g++]);
      merged.push(r);
    }
    return merged.concat(generated.slice(g));
  }

  private generated(source: LogSource, second: number): { at: number; make: () => LogLine }[] {
    if (!source.simulated) return [];
    const random = new Random(seedOf(source.id, second));
    const mean = this.rate;
    const count = Math.min(perSecondCap - 1, Math.floor(mean * (0.5 + random.next())) + (random.chance(mean % 1) ? 1 : 0));
    const times: number[] = [];
    for (let i = 0; i < count; i++) {
      // Bursts: a third of the lines share the millisecond of the line before them.
      const burst = i > 0 && random.chance(0.35);
      times.push(burst ? times[i - 1] : random.int(1000));
    }
    times.sort((a, b) => a - b);
    return times.map((offset, rank) => {
      const at = second * 1000 + offset;
      return { at, make: () => compose(source, new Random(seedOf(source.id, second, rank)), at) };
    });
  }
}

/** Index of the first line at or after `ms` (lines are in time order). */
function firstAtOrAfter(lines: LogLine[], ms: number): number {
  let lo = 0;
  let hi = lines.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (Date.parse(lines[mid].timestamp) < ms) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function matches(line: LogLine, f: LogFilter): boolean {
  return (
    (!f.level || line.level === f.level) &&
    (!f.userId || line.userId === f.userId) &&
    (!f.workflowId || line.workflowId === f.workflowId) &&
    (!f.conversationId || line.conversationId === f.conversationId) &&
    (!f.messageContains || line.message.includes(f.messageContains))
  );
}

const levels: readonly LogLevel[] = ['debug', 'debug', 'debug', 'info', 'info', 'info', 'info', 'warn', 'warn', 'error'];
const actions = ['sendMessage', 'createTicket', 'lookupOrder', 'translate', 'summarize', 'getWeather'];
const nodes = ['Start', 'AskEmail', 'CheckOrder', 'Handoff', 'Goodbye', 'Fallback'];
const states = ['cart', 'profile', 'session', 'ticket'];

/** What a line is about; a template only applies when the ids it mentions are there. */
type Ctx = { r: Random; conv?: string; user?: string; wf?: string; ms: number; n: number };
type Template = { needs?: ('conv' | 'user' | 'wf')[]; text: (c: Required<Ctx>) => string };

const templates: Record<LogSource['kind'], Record<LogLevel, Template[]>> = {
  bot: {
    debug: [
      { needs: ['wf'], text: (c) => `Evaluating node "${c.r.pick(nodes)}" of workflow ${c.wf}` },
      { text: (c) => `State "${c.r.pick(states)}" loaded: {"items":${c.n % 7},"updated":true}` },
      { text: (c) => `HTTP GET https://api.example.com/orders/${1000 + c.n} -> 200 (${c.ms} ms)` },
    ],
    info: [
      { needs: ['conv', 'user'], text: (c) => `Incoming message from user ${c.user} in conversation ${c.conv}` },
      { needs: ['wf', 'conv'], text: (c) => `Workflow ${c.wf} started for conversation ${c.conv}` },
      { text: (c) => `Action "${c.r.pick(actions)}" completed in ${c.ms} ms` },
      { needs: ['conv'], text: (c) => `Sent reply to conversation ${c.conv}: {"type":"text","length":${c.n % 300}}` },
    ],
    warn: [
      { text: (c) => `Slow action "${c.r.pick(actions)}": ${c.ms * 20} ms` },
      { text: () => `Tag "priority" is not declared on conversations; ignored` },
      { text: (c) => `Retrying request to https://api.example.com (attempt ${1 + (c.n % 4)}/5)` },
    ],
    error: [
      { text: (c) => `Action "${c.r.pick(actions)}" failed: Request failed with status code 502` },
      { text: () => `Unhandled error in handler "message": TypeError: Cannot read properties of undefined (reading 'text')` },
      { text: (c) => `Failed to set state "${c.r.pick(states)}": {"code":400,"type":"InvalidPayload","message":"items must be array"}` },
    ],
  },
  integration: {
    debug: [
      { text: (c) => `Webhook payload received (${c.n % 4000} bytes)` },
      { needs: ['conv'], text: (c) => `Resolved conversation ${c.conv} from channel thread ${c.n}` },
    ],
    info: [
      { needs: ['user'], text: (c) => `Message delivered to user ${c.user} (${c.ms} ms)` },
      { text: () => `Webhook registered` },
      { needs: ['conv'], text: (c) => `Conversation ${c.conv} created from incoming event` },
    ],
    warn: [
      { text: (c) => `Rate limited by the channel provider; retry in ${1 + (c.n % 30)} s` },
      { text: () => `Configuration field "botToken" is deprecated; use "accessToken"` },
    ],
    error: [
      { needs: ['user'], text: (c) => `Failed to deliver message to user ${c.user}: {"error":"chat not found","status":400}` },
      { text: () => `Webhook signature verification failed` },
    ],
  },
};

function compose(source: LogSource, r: Random, at: number): LogLine {
  const level = r.pick(levels);
  const conv = source.conversationIds.length && r.chance(0.8) ? r.pick(source.conversationIds) : undefined;
  const user = conv && source.userIds.length ? r.pick(source.userIds) : undefined;
  const wf = source.kind === 'bot' && source.workflowIds.length && r.chance(0.6) ? r.pick(source.workflowIds) : undefined;
  const ctx = { r, conv, user, wf, ms: 5 + r.int(900), n: r.int(100_000) };
  const usable = templates[source.kind][level].filter((t) => (t.needs ?? []).every((k) => ctx[k] !== undefined));
  const message = `${SIMULATED} ${r.pick(usable).text(ctx as Required<Ctx>)}`;
  const line: LogLine = { timestamp: new Date(at).toISOString(), level, message };
  if (wf) line.workflowId = wf;
  if (user) line.userId = user;
  if (conv) line.conversationId = conv;
  return line;
}
