import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compileFilter } from '../../../src/core/logs/filter';
import { LineStore } from '../../../media/logs/store';
import { line } from './fakes';

const T = Date.parse('2026-03-01T12:00:00.000Z');
const lines = (from: number, n: number) =>
  Array.from({ length: n }, (_, i) => ({ seq: from + i, entry: line(T + from + i, (from + i) % 3 === 0 ? `hit ${from + i}` : `miss ${from + i}`) }));

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
