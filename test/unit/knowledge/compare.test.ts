import assert from 'node:assert/strict';
import { test } from 'node:test';
import { compareRankings, passageIdentity, resultPassages } from '../../../src/core/knowledge/compare';

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

test("searchFiles' passages as the panel shows them: current text, neighbours, breadcrumb, knowledge base, local source", () => {
  const tags = { source: 'knowledge-base', kbId: 'kb-1', title: 'Returns' };
  const [p, q] = resultPassages(
    [
      {
        content: 'Returns > Window\n\nBefore\n\nReturn within 30 days.\n\nAfter',
        score: 0.9,
        meta: { subtype: 'paragraph', position: 3 },
        file: { key: 'kb-1/returns.md', tags },
        context: [
          { text: 'Returns > Window', type: 'breadcrumb' },
          { text: 'Before', type: 'preceding' },
          { text: 'Return within 30 days.', type: 'current' },
          { text: 'After', type: 'subsequent' },
        ],
      },
      { content: 'Plain passage', score: 0.5, meta: {}, file: { key: 'other.txt', tags: {} } },
    ],
    [{ id: 'kb-1', name: 'Help' }],
    (found) => (found.file.key === 'kb-1/returns.md' ? 'docs/returns.md' : undefined),
  );
  assert.deepEqual(p, {
    rank: 1,
    score: 0.9,
    fileKey: 'kb-1/returns.md',
    title: 'Returns',
    kbId: 'kb-1',
    kbName: 'Help',
    breadcrumb: 'Returns > Window',
    before: ['Before'],
    text: 'Return within 30 days.',
    after: ['After'],
    subtype: 'paragraph',
    position: 3,
    source: 'docs/returns.md',
    identity: passageIdentity('kb-1/returns.md', 'Return within 30 days.'),
  });
  assert.equal(q.rank, 2);
  assert.equal(q.title, 'other.txt');
  assert.equal(q.text, 'Plain passage');
  assert.equal(q.kbName, undefined);
  assert.deepEqual([q.before, q.after, q.breadcrumb, q.source], [[], [], undefined, undefined]);
});
