import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  normalizeBoard,
  normalizeBoardSummary,
  normalizeDate,
  normalizeEntity,
  normalizeIntent,
  normalizeProject,
  normalizeTeam,
  normalizeVariable,
  parseSegments,
  slotRanges,
} from '../../../src/core/botmock';
import { v1, v2 } from './data';

test('dates: plain strings, v2 date objects, offsets and named zones all become UTC ISO', () => {
  assert.equal(normalizeDate('2017-08-24 02:54:09'), '2017-08-24T02:54:09.000Z');
  assert.equal(normalizeDate({ date: '2017-01-10 20:45:21.000000', timezone_type: 3, timezone: 'UTC' }), '2017-01-10T20:45:21.000Z');
  assert.equal(normalizeDate({ date: '2020-08-05 10:09:35.250000', timezone_type: 1, timezone: '+02:00' }), '2020-08-05T08:09:35.250Z');
  // New York is UTC-4 in August (daylight saving) and UTC-5 in January.
  assert.equal(
    normalizeDate({ date: '2020-08-05 10:00:00.000000', timezone_type: 3, timezone: 'America/New_York' }),
    '2020-08-05T14:00:00.000Z',
  );
  assert.equal(
    normalizeDate({ date: '2020-01-05 10:00:00.000000', timezone_type: 3, timezone: 'America/New_York' }),
    '2020-01-05T15:00:00.000Z',
  );
  assert.equal(normalizeDate('2020-10-27T13:47:10Z'), '2020-10-27T13:47:10.000Z');
  for (const bad of [undefined, null, '', 'yesterday', 42, { date: 'soon' }, { date: '2020-01-01 00:00:00', timezone: 'Mars/Olympus' }]) {
    assert.equal(normalizeDate(bad), undefined, JSON.stringify(bad));
  }
});

test('v1 examples: teams, projects, boards, intents, entities, variables', () => {
  const teams = v1.teams.map(normalizeTeam);
  assert.deepEqual(
    teams.map((t: any) => [t.id, t.name]),
    [
      ['38881', 'First Team'],
      ['133244', 'Second team'],
      ['183331', 'Third Team'],
    ],
  );
  assert.equal(teams[0].createdAt, '2017-01-10T20:45:21.000Z');
  assert.deepEqual(teams[0].problems, []);

  const projects = v1.projects.map(normalizeProject);
  assert.deepEqual(
    projects.map((p: any) => `${p.type}/${p.platform}/${p.shape}`),
    ['flow/google-actions/v1', 'flow/facebook/v1', 'mock/facebook/v1'],
  );
  assert.deepEqual(projects[0].channels, []);
  assert.equal(projects[2].updatedAt, '2017-07-19T21:20:57.000Z');

  const boards = v1.boards.map(normalizeBoardSummary);
  assert.equal(boards.length, 3);
  assert.deepEqual(boards[1], {
    ...boards[1],
    id: '5b810a20-3505-11e7-a0b2-2bc799a132cf',
    name: 'Untitled',
    isPrivate: false,
    projectId: '16f1c520-05c6-11e7-bc31-5554df9b496b',
  });

  const [intent] = v1.intents.map(normalizeIntent);
  assert.equal(intent.name, 'SelectProduct');
  assert.equal(intent.utterances.length, 6);
  assert.equal(intent.utterances[0].locale, undefined);
  const likeA = intent.utterances[2];
  assert.equal(likeA.text, 'I would like a %ProductName%');
  assert.deepEqual(likeA.segments, [
    { kind: 'text', text: 'I would like a ' },
    {
      kind: 'slot',
      text: '%ProductName%',
      name: 'ProductName',
      variableId: '9450ca70-2560-11e9-af2c-015ec1f36ff1',
      entityId: '85cdacd0-2560-11e9-8622-f736038e9f6f',
    },
  ]);
  assert.deepEqual(slotRanges(likeA.segments), [[15, 28]]);
  assert.deepEqual(intent.utterances[1].segments, [{ kind: 'text', text: 'wings' }]);

  const [entity] = v1.entities.map(normalizeEntity);
  assert.deepEqual(entity.values, [
    { locale: undefined, value: 'pizza', synonyms: ['meat lovers', 'veggie', 'greek'] },
    { locale: undefined, value: 'wings', synonyms: ['chicken wings', 'spicy wings', 'awesome wings'] },
  ]);

  const [variable] = v1.variables.map(normalizeVariable);
  assert.deepEqual(
    { name: variable.name, type: variable.type, defaultValue: variable.defaultValue, entity: variable.entity },
    { name: 'ProductName', type: 'text', defaultValue: 'pizza', entity: '85cdacd0-2560-11e9-8622-f736038e9f6f' },
  );
});

