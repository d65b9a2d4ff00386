export type RangePreset = '15m' | '1h' | '24h' | 'custom';

/** How far back the backfill goes: a preset, or custom ISO instants (`until` absent: up to now, then live). */
export interface LogRange {
  preset: RangePreset;
  since?: string;
  until?: string;
}

/** How far back each preset reaches, in ms. */
const PRESET_MS: Record<Exclude<RangePreset, 'custom'>, number> = {
  '15m': 15 * 60_000,
  '1h': 60 * 60_000,
  '24h': 24 * 60 * 60_000,
};

export type ResolvedRange = { ok: true; since: number; until?: number } | { ok: false; error: string };

/** The instants (ms since the epoch) a range stands for at `now`, or why it is not a valid range. */
export function resolveRange(range: LogRange, now: number): ResolvedRange {
  if (range.preset !== 'custom') {
    const ms = PRESET_MS[range.preset];
    if (!ms) return { ok: false, error: `Unknown time range "${range.preset}".` };
    return { ok: true, since: now - ms };
  }
  const since = Date.parse(range.since ?? '');
  if (Number.isNaN(since)) return { ok: false, error: 'The custom range needs a valid start time.' };
  if (!range.until) return { ok: true, since };
  const until = Date.parse(range.until);
  if (Number.isNaN(until)) return { ok: false, error: `The end of the custom range is not a valid time: "${range.until}".` };
  if (until <= since) return { ok: false, error: 'The custom range ends before it starts.' };
  return { ok: true, since, until };
}
