import { test } from 'node:test';
import assert from 'node:assert/strict';
import { normalizeBoard, normalizeEntity, normalizeIntent, normalizeVariable } from '../../../src/core/botmock';
import { buildSuite, exportBoard, type BoardExport } from '../../../src/core/convo';
import { botmockWorld } from '../../../src/emulator/demo/botmock';
import { v1, v2 } from '../botmock/data';

const flow = () =>
  exportBoard({
    board: normalizeBoard(v2.board, 'c38a2d10'),
    boardName: 'Main flow',
    projectType: 'flow',
    projectName: v2.project.name,
    intents: v2.intents.map(normalizeIntent),
    variables: v2.variables.map(normalizeVariable),
    entities: v2.entities.map(normalizeEntity),
  });
const file = (out: BoardExport, name: string) => out.files.find((f) => f.name === name)?.text;
/** The sections of a file, without its name and description. */
const body = (text: string | undefined) => text!.slice(text!.indexOf('\n#')).trim();

test('flow board (v2): one test per path from the root, named by its intents and buttons; the files parse back', () => {
  const out = flow();
  assert.equal(out.tests, 12);
  assert.deepEqual(
    out.files.map((f) => f.name),
    [
      'Main flow - INTENT_AUDIO - Audio.convo.txt',
      'Main flow - INTENT_IMAGE - Image.convo.txt',
      'Main flow - INTENT_BUTTON - Buttons.convo.txt',
      'Main flow - INTENT_LOCATION - location.convo.txt',
      'Main flow - INTENT_WEBVIEW - WebView.convo.txt',
      'Main flow - INTENT_CAROUSEL - Carousel.convo.txt',
      'Main flow - INTENT_ALTERNATIVES - Alternative Responses.convo.txt',
      'Main flow - INTENT_LOOP - Intent Loop.convo.txt',
      'Main flow - INTENT_VARIABLE - Variable - INTENT_PILL_TYPE.convo.txt',
      'Main flow - INTENT_BRANCHING_BY_BOT - Branching by Bot.convo.txt',
      'Main flow - INTENT_BRANCHING_BY_BOT - Branching by Bot (2).convo.txt',
      'Main flow - INTENT_TEST.convo.txt',
      'ALT_BOT_SAYS_2e1a7bec.utterances.txt',
    ],
  );
  const suite = buildSuite(out.files.map((f) => ({ file: f.name, text: f.text })));
  assert.deepEqual([...suite.problems, ...suite.entries.flatMap((e) => e.problems)], []);
  assert.equal(suite.tests.length, 12);
  assert.equal(suite.tests[0]!.name, 'Main flow - INTENT_AUDIO - Audio');
  assert.match(
    file(out, 'Main flow - INTENT_AUDIO - Audio.convo.txt')!,
    /^Main flow - INTENT_AUDIO - Audio\nExported from the Botmock board "Main flow" of project "Botium Exporter Test"\.\nPath: Starting Point → Bot Says\n/,
  );
});

test('flow board: user turns from intents’ first utterances, bot turns as text, BUTTONS, MEDIA and CARDS', () => {
  const out = flow();
  assert.equal(
    body(file(out, 'Main flow - INTENT_AUDIO - Audio.convo.txt')),
    '#me\naudio\n\n#bot\nYour text here',
    'the empty start point says nothing',
  );
  assert.equal(body(file(out, 'Main flow - INTENT_BUTTON - Buttons.convo.txt')), '#me\nbutton\n\n#bot\nChoose\nBUTTONS BUTTON1|BUTTON2');
  assert.equal(
    body(file(out, 'Main flow - INTENT_IMAGE - Image.convo.txt')),
    '#me\nimage\n\n#bot\nMEDIA https://botmock.s3.amazonaws.com/1596634632.png',
  );
  assert.equal(
    body(file(out, 'Main flow - INTENT_CAROUSEL - Carousel.convo.txt')),
    '#me\ncarousel\n\n#bot\nCARDS Clothing|Accessories\n' +
      'MEDIA https://botmock.s3.amazonaws.com/1596624373.png|https://botmock.s3.amazonaws.com/1596624440.png\n' +
      'BUTTONS See this deal',
  );
  assert.equal(body(file(out, 'Main flow - INTENT_TEST.convo.txt')), '#me\ntest\n\n#bot\ntest', 'an action of "*" is no button');
});

test('flow board: a loop is shown once more and cut; bot-only branches are paths of their own', () => {
  const out = flow();
  assert.equal(
    body(file(out, 'Main flow - INTENT_LOOP - Intent Loop.convo.txt')),
    '#me\nloop\n\n#bot\nHere are one looping option you can choose:\nBUTTONS Show buttons again\n\n' +
      '#me\nShow buttons again\n\n#bot\nHere are one looping option you can choose:\nBUTTONS Show buttons again',
  );
  assert.equal(
    body(file(out, 'Main flow - INTENT_BRANCHING_BY_BOT - Branching by Bot.convo.txt')),
    '#me\nbranching by bot\n\n#bot\nBotMessage1\n\n#bot\nBotmessage 2/1',
  );
  assert.equal(
    body(file(out, 'Main flow - INTENT_BRANCHING_BY_BOT - Branching by Bot (2).convo.txt')),
    '#me\nbranching by bot\n\n#bot\nBotMessage1\n\n#bot\nBotmessage 2/2',
  );
});

