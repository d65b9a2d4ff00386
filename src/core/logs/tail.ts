import { LogDeduper } from './dedupe';
import { systemClock, type Clock, type FetchPage, type LogEntry, type ServerFilters } from './types';

export interface TailOptions {
  fetchPage: FetchPage;
  filters?: ServerFilters;
  /** Start of the range, in ms since the epoch: the backfill. */
  since: number;
  /** End of a fixed range; without it the tail keeps following new lines. */
  until?: number;
  /** New lines, in the order the server returned them, a page at a time. */
  onLines(entries: LogEntry[]): void;
  onStatus?(status: TailStatus): void;
  clock?: Clock;
  /** How far before the newest line seen each poll starts again, for lines that arrive late. */
  overlapMs?: number;
  /** The interval while lines arrive; it doubles on each empty poll up to `maxIntervalMs`. */
  minIntervalMs?: number;
  maxIntervalMs?: number;
  /** The longest wait between retries after an error (429s wait as long as the server says). */
  maxBackoffMs?: number;
  /**
   * A poll over a long span (a backfill, or catching up after a pause) is split into time windows of at
   * least this length, fetched `concurrency` at a time and delivered in order.
   */
  minWindowMs?: number;
  concurrency?: number;
}

export type TailStatus =
  | { state: 'fetching' }
  | { state: 'waiting'; nextPollAt: number }
  | { state: 'paused' }
  | { state: 'retrying'; error: string; nextPollAt: number; rateLimited: boolean }
  | { state: 'failed'; error: string }
  | { state: 'done' };

/** What the tail reads from a failed request: the API layer's errors carry these. */
interface FetchError {
  message?: string;
  status?: number;
  retryAfterMs?: number;
  retryAfterSeconds?: number;
}

/** How long the server asked to wait before the next request, if it did. */
function retryAfter(err: FetchError): number | undefined {
  if (err.retryAfterMs !== undefined) return err.retryAfterMs;
  if (err.retryAfterSeconds !== undefined) return err.retryAfterSeconds * 1000;
  return undefined;
}

/** Client errors that repeating the same request cannot fix. */
function isPermanent(err: FetchError): boolean {
  return err.status !== undefined && err.status >= 400 && err.status < 500 && err.status !== 408 && err.status !== 429;
}

class Aborted extends Error {}

/** One time window of a poll: a query followed through its pages. */
interface Window {
  timeStart: string;
  timeEnd?: string;
  nextToken?: string;
  done: boolean;
  /** Pages fetched ahead of their turn, delivered once every earlier window is. */
  pending: LogEntry[][];
}

/**
 * One poll: from `overlapMs` before the newest line seen up to now (or the range's end), in one or more
 * windows. Kept across errors so a retry resumes at the pages that failed.
 */
interface Poll {
  windows: Window[];
  /** The window being delivered; earlier ones are complete. */
  current: number;
  newest: number;
  fresh: boolean;
}

/** At most this many windows per poll. */
const MAX_WINDOWS = 16;
/** Pages a window may fetch ahead of its turn. */
const MAX_PENDING_PAGES = 20;

/**
 * Follows the logs of one bot or integration by polling. Each poll starts `overlapMs` before the newest
 * line seen and follows `nextToken`; exact deduplication drops what the overlap returns again. The
 * interval adapts (fast while lines arrive, slower when idle), errors back off and retry from the page
 * that failed, and a 429 waits as long as the server asks. Nothing is lost across pauses: the next poll
 * starts from the newest line seen.
 */
export class LogTail {
  private readonly clock: Clock;
  private readonly dedupe = new LogDeduper();
  private readonly overlapMs: number;
  private readonly minIntervalMs: number;
  private readonly maxIntervalMs: number;
  private readonly maxBackoffMs: number;
  private readonly minWindowMs: number;
  private readonly concurrency: number;
  private newest: number;
  private interval: number;
  private failures = 0;
  private poll?: Poll;
  private paused = false;
  private started = false;
  private disposed = false;
  /** No request before this time: a 429 asked to wait until then. */
  private notBefore = 0;
  /** One per request under way, so pause and dispose can abandon them. */
  private readonly inflight = new Set<AbortController>();
  private wakeNap?: () => void;

