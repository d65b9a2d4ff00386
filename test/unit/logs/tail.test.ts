import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LogTail, type TailOptions, type TailStatus } from '../../../src/core/logs/tail';
import type { LogEntry } from '../../../src/core/logs/types';
import { FakeClock, FakeLogServer, at, line, settle } from './fakes';

const T0 = Date.parse('2026-03-01T12:00:00.000Z');

function tail(server: FakeLogServer, clock: FakeClock, options: Partial<TailOptions> = {}) {
  const delivered: LogEntry[] = [];
  const statuses: TailStatus[] = [];
  const t = new LogTail({
    fetchPage: (req) => server.fetchPage(req),
    since: T0 - 60_000,
    clock,
    overlapMs: 5_000,
    concurrency: 1,
    onLines: (entries) => delivered.push(...entries),
    onStatus: (s) => statuses.push(s),
    ...options,
  });
  return { t, delivered, statuses };
}

const messages = (entries: LogEntry[]) => entries.map((e) => e.message);

test('backfills the range following nextToken, in server order', async () => {
  const clock = new FakeClock(T0);
  const server = new FakeLogServer(10);
  for (let i = 0; i < 45; i++) server.add(line(T0 - 50_000 + i * 100, `m${i}`));
  const { t, delivered } = tail(server, clock);
  t.start();
  await settle();
  assert.deepEqual(
    messages(delivered),
    Array.from({ length: 45 }, (_, i) => `m${i}`),
  );
  assert.deepEqual(
    server.requests.map((r) => r.nextToken),
    [undefined, '10', '20', '30', '40'],
  );
  assert.ok(server.requests.every((r) => r.timeStart === at(T0 - 60_000)));
  t.dispose();
});

test('each poll starts an overlap before the newest line and never repeats a line', async () => {
  const clock = new FakeClock(T0);
  const server = new FakeLogServer(4);
  server.add(line(T0 - 3_000, 'a'), line(T0 - 2_000, 'b'), line(T0 - 1_000, 'c'));
  const { t, delivered } = tail(server, clock);
  t.start();
  await settle();
  server.add(line(T0 + 500, 'd'));
  server.add(line(T0 - 1_500, 'late but within the overlap'));
  await clock.advance(1_000);
  assert.equal(server.requests.at(-1)!.timeStart, at(T0 - 1_000 - 5_000));
  assert.deepEqual(messages(delivered), ['a', 'b', 'c', 'late but within the overlap', 'd']);
  await clock.advance(2_000);
  assert.equal(server.requests.at(-1)!.timeStart, at(T0 + 500 - 5_000));
  assert.equal(delivered.length, 5);
  t.dispose();
});

test('identical lines at one timestamp are neither dropped nor doubled, across pages and polls', async () => {
  const clock = new FakeClock(T0);
  const server = new FakeLogServer(3);
  const same = () => line(T0 - 1_000, 'same', { conversationId: 'conv1' });
  server.add(same(), same(), same(), same(), same());
  server.add(line(T0 - 1_000, 'same', { conversationId: 'conv2' }));
  const { t, delivered } = tail(server, clock);
  t.start();
  await settle();
  assert.equal(delivered.length, 6);
  server.add(same(), same());
  await clock.advance(1_000);
  assert.equal(delivered.filter((e) => e.conversationId === 'conv1').length, 7);
  assert.equal(delivered.filter((e) => e.conversationId === 'conv2').length, 1);
  await clock.advance(2_000);
  assert.equal(delivered.length, 8);
  t.dispose();
});

test('the interval is short while lines arrive, doubles to the maximum when idle, and focus polls at once', async () => {
  const clock = new FakeClock(T0);
  const server = new FakeLogServer();
  const { t } = tail(server, clock, { minIntervalMs: 1_000, maxIntervalMs: 10_000 });
  const pollTimes: number[] = [];
  const fetch = server.fetchPage;
  server.fetchPage = (req) => {
    pollTimes.push(clock.now() - T0);
    return fetch(req);
  };
  t.start();
  await settle();
  await clock.advance(1_000);
  server.add(line(clock.now(), 'x'));
  await clock.advance(3_000);
  await clock.advance(30_000);
  // empty: 2 s; x found at 2 s: 1 s; then empty polls double the wait up to 10 s
  assert.deepEqual(pollTimes, [0, 2_000, 3_000, 5_000, 9_000, 17_000, 27_000]);
  t.wake();
  await settle();
  assert.equal(pollTimes.at(-1), 34_000);
  await clock.advance(1_999);
  assert.equal(pollTimes.length, 8);
  await clock.advance(1);
  assert.equal(pollTimes.length, 9, 'after a wake the interval starts short again');
  t.dispose();
});

test('errors back off exponentially, keep what was delivered and resume at the page that failed', async () => {
  const clock = new FakeClock(T0);
  const server = new FakeLogServer(2);
  for (let i = 0; i < 6; i++) server.add(line(T0 - 10_000 + i, `m${i}`));
  const { t, delivered, statuses } = tail(server, clock, { maxBackoffMs: 4_000 });
  const boom = Object.assign(new Error('Service unavailable'), { status: 503 });
  const fetch = server.fetchPage;
  let calls = 0;
  server.fetchPage = (req) => {
    if (++calls === 2) server.failures.push(boom, boom, boom, boom);
    return fetch(req);
  };
  t.start();
  await settle();
  assert.deepEqual(messages(delivered), ['m0', 'm1']);
  const failedAt = server.requests.length;
  const retry = statuses.at(-1);
  assert.equal(retry?.state, 'retrying');
  assert.equal(retry.state === 'retrying' && retry.error, 'Service unavailable');
  await clock.advance(1_000 + 2_000 + 4_000 - 1);
  assert.equal(server.requests.length, failedAt + 2);
  await clock.advance(1);
  assert.equal(server.requests.length, failedAt + 3);
  await clock.advance(4_000);
  assert.deepEqual(messages(delivered), ['m0', 'm1', 'm2', 'm3', 'm4', 'm5']);
  assert.ok(
    server.requests.slice(failedAt - 1, failedAt + 4).every((r) => r.nextToken === '2'),
    'the failed page is asked again',
  );
  t.dispose();
});

