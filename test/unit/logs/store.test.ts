import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compileFilter } from '../../../src/core/logs/filter';
import { LineStore } from '../../../media/logs/store';
import { line } from './fakes';

const T = Date.parse('2026-03-01T12:00:00.000Z');
const lines = (from: number, n: number) =>
  Array.from({ length: n }, (_, i) => ({
    seq: from + i,
    entry: line(T + from + i, (from + i) % 3 === 0 ? `hit ${from + i}` : `miss ${from + i}`),
  }));

test('the webview store keeps the newest lines, finds them by sequence number, and filters', () => {
  const store = new LineStore(10);
  assert.equal(store.append(lines(0, 8)), 0);
  assert.equal(store.append(lines(8, 5)), 3, 'three pushed out at the front');
  assert.equal(store.total, 10);
  assert.equal(store.at(0)?.seq, 3);
  assert.equal(store.indexOf(12), 9);
  assert.equal(store.indexOf(2), -1);
  assert.equal(store.bySeq(7)?.entry.message, 'miss 7');

  const hit = compileFilter({ text: 'hit' });
  assert.ok(hit.ok);
  store.setFilter(hit.match);
  assert.deepEqual(
    Array.from({ length: store.count }, (_, i) => store.at(i)?.seq),
    [3, 6, 9, 12],
  );
  assert.equal(store.indexOf(9), 2);
  assert.equal(store.indexOf(10), -1);
  assert.equal(store.append(lines(13, 4)), 2, 'the filtered list loses what the ring drops: 3 and 6');
  assert.deepEqual(
    Array.from({ length: store.count }, (_, i) => store.at(i)?.seq),
    [9, 12, 15],
  );
  store.setFilter(undefined);
  assert.equal(store.count, 10);
  store.clear();
  assert.equal(store.count, 0);
  assert.equal(store.at(0), undefined);
});

test('the store shows times in the zone asked for, filters on what is shown, and exports what is shown', () => {
  const zone = process.env.TZ;
  process.env.TZ = 'Asia/Tokyo';
  try {
    const store = new LineStore(10);
    store.append(lines(0, 6));
    assert.equal(store.timeZone, 'local');
    assert.match(store.text(store.at(0)!), /^2026-03-01 21:00:00\.000 INFO {2}hit 0/);
    const local = compileFilter({ text: '21:00' });
    assert.ok(local.ok);
    store.setFilter(local.match);
    assert.equal(store.count, 6, 'the local time matches');
    store.setTimeZone('utc');
    assert.match(store.text(store.at(0) ?? store.bySeq(0)!), /^2026-03-01T12:00:00\.000Z/);
    assert.equal(store.count, 0, 'filtered again on the UTC text');
    const hits = compileFilter({ text: 'hit' });
    assert.ok(hits.ok);
    store.setFilter(hits.match);
    assert.deepEqual(store.shownSeqs(), [0, 3]);
  } finally {
    if (zone === undefined) delete process.env.TZ;
    else process.env.TZ = zone;
  }
});
