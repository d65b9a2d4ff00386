// A bot's versions and bot JSON through the official @botpress/client: getBotJson/publishFromBotJson keep the JSON
// unchanged; a version snapshots the bot (definition, code, bot JSON), getBotVersion's url serves its bot JSON, and
// deployBotVersion brings all of it back (the restored code answers the next message).
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, test } from 'node:test';
import { Client, ResourceNotFoundError } from '@botpress/client';
import { startEmulator, type Emulator } from '../../src/emulator';
import { versionHandlers } from '../../src/emulator/versions';
import { timeLimit } from '../../src/emulator/issues';
import { deployedBot } from './deployedBot';

let emu: Emulator;
let admin: Client;

before(async () => {
  emu = await startEmulator({ seed: 'demo', runtime: { timeoutMs: 5_000 } });
  const workspaceId = emu.store.workspaces.find((w) => w.name === 'Personal Sandbox')!.id;
  admin = new Client({ apiUrl: emu.url, token: emu.token, workspaceId });
});
after(() => emu.close());

/** Plain code that logs which release it is on each message. */
const release = (n: number) => `
exports.handler = async (req) => {
  if (req.headers['x-bp-operation'] === 'event_received') console.log('release ${n}');
  return { status: 200, body: '{}' };
};`;

test('getBotJson reads the definition until a bot JSON is published; then returns it unchanged', async () => {
  const { bot } = await admin.createBot({ name: 'json-bot', states: { cart: { type: 'conversation', schema: { type: 'object' } } } });
  const derived = await admin.getBotJson({ id: bot.id });
  assert.equal(derived.name, 'json-bot');
  assert.deepEqual(Object.keys(derived.states as object), ['cart']);

  // Studio's format, undocumented: keys in no particular order, nesting, unicode, numbers, nulls.
  const studio = {
    zeta: 1,
    flows: [{ name: 'main.flow.json', nodes: [{ id: 'n1', onEnter: ['say #!builtin_text-é'] }] }],
    alpha: null,
    '': 'x',
  };
  assert.deepEqual(await admin.publishFromBotJson({ id: bot.id, botJson: studio }), {});
  const read = await admin.getBotJson({ id: bot.id });
  assert.deepEqual(read, studio);
  assert.deepEqual(Object.keys(read), Object.keys(studio), 'key order kept');
  await assert.rejects(admin.getBotJson({ id: 'bot_nope' }), ResourceNotFoundError);
});

test('a version is created, listed, read at its url and deployed back: definition, code and bot JSON', async () => {
  const b = await deployedBot(emu, admin, 'versioned', release(1), { description: 'first' });
  await admin.publishFromBotJson({ id: b.id, botJson: { flows: ['v1'] } });
  const v1 = (await admin.createBotVersion({ id: b.id, name: 'v1', description: 'the first release' })).version;
  assert.equal(v1.name, 'v1');
  assert.equal(v1.description, 'the first release');

  await admin.updateBot({
    id: b.id,
    code: release(2),
    description: 'second',
    states: { extra: { type: 'user', schema: { type: 'object' } } },
  });
  await admin.publishFromBotJson({ id: b.id, botJson: { flows: ['v2'] } });
  const v2 = (await admin.createBotVersion({ id: b.id, name: 'v2' })).version;
  assert.equal(v2.description, undefined);

  const { versions } = await admin.listBotVersions({ id: b.id });
  assert.deepEqual(
    versions.map((v) => v.name),
    ['v2', 'v1'],
    'newest first',
  );

  const { url } = await admin.getBotVersion({ id: b.id, versionId: v1.id });
  assert.ok(url.startsWith(emu.url));
  const served = await fetch(url);
  assert.equal(served.status, 200);
  assert.deepEqual(await served.json(), { flows: ['v1'] });
  assert.equal((await fetch(`${url}x`)).status, 403, 'the url is signed');

  await b.send('before');
  assert.ok(emu.store.logLines(b.id).some((l) => l.message === 'release 2'));
  assert.deepEqual(await admin.deployBotVersion({ id: b.id, versionId: v1.id }), {});
  const { bot } = await admin.getBot({ id: b.id });
  assert.equal(bot.description, 'first');
  assert.equal(bot.states.extra, undefined);
  assert.equal(bot.id, b.id);
  assert.deepEqual(await admin.getBotJson({ id: b.id }), { flows: ['v1'] });
  await b.send('after');
  const lines = emu.store.logLines(b.id).map((l) => l.message);
  assert.equal(lines.filter((l) => l.startsWith('release')).at(-1), 'release 1', 'the version’s code answers again');

  await assert.rejects(admin.deployBotVersion({ id: b.id, versionId: 'ver_nope' }), ResourceNotFoundError);
  await assert.rejects(admin.getBotVersion({ id: b.id, versionId: 'ver_nope' }), ResourceNotFoundError);
});

test('a version of a bot never published from JSON reads and deploys back as its definition', async () => {
  const { bot } = await admin.createBot({ name: 'plain', description: 'one' });
  const { version } = await admin.createBotVersion({ id: bot.id, name: 'before' });
  await admin.updateBot({ id: bot.id, description: 'two' });
  assert.equal((await admin.getBotJson({ id: bot.id })).description, 'two');
  await admin.deployBotVersion({ id: bot.id, versionId: version.id });
  assert.equal((await admin.getBot({ id: bot.id })).bot.description, 'one');
  await admin.updateBot({ id: bot.id, description: 'three' });
  assert.equal((await admin.getBotJson({ id: bot.id })).description, 'three', 'still read from the definition');
});

test('versions, published bot JSON and issues survive a restart over the same data folder', async () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'versions-data-'));
  try {
    const first = await startEmulator({ seed: 'empty', dataDir });
    const workspace = new Client({ apiUrl: first.url, token: first.token, workspaceId: first.store.workspaces[0].id });
    const { bot } = await workspace.createBot({ name: 'kept' });
    await workspace.publishFromBotJson({ id: bot.id, botJson: { b: 2, a: 1 } });
    const { version } = await workspace.createBotVersion({ id: bot.id, name: 'kept-1' });
    first.store.issues.report(bot.id, timeLimit({ eventType: 'message_created', eventId: 'evt_1', at: Date.now() }, 1000));
    await first.close();

    const second = await startEmulator({ dataDir });
    const again = new Client({ apiUrl: second.url, token: second.token, workspaceId: second.store.workspaces[0].id });
    try {
      assert.deepEqual(await again.getBotJson({ id: bot.id }), { b: 2, a: 1 });
      assert.deepEqual((await again.listBotVersions({ id: bot.id })).versions, [{ id: version.id, name: 'kept-1' }]);
      assert.deepEqual(await (await fetch((await again.getBotVersion({ id: bot.id, versionId: version.id })).url)).json(), { b: 2, a: 1 });
      assert.equal((await again.listBotIssues({ id: bot.id })).issues[0].code, 'execution_timeout');
    } finally {
      await second.close();
    }
  } finally {
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
});

test('every version operation answered, no response broke its schema', () => {
  assert.deepEqual(
    Object.keys(versionHandlers).filter((op) => !emu.store.served.get(op)),
    [],
  );
  assert.deepEqual(emu.store.violations, []);
});
