import type { Clock, LogEntry, LogPage, PageRequest } from '../../../src/core/logs/types';

/** A clock whose time moves only when a test advances it; due timers run in order. */
export class FakeClock implements Clock {
  private time: number;
  private timers: { at: number; id: number; callback: () => void }[] = [];
  private ids = 0;

  constructor(start: number) {
    this.time = start;
  }

  now(): number {
    return this.time;
  }

  setTimeout(callback: () => void, ms: number): unknown {
    const id = ++this.ids;
    this.timers.push({ at: this.time + ms, id, callback });
    return id;
  }

  clearTimeout(handle: unknown): void {
    this.timers = this.timers.filter((t) => t.id !== handle);
  }

  /** Moves time forward by `ms`, running every timer that falls due, and letting promises settle after each. */
  async advance(ms: number): Promise<void> {
    const end = this.time + ms;
    await settle();
    for (;;) {
      const next = this.timers.filter((t) => t.at <= end).sort((a, b) => a.at - b.at || a.id - b.id)[0];
      if (!next) break;
      this.timers = this.timers.filter((t) => t !== next);
      this.time = next.at;
      next.callback();
      await settle();
    }
    this.time = end;
  }
}

/** Lets every pending promise chain run. */
export async function settle(): Promise<void> {
  for (let i = 0; i < 5; i++) await new Promise((r) => setImmediate(r));
}

export function at(ms: number): string {
  return new Date(ms).toISOString();
}

/**
 * An in-memory log endpoint: lines kept in time order, `timeStart` inclusive, `timeEnd` exclusive, pages
 * of `pageSize` with an opaque offset token. `fail` makes the next requests throw.
 */
export class FakeLogServer {
  readonly lines: LogEntry[] = [];
  readonly requests: Omit<PageRequest, 'signal'>[] = [];
  readonly failures: unknown[] = [];
  /** When set, requests wait for this promise before answering. */
  hold?: Promise<void>;

  constructor(private readonly pageSize = 10) {}

  add(...entries: LogEntry[]): void {
    for (const e of entries) {
      let i = this.lines.length;
      while (i > 0 && this.lines[i - 1].timestamp > e.timestamp) i--;
      this.lines.splice(i, 0, e);
    }
  }

  fetchPage = async (req: PageRequest): Promise<LogPage> => {
    const { signal: _signal, ...rest } = req;
    this.requests.push(rest);
    if (this.hold) await this.hold;
    const failure = this.failures.shift();
    if (failure) throw failure;
    const matching = this.lines.filter(
      (l) => l.timestamp >= req.timeStart && (!req.timeEnd || l.timestamp < req.timeEnd) && (!req.level || l.level === req.level),
    );
    const offset = req.nextToken ? Number(req.nextToken) : 0;
    const logs = matching.slice(offset, offset + this.pageSize);
    const next = offset + this.pageSize;
    return next < matching.length ? { logs, nextToken: String(next) } : { logs };
  };
}

export function line(ms: number, message: string, extra: Partial<LogEntry> = {}): LogEntry {
  return { timestamp: at(ms), level: 'info', message, ...extra };
}
