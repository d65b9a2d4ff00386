// Charts of a bot's analytics (getBotAnalytics records) and of a workspace's usage history: one time axis, a few
// series per chart, each readable as numbers (a table, CSV). Shared by the panel's host and the charts page.
import type { GetBotAnalyticsOutput } from '../../generated/api';
import { csvChunk } from '../tables/transfer';

/** One analytics record as getBotAnalytics returns it. */
export type AnalyticsRecord = GetBotAnalyticsOutput['records'][number];

export type Unit = 'count' | 'usd' | 'ms' | 'bytes' | 'tokens';

export interface Series {
  label: string;
  values: number[];
}

export interface Chart {
  id: string;
  title: string;
  unit: Unit;
  series: Series[];
  /** A line every value is measured against (a quota). */
  limit?: number;
}

export interface ChartSet {
  /** Start of each bucket, ms since the epoch. */
  x: number[];
  /** How long a bucket is: what the time axis and the table show. */
  bucket: 'hour' | 'day' | 'month';
  charts: Chart[];
  /** Nothing happened in the whole range. */
  empty: boolean;
}

export type RangePreset = '24h' | '7d' | '30d';
export const rangePresets: Record<RangePreset, number> = { '24h': 86_400_000, '7d': 7 * 86_400_000, '30d': 30 * 86_400_000 };

/** A range ending now, or a custom one (`YYYY-MM-DD` days, both included); a clear error otherwise. */
export function rangeOf(input: { preset: RangePreset } | { from: string; to: string }, now = Date.now()): { start: number; end: number } {
  if ('preset' in input) {
    const span = rangePresets[input.preset];
    if (!span) throw new Error(`Unknown range "${String(input.preset)}"`);
    return { start: now - span, end: now };
  }
  const day = (s: string, name: string) => {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(s) || Number.isNaN(Date.parse(`${s}T00:00:00Z`)))
      throw new Error(`${name} must be a date (YYYY-MM-DD)`);
    return Date.parse(`${s}T00:00:00Z`);
  };
  const start = day(input.from, 'From');
  const end = day(input.to, 'To') + 86_400_000 - 1;
  if (end < start) throw new Error('"To" must not be before "From"');
  if (end - start > 366 * 86_400_000) throw new Error('A range spans at most 366 days');
  return { start, end: Math.min(end, Math.max(now, start)) };
}

const sum = (records: AnalyticsRecord[], f: (r: AnalyticsRecord) => number) => records.map((r) => f(r) || 0);

/** The names in `key` of every record, the largest totals first, at most `max` (the rest summed as "other"). */
function breakdown(records: AnalyticsRecord[], key: 'eventTypes' | 'customEvents', max: number): Series[] {
  const totals = new Map<string, number>();
  for (const r of records) for (const [name, n] of Object.entries(r[key] ?? {})) totals.set(name, (totals.get(name) ?? 0) + n);
  const names = [...totals.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([n]) => n);
  const shown = names.slice(0, max);
  const rest = names.slice(max);
  const series = shown.map((name) => ({ label: name, values: sum(records, (r) => r[key]?.[name] ?? 0) }));
  if (rest.length) series.push({ label: 'other', values: sum(records, (r) => rest.reduce((n, name) => n + (r[key]?.[name] ?? 0), 0)) });
  return series;
}

/** The charts of a range's records (hourly up to 48 hours, daily beyond, as the Local Cloud buckets them). */
export function analyticsCharts(records: AnalyticsRecord[], range: { start: number; end: number }): ChartSet {
  const x = records.map((r) => Date.parse(r.startDateTimeUtc));
  const llm = (f: (l: AnalyticsRecord['llm']) => number) => sum(records, (r) => f(r.llm));
  const charts: Chart[] = [
    {
      id: 'users',
      title: 'Users',
      unit: 'count',
      series: [
        { label: 'new', values: sum(records, (r) => r.newUsers) },
        { label: 'returning', values: sum(records, (r) => r.returningUsers) },
      ],
    },
    { id: 'sessions', title: 'Sessions', unit: 'count', series: [{ label: 'sessions', values: sum(records, (r) => r.sessions) }] },
    {
      id: 'messages',
      title: 'Messages',
      unit: 'count',
      series: [
        { label: 'user', values: sum(records, (r) => r.userMessages) },
        { label: 'bot', values: sum(records, (r) => r.botMessages) },
      ],
    },
    {
      id: 'events',
      title: 'Events by type',
      unit: 'count',
      series: [{ label: 'all', values: sum(records, (r) => r.events) }, ...breakdown(records, 'eventTypes', 5)],
    },
    { id: 'custom', title: 'Custom events', unit: 'count', series: breakdown(records, 'customEvents', 6) },
    {
      id: 'llm',
      title: 'LLM calls and errors',
      unit: 'count',
      series: [
        { label: 'calls', values: llm((l) => l.calls) },
        { label: 'errors', values: llm((l) => l.errors) },
      ],
    },
    {
      id: 'tokens',
      title: 'Tokens',
      unit: 'tokens',
      series: [
        { label: 'input', values: llm((l) => l.inputTokens) },
        { label: 'output', values: llm((l) => l.outputTokens) },
      ],
    },
    { id: 'cost', title: 'LLM cost', unit: 'usd', series: [{ label: 'cost', values: llm((l) => l.cost.sum) }] },
    {
      id: 'latency',
      title: 'LLM latency',
      unit: 'ms',
      series: [
        { label: 'mean', values: llm((l) => l.latency.mean) },
        { label: 'max', values: llm((l) => l.latency.max) },
      ],
    },
  ];
  const empty = charts.every((c) => c.series.every((s) => s.values.every((v) => v === 0)));
  return { x, bucket: range.end - range.start <= 48 * 3_600_000 ? 'hour' : 'day', charts, empty };
}

/** A value as the table and the axes show it. */
export function formatValue(value: number, unit: Unit): string {
  if (unit === 'usd') return `$${value < 1 && value > 0 ? value.toFixed(4) : value.toFixed(2)}`;
  if (unit === 'ms') return `${Math.round(value)} ms`;
  if (unit === 'bytes') return formatBytes(value);
  return Number.isInteger(value) ? value.toLocaleString('en-US') : value.toFixed(2);
}

export function formatBytes(bytes: number): string {
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let v = bytes;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${i === 0 ? v : v.toFixed(v < 10 ? 1 : 0)} ${units[i]}`;
}

/** The label of a bucket's start, in UTC. */
export function bucketLabel(t: number, bucket: ChartSet['bucket']): string {
  const s = new Date(t).toISOString();
  return bucket === 'hour' ? `${s.slice(0, 10)} ${s.slice(11, 16)}` : bucket === 'day' ? s.slice(0, 10) : s.slice(0, 7);
}

/** A chart as CSV: a time column (UTC), then a column per series, raw numbers. */
export function chartCsv(set: Pick<ChartSet, 'x' | 'bucket'>, chart: Chart): string {
  const fields = ['time (UTC)', ...chart.series.map((s) => s.label), ...(chart.limit === undefined ? [] : ['quota'])];
  const rows = set.x.map((t, i) => ({
    'time (UTC)': bucketLabel(t, set.bucket),
    ...Object.fromEntries(chart.series.map((s) => [s.label, s.values[i]])),
    ...(chart.limit === undefined ? {} : { quota: chart.limit }),
  }));
  return csvChunk(rows, fields, true);
}
