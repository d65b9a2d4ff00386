import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compileFilter } from '../../../src/core/logs/filter';
import { exportLine, formatTime, layoutLine } from '../../../src/core/logs/line';
import { RingBuffer } from '../../../src/core/logs/ring';
import { LogDeduper } from '../../../src/core/logs/dedupe';
import { line } from './fakes';

const T = Date.parse('2026-03-01T12:00:00.000Z');

test('a line is laid out as timestamp, padded level, message and ids, with each field located', () => {
  const { text, fields } = layoutLine(line(T, 'hello', { level: 'warn', conversationId: 'conv_1', workflowId: 'wf_9' }));
  assert.equal(text, '2026-03-01T12:00:00.000Z WARN  hello conversationId=conv_1 workflowId=wf_9');
  const slice = (kind: string) => fields.filter((f) => f.kind === kind).map((f) => text.slice(f.start, f.end));
  assert.deepEqual(slice('level'), ['WARN']);
  assert.deepEqual(slice('message'), ['hello']);
  assert.deepEqual(slice('conversationId'), ['conv_1']);
  assert.deepEqual(slice('workflowId'), ['wf_9']);
  assert.deepEqual(slice('userId'), []);
  assert.equal(exportLine(line(T, 'a\nb')), '2026-03-01T12:00:00.000Z INFO  a\n    b');
});

test('rows show the time in the local time zone, or the ISO instant in UTC', () => {
  const zone = process.env.TZ;
  process.env.TZ = 'America/Montreal';
  try {
    assert.equal(formatTime('2026-03-01T12:00:00.045Z', 'local'), '2026-03-01 07:00:00.045');
    assert.equal(formatTime('2026-07-01T02:30:00.000Z', 'local'), '2026-06-30 22:30:00.000', 'daylight saving time, the day before');
    assert.equal(formatTime('2026-03-01T12:00:00.045Z', 'utc'), '2026-03-01T12:00:00.045Z');
    assert.equal(formatTime('not a time', 'local'), 'not a time');
    const local = layoutLine(line(T, 'hello', { conversationId: 'conv_1' }), 'local');
    assert.equal(local.text, '2026-03-01 07:00:00.000 INFO  hello conversationId=conv_1');
    assert.deepEqual(
      local.fields.map((f) => local.text.slice(f.start, f.end)),
      ['2026-03-01 07:00:00.000', 'INFO', 'hello', 'conv_1'],
    );
  } finally {
    if (zone === undefined) delete process.env.TZ;
    else process.env.TZ = zone;
  }
});

test('text filters are case-insensitive by default and report every match', () => {
  const f = compileFilter({ text: 'ab' });
  assert.ok(f.ok && f.active);
  assert.deepEqual(f.match('xAbyab'), [
    { start: 1, end: 3 },
    { start: 4, end: 6 },
  ]);
  assert.equal(f.match('a b'), undefined);
  const strict = compileFilter({ text: 'ab', caseSensitive: true });
  assert.ok(strict.ok);
  assert.deepEqual(strict.match('xAbyab'), [{ start: 4, end: 6 }]);
});

test('regex filters highlight matches, survive empty matches, and explain a bad pattern', () => {
  const f = compileFilter({ text: 'conv_\\d+|x*', regex: true });
  assert.ok(f.ok);
  assert.deepEqual(
    f.match('to conv_12')?.filter((r) => r.end > r.start),
    [{ start: 3, end: 10 }],
  );
  const bad = compileFilter({ text: '(', regex: true });
  assert.equal(bad.ok, false);
  assert.equal(!bad.ok && bad.error, 'Invalid regular expression: unterminated group', 'one sentence, the pattern not repeated');
  const slashes = compileFilter({ text: 'a/b:[', regex: true });
  assert.equal(!slashes.ok && slashes.error, 'Invalid regular expression: unterminated character class');
  const none = compileFilter({ text: '' });
  assert.ok(none.ok && !none.active);
  assert.deepEqual(none.match('anything'), []);
});

test('the ring buffer keeps the newest items', () => {
  const r = new RingBuffer<number>(3);
  assert.equal(r.push(1), undefined);
  r.push(2);
  r.push(3);
  assert.equal(r.push(4), 1);
  assert.deepEqual(r.toArray(), [2, 3, 4]);
  assert.equal(r.at(0), 2);
  assert.equal(r.at(3), undefined);
  r.resize(2);
  assert.deepEqual(r.toArray(), [3, 4]);
  r.push(5);
  assert.deepEqual(r.toArray(), [4, 5]);
  assert.throws(() => new RingBuffer(0), /positive integer/);
});

test('the deduper counts copies per poll and forgets old timestamps', () => {
  const d = new LogDeduper();
  d.beginPoll();
  assert.equal(d.admit(line(T, 'x')), true);
  assert.equal(d.admit(line(T, 'x')), true);
  assert.equal(d.admit(line(T, 'x', { userId: 'u' })), true);
  d.beginPoll();
  assert.equal(d.admit(line(T, 'x')), false);
  assert.equal(d.admit(line(T, 'x')), false);
  assert.equal(d.admit(line(T, 'x')), true);
  assert.equal(d.admit(line(T + 1, 'x')), true);
  d.forgetBefore(T + 1);
  assert.equal(d.size, 1);
  d.beginPoll();
  assert.equal(d.admit(line(T + 1, 'x')), false);
});

test('ranges resolve to instants, and bad custom ranges say why', async () => {
  const { resolveRange } = await import('../../../src/core/logs/range');
  assert.deepEqual(resolveRange({ preset: '1h' }, T), { ok: true, since: T - 3_600_000 });
  assert.deepEqual(resolveRange({ preset: 'custom', since: '2026-03-01T11:00:00Z' }, T), { ok: true, since: T - 3_600_000 });
  assert.deepEqual(resolveRange({ preset: 'custom', since: '2026-03-01T11:00:00Z', until: '2026-03-01T11:30:00Z' }, T), {
    ok: true,
    since: T - 3_600_000,
    until: T - 1_800_000,
  });
  assert.match((resolveRange({ preset: 'custom' }, T) as { error: string }).error, /start time/);
  assert.match(
    (resolveRange({ preset: 'custom', since: '2026-03-01T11:00:00Z', until: '2026-03-01T10:00:00Z' }, T) as { error: string }).error,
    /ends before/,
  );
});
