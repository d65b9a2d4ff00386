import assert from 'node:assert/strict';
import { test } from 'node:test';
import { compareRankings, passageIdentity } from '../../../src/core/knowledge/compare';

test('a current list against a pinned one: up, down, same, new, gone', () => {
  const { moves, gone } = compareRankings(['a', 'b', 'c', 'd'], ['c', 'b', 'e', 'a']);
  assert.deepEqual(moves, [{ kind: 'up', from: 3, by: 2 }, { kind: 'same', from: 2 }, { kind: 'new' }, { kind: 'down', from: 1, by: 3 }]);
  assert.deepEqual(gone, [3]);
});

test('a passage is the same across runs by file key and text, whatever its whitespace', () => {
  assert.equal(passageIdentity('kb/a.md', 'Gift  cards\nnever expire '), passageIdentity('kb/a.md', 'Gift cards never expire'));
  assert.notEqual(passageIdentity('kb/a.md', 'x'), passageIdentity('kb/b.md', 'x'));
  assert.deepEqual(compareRankings([], ['x']), { moves: [{ kind: 'new' }], gone: [] });
  assert.deepEqual(compareRankings(['x', 'x'], []), { moves: [], gone: [0] });
});
