// The emulator's analytics: time buckets (hourly up to 48 h, daily beyond, clipped to the range), what each bucket
// counts (new and returning users, sessions split by a 30-minute gap, user and bot messages, events by type, custom
// events, reported LLM calls) and the limits of a range.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { buckets, computeAnalytics, dayMs, hourMs, sessionGapMs, stats, type Traffic } from '../../../src/emulator/analytics';
import { ApiError } from '../../../src/emulator/spec';

const t0 = Date.UTC(2026, 2, 10, 0, 0, 0);
const iso = (t: number) => new Date(t).toISOString();

test('a range of up to 48 hours is counted by the UTC hour, the first and last buckets clipped to the range', () => {
  const b = buckets(t0 + 15 * 60_000, t0 + 3 * hourMs + 10 * 60_000);
  assert.deepEqual(
    b.map((x) => [iso(x.start), iso(x.end)]),
    [
      ['2026-03-10T00:15:00.000Z', '2026-03-10T00:59:59.999Z'],
      ['2026-03-10T01:00:00.000Z', '2026-03-10T01:59:59.999Z'],
      ['2026-03-10T02:00:00.000Z', '2026-03-10T02:59:59.999Z'],
      ['2026-03-10T03:00:00.000Z', '2026-03-10T03:10:00.000Z'],
    ],
  );
  assert.equal(buckets(t0, t0 + 48 * hourMs).length, 49, 'exactly 48 h: still hourly (both ends inclusive)');
});

test('a longer range is counted by the UTC day; a backwards or too long range is refused', () => {
  const b = buckets(t0 + 12 * hourMs, t0 + 7 * dayMs - 1);
  assert.equal(b.length, 7);
  assert.equal(iso(b[0].start), '2026-03-10T12:00:00.000Z');
  assert.equal(iso(b[1].start), '2026-03-11T00:00:00.000Z');
  assert.equal(iso(b[6].end), '2026-03-16T23:59:59.999Z');
  assert.throws(
    () => buckets(t0, t0 - 1),
    (e: unknown) => e instanceof ApiError && /before/.test(e.message),
  );
  assert.throws(
    () => buckets(t0, t0 + 401 * dayMs),
    (e: unknown) => e instanceof ApiError && /400 days/.test(e.message),
  );
});

test('each bucket counts new and returning users, sessions, messages, events, custom events and LLM calls', () => {
  const h = (n: number, min = 0) => iso(t0 + n * hourMs + min * 60_000);
  const traffic: Traffic = {
    users: [
      { id: 'old', createdAt: iso(t0 - dayMs) },
      { id: 'new', createdAt: h(1, 5) },
    ],
    messages: [
      // `old` comes back at 01:10 and again at 01:50 (40 min later: a second session), `new` at 01:06 and 01:20 (one).
      { userId: 'old', conversationId: 'c1', direction: 'incoming', createdAt: h(1, 10) },
      { userId: 'bot', conversationId: 'c1', direction: 'outgoing', createdAt: h(1, 11) },
      { userId: 'old', conversationId: 'c1', direction: 'incoming', createdAt: h(1, 10 + sessionGapMs / 60_000 + 10) },
      { userId: 'new', conversationId: 'c2', direction: 'incoming', createdAt: h(1, 6) },
      { userId: 'new', conversationId: 'c2', direction: 'incoming', createdAt: h(1, 20) },
      { userId: 'new', conversationId: 'c2', direction: 'incoming', createdAt: h(2, 5) },
      { userId: 'bot', conversationId: 'c2', direction: 'outgoing', createdAt: h(2, 6) },
      { userId: 'old', conversationId: 'c1', direction: 'incoming', createdAt: h(9) },
    ],
    events: [
      { type: 'message_created', payload: {}, createdAt: h(1, 10) },
      {
        type: 'answerGenerated',
        payload: { llm: { inputTokens: 100, outputTokens: 50, latencyMs: 500, cost: 0.002 } },
        createdAt: h(1, 12),
      },
      {
        type: 'answerGenerated',
        payload: { llm: { inputTokens: 10, outputTokens: 0, latencyMs: 1500, cost: 0, error: true } },
        createdAt: h(1, 30),
      },
      { type: 'orderPlaced', payload: { llm: 'not a report' }, createdAt: h(2) },
    ],
    customEvents: [
      { name: 'faqResolved', count: 2, at: h(1, 40) },
      { name: 'faqResolved', count: 1, at: h(1, 45) },
    ],
  };
  const records = computeAnalytics(traffic, t0, t0 + 3 * hourMs - 1);
  assert.equal(records.length, 3);
  const [first, second, third] = records;
  assert.equal(first.userMessages + first.events + first.newUsers, 0, 'nothing before 01:00');
  assert.equal(second.newUsers, 1);
  assert.equal(second.returningUsers, 1, '`old` was created before the bucket; `new` was not');
  assert.equal(second.sessions, 3, 'old: two (a 40-minute gap), new: one');
  assert.equal(second.userMessages, 4);
  assert.equal(second.messages, 4, 'the deprecated `messages` counts user messages');
  assert.equal(second.botMessages, 1);
  assert.equal(second.events, 3);
  assert.deepEqual(second.eventTypes, { message_created: 1, answerGenerated: 2 });
  assert.deepEqual(second.customEvents, { faqResolved: 3 });
  assert.equal(second.llm.calls, 2);
  assert.equal(second.llm.errors, 1);
  assert.equal(second.llm.inputTokens, 110);
  assert.equal(second.llm.outputTokens, 50);
  assert.deepEqual(second.llm.latency, stats([500, 1500]));
  assert.deepEqual(second.llm.tokensPerSecond, stats([100, 0]));
  assert.equal(second.llm.cost.sum, 0.002);
  assert.equal(third.returningUsers, 1, '`new` returns in the next hour');
  assert.equal(third.sessions, 1, 'its 02:05 message comes 45 minutes after the last: a new session');
  assert.equal(third.llm.calls, 0, 'an event without an llm object is no LLM call');
  assert.deepEqual(third.llm.latency, { mean: 0, sd: 0, min: 0, max: 0 });
  assert.equal(
    records.reduce((n, r) => n + r.userMessages, 0),
    5,
    'the 09:00 message is outside the range',
  );
});

test('stats: mean, population standard deviation, min and max; zeros for none', () => {
  assert.deepEqual(stats([2, 4, 4, 4, 5, 5, 7, 9]), { mean: 5, sd: 2, min: 2, max: 9 });
  assert.deepEqual(stats([]), { mean: 0, sd: 0, min: 0, max: 0 });
});
