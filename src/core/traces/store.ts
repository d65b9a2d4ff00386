/**
 * The spans `@botpress/runtime` writes in development (NDJSON: `traces/<day>.ndjson`, `traces/live.ndjson`,
 * `traces/by-trace/<traceId>.ndjson`), read incrementally. The runtime writes three kinds of lines:
 * - `{"t":"start", traceId, spanId, parentSpanId, name, startNs, resource, attrs}` when a span starts;
 * - `{"t":"end", traceId, spanId, endNs, status, attrs, events, …}` when it ends: complete (name, parent, start
 *   and duration too) from its batch exporter, ids and outcome only from its live processor;
 * - `{"t":"beat", traceId, spanId, ts}` every 2 s while a span is open (`ts` is a monotonic clock, not a date).
 * Its index files hold `{traceId, spanId, handler, …}` lines, which are not spans and are skipped.
 * Lines are merged by span id, so any of those files, or a mix, reads the same. Bad lines become problems and
 * are skipped; nothing is kept past the caps (the oldest traces go first).
 */

export type SpanStatus = 'unset' | 'ok' | 'error';

export interface SpanEvent {
  readonly name: string;
  readonly timeMs: number;
  readonly attrs: Readonly<Record<string, unknown>>;
}

export interface Span {
  readonly traceId: string;
  readonly spanId: string;
  parentId?: string;
  name?: string;
  /** Epoch milliseconds. */
  startMs?: number;
  endMs?: number;
  status: SpanStatus;
  statusMessage?: string;
  attrs: Record<string, unknown>;
  events: SpanEvent[];
  resource?: Record<string, unknown>;
  /** Heartbeats seen while it was open. */
  beats: number;
}

export interface TraceProblem {
  /** 1-based line of the input (counted across chunks). */
  readonly line: number;
  readonly message: string;
}

export interface StoreLimits {
  /** A longer line is skipped (the runtime truncates each attribute to about 1 KB, so real lines stay far below). */
  readonly maxLineLength: number;
  /** Spans kept; past it the oldest traces are dropped whole. */
  readonly maxSpans: number;
  /** Problems kept (the rest are only counted). */
  readonly maxProblems: number;
}

export const DEFAULT_LIMITS: StoreLimits = { maxLineLength: 1_000_000, maxSpans: 100_000, maxProblems: 200 };

const ID = /^[0-9a-f]{8,64}$/i;

/** Spans by trace, merged from the lines given; `version` grows with every change. */
export class TraceStore {
  readonly limits: StoreLimits;
  private readonly traces = new Map<string, Map<string, Span>>();
  /** Grows with every change to the trace. */
  private readonly traceVersions = new Map<string, number>();
  private spanCount = 0;
  private lineNo = 0;
  private partial = '';
  /** Skipping the rest of a line longer than the cap, not yet ended. */
  private skippingLong = false;
  readonly problems: TraceProblem[] = [];
  problemCount = 0;
  droppedTraces = 0;
  version = 0;

  constructor(limits: Partial<StoreLimits> = {}) {
    this.limits = { ...DEFAULT_LIMITS, ...limits };
  }

  get lines(): number {
    return this.lineNo;
  }

  get size(): number {
    return this.spanCount;
  }

  /** Text as it arrives (any split, even mid-line): whole lines are read, the last unfinished one is kept. */
  pushChunk(text: string): void {
    let start = 0;
    for (;;) {
      const nl = text.indexOf('\n', start);
      if (nl < 0) break;
      const piece = text.slice(start, nl);
      start = nl + 1;
      if (this.skippingLong) {
        this.skippingLong = false;
        continue;
      }
      this.pushLine(this.partial + piece);
      this.partial = '';
    }
    const rest = text.slice(start);
    if (this.skippingLong) return;
    if (this.partial.length + rest.length > this.limits.maxLineLength) {
      this.lineNo++;
      this.problem(`a line longer than ${this.limits.maxLineLength} characters: skipped`);
      this.partial = '';
      this.skippingLong = true;
      return;
    }
    this.partial += rest;
  }

  /** The end of the input: a last line without a newline is read too (a file still being written keeps it). */
  end(): void {
    if (this.partial.trim()) this.pushLine(this.partial);
    this.partial = '';
    this.skippingLong = false;
  }

  /** Whether an unfinished line waits for its end. */
  get pending(): boolean {
    return this.partial.length > 0 || this.skippingLong;
  }