test('v1 board: object edges keep intent, action and condition; flat payloads become one block', () => {
  const board = normalizeBoard(v1.board, 'b1');
  assert.equal(board.shape, 'v1');
  assert.equal(board.messages.length, 2);
  assert.deepEqual(board.rootIds, ['6af54577-593a-436a-866f-11be95c55b64']);
  assert.equal(board.createdAt, '2017-09-20T23:47:47.000Z');
  const [first, ask] = board.messages;
  assert.deepEqual(first!.blocks, [], 'an empty payload has no content');
  assert.deepEqual(first!.next[0]!.action, { title: 'Click to edit', type: 'custom', payload: 'CLICK_TO_EDIT', url: undefined });
  assert.equal(first!.next[0]!.intent, undefined, 'an empty intent is no intent');
  assert.equal(ask!.name, 'Ask');
  assert.equal(ask!.blocks[0]!.text, 'What would you like me to do? List object or create object?');
  const [create, list] = ask!.next;
  assert.deepEqual(create!.intent, { id: '57c694c0-1620-11e9-a7a9-c737e119ebc2', name: 'CreateObject' });
  assert.deepEqual(create!.condition, {
    combinator: 'and',
    negated: false,
    rules: [{ field: 'aed6d0a0-161f-11e9-a3c8-71dcddbc03ea', operator: '=', value: '2' }],
  });
  assert.equal(list!.condition, undefined);
  assert.deepEqual(ask!.previousIds.length, 3);
});

