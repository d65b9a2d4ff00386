// Deployed code that attacks what runs it: messages forged on the bot's IPC channel, a loop at load time,
// a log flood, memory held outside the V8 heap, and a bot process whose emulator is killed. The emulator
// stays up, the bot is stopped with an ERROR line that says why, and no bot process outlives it.
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, test } from 'node:test';
import { Client } from '@botpress/client';
import { startEmulator, type Emulator } from '../../src/emulator';
import { RECORDED_LINES } from '../../src/emulator/logs';
import { deployedBot } from './deployedBot';

let emu: Emulator;
let admin: Client;

before(async () => {
  emu = await startEmulator({ seed: 'empty', runtime: { maxProcesses: 4, memoryMb: 64, timeoutMs: 3_000 } });
  admin = new Client({ apiUrl: emu.url, token: emu.token, workspaceId: emu.store.workspaces[0].id });
});
after(() => emu.close());

/** Plain CommonJS code: on `message_created`, does what the message's text says. */
const code = `
exports.handler = async (req) => {
  if (req.headers['x-bp-operation'] !== 'event_received') return { status: 200 };
  const text = JSON.parse(req.body).event.payload.message.payload.text;
  if (text === 'forge') {
    for (const m of [
      { kind: 'log', level: 'info', text: 42 },
      { kind: 'log', level: 'shout', text: 'x' },
      null,
      'plain',
      { kind: 'result', id: 'x' },
      { kind: 'result', id: 999999, response: { status: 'ok' } },
      { kind: 'load-failed', error: {} },
    ]) process.send(m);
    await new Promise((r) => setTimeout(r, 200));
  }
  if (text === 'flood') for (let i = 0; i < 12000; i++) console.log('line ' + i);
  if (text === 'buffers') { const hoard = []; for (;;) hoard.push(Buffer.alloc(16 * 1024 * 1024, 1)); }
  return { status: 200, body: '{}' };
};`;

const bot = (name: string, deployed = code) => deployedBot(emu, admin, name, deployed);

/** Bot processes (bot-host.cjs) whose parent is `pid`. */
function botProcesses(pid: number): number[] {
  try {
    return execFileSync('ps', ['-o', 'pid=,args=', '--ppid', String(pid)], { encoding: 'utf8' })
      .split('\n')
      .filter((l) => l.includes('bot-host.cjs'))
      .map((l) => Number(l.trim().split(/\s+/)[0]));
  } catch {
    return [];
  }
}
const alive = (pid: number) => {
  try {
    return !/^State:\s+Z/m.test(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
  } catch {
    return false;
  }
};

test('forged IPC messages (a log whose text is a number, …) are refused with an ERROR line; the emulator and the bot go on', async () => {
  const b = await bot('forger');
  const event = await b.send('forge');
  assert.equal(event.status, 'processed');
  const refused = b.errors().filter((m) => m.startsWith("The bot's process sent a malformed message, ignored"));
  assert.equal(refused.length, 7, b.errors().join('\n'));
  assert.ok(refused.some((m) => m.includes('"text":42')));
  assert.equal((await b.send('hello')).status, 'processed');
});

test('a bot looping at load time is stopped at the time limit, its process ended', { timeout: 30_000 }, async () => {
  const b = await bot('load-loop', 'for (;;) {}\nexports.handler = async () => ({ status: 200 });');
  const started = Date.now();
  const event = await b.send('hello');
  assert.equal(event.status, 'failed');
  assert.match(event.failureReason ?? '', /did not load within 3 s/);
  assert.ok(Date.now() - started < 10_000);
  assert.ok(b.errors().some((m) => /did not load within 3 s \(a loop at load time\?\)/.test(m)));
  assert.ok(!emu.runtime.processes().includes(b.id));
  await new Promise((r) => setTimeout(r, 300));
  assert.equal(botProcesses(process.pid).filter(alive).length, emu.runtime.processes().length, "no bot process but the running bots'");
});

test('a bot flooding console.log keeps only its latest lines', { timeout: 60_000 }, async () => {
  const b = await bot('flood');
  const event = await b.send('flood');
  assert.equal(event.status, 'processed', event.failureReason ?? '');
  const deadline = Date.now() + 20_000;
  while (b.lines().at(-1)?.message !== 'line 11999' && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  const lines = b.lines();
  assert.equal(lines.at(-1)?.message, 'line 11999');
  assert.ok(lines.length <= RECORDED_LINES * 1.1, `${lines.length} lines kept`);
  assert.ok(!lines.some((l) => l.message === 'line 0'), 'the oldest lines are dropped');
  assert.ok(lines.length >= RECORDED_LINES * 0.9);
});

test('a bot filling memory with Buffers (outside the V8 heap) is stopped by its resident size', { timeout: 30_000 }, async () => {
  const b = await bot('buffers');
  const started = Date.now();
  const event = await b.send('buffers');
  assert.equal(event.status, 'failed');
  console.log(`Buffer hoard stopped after ${Date.now() - started} ms: ${b.errors().join(' | ')}`);
  assert.ok(Date.now() - started < 2_900, 'stopped by memory, before the 3 s time limit');
  assert.ok(
    b.errors().some((m) => /memory limit \(64 MB\)/.test(m)),
    b.errors().join('\n'),
  );
  assert.equal((await b.send('hello')).status, 'processed');
});

test(
  'no bot process outlives its emulator, even one looping at load time',
  { timeout: 60_000, skip: process.platform !== 'linux' },
  async () => {
    const script = `
    const { startEmulator } = require(${JSON.stringify(path.resolve(__dirname, '../../src/emulator/index.ts'))});
    const { Client } = require('@botpress/client');
    (async () => {
      const emu = await startEmulator({ seed: 'empty', runtime: { timeoutMs: 120000 } });
      const admin = new Client({ apiUrl: emu.url, token: emu.token, workspaceId: emu.store.workspaces[0].id });
      const { bot } = await admin.createBot({ name: 'orphan' });
      await admin.updateBot({ id: bot.id, code: 'for (;;) {}' });
    })();
  `;
    const parent = spawn(process.execPath, ['--import', 'tsx', '-e', script], { stdio: 'ignore', cwd: path.resolve(__dirname, '../..') });
    let hosts: number[];
    const deadline = Date.now() + 30_000;
    while (!(hosts = botProcesses(parent.pid!)).length && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    assert.equal(hosts.length, 1, 'the bot process started');
    await new Promise((r) => setTimeout(r, 1000)); // looping
    assert.ok(alive(hosts[0]));
    parent.kill('SIGKILL');
    const end = Date.now() + 5_000;
    while (alive(hosts[0]) && Date.now() < end) await new Promise((r) => setTimeout(r, 50));
    assert.ok(!alive(hosts[0]), 'the bot process ended with its emulator');
  },
);
