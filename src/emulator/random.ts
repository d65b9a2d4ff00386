// Deterministic randomness for the seeds and the log stream: the same seed gives the same world.

/** A small seeded PRNG (mulberry32): fast, good enough for test data, fully reproducible. */
export class Random {
  private state: number;
  constructor(seed: number) {
    this.state = seed >>> 0;
  }
  /** A float in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  int(maxExclusive: number): number {
    return Math.floor(this.next() * maxExclusive);
  }
  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)];
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
}

/** Mixes numbers and strings into one 32-bit seed (FNV-1a), to derive independent streams. */
export function seedOf(...parts: (string | number)[]): number {
  let h = 0x811c9dc5;
  for (const ch of parts.join('\u0000')) {
    h ^= ch.charCodeAt(0);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

const crockford = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** Ids shaped like Botpress Cloud's: `conv_01J…` (a prefix and a 26-character ULID), or a UUID for bots. */
export class Ids {
  private readonly random: Random;
  constructor(seed: number) {
    this.random = new Random(seed);
  }
  ulid(prefix: string, time = Date.UTC(2026, 0, 1)): string {
    let t = time;
    let head = '';
    for (let i = 0; i < 10; i++) {
      head = crockford[t % 32] + head;
      t = Math.floor(t / 32);
    }
    let tail = '';
    for (let i = 0; i < 16; i++) tail += crockford[this.random.int(32)];
    return `${prefix}_${head}${tail}`;
  }
  uuid(): string {
    const hex = Array.from({ length: 32 }, () => this.random.int(16).toString(16));
    hex[12] = '4';
    hex[16] = '89ab'[this.random.int(4)];
    const s = hex.join('');
    return `${s.slice(0, 8)}-${s.slice(8, 12)}-${s.slice(12, 16)}-${s.slice(16, 20)}-${s.slice(20)}`;
  }
}
