import assert from 'node:assert/strict';
import { test } from 'node:test';
import { BoardViewer } from '../../../media/chat/board';
import { normalizeBoard, normalizeEntity, normalizeIntent, normalizeVariable } from '../../../src/core/botmock';
import { messageBubbles, withVariableChips } from '../../../src/core/render/botmock';
import { textOf, walk } from '../../../src/core/render/model';
import { renderPayload } from '../../../src/core/render/payload';
import type { BoardView } from '../../../src/webviews/chat/protocol';
import { v1, v2 } from '../botmock/data';

const v2View = (kind: string): BoardView => ({
  kind,
  board: normalizeBoard(v2.board, 'board-1'),
  intents: v2.intents.map(normalizeIntent),
  entities: v2.entities.map(normalizeEntity),
  variables: v2.variables.map(normalizeVariable),
});
const rendered = (payload: unknown) => renderPayload(payload, { interactive: false });

test('every message type of the recorded v2 project is drawn, none falls back to JSON', () => {
  const board = normalizeBoard(v2.board, 'board-1');
  const types = new Set<string>();
  for (const message of board.messages) {
    for (const block of message.blocks) types.add(block.type);
    for (const bubble of messageBubbles(message)) {
      const out = rendered(bubble.payload);
      const classes = [...walk(out)].map((e) => e.className);
      assert.ok(!classes.includes('payload payload-json'), `${message.type}: ${textOf(out)}`);
    }
  }
  assert.deepEqual([...types].sort(), ['button', 'generic', 'image', 'location', 'text', 'user_reply', 'webview']);
  const byType = (t: string) => board.messages.find((m) => m.type === t)!;
  const carousel = rendered(messageBubbles(byType('generic'))[0].payload);
  assert.equal([...walk(carousel)].filter((e) => e.className === 'payload payload-card').length, 2);
  assert.match(textOf(carousel), /Clothing.*See this deal.*Accessories/);
  const buttons = rendered(messageBubbles(board.messages.find((m) => m.name === 'Button' && m.next.length === 0)!)[0].payload);
  assert.deepEqual([...walk(buttons)].filter((e) => e.tag === 'button').map(textOf), ['BUTTON1', 'BUTTON2']);
  const location = rendered(messageBubbles(byType('location'))[0].payload);
  assert.match(textOf(location), /Botmock Office.*430 Sweetflag St/);
  const withAudio = board.messages.find((m) => m.blocks[0]?.audioUrl)!;
  assert.equal([...walk(rendered(messageBubbles(withAudio)[0].payload))].filter((e) => e.tag === 'audio').length, 1);
  const alternates = rendered(messageBubbles(board.messages.find((m) => m.blocks[0]?.alternates.length)!)[0].payload);
  assert.match(textOf(alternates), /First text.*or:.*Second text/);
  const user = board.messages.find((m) => m.fromUser)!;
  assert.equal(messageBubbles(user)[0].side, 'user');
});

test('a flow board is walked: labelled branches, choose, step back, end of path', () => {
  const viewer = new BoardViewer(v2View('flow'));
  let state = viewer.state();
  assert.equal(state.canStepBack, false);
  assert.deepEqual(state.items, [], 'the start point says nothing: no "(no content)" bubble');
  assert.equal(state.path, 'Starting Point');
  const audio = state.choices.find((c) => c.label.includes('INTENT_AUDIO'))!;
  assert.equal(audio.kind, 'branch');
  assert.match(audio.label, /intent INTENT_AUDIO · button "Audio"/);
  viewer.choose(audio);
  state = viewer.state();
  assert.equal(state.canStepBack, true);
  assert.equal(state.note, 'End of this path.');
  assert.equal(state.choices.length, 0);
  const via = state.items.find((i) => i.id.endsWith(':via'))!;
  assert.equal(via.side, 'user');
  assert.match(textOf(rendered(via.payload)), /^Audio.*intent INTENT_AUDIO/, 'the button the user clicked, over the full label');
  assert.equal(state.path, 'Starting Point › Audio', 'the breadcrumb says what was chosen, not block types');
  assert.equal(new Set(state.items.map((i) => i.id)).size, state.items.length);
  viewer.stepBack();
  assert.equal(viewer.state().canStepBack, false);
  assert.equal(viewer.state().choices.length, 11);
  assert.ok(viewer.state().choices.some((c) => c.key === audio.key));
});

test('a loop on a flow board can be walked round and back, ids stay unique', () => {
  const viewer = new BoardViewer(v2View('flow'));
  viewer.choose(viewer.state().choices.find((c) => c.label.includes('INTENT_LOOP'))!);
  for (let i = 0; i < 4; i++) viewer.choose(viewer.state().choices[0]);
  const state = viewer.state();
  assert.equal(
    state.path,
    'Starting Point › Intent Loop › “Show buttons again” › “Here are one looping option you…” › ' +
      '“Show buttons again” › “Here are one looping option you…”',
  );
  assert.ok(!state.path.includes('Bot Says') && !state.path.includes('Button ›'));
  assert.ok(state.items.every((i) => !/no content/.test(textOf(rendered(i.payload)))));
  assert.equal(new Set(state.items.map((i) => i.id)).size, state.items.length);
});

