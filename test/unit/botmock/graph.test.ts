import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  back,
  boardGraph,
  branchesAt,
  choose,
  currentMessage,
  edgeLabel,
  normalizeBoard,
  normalizeVariable,
  startWalk,
  transcript,
} from '../../../src/core/botmock';
import { v1, v2 } from './data';

const message = (id: string, type: string, next: unknown[], extra: Record<string, unknown> = {}) => ({
  message_id: id,
  message_type: type,
  next_message_ids: next,
  previous_message_ids: [],
  payload: { text: `${type} ${id}` },
  ...extra,
});

test('flow board (v2): a walk from the root through labelled branches, and back', () => {
  const graph = boardGraph(normalizeBoard(v2.board, 'b'));
  assert.deepEqual(
    graph.roots.map((m) => m.id),
    ['c38a0990-d703-11ea-8f47-834576e545ab'],
  );
  let walk = startWalk(graph);
  const options = branchesAt(graph, walk);
  assert.equal(options.length, 11);
  assert.equal(options[1]!.label, 'intent INTENT_IMAGE · button "Image"');
  assert.equal(options[10]!.label, 'intent INTENT_TEST', 'an action of "*" is no button');
  assert.ok(
    options.every((b) => b.target),
    'every branch of the real project lands on a message',
  );

  const loop = options.findIndex((b) => b.edge.intent?.name === 'INTENT_LOOP');
  walk = choose(graph, walk, loop);
  assert.equal(currentMessage(graph, walk)!.type, 'button');
  assert.equal(walk.steps[1]!.via, 'intent INTENT_LOOP · button "Intent Loop"');
  walk = choose(graph, walk, 0);
  assert.equal(currentMessage(graph, walk)!.type, 'user_reply');
  assert.equal(walk.steps[2]!.via, undefined, 'an unlabelled branch');
  walk = choose(graph, walk, 0); // the loop goes back to the button
  assert.equal(currentMessage(graph, walk)!.id, walk.steps[1]!.messageId);
  assert.equal(walk.steps.length, 4);

  walk = back(back(back(walk)));
  assert.equal(walk.steps.length, 1);
  assert.equal(back(walk), walk, 'never past the start');
  assert.throws(() => choose(graph, walk, 11), /no branch 12/);
  assert.deepEqual(
    graph
      .parents('02222e22-25ce-4b4a-a293-7d08c0f53e8f')
      .map((m) => m.type)
      .sort(),
    ['text', 'user_reply'],
  );
});

test('edge labels name the variables of a condition and say when it is negated', () => {
  const board = normalizeBoard(v1.board, 'b');
  const ask = board.messages[1]!;
  const variables = [normalizeVariable({ id: 'aed6d0a0-161f-11e9-a3c8-71dcddbc03ea', name: 'count' })];
  const graph = boardGraph(board, variables);
  const [create, list] = graph.branches(ask.id);
  assert.equal(create!.label, 'intent CreateObject · button "Create" · if count = 2');
  assert.equal(create!.target, undefined, 'the docs example points outside its two messages');
  assert.equal(list!.label, 'intent LIstObjects · button "list"');
  assert.equal(
    edgeLabel({
      to: 'x',
      condition: {
        combinator: 'or',
        negated: true,
        rules: [
          { field: 'a', operator: '>', value: '1' },
          { field: 'b', operator: '=', value: 'y' },
        ],
      },
    }),
    'if not (a > 1 or b = y)',
  );
  assert.throws(() => choose(graph, startWalk(graph, ask.id), 0), /not on this board/);
  // The listed root is not among the docs example's messages: the flagged root is used instead.
  assert.deepEqual(
    graph.roots.map((m) => m.id),
    ['c13bf3c7-fd33-4f82-af21-f927d0d21988'],
  );
});

test('mock board (2018 shape): a transcript with user and bot sides, stopping at a loop', () => {
  const board = normalizeBoard(
    {
      board: {
        root_messages: [],
        messages: [
          message('b', 'text', ['c']),
          message('a', 'user_reply', ['b']),
          message('c', 'quick_replies', ['d', 'x']),
          message('d', 'user_reply', ['b']),
        ],
      },
    },
    'mock',
  );
  assert.equal(board.shape, '2018');
  const graph = boardGraph(board);
  assert.deepEqual(
    graph.roots.map((m) => m.id),
    ['a'],
    'the only message nothing leads to',
  );
  const t = transcript(graph);
  assert.deepEqual(
    t.lines.map((l) => `${l.side}:${l.message.id}`),
    ['user:a', 'bot:b', 'bot:c', 'user:d'],
  );
  assert.equal(t.loopsTo, 'b');
  assert.deepEqual(t.forks, ['c']);
  assert.equal(transcript(graph, 'nope').lines.length, 0);
});

test('boards without roots or messages still walk or say why', () => {
  const cyclic = boardGraph(normalizeBoard({ board: { messages: [message('p', 'text', ['q']), message('q', 'text', ['p'])] } }, 'c'));
  assert.deepEqual(
    cyclic.roots.map((m) => m.id),
    ['p'],
    'all in a cycle: the first message',
  );
  assert.equal(transcript(cyclic).lines.length, 2);
  const empty = boardGraph(normalizeBoard({ board: { messages: [] } }, 'e'));
  assert.deepEqual(empty.roots, []);
  assert.throws(() => startWalk(empty), /no messages/);
  assert.throws(() => startWalk(cyclic, 'zz'), /No message zz/);
  assert.deepEqual(transcript(empty), { lines: [], forks: [], taken: [], loopsTo: undefined });
});

test('a mock board that forks: every branch can be read, the first where none is picked', () => {
  // a → b → (c | d); d → (e | f | missing)
  const graph = boardGraph(
    normalizeBoard(
      {
        board: {
          messages: [
            message('a', 'text', ['b']),
            message('b', 'user_reply', ['c', 'd']),
            message('c', 'text', []),
            message('d', 'text', ['e', 'f', 'zz']),
            message('e', 'user_reply', []),
            message('f', 'user_reply', []),
          ],
        },
      },
      'fork',
    ),
  );
  const ids = (picks: number[]) =>
    transcript(graph, undefined, picks)
      .lines.map((l) => l.message.id)
      .join('');
  assert.equal(ids([]), 'abc');
  assert.deepEqual(transcript(graph).forks, ['b']);
  assert.equal(ids([1]), 'abde');
  assert.equal(ids([1, 1]), 'abdf');
  assert.deepEqual(transcript(graph, undefined, [1, 1]), { ...transcript(graph, undefined, [1, 1]), forks: ['b', 'd'], taken: [1, 1] });
  assert.equal(ids([1, 7]), 'abdf', 'a pick past the last branch to a message takes the last');
  const ends = new Set([[0], [1, 0], [1, 1]].map((p) => ids(p).at(-1)));
  assert.deepEqual([...ends].sort(), ['c', 'e', 'f'], 'every end of the board is reached');
});
