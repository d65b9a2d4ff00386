// A bot's runtime issues through the official @botpress/client, made by what really happens in the emulator:
// deployed handlers that throw (plain code, and an official-SDK bot whose stack names its TypeScript source through
// an inline source map), a handler past maxExecutionTime, a process out of memory, and an integration action called
// with a configuration its schema refuses. Listed newest first and paged, read, their events listed, deleted.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, test } from 'node:test';
import { Client, ResourceNotFoundError, isApiError } from '@botpress/client';
import { startEmulator, type Emulator } from '../../src/emulator';
import { issueHandlers } from '../../src/emulator/issues';
import { deployedBot } from './deployedBot';
import { bundleBot } from './sdk';

let emu: Emulator;
let admin: Client;

before(async () => {
  emu = await startEmulator({ seed: 'demo', runtime: { memoryMb: 160, timeoutMs: 5_000 } });
  const workspaceId = emu.store.workspaces.find((w) => w.name === 'Personal Sandbox')!.id;
  admin = new Client({ apiUrl: emu.url, token: emu.token, workspaceId });
});
after(() => emu.close());

/** Plain CommonJS code: throws on `boom <x>`, hangs on `hang`, hoards memory on `hog`. */
const code = `
exports.handler = async (req) => {
  if (req.headers['x-bp-operation'] !== 'event_received') return { status: 200 };
  const { event } = JSON.parse(req.body);
  const text = event.payload.message.payload.text;
  if (text.startsWith('boom')) throw new TypeError('cannot read ' + text);
  if (text === 'hang') await new Promise(() => {});
  if (text === 'crash') await new Promise(() => setImmediate(() => { throw new RangeError('crashed on purpose'); }));
  if (text === 'hog') { const hoard = []; for (;;) hoard.push(new Array(1e6).fill(Math.random())); }
  return { status: 200, body: '{}' };
};`;

test('a handler that throws is a user_code issue, grouped by message, an event per occurrence', async () => {
  const b = await deployedBot(emu, admin, 'throws', code);
  assert.equal((await b.send('boom a')).status, 'failed');
  assert.equal((await b.send('boom a')).status, 'failed');
  assert.equal((await b.send('boom b')).status, 'failed');
  assert.equal((await b.send('fine')).status, 'processed');

  const { issues, meta } = await admin.listBotIssues({ id: b.id });
  assert.equal(meta.nextToken, undefined);
  assert.deepEqual(
    issues.map((i) => [i.category, i.groupedData.errorMessage?.raw, i.eventsCount]),
    [
      ['user_code', 'TypeError: cannot read boom b', 1],
      ['user_code', 'TypeError: cannot read boom a', 2],
    ],
    'newest first',
  );
  const { issue } = await admin.getBotIssue({ id: b.id, issueId: issues[1].id });
  assert.equal(issue.code, 'unhandled_error');
  assert.match(issue.title, /cannot read boom a/);
  assert.ok(issue.lastSeenAt >= issue.createdAt);

  const { issueEvents } = await admin.listBotIssueEvents({ id: b.id, issueId: issue.id });
  assert.equal(issueEvents.length, 2);
  for (const e of issueEvents) {
    assert.equal(e.data.conversationId.raw, b.conversationId);
    assert.match(e.data.userId.raw, /^user_/);
    assert.equal(e.data.eventType.raw, 'message_created');
    assert.match(e.data.stack.raw, /^TypeError: cannot read boom a\n\s+at .*index\.cjs:\d+:\d+/);
    assert.doesNotMatch(e.data.stack.raw, /bot-host/, 'the emulator’s own frames are left out');
  }
  assert.ok(issueEvents[0].createdAt >= issueEvents[1].createdAt, 'events newest first');

  await admin.deleteBotIssue({ id: b.id, issueId: issue.id });
  await assert.rejects(admin.getBotIssue({ id: b.id, issueId: issue.id }), ResourceNotFoundError);
  await assert.rejects(admin.listBotIssueEvents({ id: b.id, issueId: issue.id }), ResourceNotFoundError);
  await assert.rejects(admin.deleteBotIssue({ id: b.id, issueId: issue.id }), ResourceNotFoundError);
  await b.send('boom a');
  const reopened = (await admin.listBotIssues({ id: b.id })).issues.find((i) => i.groupedData.errorMessage?.raw.endsWith('boom a'))!;
  assert.notEqual(reopened.id, issue.id, 'a resolved issue that happens again is a new issue');
  assert.equal(reopened.eventsCount, 1);
});

test('an uncaught exception that ends the process is a user_code issue with its stack', async () => {
  const b = await deployedBot(emu, admin, 'crashes', code);
  assert.equal((await b.send('crash')).status, 'failed');
  const [issue] = (await admin.listBotIssues({ id: b.id })).issues;
  assert.equal(issue.category, 'user_code');
  assert.equal(issue.groupedData.errorMessage.raw, 'RangeError: crashed on purpose');
  const [event] = (await admin.listBotIssueEvents({ id: b.id, issueId: issue.id })).issueEvents;
  assert.match(event.data.stack.raw, /^RangeError: crashed on purpose\n\s+at /);
  assert.equal(event.data.conversationId.raw, b.conversationId);
});