test('a mock board reads as a transcript from its root, user and bot sides', () => {
  const raw = {
    board: {
      root_messages: ['m1'],
      messages: [
        { message_id: 'm1', message_type: 'text', is_root: true, next_message_ids: ['m2'], payload: { text: 'Hi! Want pizza?' } },
        { message_id: 'm2', message_type: 'user_reply', next_message_ids: ['m3'], payload: { text: 'Yes please' } },
        {
          message_id: 'm3',
          message_type: 'quick_replies',
          next_message_ids: ['m4', 'm1'],
          payload: {
            text: 'Size?',
            quick_replies: [
              { title: 'Small', payload: 'S' },
              { title: 'Large', payload: 'L' },
            ],
          },
        },
        { message_id: 'm4', message_type: 'receipt', next_message_ids: ['m1'], payload: { recipient_name: 'Ann' } },
      ],
    },
  };
  const board = normalizeBoard(raw, 'b');
  assert.equal(board.shape, '2018');
  const viewer = new BoardViewer({ kind: 'mock', board, intents: [], entities: [], variables: [] });
  const state = viewer.state();
  assert.deepEqual(
    state.items.map((i) => i.side),
    ['bot', 'user', 'bot', 'bot'],
  );
  const quick = rendered(state.items[2].payload);
  assert.deepEqual([...walk(quick)].filter((e) => e.tag === 'button').map(textOf), ['Small', 'Large']);
  assert.match(textOf(rendered(state.items[3].payload)), /unknown type “botmock:receipt”[\s\S]*recipient_name/);
  assert.match(state.note ?? '', /forks at 1 message.*loops back to/);
});

test('the v1 documentation board and an empty board', () => {
  const board = normalizeBoard(v1.board, 'b1');
  const viewer = new BoardViewer({ kind: 'mock', board, intents: [], entities: [], variables: [] });
  const state = viewer.state();
  assert.ok(state.items.length > 0);
  for (const item of state.items) assert.ok(textOf(rendered(item.payload)).length > 0);
  assert.ok(
    state.items.every((i) => !/no content/.test(textOf(rendered(i.payload)))),
    'the empty start point shows no bubble',
  );
  assert.equal(state.path, '', 'a transcript has no heading of block types');
  assert.match(textOf(rendered(state.items.find((i) => i.side === 'bot')!.payload)), /What would you like me to do/);
  const empty = new BoardViewer({
    kind: 'flow',
    board: normalizeBoard({ board: { messages: [] } }, 'e'),
    intents: [],
    entities: [],
    variables: [],
  });
  assert.equal(empty.state().note, 'This board has no messages.');
});

test('a variable in a board message is shown as a chip, as in the intents glossary', () => {
  const board = normalizeBoard(v2.board, 'board-1');
  const message = board.messages.find((m) => m.blocks.some((b) => b.text?.includes('%VARIABLE_PILL%')))!;
  const tree = withVariableChips(rendered(messageBubbles(message)[0].payload));
  const chips = [...walk(tree)].filter((e) => e.className === 'slot');
  assert.deepEqual(chips.map(textOf), ['%VARIABLE_PILL%']);
  assert.match(textOf(tree), /You have choosen %VARIABLE_PILL% pill/, 'the text around it unchanged');
  const code = withVariableChips(rendered({ type: 'markdown', markdown: '`%X%` and %Y%' }));
  assert.deepEqual([...walk(code)].filter((e) => e.className === 'slot').map(textOf), ['%Y%'], 'code stays as written');
});

test('a mock board that forks offers its other branches, and reads each one', () => {
  const text = (id: string, next: string[], body: string, type = 'text') => ({
    message_id: id,
    message_type: type,
    next_message_ids: next,
    payload: { text: body },
  });
  const raw = {
    board: {
      root_messages: ['m1'],
      messages: [
        text('m1', ['m2', 'm3'], 'Pizza or pasta?'),
        text('m2', ['m4'], 'Pizza', 'user_reply'),
        text('m3', ['m5'], 'Pasta', 'user_reply'),
        text('m4', [], 'One pizza coming'),
        text('m5', [], 'Pasta it is'),
      ],
    },
  };
  const viewer = new BoardViewer({ kind: 'mock', board: normalizeBoard(raw, 'b'), intents: [], entities: [], variables: [] });
  const said = () => viewer.state().items.map((i) => textOf(rendered(i.payload)).trim());
  assert.deepEqual(said(), ['Pizza or pasta?', 'Pizza', 'One pizza coming']);
  const state = viewer.state();
  assert.match(state.note ?? '', /forks at 1 message/);
  assert.equal(state.canStepBack, false);
  const other = state.choices.filter((c) => c.kind === 'branch');
  assert.equal(other.length, 1, JSON.stringify(other));
  assert.match(other[0]!.label, /Pizza or pasta/);
  viewer.choose(other[0]!);
  assert.deepEqual(said(), ['Pizza or pasta?', 'Pasta', 'Pasta it is']);
  assert.ok(viewer.state().canStepBack);
  assert.ok(
    viewer.state().choices.some((c) => c.kind === 'branch'),
    'the first branch is offered back',
  );
  viewer.stepBack();
  assert.deepEqual(said(), ['Pizza or pasta?', 'Pizza', 'One pizza coming']);
});