  constructor(private readonly options: TailOptions) {
    this.clock = options.clock ?? systemClock;
    this.overlapMs = options.overlapMs ?? 15_000;
    this.minIntervalMs = options.minIntervalMs ?? 1_000;
    this.maxIntervalMs = options.maxIntervalMs ?? 10_000;
    this.maxBackoffMs = options.maxBackoffMs ?? 30_000;
    this.minWindowMs = options.minWindowMs ?? 10_000;
    this.concurrency = Math.max(1, options.concurrency ?? 4);
    this.interval = this.minIntervalMs;
    this.newest = options.since;
  }

  start(): void {
    if (this.started || this.disposed) return;
    this.started = true;
    void this.run();
  }

  /** Stops polling (the request under way is abandoned, to be made again on resume). */
  pause(): void {
    if (this.paused || this.disposed) return;
    this.paused = true;
    for (const c of this.inflight) c.abort();
    this.wakeNap?.();
  }

  resume(): void {
    if (!this.paused || this.disposed) return;
    this.paused = false;
    this.interval = this.minIntervalMs;
    this.wakeNap?.();
  }

  /** Polls now (focus regained, or the user asked to retry), or as soon as a 429's wait is over. */
  wake(): void {
    if (this.disposed) return;
    this.interval = this.minIntervalMs;
    this.wakeNap?.();
  }

  dispose(): void {
    this.disposed = true;
    for (const c of this.inflight) c.abort();
    this.wakeNap?.();
  }

  private status(status: TailStatus): void {
    if (!this.disposed) this.options.onStatus?.(status);
  }

  private async run(): Promise<void> {
    while (!this.disposed) {
      if (this.paused) {
        this.status({ state: 'paused' });
        await this.nap(Infinity);
        continue;
      }
      const rateLimitWait = this.notBefore - this.clock.now();
      if (rateLimitWait > 0) {
        await this.nap(rateLimitWait);
        continue;
      }
      let delay: number;
      try {
        this.status({ state: 'fetching' });
        const fresh = await this.pollOnce();
        if (this.paused) continue;
        this.failures = 0;
        if (this.options.until !== undefined) {
          this.status({ state: 'done' });
          return;
        }
        this.interval = fresh ? this.minIntervalMs : Math.min(this.maxIntervalMs, this.interval * 2);
        delay = this.interval;
        this.status({ state: 'waiting', nextPollAt: this.clock.now() + delay });
      } catch (err) {
        if (err instanceof Aborted || this.disposed) continue;
        const e = (err ?? {}) as FetchError;
        const message = e.message || String(err);
        if (isPermanent(e)) {
          if (this.poll?.windows.some((w) => w.nextToken)) {
            this.poll = undefined; // a page token may have expired: start the poll again
            continue;
          }
          this.status({ state: 'failed', error: message });
          await this.nap(Infinity);
          continue;
        }
        this.failures++;
        const wait = retryAfter(e);
        const rateLimited = wait !== undefined;
        delay = wait ?? Math.min(this.maxBackoffMs, this.minIntervalMs * 2 ** (this.failures - 1));
        if (rateLimited) this.notBefore = this.clock.now() + delay;
        this.status({ state: 'retrying', error: message, nextPollAt: this.clock.now() + delay, rateLimited });
      }
      await this.nap(delay);
    }
  }

  /**
   * Runs (or resumes) one poll, keeping up to `concurrency` of its windows' requests in flight; true when
   * it delivered new lines. After a failure no new request starts, and it rejects once those under way end.
   */
  private pollOnce(): Promise<boolean> {
    const poll = (this.poll ??= this.planPoll());
    return new Promise<boolean>((resolve, reject) => {
      const busy = new Set<Window>();
      let failure: { error: unknown } | undefined;
      const settle = () => {
        if (busy.size) return;
        if (failure) return reject(failure.error);
        if (poll.current === poll.windows.length) {
          this.poll = undefined;
          this.newest = Math.max(this.newest, poll.newest);
          this.dedupe.forgetBefore(this.pollStart());
        }
        resolve(poll.fresh);
      };
      const pump = () => {
        const last = Math.min(poll.windows.length, poll.current + this.concurrency);
        for (let i = poll.current; i < last && busy.size < this.concurrency && !failure && !this.paused && !this.disposed; i++) {
          const w = poll.windows[i];
          if (w.done || busy.has(w) || (i > poll.current && w.pending.length >= MAX_PENDING_PAGES)) continue;
          busy.add(w);
          const controller = new AbortController();
          this.inflight.add(controller);
          abortable(this.fetchWindow(w, controller.signal), controller.signal)
            .then((page) => {
              w.pending.push(page.logs);
              w.nextToken = page.nextToken;
              w.done = page.nextToken === undefined;
              this.deliver(poll);
            })
            .catch((error: unknown) => (failure ??= { error }))
            .finally(() => {
              busy.delete(w);
              this.inflight.delete(controller);
              pump();
            });
        }
        settle();
      };
      pump();
    });
  }