test('listBotIssues pages by 20 with meta.nextToken', async () => {
  const b = await deployedBot(emu, admin, 'many-errors', code);
  for (let i = 0; i < 23; i++) await b.send(`boom ${i}`);
  const first = await admin.listBotIssues({ id: b.id });
  assert.equal(first.issues.length, 20);
  assert.ok(first.meta.nextToken);
  const second = await admin.listBotIssues({ id: b.id, nextToken: first.meta.nextToken });
  assert.equal(second.issues.length, 3);
  assert.equal(second.meta.nextToken, undefined);
  const all = [...first.issues, ...second.issues];
  assert.equal(new Set(all.map((i) => i.id)).size, 23);
  assert.equal(all[0].groupedData.errorMessage.raw, 'TypeError: cannot read boom 22');
  assert.equal(all[22].groupedData.errorMessage.raw, 'TypeError: cannot read boom 0');
});

test('past maxExecutionTime and out of memory: limits issues', async () => {
  const b = await deployedBot(emu, admin, 'limits', code, { maxExecutionTime: 1 });
  assert.equal((await b.send('hang')).status, 'failed');
  // Without maxExecutionTime (the runtime's 5 s here): the hoarding reaches the memory limit first.
  const hog = await deployedBot(emu, admin, 'hog', code);
  assert.equal((await hog.send('hog')).status, 'failed');
  const issues = [...(await admin.listBotIssues({ id: b.id })).issues, ...(await admin.listBotIssues({ id: hog.id })).issues];
  const byCode = Object.fromEntries(issues.map((i) => [i.code, i]));
  assert.equal(byCode.execution_timeout.category, 'limits');
  assert.equal(byCode.execution_timeout.groupedData.limit.pretty, '1 s');
  assert.equal(byCode.memory_limit_exceeded.category, 'limits');
  assert.equal(byCode.memory_limit_exceeded.groupedData.limit.pretty, '160 MB');
  const { issueEvents } = await admin.listBotIssueEvents({ id: b.id, issueId: byCode.execution_timeout.id });
  assert.equal(issueEvents[0].data.conversationId.raw, b.conversationId);
});

test('an official SDK bot that throws: the stack names its TypeScript source line (inline source map)', async () => {
  const project = fs.mkdtempSync(path.join(os.tmpdir(), 'issue-bot-'));
  try {
    fs.mkdirSync(path.join(project, 'src'));
    fs.writeFileSync(
      path.join(project, 'src', 'index.ts'),
      [
        "import * as sdk from '@botpress/sdk'",
        'const bot = new sdk.Bot({ actions: {}, plugins: {} })',
        "bot.on.message('*', async ({ message, client }) => {",
        "  if ((message.payload as { text: string }).text !== 'api') throw new Error('no carrier for this order')",
        "  await client.getUser({ id: 'user_nope' })",
        '})',
        'export default bot',
        '',
      ].join('\n'),
    );
    const bundled = await bundleBot(project, 'src/index', [], true);
    const b = await deployedBot(emu, admin, 'sdk-throws', bundled);
    assert.equal((await b.send('where is my order?')).status, 'failed');
    const [issue] = (await admin.listBotIssues({ id: b.id })).issues;
    assert.equal(issue.groupedData.errorMessage?.raw, 'Error: no carrier for this order', JSON.stringify([issue, b.errors()]));
    const [event] = (await admin.listBotIssueEvents({ id: b.id, issueId: issue.id })).issueEvents;
    assert.match(event.data.stack.raw, /src\/index\.ts:4:\d+/);

    // An API error the handler let through: the SDK prints its message only, and so the issue has no stack.
    assert.equal((await b.send('api')).status, 'failed');
    const apiIssue = (await admin.listBotIssues({ id: b.id })).issues.find((i) => i.id !== issue.id)!;
    assert.match(apiIssue.groupedData.errorMessage.raw, /User "user_nope" doesn't exist/);
    const [apiEvent] = (await admin.listBotIssueEvents({ id: b.id, issueId: apiIssue.id })).issueEvents;
    assert.equal(apiEvent.data.stack, undefined);
    assert.equal(apiEvent.data.conversationId.raw, b.conversationId);
  } finally {
    fs.rmSync(project, { recursive: true, force: true });
  }
});

test('an integration action called with a configuration its schema refuses: a configuration issue', async () => {
  const telegram = (await admin.getPublicIntegration({ name: 'telegram', version: 'latest' })).integration;
  const { bot } = await admin.createBot({ name: 'misconfigured' });
  await admin.updateBot({ id: bot.id, integrations: { [telegram.id]: { enabled: true, configuration: {} } } });
  const runtime = new Client({ apiUrl: emu.url, token: emu.token, botId: bot.id });
  for (let i = 0; i < 2; i++)
    await assert.rejects(
      runtime.callAction({ type: 'telegram:sendMessage', input: {} }),
      (e: unknown) => isApiError(e) && e.type === 'Runtime' && /botToken/.test(e.message),
    );
  const [issue] = (await admin.listBotIssues({ id: bot.id })).issues;
  assert.equal(issue.category, 'configuration');
  assert.equal(issue.groupedData.integration.raw, 'telegram');
  assert.equal(issue.eventsCount, 2);
  assert.ok(issue.resolutionLink);
});

test('every issue operation answered, no response broke its schema; unknown bots are 404', async () => {
  await assert.rejects(admin.listBotIssues({ id: 'bot_nope' }), ResourceNotFoundError);
  assert.deepEqual(
    Object.keys(issueHandlers).filter((op) => !emu.store.served.get(op)),
    [],
  );
  assert.deepEqual(emu.store.violations, []);
});
