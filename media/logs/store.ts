import type { TextMatcher } from '../../src/core/logs/filter';
import { layoutLine, type TimeZone } from '../../src/core/logs/line';
import { RingBuffer } from '../../src/core/logs/ring';
import type { LogLine } from '../../src/webviews/logs/protocol';

/** A line and its text as the row shows it, laid out once when first needed. */
export interface Row extends LogLine {
  text?: string;
}

/** The line in full, with its ISO time: what the detail shows and Copy copies. */
export function fullText(row: Row): string {
  return layoutLine(row.entry).text;
}

/**
 * The lines a panel holds (the newest `maxLines`) and the ones the client-side filter shows. Sequence
 * numbers are contiguous, so a line is found by its number in constant time.
 */
export class LineStore {
  private ring: RingBuffer<Row>;
  /** Sequence numbers of the lines the filter shows, oldest first, from `head` on. */
  private shown: number[] = [];
  private head = 0;
  private matcher?: TextMatcher;

  constructor(
    maxLines: number,
    private zone: TimeZone = 'local',
  ) {
    this.ring = new RingBuffer(maxLines);
  }

  get timeZone(): TimeZone {
    return this.zone;
  }

  /** The row's text as shown (its time in the store's zone): what the filter matches. */
  text(row: Row): string {
    return (row.text ??= layoutLine(row.entry, this.zone).text);
  }

  /** Shows times in another zone: every row is laid out again, and filtered again. */
  setTimeZone(zone: TimeZone): void {
    if (zone === this.zone) return;
    this.zone = zone;
    for (let i = 0; i < this.ring.length; i++) this.ring.at(i)!.text = undefined;
    this.setFilter(this.matcher);
  }

  /** The sequence numbers of the lines shown, oldest first. */
  shownSeqs(): number[] {
    return Array.from({ length: this.count }, (_, i) => this.at(i)!.seq);
  }

  get total(): number {
    return this.ring.length;
  }

  /** How many lines are shown (all of them when no filter is set). */
  get count(): number {
    return this.matcher ? this.shown.length - this.head : this.ring.length;
  }

  get filtering(): boolean {
    return !!this.matcher;
  }

  /** The `index`th line shown. */
  at(index: number): Row | undefined {
    return this.matcher ? this.bySeq(this.shown[this.head + index]) : this.ring.at(index);
  }

  /** Where the line with this sequence number is in the list shown, or -1. */
  indexOf(seq: number): number {
    if (!this.matcher) {
      const first = this.ring.at(0);
      return first && seq >= first.seq && seq - first.seq < this.ring.length ? seq - first.seq : -1;
    }
    let lo = this.head;
    let hi = this.shown.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (this.shown[mid] === seq) return mid - this.head;
      if (this.shown[mid] < seq) lo = mid + 1;
      else hi = mid - 1;
    }
    return -1;
  }

  bySeq(seq: number | undefined): Row | undefined {
    const first = this.ring.at(0);
    return first && seq !== undefined ? this.ring.at(seq - first.seq) : undefined;
  }

  /** Adds lines; returns how many shown lines were pushed out at the front. */
  append(lines: LogLine[]): number {
    const before = this.count;
    let added = 0;
    for (const line of lines) {
      const row: Row = { seq: line.seq, entry: line.entry };
      this.ring.push(row);
      if (!this.matcher) added++;
      else if (this.matcher(this.text(row))) {
        this.shown.push(row.seq);
        added++;
      }
    }
    if (this.matcher) this.dropShownBefore(this.ring.at(0)?.seq ?? 0);
    return before + added - this.count;
  }

  /** Shows only the lines the matcher accepts (all of them when undefined). */
  setFilter(matcher: TextMatcher | undefined): void {
    this.matcher = matcher;
    this.shown = [];
    this.head = 0;
    if (!matcher) return;
    for (let i = 0; i < this.ring.length; i++) {
      const row = this.ring.at(i)!;
      if (matcher(this.text(row))) this.shown.push(row.seq);
    }
  }

  resize(maxLines: number): void {
    this.ring.resize(maxLines);
    this.dropShownBefore(this.ring.at(0)?.seq ?? 0);
  }

  clear(): void {
    this.ring.clear();
    this.shown = [];
    this.head = 0;
  }

  private dropShownBefore(seq: number): void {
    while (this.head < this.shown.length && this.shown[this.head] < seq) this.head++;
    if (this.head > 4_096 && this.head * 2 > this.shown.length) {
      this.shown = this.shown.slice(this.head);
      this.head = 0;
    }
  }
}