  /** One line (without its newline). */
  pushLine(line: string): void {
    this.lineNo++;
    if (!line.trim()) return;
    if (line.length > this.limits.maxLineLength) {
      this.problem(`a line longer than ${this.limits.maxLineLength} characters: skipped`);
      return;
    }
    let record: unknown;
    try {
      record = JSON.parse(line);
    } catch {
      this.problem(`not JSON: ${line.length > 80 ? `${line.slice(0, 80)}…` : line}`);
      return;
    }
    if (!record || typeof record !== 'object' || Array.isArray(record)) {
      this.problem('not a span record (a JSON object is expected)');
      return;
    }
    this.read(record as Record<string, unknown>);
  }

  /** Every trace's spans, in the order the traces were first seen. */
  allTraces(): Array<{ traceId: string; spans: Span[] }> {
    return [...this.traces].map(([traceId, spans]) => ({ traceId, spans: [...spans.values()] }));
  }

  /** The traces' ids, in the order they were first seen. */
  traceIds(): IterableIterator<string> {
    return this.traces.keys();
  }

  traceVersion(traceId: string): number {
    return this.traceVersions.get(traceId) ?? -1;
  }

  trace(traceId: string): Span[] | undefined {
    const spans = this.traces.get(traceId);
    return spans && [...spans.values()];
  }

  span(traceId: string, spanId: string): Span | undefined {
    return this.traces.get(traceId)?.get(spanId);
  }

  private read(r: Record<string, unknown>): void {
    const { traceId, spanId } = r;
    if (typeof traceId !== 'string' || typeof spanId !== 'string' || !ID.test(traceId) || !ID.test(spanId)) {
      this.problem('no valid traceId and spanId');
      return;
    }
    const t = r.t;
    if (t === undefined && typeof r.handler === 'string') return; // an index line
    if (t !== 'start' && t !== 'end' && t !== 'beat') {
      this.problem(`unknown record type ${JSON.stringify(t)}`);
      return;
    }
    const span = this.spanFor(traceId, spanId);
    if (t === 'beat') {
      span.beats++;
    } else {
      if (typeof r.name === 'string') span.name = r.name;
      if (typeof r.parentSpanId === 'string' && ID.test(r.parentSpanId)) span.parentId = r.parentSpanId;
      const start = nsToMs(r.startNs);
      if (start !== undefined) span.startMs = start;
      if (isObject(r.resource)) span.resource = r.resource;
      if (isObject(r.attrs)) Object.assign(span.attrs, r.attrs);
      if (t === 'end') this.readEnd(span, r);
    }
    this.version++;
    this.traceVersions.set(traceId, this.version);
    this.enforceCap(traceId);
  }

  private readEnd(span: Span, r: Record<string, unknown>): void {
    const end = nsToMs(r.endNs);
    if (end !== undefined) span.endMs = end;
    else if (span.startMs !== undefined && typeof r.durationNs === 'number') span.endMs = span.startMs + r.durationNs / 1e6;
    if (isObject(r.status)) {
      const code = r.status.code;
      span.status = code === 2 ? 'error' : code === 1 ? 'ok' : 'unset';
      const msg = r.status.msg ?? r.status.message;
      if (typeof msg === 'string' && msg) span.statusMessage = msg;
    }
    if (Array.isArray(r.events) && r.events.length >= span.events.length) {
      span.events = r.events.filter(isObject).map((e) => ({
        name: typeof e.name === 'string' ? e.name : '(event)',
        timeMs: nsToMs(e.timeNs) ?? 0,
        attrs: isObject(e.attrs) ? e.attrs : {},
      }));
    }
  }

  private spanFor(traceId: string, spanId: string): Span {
    let spans = this.traces.get(traceId);
    if (!spans) this.traces.set(traceId, (spans = new Map()));
    let span = spans.get(spanId);
    if (!span) {
      span = { traceId, spanId, status: 'unset', attrs: {}, events: [], beats: 0 };
      spans.set(spanId, span);
      this.spanCount++;
    }
    return span;
  }

  private enforceCap(current: string): void {
    while (this.spanCount > this.limits.maxSpans && this.traces.size > 1) {
      const oldest = this.traces.keys().next().value as string;
      if (oldest === current) break;
      this.spanCount -= this.traces.get(oldest)!.size;
      this.traces.delete(oldest);
      this.traceVersions.delete(oldest);
      this.droppedTraces++;
    }
  }

  private problem(message: string): void {
    this.problemCount++;
    if (this.problems.length < this.limits.maxProblems) this.problems.push({ line: this.lineNo, message });
    this.version++;
  }
}

function isObject(v: unknown): v is Record<string, unknown> {
  return !!v && typeof v === 'object' && !Array.isArray(v);
}

/** Nanoseconds since the epoch (a number, or a numeric string) to milliseconds. */
function nsToMs(v: unknown): number | undefined {
  const n = typeof v === 'number' ? v : typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : NaN;
  return Number.isFinite(n) && n > 0 ? n / 1e6 : undefined;
}
