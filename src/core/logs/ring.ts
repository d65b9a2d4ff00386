/** A fixed-capacity list that drops its oldest items when full. */
export class RingBuffer<T> {
  private items: (T | undefined)[];
  private head = 0;
  private count = 0;

  constructor(private cap: number) {
    if (!Number.isInteger(cap) || cap < 1) throw new RangeError(`ring buffer capacity must be a positive integer, got ${cap}`);
    this.items = new Array(cap);
  }

  get length(): number {
    return this.count;
  }

  get capacity(): number {
    return this.cap;
  }

  /** Appends an item; returns the item it pushed out, if any. */
  push(item: T): T | undefined {
    if (this.count < this.cap) {
      this.items[(this.head + this.count++) % this.cap] = item;
      return undefined;
    }
    const dropped = this.items[this.head];
    this.items[this.head] = item;
    this.head = (this.head + 1) % this.cap;
    return dropped;
  }

  /** The item at `index` (0 = oldest). */
  at(index: number): T | undefined {
    if (index < 0 || index >= this.count) return undefined;
    return this.items[(this.head + index) % this.cap];
  }

  /** Changes the capacity, keeping the newest items. */
  resize(cap: number): void {
    const kept = this.toArray().slice(-cap);
    this.cap = cap;
    this.items = new Array(cap);
    this.head = 0;
    this.count = 0;
    for (const item of kept) this.push(item);
  }

  clear(): void {
    this.items = new Array(this.cap);
    this.head = 0;
    this.count = 0;
  }

  toArray(): T[] {
    const out: T[] = new Array(this.count);
    for (let i = 0; i < this.count; i++) out[i] = this.items[(this.head + i) % this.cap] as T;
    return out;
  }
}
