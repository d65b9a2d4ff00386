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

/** One poll: a query from `timeStart` followed through its pages. Kept across errors to resume at the failed page. */
interface Poll {
  timeStart: string;
  nextToken?: string;
  fresh: boolean;
}

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
  private newest: number;
  private interval: number;
  private failures = 0;
  private poll?: Poll;
  private paused = false;
  private started = false;
  private disposed = false;
  /** No request before this time: a 429 asked to wait until then. */
  private notBefore = 0;
  private inflight?: AbortController;
  private wakeNap?: () => void;

  constructor(private readonly options: TailOptions) {
    this.clock = options.clock ?? systemClock;
    this.overlapMs = options.overlapMs ?? 15_000;
    this.minIntervalMs = options.minIntervalMs ?? 1_000;
    this.maxIntervalMs = options.maxIntervalMs ?? 10_000;
    this.maxBackoffMs = options.maxBackoffMs ?? 30_000;
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
    this.inflight?.abort();
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

  get isPaused(): boolean {
    return this.paused;
  }

  dispose(): void {
    this.disposed = true;
    this.inflight?.abort();
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
          if (this.poll?.nextToken) {
            this.poll = undefined; // the page token may have expired: start the poll again
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

  /** Runs (or resumes) one poll; true when it delivered new lines. */
  private async pollOnce(): Promise<boolean> {
    const { fetchPage, filters, since, until } = this.options;
    if (!this.poll) {
      this.dedupe.beginPoll();
      this.poll = { timeStart: iso(this.pollStart()), fresh: false };
    }
    const poll = this.poll;
    do {
      const controller = new AbortController();
      this.inflight = controller;
      const page = await abortable(
        fetchPage({
          ...filters,
          timeStart: poll.timeStart,
          ...(until !== undefined && { timeEnd: iso(until) }),
          ...(poll.nextToken !== undefined && { nextToken: poll.nextToken }),
          signal: controller.signal,
        }),
        controller.signal,
      );
      this.inflight = undefined;
      const fresh = this.dedupe.admitPage(page.logs);
      poll.nextToken = page.nextToken;
      if (fresh.length) {
        poll.fresh = true;
        this.options.onLines(fresh);
      }
    } while (poll.nextToken && !this.paused && !this.disposed);
    if (poll.nextToken) return poll.fresh;
    this.poll = undefined;
    this.newest = Math.max(this.newest, this.dedupe.pollNewest, since);
    this.dedupe.forgetBefore(this.pollStart());
    return poll.fresh;
  }

  private pollStart(): number {
    return Math.max(this.options.since, this.newest - this.overlapMs);
  }

  /** Waits `ms` (forever: Infinity) or until woken by wake, pause, resume or dispose. */
  private nap(ms: number): Promise<void> {
    if (this.disposed) return Promise.resolve();
    return new Promise((resolve) => {
      const handle = Number.isFinite(ms) ? this.clock.setTimeout(done, ms) : undefined;
      const self = this;
      function done() {
        if (handle !== undefined) self.clock.clearTimeout(handle);
        if (self.wakeNap === done) self.wakeNap = undefined;
        resolve();
      }
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