test('a 429 waits exactly as long as the server says, even when woken', async () => {
  const clock = new FakeClock(T0);
  const server = new FakeLogServer();
  server.add(line(T0 - 1_000, 'a'));
  server.failures.push(Object.assign(new Error('Too many requests'), { status: 429, retryAfterMs: 7_000 }));
  const { t, delivered, statuses } = tail(server, clock);
  t.start();
  await settle();
  assert.equal(delivered.length, 0);
  assert.deepEqual(statuses.at(-1), { state: 'retrying', error: 'Too many requests', nextPollAt: T0 + 7_000, rateLimited: true });
  t.wake();
  t.pause();
  t.resume();
  await clock.advance(6_999);
  assert.equal(server.requests.length, 1);
  await clock.advance(1);
  assert.equal(server.requests.length, 2);
  assert.deepEqual(messages(delivered), ['a']);
  server.failures.push(Object.assign(new Error('Slow down'), { status: 429, retryAfterSeconds: 2 }));
  await clock.advance(1_000);
  assert.equal(server.requests.length, 3);
  await clock.advance(1_999);
  assert.equal(server.requests.length, 3, 'the API layer states the wait in seconds');
  await clock.advance(1);
  assert.equal(server.requests.length, 4);
  t.dispose();
});

test('a permanent error stops until retried', async () => {
  const clock = new FakeClock(T0);
  const server = new FakeLogServer();
  server.add(line(T0 - 1_000, 'a'));
  server.failures.push(Object.assign(new Error('Unauthorized'), { status: 401 }));
  const { t, delivered, statuses } = tail(server, clock);
  t.start();
  await settle();
  assert.deepEqual(statuses.at(-1), { state: 'failed', error: 'Unauthorized' });
  await clock.advance(60_000);
  assert.equal(server.requests.length, 1);
  t.wake();
  await settle();
  assert.deepEqual(messages(delivered), ['a']);
  t.dispose();
});

test('pausing abandons the request under way; resuming continues without a gap', async () => {
  const clock = new FakeClock(T0);
  const server = new FakeLogServer();
  server.add(line(T0 - 1_000, 'a'));
  const { t, delivered, statuses } = tail(server, clock);
  t.start();
  await settle();
  let release!: () => void;
  server.hold = new Promise((r) => (release = r));
  server.add(line(T0 + 100, 'b'));
  await clock.advance(1_000);
  t.pause();
  release();
  server.hold = undefined;
  await settle();
  assert.equal(statuses.at(-1)?.state, 'paused');
  assert.deepEqual(messages(delivered), ['a'], 'the abandoned answer is not used');
  server.add(line(T0 + 20_000, 'c'));
  await clock.advance(60_000);
  const requests = server.requests.length;
  t.resume();
  await settle();
  assert.equal(server.requests.length, requests + 1);
  assert.equal(server.requests.at(-1)!.timeStart, at(T0 - 1_000 - 5_000));
  assert.deepEqual(messages(delivered), ['a', 'b', 'c']);
  t.dispose();
});

test('a fixed range is fetched once with timeEnd and server-side filters', async () => {
  const clock = new FakeClock(T0);
  const server = new FakeLogServer(2);
  server.add(
    line(T0 - 5_000, 'in', { level: 'error' }),
    line(T0 - 4_000, 'not this level'),
    line(T0 - 1_000, 'after the end', { level: 'error' }),
  );
  const { t, delivered, statuses } = tail(server, clock, { since: T0 - 10_000, until: T0 - 2_000, filters: { level: 'error' } });
  t.start();
  await settle();
  await clock.advance(60_000);
  assert.deepEqual(messages(delivered), ['in']);
  assert.deepEqual(server.requests, [{ level: 'error', timeStart: at(T0 - 10_000), timeEnd: at(T0 - 2_000) }]);
  assert.deepEqual(statuses.at(-1), { state: 'done' });
});

test('a long span is fetched in windows side by side and delivered in order, boundaries counted once', async () => {
  const clock = new FakeClock(T0);
  const server = new FakeLogServer(5);
  const expected: string[] = [];
  for (let i = 0; i < 120; i++) {
    const ms = T0 - 60_000 + i * 500;
    server.add(line(ms, `m${i}`));
    expected.push(`m${i}`);
  }
  // timeEnd inclusive, as a server might have it: lines on a boundary come in two windows
  const inclusive = server.fetchPage;
  server.fetchPage = (req) => inclusive({ ...req, timeEnd: req.timeEnd && at(Date.parse(req.timeEnd) + 1) });
  let inFlight = 0;
  let most = 0;
  const fetch = server.fetchPage;
  server.fetchPage = async (req) => {
    most = Math.max(most, ++inFlight);
    await new Promise<void>((r) => clock.setTimeout(r, 100));
    inFlight--;
    return fetch(req);
  };
  const { t, delivered } = tail(server, clock, { concurrency: 3, minWindowMs: 10_000 });
  t.start();
  await clock.advance(30_000);
  assert.deepEqual(messages(delivered), expected);
  assert.equal(most, 3);
  const windows = new Set(server.requests.map((r) => `${r.timeStart}..${r.timeEnd ?? ''}`));
  assert.ok(windows.size >= 6, `the first poll is split: ${[...windows].join(', ')}`);
  t.dispose();
});
