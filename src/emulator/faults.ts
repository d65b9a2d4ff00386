// Fault injection for reliability tests: rates of 5xx answers, 429s with Retry-After, connection resets,
// and added latency. Syntax (command line): `5xx=0.1,429=0.05,reset=0.02,latency=300`.
import type { Random } from './random';

export interface Faults {
  /** Share of requests answered 500, 502 or 503. */
  '5xx'?: number;
  /** Share of requests answered 429 RateLimited with `Retry-After: 1`. */
  '429'?: number;
  /** Share of requests whose connection is destroyed without an answer. */
  reset?: number;
  /** Milliseconds added before every answer. */
  latency?: number;
}

export type Fault = 'reset' | '429' | '5xx' | undefined;

const keys = ['5xx', '429', 'reset', 'latency'] as const;

/** Parses `5xx=0.1,429=0.05,reset=0.02,latency=300`; throws a clear error on anything else. */
export function parseFaults(text: string): Faults {
  const faults: Faults = {};
  for (const part of text
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean)) {
    const [key, value, extra] = part.split('=');
    if (!keys.includes(key as (typeof keys)[number]) || value === undefined || extra !== undefined) {
      throw new Error(`bad fault "${part}": expected one of ${keys.map((k) => `${k}=<n>`).join(', ')}`);
    }
    const n = Number(value);
    const isRate = key !== 'latency';
    if (!Number.isFinite(n) || n < 0 || (isRate && n > 1)) {
      throw new Error(`bad fault "${part}": ${isRate ? 'a rate between 0 and 1' : 'a number of milliseconds'} is expected`);
    }
    faults[key as (typeof keys)[number]] = n;
  }
  const total = (faults['5xx'] ?? 0) + (faults['429'] ?? 0) + (faults.reset ?? 0);
  if (total > 1) throw new Error(`fault rates add up to ${total}, more than 1`);
  return faults;
}

export class FaultInjector {
  constructor(
    private faults: Faults,
    private readonly random: Random,
  ) {}

  set(faults: Faults): void {
    this.faults = faults;
  }

  /** Waits the added latency, then draws the fault (if any) this request suffers. */
  async decide(): Promise<Fault> {
    const { latency = 0, reset = 0 } = this.faults;
    const tooMany = this.faults['429'] ?? 0;
    const server = this.faults['5xx'] ?? 0;
    if (latency > 0) await new Promise((resolve) => setTimeout(resolve, latency));
    const draw = this.random.next();
    if (draw < reset) return 'reset';
    if (draw < reset + tooMany) return '429';
    if (draw < reset + tooMany + server) return '5xx';
    return undefined;
  }
}