test('flow board: %variables% are wildcards for the bot, filled for the user; alternative wordings become an utterance list', () => {
  const out = flow();
  // INTENT_PILL_TYPE's utterance is "%VARIABLE_PILL%", a variable of the entity whose first value is "Red".
  assert.equal(
    body(file(out, 'Main flow - INTENT_VARIABLE - Variable - INTENT_PILL_TYPE.convo.txt')),
    '#me\nvariable\n\n#bot\nRed or blue pill?\n\n#me\nRed\n\n#bot\nYou have choosen * pill',
  );
  assert.equal(
    body(file(out, 'Main flow - INTENT_ALTERNATIVES - Alternative Responses.convo.txt')),
    '#me\nalternatives\n\n#bot\nALT_BOT_SAYS_2e1a7bec',
  );
  assert.equal(file(out, 'ALT_BOT_SAYS_2e1a7bec.utterances.txt'), 'ALT_BOT_SAYS_2e1a7bec\nFirst text\nSecond text\n');
  const suite = buildSuite(out.files.map((f) => ({ file: f.name, text: f.text })));
  const alt = suite.tests.find((t) => t.name.includes('ALTERNATIVES'))!;
  assert.deepEqual(alt.steps[1]!.utterances, ['First text', 'Second text']);
});

test('mock board (v1): one conversation along the first branches; a button-only branch is clicked', () => {
  const out = exportBoard({
    board: normalizeBoard(v1.board, 'b'),
    boardName: 'Kindly board',
    projectType: 'mock',
    intents: v1.intents.map(normalizeIntent),
    variables: [],
    entities: [],
  });
  assert.deepEqual(
    out.files.map((f) => f.name),
    ['Kindly board.convo.txt'],
  );
  assert.equal(
    file(out, 'Kindly board.convo.txt'),
    'Kindly board\nExported from the Botmock board "Kindly board".\n\n#me\nBUTTON CLICK_TO_EDIT|Click to edit\n\n' +
      '#bot\nWhat would you like me to do? List object or create object?\n',
  );
  const suite = buildSuite(out.files.map((f) => ({ file: f.name, text: f.text })));
  assert.deepEqual(
    suite.tests[0]!.steps[0]!.inputs.map((i) => i.args),
    [['CLICK_TO_EDIT', 'Click to edit']],
  );
});

test('2018 board (plain id links) in a flow project: the same paths as its v1 original', () => {
  const legacy = botmockWorld().teams[0]!.projects.find((p) => p.project.name === 'Order Bot (2018)')!;
  const board = normalizeBoard(legacy.boards[0]!.board, 'legacy');
  assert.equal(board.shape, '2018');
  const out = exportBoard({ board, boardName: 'Orders', projectType: 'flow', intents: [], variables: [], entities: [] });
  assert.equal(out.tests, 1);
  assert.equal(
    body(out.files[0]!.text),
    '#bot\nWhat would you like me to do? List object or create object?',
    'links of the oldest shape carry no button',
  );
  assert.equal(out.files[0]!.name, 'Orders.convo.txt');
});

test('texts that the format would misread are escaped; paths beyond the limit are noted', () => {
  const message = (id: string, text: string, next: string[], root = false) => ({
    message_id: id,
    message_type: 'text',
    is_root: root,
    next_message_ids: next.map((to) => ({ message_id: to, action: { title: `to ${to}`, payload: to }, intent: '' })),
    previous_message_ids: [],
    payload: { text },
  });
  const board = normalizeBoard(
    { board: { root_messages: ['r'], messages: [message('r', '', ['a']), message('a', '!Important: read\n\nthis', [])] } },
    'x',
  );
  const out = exportBoard({ board, boardName: 'Odd / name?', projectType: 'flow', intents: [], variables: [], entities: [] });
  assert.equal(out.files[0]!.name, 'Odd _ name_ - to a.convo.txt');
  assert.equal(body(out.files[0]!.text), '#me\nBUTTON a|to a\n\n#bot\n!!Important: read\nthis');
  const parsed = buildSuite(out.files.map((f) => ({ file: f.name, text: f.text }))).tests[0]!;
  assert.equal(parsed.steps[1]!.text, '!Important: read\nthis');
  assert.equal(parsed.steps[1]!.not, false);

  // Ten binary choices in a row: 1,024 paths.
  const messages = [message('m0', 'start', ['m1a', 'm1b'], true)];
  for (let i = 1; i <= 10; i++)
    for (const side of ['a', 'b']) messages.push(message(`m${i}${side}`, `step ${i}${side}`, i < 10 ? [`m${i + 1}a`, `m${i + 1}b`] : []));
  const wide = exportBoard({
    board: normalizeBoard({ board: { root_messages: ['m0'], messages } }, 'w'),
    boardName: 'Wide',
    projectType: 'flow',
    intents: [],
    variables: [],
    entities: [],
  });
  assert.equal(wide.tests, 500);
  assert.deepEqual(wide.notes, ['The board has more than 500 paths: only the first 500 were exported.']);
});
