import assert from 'node:assert/strict';
import { test } from 'node:test';
import { boardGraph, normalizeBoard, normalizeVariable } from '../../../src/core/botmock';
import { layoutBoard, wrap } from '../../../src/core/render/boardLayout';
import { v2 } from './data';

test('a flow board as a graph: every message a node, every branch a labelled edge, nothing overlapping', () => {
  const graph = boardGraph(normalizeBoard(v2.board, 'b'), v2.variables.map(normalizeVariable));
  const layout = layoutBoard(graph);
  assert.equal(layout.nodes.length, graph.board.messages.length);
  const branches = graph.board.messages.flatMap((m) => graph.branches(m.id).filter((b) => b.target));
  assert.equal(layout.edges.length, branches.length, 'one edge per branch');
  assert.deepEqual(
    layout.edges.map((e) => e.label).sort(),
    branches.map((b) => b.label).sort(),
    'each edge carries its intent, button or condition',
  );
  assert.ok(layout.edges.some((e) => e.label === 'intent INTENT_AUDIO · button "Audio"' && e.labelAt));
  for (const e of layout.edges) assert.ok(e.points.length >= 2, 'every edge is drawn');
  const [root] = layout.nodes.filter((n) => n.root);
  assert.equal(root?.title, 'Starting Point');
  assert.deepEqual(root?.lines, [], 'a start point has no content line');
  const boxes = layout.nodes;
  for (const a of boxes) {
    assert.ok(a.x >= 0 && a.y >= 0 && a.x + a.width <= layout.width && a.y + a.height <= layout.height, 'inside the drawing');
    for (const b of boxes) {
      if (a === b) continue;
      const apart = a.x + a.width <= b.x || b.x + b.width <= a.x || a.y + a.height <= b.y || b.y + b.height <= a.y;
      assert.ok(apart, `${a.title} and ${b.title} do not overlap`);
    }
  }
  const from = (id: string) => layout.nodes.find((n) => n.id === id)!;
  const down = layout.edges.filter((e) => from(e.from).y < from(e.to).y).length;
  assert.ok(down >= layout.edges.length - 3, 'laid out top to bottom (loops excepted)');
  assert.deepEqual(layoutBoard(graph), layout, 'deterministic');
});

test('text is wrapped to the node and cut with an ellipsis', () => {
  assert.deepEqual(wrap('one two three four', 9, 3), ['one two', 'three', 'four']);
  assert.deepEqual(wrap('one two three four five six', 9, 2), ['one two', 'three fo…']);
  assert.deepEqual(wrap('a supercalifragilistic word', 10, 3), ['a', 'supercali…', 'word']);
  assert.deepEqual(wrap('  ', 10, 3), []);
});
