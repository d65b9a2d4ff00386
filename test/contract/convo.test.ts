// Conversation tests end to end over the command line: a board of the emulator's demo Botmock project is
// read through the product's Botmock client and exported, hand-written tests sit beside it, and
// `botpress-toolkit test` runs them all against the demo echo bot over the Chat API.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, test } from 'node:test';
import { Client } from '@botpress/client';
import { BotmockClient } from '../../src/api/botmock';
import { HttpClient } from '../../src/api/http';
import { exportBoard } from '../../src/core/convo';
import { startEmulator, type Emulator } from '../../src/emulator';
import { bundleBot, sdkDir } from './sdk';

const root = path.join(__dirname, '..', '..');
let emu: Emulator;
let chatUrl: string;
let dir: string;
/** The official SDK's demo bot (test/fixtures/sdk/runtime-bot), bundled as `bp bundle` does. */
let sdkBotCode: string;

/** Runs the built command line; resolves with its exit status and output. */
function cli(...args: string[]): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [path.join(root, 'dist', 'cli.js'), ...args], { cwd: dir });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d));
    child.stderr.on('data', (d: Buffer) => (stderr += d));
    child.on('exit', (status) => resolve({ status, stdout, stderr }));
  });
}

const write = (file: string, text: string) => {
  fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
  fs.writeFileSync(path.join(dir, file), text);
};

before(async () => {
  sdkBotCode = await bundleBot(path.join(sdkDir, 'runtime-bot'));
  emu = await startEmulator({ seed: 'demo', replyDelayMs: [20, 40], runtime: { timeoutMs: 10_000 } });
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bp-convo-'));

  // The bot's Chat API address, read as a user would: the webhook of its chat integration.
  const cloud = new Client({ apiUrl: emu.url, token: emu.token });
  const { workspaces } = await cloud.listWorkspaces({});
  const acme = workspaces.find((w) => w.name === 'Acme Support')!;
  const { bots } = await new Client({ apiUrl: emu.url, token: emu.token, workspaceId: acme.id }).listBots({ dev: true });
  const { bot } = await new Client({ apiUrl: emu.url, token: emu.token, workspaceId: acme.id }).getBot({
    id: bots.find((b) => b.name === 'support-bot')!.id,
  });
  chatUrl = `${emu.url}/chat/${Object.values(bot.integrations).find((i) => i.name === 'chat')!.webhookId}`;

  // The demo's flow board, through the product's Botmock client, exported to files.
  const http = new HttpClient();
  const botmock = new BotmockClient({ apiUrl: `${emu.url}/botmock/api`, token: emu.token, http });
  const [team] = await botmock.listTeams();
  const project = (await botmock.listProjects(team!.id)).find((p) => p.type === 'flow' && p.shape === 'v2')!;
  const ref = { teamId: team!.id, projectId: project.id };
  const [summary] = await botmock.listBoards(ref);
  const [board, intents, variables, entities] = await Promise.all([
    botmock.getBoard({ ...ref, boardId: summary!.id }),
    botmock.listIntents(ref),
    botmock.listVariables(ref),
    botmock.listEntities(ref),
  ]);
  await http.close();
  const exported = exportBoard({
    board,
    boardName: summary!.name,
    projectType: project.type,
    projectName: project.name,
    intents,
    variables,
    entities,
  });
  for (const f of exported.files) write(path.join('board', f.name), f.text);

  write('echo/greeting.convo.txt', 'Greeting\n\n#me\nhello there\n\n#bot\nYou said: HELLO *\n');
  write(
    'echo/rich.convo.txt',
    'Rich replies\n\n#me\nshow me a choice and an image\n\n#bot\nyou said: *\n\n' +
      '#bot\nMEDIA data:image/*\n\n#bot\nBUTTONS Track an order|Return an item\n!MEDIA\n',
  );
  write('echo/utterances.convo.txt', 'Any greeting\n#me\nUTT_GREET\n#bot\nUTT_ECHO\n');
  write('echo/greet.utterances.txt', 'UTT_GREET\nhi\ngood morning\n');
  write('echo/echo.utterances.txt', 'UTT_ECHO\nYou said: hi\nYou said: good *\n');
  write('echo/login.pconvo.txt', 'Login\n#me\nlog me in\n#bot\nyou said: log me in\n');
  write('echo/include.convo.txt', 'With a partial convo\n#include Login\n#me\nthanks\n#bot\n?Welcome back\n#bot\nYou said: thanks\n');
  write('echo/wrong.convo.txt', 'Deliberately wrong\n\n#me\nhi\n\n#bot\nGoodbye\n');
  write('echo/no-reply.convo.txt', 'Waits for a second answer\n#me\nhi\n#bot\nYou said: hi\n#bot\nanything\n');
});

