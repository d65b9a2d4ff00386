// The charts of the analytics panel and the usage history: series per figure, the bucket the range implies, an empty
// range, events by type with the rest summed, CSV of raw numbers, the custom range's checks; quotas' warnings at 80 %.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { analyticsCharts, chartCsv, formatValue, rangeOf, type AnalyticsRecord } from '../../../src/core/analytics/charts';
import { isWarning, percent, usageHistoryCharts } from '../../../src/core/analytics/usage';

const zero = { mean: 0, sd: 0, min: 0, max: 0 };
const record = (day: number, fields: Partial<AnalyticsRecord> = {}): AnalyticsRecord => ({
  startDateTimeUtc: `2026-03-${String(day).padStart(2, '0')}T00:00:00.000Z`,
  endDateTimeUtc: `2026-03-${String(day).padStart(2, '0')}T23:59:59.999Z`,
  returningUsers: 0,
  newUsers: 0,
  sessions: 0,
  userMessages: 0,
  botMessages: 0,
  events: 0,
  eventTypes: {},
  customEvents: {},
  messages: fields.userMessages ?? 0,
  llm: { calls: 0, errors: 0, inputTokens: 0, outputTokens: 0, latency: zero, tokensPerSecond: zero, cost: { ...zero, sum: 0 } },
  ...fields,
});
const range = { start: Date.UTC(2026, 2, 1), end: Date.UTC(2026, 2, 8) - 1 };

test('analytics charts: a series per figure over the records, daily beyond 48 hours', () => {
  const llm = {
    calls: 3,
    errors: 1,
    inputTokens: 10,
    outputTokens: 5,
    latency: { ...zero, mean: 700, max: 900 },
    tokensPerSecond: zero,
    cost: { ...zero, sum: 0.25 },
  };
  const set = analyticsCharts([record(1, { newUsers: 2, returningUsers: 1, userMessages: 4, botMessages: 6 }), record(2, { llm })], range);
  assert.equal(set.bucket, 'day');
  assert.deepEqual(set.x, [Date.UTC(2026, 2, 1), Date.UTC(2026, 2, 2)]);
  assert.equal(set.empty, false);
  const chart = (id: string) => set.charts.find((c) => c.id === id)!;
  assert.deepEqual(chart('users').series, [
    { label: 'new', values: [2, 0] },
    { label: 'returning', values: [1, 0] },
  ]);
  assert.deepEqual(chart('messages').series[1], { label: 'bot', values: [6, 0] });
  assert.deepEqual(chart('llm').series, [
    { label: 'calls', values: [0, 3] },
    { label: 'errors', values: [0, 1] },
  ]);
  assert.deepEqual(chart('cost').series[0].values, [0, 0.25]);
  assert.deepEqual(chart('latency').series[1].values, [0, 900]);
  assert.equal(analyticsCharts([record(1)], { start: 0, end: 48 * 3_600_000 }).bucket, 'hour');
});

test('analytics charts: nothing in the range is empty; events by type keep the largest and sum the rest', () => {
  assert.equal(analyticsCharts([record(1), record(2)], range).empty, true);
  const eventTypes = { a: 9, b: 8, c: 7, d: 6, e: 5, f: 1, g: 2 };
  const set = analyticsCharts([record(1, { events: 38, eventTypes, customEvents: { faqResolved: 2 } })], range);
  const events = set.charts.find((c) => c.id === 'events')!;
  assert.deepEqual(
    events.series.map((s) => [s.label, s.values[0]]),
    [
      ['all', 38],
      ['a', 9],
      ['b', 8],
      ['c', 7],
      ['d', 6],
      ['e', 5],
      ['other', 3],
    ],
  );
  assert.deepEqual(set.charts.find((c) => c.id === 'custom')!.series, [{ label: 'faqResolved', values: [2] }]);
});

test('chart CSV: the UTC bucket, then raw numbers per series (and the quota)', () => {
  const set = analyticsCharts([record(1, { userMessages: 4, botMessages: 6 }), record(2, { userMessages: 1 })], range);
  assert.equal(
    chartCsv(
      set,
      set.charts.find((c) => c.id === 'messages')!,
    ),
    'time (UTC),user,bot\n2026-03-01,4,6\n2026-03-02,1,0\n',
  );
  const history = usageHistoryCharts({
    bot_count: [
      { type: 'bot_count', period: '2026-01', value: 50, quota: 60 },
      { type: 'bot_count', period: '2026-02', value: 53, quota: 60 },
    ],
  });
  assert.equal(history.bucket, 'month');
  assert.equal(history.charts[0].title, 'Bots');
  assert.equal(chartCsv(history, history.charts[0]), 'time (UTC),usage,quota\n2026-01,50,60\n2026-02,53,60\n');
});

test('custom ranges: whole UTC days, both included; a bad date, a backwards or too long range is refused', () => {
  const now = Date.UTC(2026, 11, 6, 12);
  assert.deepEqual(rangeOf({ from: '2026-12-01', to: '2026-12-03' }, now), {
    start: Date.UTC(2026, 11, 1),
    end: Date.UTC(2026, 11, 4) - 1,
  });
  assert.deepEqual(rangeOf({ from: '2026-12-05', to: '2026-12-09' }, now), { start: Date.UTC(2026, 11, 5), end: now }, 'not past now');
  assert.deepEqual(rangeOf({ preset: '24h' }, now), { start: now - 86_400_000, end: now });
  assert.throws(() => rangeOf({ from: 'last week', to: '2026-12-01' }, now), /From must be a date/);
  assert.throws(() => rangeOf({ from: '2026-12-05', to: '2026-12-01' }, now), /must not be before/);
  assert.throws(() => rangeOf({ from: '2020-01-01', to: '2026-12-01' }, now), /366 days/);
});

test('quotas: a warning from 80 %; values in their units', () => {
  assert.equal(isWarning({ value: 53, quota: 60 }), true);
  assert.equal(isWarning({ value: 47, quota: 60 }), false);
  assert.equal(isWarning({ value: 5, quota: 0 }), false, 'no quota, no warning');
  assert.equal(percent({ value: 53, quota: 60 }), '88 %');
  assert.equal(formatValue(2 * 1024 * 1024 * 1024, 'bytes'), '2.0 GB');
  assert.equal(formatValue(0.0311, 'usd'), '$0.0311');
  assert.equal(formatValue(50000, 'count'), '50,000');
});
