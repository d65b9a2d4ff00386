// The limits of deployed code, with plain handlers (no SDK): a handler that outlives maxExecutionTime, a
// process that crashes or runs out of memory, each a failed event and an ERROR line while the bot comes
// back on its next event; at most N processes, the least recently used stopped first; the request a
// handler receives has the shape the official SDK's bot server reads.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { Client } from '@botpress/client';
import { startEmulator, type Emulator } from '../../src/emulator';
import { deployedBot } from './deployedBot';

let emu: Emulator;
let admin: Client;
let workspaceId: string;

before(async () => {
  emu = await startEmulator({ seed: 'empty', runtime: { maxProcesses: 2, memoryMb: 64, timeoutMs: 5_000 } });
  workspaceId = emu.store.workspaces[0].id;
  admin = new Client({ apiUrl: emu.url, token: emu.token, workspaceId });
});
after(() => emu.close());

/** Plain CommonJS code: on `message_created`, does what the message's text says. */
const code = `
exports.handler = async (req) => {
  if (req.headers['x-bp-operation'] !== 'event_received') return { status: 200 };
  const { event } = JSON.parse(req.body);
  const text = event.payload.message.payload.text;
  console.log('request ' + JSON.stringify({ method: req.method, headers: req.headers, type: event.type, text }));
  if (text === 'hang') await new Promise(() => {});
  if (text === 'crash') await new Promise(() => setImmediate(() => { throw new Error('crashed on purpose'); }));
  if (text === 'hog') { const hoard = []; for (;;) hoard.push(new Array(1e6).fill(Math.random())); }
  return { status: 200, body: '{}' };
};`;

const bot = (name: string, fields: Record<string, unknown> = {}) => deployedBot(emu, admin, name, code, fields);

test('the handler gets the SDK bot server’s request shape', async () => {
  const b = await bot('shape');
  assert.equal((await b.send('hello')).status, 'processed');
  const line = emu.store.logLines(b.id).find((l) => l.message.startsWith('request '))!;
  assert.equal(line.level, 'info');
  assert.equal(line.conversationId, b.conversationId, 'a plain console line carries its event’s conversation');
  const seen = JSON.parse(line.message.slice('request '.length));
  assert.equal(seen.method, 'POST');
  assert.equal(seen.type, 'message_created');
  assert.equal(seen.text, 'hello');
  assert.equal(seen.headers['x-bot-id'], b.id);
  assert.equal(seen.headers['x-bot-user-id'], b.id);
  assert.equal(seen.headers['x-bp-operation'], 'event_received');
  assert.equal(seen.headers['x-bp-type'], 'message_created');
  assert.deepEqual(JSON.parse(Buffer.from(seen.headers['x-bp-configuration'], 'base64').toString()), { greeting: 'hi' });
});

test(
  'a handler past maxExecutionTime, a crash and an out-of-memory process: failed events, ERROR lines, and the bot answers again',
  { timeout: 90_000 },
  async () => {
    const b = await bot('limits', { maxExecutionTime: 1 });
    const hung = await b.send('hang');
    assert.equal(hung.status, 'failed');
    assert.match(hung.failureReason ?? '', /within 1 s \(maxExecutionTime\)/);
    assert.equal((await b.send('fine')).status, 'processed', 'a new process took over');

    const crashed = await b.send('crash');
    assert.equal(crashed.status, 'failed');
    assert.ok(
      b.errors().some((m) => /crashed on purpose/.test(m)),
      b.errors().join('\n'),
    );
    assert.equal((await b.send('fine')).status, 'processed');

    const hog = await b.send('hog');
    assert.equal(hog.status, 'failed');
    assert.match(hog.failureReason ?? '', /process used more than its memory limit \(64 MB\)/);
    assert.equal((await b.send('fine')).status, 'processed');
  },
);

test('at most N bot processes: the least recently used is stopped first, and restarts on its next event', { timeout: 60_000 }, async () => {
  const [a, b, c] = [await bot('lru-a'), await bot('lru-b'), await bot('lru-c')];
  await a.send('one');
  await b.send('one');
  assert.deepEqual(emu.runtime.processes().slice(-2), [a.id, b.id]);
  await a.send('two');
  await c.send('one');
  assert.deepEqual(emu.runtime.processes(), [a.id, c.id], 'b was the least recently used');
  assert.equal((await b.send('two')).status, 'processed');
  assert.deepEqual(emu.runtime.processes(), [c.id, b.id]);
});