  /** Splits the span to fetch into windows when it is long enough to gain from fetching them side by side. */
  private planPoll(): Poll {
    const start = this.pollStart();
    const { until } = this.options;
    const end = until ?? this.clock.now();
    const span = end - start;
    const count = this.concurrency > 1 ? Math.min(MAX_WINDOWS, Math.max(1, Math.floor(span / this.minWindowMs))) : 1;
    // One window follows the stream to its end; split, every window ends, and what arrives meanwhile is
    // the next poll's (itself split if long).
    const windows: Window[] = [];
    for (let i = 0; i < count; i++) {
      windows.push({
        timeStart: iso(start + Math.round((span * i) / count)),
        timeEnd: count === 1 && until === undefined ? undefined : iso(start + Math.round((span * (i + 1)) / count)),
        done: false,
        pending: [],
      });
    }
    this.dedupe.beginPoll();
    return { windows, current: 0, newest: this.newest, fresh: false };
  }

  private fetchWindow(w: Window, signal: AbortSignal) {
    return this.options.fetchPage({
      ...this.options.filters,
      timeStart: w.timeStart,
      ...(w.timeEnd !== undefined && { timeEnd: w.timeEnd }),
      ...(w.nextToken !== undefined && { nextToken: w.nextToken }),
      signal,
    });
  }

  /**
   * Delivers the pages of the current window, and of the next ones as each completes, in order. Each
   * window is counted on its own: windows that share a boundary instant may both return its lines.
   */
  private deliver(poll: Poll): void {
    while (poll.current < poll.windows.length) {
      const w = poll.windows[poll.current];
      for (const logs of w.pending.splice(0)) {
        const fresh = this.dedupe.admitPage(logs);
        poll.newest = Math.max(poll.newest, this.dedupe.pollNewest);
        if (fresh.length) {
          poll.fresh = true;
          this.options.onLines(fresh);
        }
      }
      if (!w.done) return;
      poll.current++;
      const next = poll.windows[poll.current];
      if (!next) return;
      // Later windows start at `next.timeStart`, the next poll no earlier than `newest - overlap`:
      // what is older is never asked for again, so a long backfill keeps one window in memory, not all.
      this.dedupe.forgetBefore(Math.min(Date.parse(next.timeStart), poll.newest - this.overlapMs));
      this.dedupe.beginPoll();
    }
  }

  private pollStart(): number {
    return Math.max(this.options.since, this.newest - this.overlapMs);
  }

  /** Waits `ms` (forever: Infinity) or until woken by wake, pause, resume or dispose. */
  private nap(ms: number): Promise<void> {
    if (this.disposed) return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => {
        if (handle !== undefined) this.clock.clearTimeout(handle);
        if (this.wakeNap === done) this.wakeNap = undefined;
        resolve();
      };
      const handle = Number.isFinite(ms) ? this.clock.setTimeout(done, ms) : undefined;
      this.wakeNap = done;
    });
  }
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}

/** Settles as the request does, or rejects at once when the signal aborts (whether or not the request honours it). */
function abortable<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  return new Promise((resolve, reject) => {
    const onAbort = () => reject(new Aborted('aborted'));
    if (signal.aborted) return onAbort();
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        if (signal.aborted) onAbort();
        else resolve(value);
      },
      (err) => {
        signal.removeEventListener('abort', onAbort);
        reject(signal.aborted ? new Aborted('aborted') : err);
      },
    );
  });
}