test('v2 recorded project: counts, locales, and every message type', () => {
  const board = normalizeBoard(v2.board, 'board');
  assert.equal(board.shape, 'v2');
  assert.equal(board.messages.length, 16);
  assert.equal(v2.intents.map(normalizeIntent).length, 13);
  assert.equal(v2.entities.map(normalizeEntity).length, 2);
  assert.equal(v2.variables.map(normalizeVariable).length, 4);

  const project = normalizeProject(v2.project);
  assert.deepEqual(
    { type: project.type, platform: project.platform, channels: project.channels, locales: project.locales, shape: project.shape },
    { type: 'flow', platform: 'generic', channels: ['generic'], locales: ['en'], shape: 'v2' },
  );
  assert.equal(project.createdAt, '2020-08-05T10:09:35.000Z');

  const types = new Set(board.messages.map((m) => m.type));
  assert.deepEqual([...types].sort(), ['button', 'generic', 'image', 'location', 'text', 'user_reply', 'webview']);
  assert.ok(
    board.messages.every((m) => m.known && m.problems.length === 0),
    'nothing unexpected in a real project',
  );
  assert.ok(board.messages.every((m) => m.variants[0]!.locale === 'en' && m.variants[0]!.channel === 'generic'));

  const byId = new Map(board.messages.map((m) => [m.id.slice(0, 8), m]));
  const carousel = byId.get('4b53a416')!.blocks[0]!;
  assert.equal(carousel.type, 'generic');
  assert.deepEqual(
    carousel.elements.map((c) => c.title),
    ['Clothing', 'Accessories'],
  );
  assert.equal(carousel.elements[0]!.url, 'http://botmock.com');
  assert.deepEqual(carousel.elements[0]!.buttons, [{ title: 'See this deal', type: 'text', payload: 'SEE_THIS_DEAL', url: undefined }]);
  assert.equal(byId.get('7db233d4')!.blocks[0]!.imageUrl, 'https://botmock.s3.amazonaws.com/1596634632.png');
  assert.equal(byId.get('d99da98f')!.blocks[0]!.audioUrl, 'https://botmock.s3.amazonaws.com/1596633611.mp3');
  assert.deepEqual(
    byId.get('7867d134')!.blocks[0]!.buttons.map((b) => b.title),
    ['BUTTON1', 'BUTTON2'],
  );
  const location = byId.get('06c9b7f5')!.blocks[0]!;
  assert.deepEqual([location.title, location.address], ['Botmock Office', '430 Sweetflag St, Ottawa, ON']);
  const webview = byId.get('a8687213')!.blocks[0]!;
  assert.deepEqual(
    [webview.title, webview.imageUrl, webview.raw.height],
    ['Webview Title', 'https://botmock.s3.amazonaws.com/1596635359.png', 'full'],
  );
  assert.deepEqual(byId.get('2e1a7bec')!.blocks[0]!.alternates, ['Second text']);
  assert.equal(byId.get('4da3f21f')!.fromUser, true);
  assert.equal(byId.get('c38a0990')!.name, 'Starting Point');

  const pill = byId.get('3b517bd5')!.blocks[0]!;
  assert.deepEqual(
    pill.segments.map((s) => (s.kind === 'slot' ? s.variableId : s.text)),
    ['You have choosen ', 'ef73e320-d7ba-11ea-8779-8f3d0237b4e1', ' pill'],
  );
});

test('v2 recorded board: blocks copied from connected messages are left to their own message', () => {
  const board = normalizeBoard(v2.board, 'board');
  const byId = new Map(board.messages.map((m) => [m.id.slice(0, 8), m]));
  assert.deepEqual(
    byId.get('d6bdc304')!.blocks.map((b) => b.text),
    ['BotMessage1'],
  );
  assert.deepEqual(
    byId.get('02222e22')!.blocks.map((b) => b.type),
    ['button'],
  );
  assert.deepEqual(
    byId.get('4da3f21f')!.blocks.map((b) => b.type),
    ['user_reply'],
  );
  // The raw payload still has them.
  assert.equal((byId.get('d6bdc304')!.raw as any).payload.en.generic.blocks.length, 3);
});

test('v2 intents and entities: locale-keyed utterances, slots and synonyms', () => {
  const intents = v2.intents.map(normalizeIntent);
  const pill = intents.find((i: any) => i.name === 'INTENT_PILL_TYPE')!;
  assert.equal(pill.utterances[0].locale, 'en');
  assert.deepEqual(pill.utterances[0].segments, [
    {
      kind: 'slot',
      text: '%VARIABLE_PILL%',
      name: 'VARIABLE_PILL',
      variableId: 'ef73e320-d7ba-11ea-8779-8f3d0237b4e1',
      entityId: '076316a0-d7ba-11ea-b8b9-635fb1b76a22',
    },
  ]);
  assert.deepEqual(pill.slots, [
    { id: 'cc35685a-21ef-43af-baf5-f5c89df4e2b5', variableId: 'ef73e320-d7ba-11ea-8779-8f3d0237b4e1', required: false, prompt: undefined },
  ]);
  const audio = intents.find((i: any) => i.name === 'INTENT_AUDIO')!;
  assert.deepEqual(
    audio.utterances.map((u: any) => u.text),
    ['audio', ''],
    'an empty utterance is kept',
  );
  assert.equal(
    intents.reduce((n: number, i: any) => n + i.utterances.length, 0),
    18,
  );

  const pillEntity = normalizeEntity(v2.entities[0]);
  assert.deepEqual(pillEntity.values, [
    { locale: 'en', value: 'Red', synonyms: ['red', 'RED'] },
    { locale: 'en', value: 'Blue', synonyms: ['blue', 'BLUE'] },
  ]);
  const odd = normalizeVariable(v2.variables[0]);
  assert.equal(odd.name, 'temp var,%');
  assert.equal(odd.entity, undefined);
});