after(async () => {
  await emu?.close();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

test('hand-written tests against the echo bot: the right ones pass, the wrong one fails with expected and actual', async () => {
  const r = await cli('test', 'echo', '--chat-url', chatUrl, '--concurrency', '3', '--timeout', '1.5', '--junit', 'report.xml');
  assert.equal(r.status, 1, r.stdout + r.stderr);
  const lines = r.stdout.trim().split('\n');
  const file = (name: string) => path.join('echo', name);
  assert.deepEqual(lines, [
    `ok - Greeting (${file('greeting.convo.txt')})`,
    `ok - With a partial convo (${file('include.convo.txt')})`,
    `not ok - Waits for a second answer (${file('no-reply.convo.txt')}:6): expected "anything", actual "(no message)"`,
    `ok - Rich replies (${file('rich.convo.txt')})`,
    `ok - Any greeting/UTT_GREET-L1 (${file('utterances.convo.txt')})`,
    `ok - Any greeting/UTT_GREET-L2 (${file('utterances.convo.txt')})`,
    `not ok - Deliberately wrong (${file('wrong.convo.txt')}:7): expected "Goodbye", actual "You said: hi"`,
    '5 passed, 2 failed',
  ]);
  const junit = fs.readFileSync(path.join(dir, 'report.xml'), 'utf8');
  assert.match(junit, /<testsuites tests="7" failures="2" errors="0"/);
  assert.match(
    junit,
    /<testcase name="Deliberately wrong" classname="echo\/wrong.convo.txt" time="[\d.]+">\n {4}<failure message="Expected the bot to say &quot;Goodbye&quot;, it said &quot;You said: hi&quot;.">/,
  );
  assert.match(junit, /expected:\nGoodbye\n\nactual:\nYou said: hi\n\nat echo\/wrong.convo.txt:7<\/failure>/);
});

test(
  'a board exported from the demo Botmock project, run against the echo bot: ' + 'what it echoes passes, the rest fails showing the design',
  async () => {
    const r = await cli('test', 'board', '--chat-url', chatUrl, '--concurrency', '8', '--timeout', '2');
    assert.equal(r.status, 1, r.stderr);
    const lines = r.stdout.trim().split('\n');
    assert.equal(lines.at(-1), '1 passed, 11 failed');
    // The design's "test" answer is what the echo bot says back ("You said: test" contains it).
    assert.ok(
      lines.includes(`ok - Main flow - INTENT_TEST (${path.join('board', 'Main flow - INTENT_TEST.convo.txt')})`),
      lines.join('\n'),
    );
    // Each user turn said the intent's first utterance, which the bot echoed; the design's answer is the expectation.
    const button = lines.find((l) => l.startsWith('not ok - Main flow - INTENT_BUTTON - Buttons'))!;
    assert.match(button, /convo\.txt:9\): expected "Choose\\nBUTTONS BUTTON1\|BUTTON2", actual "You said: button"$/);
    const image = lines.find((l) => l.startsWith('not ok - Main flow - INTENT_IMAGE - Image'))!;
    // The demo serves Botmock's images itself (offline), as a picture named after the original file.
    assert.match(image, /expected "MEDIA data:image\/svg\+xml;base64,[\w+/=]+", actual "You said: image"$/);
    const pill = lines.find((l) => l.startsWith('not ok - Main flow - INTENT_VARIABLE'))!;
    assert.match(pill, /expected "Red or blue pill\?", actual "You said: variable"$/);
  },
);

test(
  '--list parses offline: text, JSON with every turn, exit 1 on a malformed file; ' + 'usage errors and an unreachable bot exit 2',
  async () => {
    const listed = await cli('test', 'echo', '--list');
    assert.equal(listed.status, 0, listed.stderr);
    assert.match(listed.stdout, /^Greeting \(echo\/greeting.convo.txt, 2 turns\)$/m);
    assert.match(listed.stdout, /^7 tests, 0 problems$/m);

    const json = await cli('test', path.join('echo', 'rich.convo.txt'), '--list', '--format', 'json');
    assert.equal(json.status, 0, json.stderr);
    const { tests } = JSON.parse(json.stdout) as {
      tests: {
        name: string;
        turns: { sender: string; text?: string; not: boolean; asserters: { name: string; args: string[]; not: boolean }[] }[];
      }[];
    };
    assert.deepEqual(
      tests.map((t) => t.name),
      ['Rich replies'],
    );
    assert.deepEqual(tests[0]!.turns[3], {
      sender: 'bot',
      line: 12,
      not: false,
      optional: false,
      asserters: [
        { name: 'BUTTONS', args: ['Track an order', 'Return an item'], not: false, optional: false, line: 13 },
        { name: 'MEDIA', args: [], not: true, optional: false, line: 14 },
      ],
      inputs: [],
      hooks: [],
      // The blank line after the asserters is an empty text, as Botium reads it: it checks nothing.
      text: '',
    });

    write('bad/broken.convo.txt', 'Broken\n#me\nhi\n#bot\n?maybe\nBUTTONS a\n#bot\nBUTTONS_COUNT many\n');
    const bad = await cli('test', 'bad', '--list');
    assert.equal(bad.status, 1);
    assert.deepEqual(bad.stderr.trim().split('\n'), [
      'bad/broken.convo.txt:4: Every line of a step must be optional ("?") or none: mixed optional flags in this section.',
      'bad/broken.convo.txt:8: BUTTONS_COUNT takes one count: a number, or a comparison such as >=2.',
    ]);

    for (const args of [
      ['test', 'echo'],
      ['test', '--chat-url', chatUrl],
      ['test', 'nowhere', '--list'],
      ['test', 'echo', '--list', '--concurrency', 'x'],
    ]) {
      const r = await cli(...args);
      assert.equal(r.status, 2, `${args.join(' ')}: ${r.stdout}${r.stderr}`);
      assert.match(r.stderr, /^botpress-toolkit: .+\n\nusage: botpress-toolkit test/);
    }
    const unknown = await cli('test', 'echo', '--chat-url', `${emu.url}/chat/not-a-webhook`);
    assert.equal(unknown.status, 2);
    assert.match(unknown.stderr, /cannot reach the bot at .+\/chat\/not-a-webhook: ResourceNotFound/);
  },
);

test("Botium's grammar over the Chat API: an empty #me, JSON #me and #bot texts, an empty file, util.format arguments, JUnit", async () => {
  write('botium/empty-me.convo.txt', 'Empty me\n#me\n\n#bot\nYou said:\n');
  write(
    'botium/json.convo.txt',
    'Json\n#me\n{"type": "text", "text": "structured"}\n#bot\n{"type": "text", "text": "You said: struct*"}\n',
  );
  write('botium/json-wrong.convo.txt', 'Json wrong\n#me\n{"type": "text", "text": "hi"}\n#bot\n{"type": "choice"}\n');
  write('botium/nothing.convo.txt', 'Nothing to say\n');
  write('botium/args.convo.txt', '#me\nUTT_ORDER 42 today\n#bot\nTEXT_WILDCARDEXACT_ANY You said: order 42 ships today|nope\n');
  write('botium/order.utterances.txt', 'UTT_ORDER\norder %s ships\n');
  write('botium/hostile.convo.txt', 'Hostile \uFFFE\uFFFF name\n#me\nhi\n#bot\nTEXT_REGEXP_ANY (a+)+$\n');
  const r = await cli('test', 'botium', '--chat-url', chatUrl, '--timeout', '3', '--junit', 'botium.xml');
  const file = (name: string) => path.join('botium', name);
  assert.deepEqual(r.stdout.trim().split('\n'), [
    `# warning ${file('nothing.convo.txt')}:1: No #me or #bot section: ` +
      'as in Botium, this is an empty conversation, which passes without talking to the bot.',
    `ok - args.convo.txt (${file('args.convo.txt')})`,
    `ok - Empty me (${file('empty-me.convo.txt')})`,
    `not ok - Hostile \uFFFE\uFFFF name (${file('hostile.convo.txt')}:5): expected "TEXT_REGEXP_ANY (a+)+$", actual "You said: hi"`,
    `not ok - Json wrong (${file('json-wrong.convo.txt')}:5): expected "{\\"type\\":\\"choice\\"}", actual "You said: hi"`,
    `ok - Json (${file('json.convo.txt')})`,
    `ok - Nothing to say (${file('nothing.convo.txt')})`,
    '4 passed, 2 failed',
  ]);
  const junit = fs.readFileSync(path.join(dir, 'botium.xml'), 'utf8');
  assert.ok(!/[^\t\n\r\x20-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u.test(junit), 'only characters XML 1.0 allows');
  assert.ok(junit.includes('<testcase name="Hostile  name"'), junit);
});

test('against a bot written with the official SDK and deployed to the emulator: its computed answers pass, a wrong one fails', async () => {
  // The SDK bot answers each message with its words reversed and the conversation's message count.
  const admin = new Client({ apiUrl: emu.url, token: emu.token });
  const workspaceId = (await admin.listWorkspaces({})).workspaces.find((w) => w.name === 'Personal Sandbox')!.id;
  const cloud = new Client({ apiUrl: emu.url, token: emu.token, workspaceId });
  const chat = (await cloud.getPublicIntegration({ name: 'chat', version: 'latest' })).integration.id;
  const created = await cloud.createBot({
    name: 'reverse-bot',
    states: { counter: { type: 'conversation', schema: { type: 'object', properties: { count: { type: 'number' } } } } },
  });
  const { bot } = await cloud.updateBot({
    id: created.bot.id,
    code: sdkBotCode,
    integrations: { [chat]: { enabled: true, configuration: {} } },
  });
  const url = `${emu.url}/chat/${bot.integrations[chat]!.webhookId}`;

  write(
    'sdk/reverse.convo.txt',
    'Reverses\n#me\nhello big world\n#bot\nworld big hello (#1)\n#me\none two\n#bot\ntwo one (#2)\n!TEXT_CONTAINS_ANY one two\n',
  );
  write('sdk/count.convo.txt', 'Counts from one in each conversation\n#me\nsame words\n#bot\nTEXT words same (#1)\n');
  write('sdk/wrong.convo.txt', 'Expects an echo\n#me\nhello\n#bot\nYou said: hello\n');
  const r = await cli('test', 'sdk', '--chat-url', url, '--timeout', '10');
  assert.equal(r.status, 1, r.stdout + r.stderr);
  assert.deepEqual(r.stdout.trim().split('\n'), [
    `ok - Counts from one in each conversation (${path.join('sdk', 'count.convo.txt')})`,
    `ok - Reverses (${path.join('sdk', 'reverse.convo.txt')})`,
    `not ok - Expects an echo (${path.join('sdk', 'wrong.convo.txt')}:5): expected "You said: hello", actual "hello (#1)"`,
    '2 passed, 1 failed',
  ]);
});
