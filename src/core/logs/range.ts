export type RangePreset = '15m' | '1h' | '24h' | 'custom';

/** How far back the backfill goes: a preset, or custom ISO instants (`until` absent: up to now, then live). */
export interface LogRange {
  preset: RangePreset;
  since?: string;
  until?: string;
}

export const RANGE_PRESETS: Record<Exclude<RangePreset, 'custom'>, { label: string; ms: number }> = {
  '15m': { label: 'Last 15 minutes', ms: 15 * 60_000 },
  '1h': { label: 'Last hour', ms: 60 * 60_000 },
  '24h': { label: 'Last 24 hours', ms: 24 * 60 * 60_000 },
};

export type ResolvedRange = { ok: true; since: number; until?: number } | { ok: false; error: string };

/** The instants (ms since the epoch) a range stands for at `now`, or why it is not a valid range. */
export function resolveRange(range: LogRange, now: number): ResolvedRange {
  if (range.preset !== 'custom') {
    const preset = RANGE_PRESETS[range.preset];
    if (!preset) return { ok: false, error: `Unknown time range "${range.preset}".` };
    return { ok: true, since: now - preset.ms };
  }
  const since = Date.parse(range.since ?? '');
  if (Number.isNaN(since)) return { ok: false, error: 'The custom range needs a valid start time.' };
  if (!range.until) return { ok: true, since };
  const until = Date.parse(range.until);
  if (Number.isNaN(until)) return { ok: false, error: `The end of the custom range is not a valid time: "${range.until}".` };
  if (until <= since) return { ok: false, error: 'The custom range ends before it starts.' };
  return { ok: true, since, until };
}
