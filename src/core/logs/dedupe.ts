import { LOG_ENTRY_FIELDS, type LogEntry } from './types';

const known = new Set<string>(LOG_ENTRY_FIELDS);
const SEP = '\u0001';

/** Everything but the timestamp that makes a line this line: every field, known ones in a fixed order. */
function identity(entry: LogEntry): string {
  const e = entry as unknown as Record<string, unknown>;
  let key = '';
  for (const f of LOG_ENTRY_FIELDS) key += (e[f] ?? '') + SEP;
  for (const k in e) if (!known.has(k)) key += k + '=' + JSON.stringify(e[k]) + SEP;
  return key;
}

interface Seen {
  /** How many identical lines were delivered so far. */
  delivered: number;
  /** How many the current poll has returned so far. */
  inPoll: number;
  poll: number;
}

interface Bucket {
  ms: number;
  lines: Map<string, Seen>;
}

/**
 * Exact deduplication of overlapping polls. Lines are grouped by timestamp and counted per identity: a
 * poll that returns a line N times delivers only the copies beyond those already delivered, so the
 * overlap never doubles a line and identical lines at one timestamp are neither dropped nor doubled.
 */
export class LogDeduper {
  private readonly buckets = new Map<string, Bucket>();
  private poll = 0;
  /** The newest timestamp (ms since the epoch) among the lines of the current poll. */
  pollNewest = -Infinity;

  /** Starts counting a new poll (a fresh query over a time range, followed through its pages). */
  beginPoll(): void {
    this.poll++;
    this.pollNewest = -Infinity;
  }

  /** The lines of a page of the current poll not delivered before, in order; counts them as delivered. */
  admitPage(entries: LogEntry[]): LogEntry[] {
    const fresh: LogEntry[] = [];
    for (const entry of entries) if (this.admit(entry)) fresh.push(entry);
    return fresh;
  }

  /** Whether this line of the current poll is new; counts it as delivered when it is. */
  admit(entry: LogEntry): boolean {
    let bucket = this.buckets.get(entry.timestamp);
    if (!bucket) {
      bucket = { ms: Date.parse(entry.timestamp), lines: new Map() };
      this.buckets.set(entry.timestamp, bucket);
    }
    if (bucket.ms > this.pollNewest) this.pollNewest = bucket.ms;
    const key = identity(entry);
    const seen = bucket.lines.get(key);
    if (!seen) {
      bucket.lines.set(key, { delivered: 1, inPoll: 1, poll: this.poll });
      return true;
    }
    if (seen.poll !== this.poll) {
      seen.poll = this.poll;
      seen.inPoll = 0;
    }
    seen.inPoll++;
    if (seen.inPoll <= seen.delivered) return false;
    seen.delivered = seen.inPoll;
    return true;
  }

  /** Forgets timestamps before `ms`: no later poll asks for them. */
  forgetBefore(ms: number): void {
    for (const [ts, bucket] of this.buckets) if (!(bucket.ms >= ms)) this.buckets.delete(ts);
  }

  /** How many distinct timestamps are remembered. */
  get size(): number {
    return this.buckets.size;
  }
}