test('slots: names from the sent variables win; other %name% runs are found by pattern; plain % is text', () => {
  assert.deepEqual(parseSegments('book %temp var,% now', [{ name: '%temp var,%', start_index: 5, id: 'v1' }]), [
    { kind: 'text', text: 'book ' },
    { kind: 'slot', text: '%temp var,%', name: 'temp var,', variableId: 'v1', entityId: undefined },
    { kind: 'text', text: ' now' },
  ]);
  assert.deepEqual(
    parseSegments('from %city% to %Dest%', [])
      .filter((s) => s.kind === 'slot')
      .map((s) => s.text),
    ['%city%', '%Dest%'],
  );
  assert.deepEqual(parseSegments('100% sure, 50% off'), [{ kind: 'text', text: '100% sure, 50% off' }]);
  // A start_index that does not match the text is not trusted; the pattern still finds the slot.
  assert.deepEqual(slotRanges(parseSegments('a %x%', [{ name: '%x%', start_index: 9 }])), [[2, 5]]);
  for (const t of ['', '%', '%%', '%a%%b%', 'x%y%z']) {
    assert.equal(
      parseSegments(t)
        .map((s) => s.text)
        .join(''),
      t,
      `segments of ${JSON.stringify(t)} give the text back`,
    );
  }
});

test('2018 board: plain string edges, unknown types and missing fields are kept, never a crash', () => {
  const board = normalizeBoard(
    {
      board: {
        root_messages: ['m1'],
        messages: [
          {
            message_id: 'm1',
            message_type: 'user_reply',
            next_message_ids: ['m2'],
            previous_message_ids: [],
            is_root: true,
            payload: { text: 'Hi' },
          },
          { message_id: 'm2', message_type: 'hologram', next_message_ids: ['m3', ''], previous_message_ids: ['m1'], payload: { beam: 3 } },
          { message_type: 'text', next_message_ids: 'nope', payload: 'oops' },
          'garbage',
        ],
      },
    },
    'old',
  );
  assert.equal(board.shape, '2018');
  assert.equal(board.messages.length, 4);
  const [m1, m2, noId, garbage] = board.messages;
  assert.deepEqual(m1!.next, [{ to: 'm2' }]);
  assert.equal(m1!.fromUser, true);
  assert.equal(m1!.blocks[0]!.text, 'Hi');
  assert.equal(m2!.type, 'hologram');
  assert.equal(m2!.known, false);
  assert.equal(m2!.blocks[0]!.raw.beam, 3, 'the unknown content is kept');
  assert.match(m2!.problems.join('\n'), /hologram/);
  assert.match(m2!.problems.join('\n'), /1 connection\(s\) without a target/);
  assert.deepEqual(m2!.previousIds, ['m1']);
  assert.equal(noId!.id, '#3');
  assert.match(noId!.problems.join('\n'), /no id/);
  assert.match(noId!.problems.join('\n'), /payload is not an object/);
  assert.equal(garbage!.type, 'unknown');
  assert.match(garbage!.problems.join('\n'), /not an object/);

  for (const nonsense of [null, undefined, 'x', 42, [], { board: null }, { board: { messages: {} } }]) {
    const b = normalizeBoard(nonsense, 'n');
    assert.equal(b.messages.length, 0);
    assert.ok(b.problems.length > 0, `problems reported for ${JSON.stringify(nonsense)}`);
  }
  const team = normalizeTeam({ name: 'No id' });
  assert.deepEqual(team.problems, ['team has no id']);
  assert.deepEqual(normalizeProject(7).problems, ['project is not an object', 'project has no id']);
});
