// The emulator's log stream, through the official client: paging a range gives exactly what the store
// says was produced (the yardstick of the lossless-tail tests), lines share milliseconds, every level
// appears, and new lines keep arriving.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { Client } from '@botpress/client';
import { startEmulator, type Emulator } from '../../src/emulator';

let emu: Emulator;
let client: Client;
let botId: string;
let integrationId: string;

before(async () => {
  emu = await startEmulator({ seed: 'demo', logRate: 20 });
  const record = [...emu.store.bots.values()].find((b) => b.bot.name === 'support-bot')!;
  botId = record.bot.id;
  integrationId = [...emu.store.integrations.values()].find((r) => r.integration.name === 'acme-crm')!.integration.id;
  client = new Client({ apiUrl: emu.url, token: emu.token, workspaceId: record.workspaceId });
});
after(() => emu.close());

test('paging a time range through the API yields exactly the lines the store produced, in order', async () => {
  const timeStart = new Date(Date.now() - 120_000).toISOString();
  const timeEnd = new Date(Date.now() - 30_000).toISOString();
  const lines = [];
  let nextToken: string | undefined;
  let pages = 0;
  do {
    const page = await client.getBotLogs({ id: botId, timeStart, timeEnd, nextToken });
    lines.push(...page.logs);
    nextToken = page.nextToken;
    pages++;
  } while (nextToken);
  const produced = emu.store.logLines(botId, { timeStart: Date.parse(timeStart), timeEnd: Date.parse(timeEnd) });
  assert.ok(pages >= 10, `${pages} pages`);
  assert.equal(lines.length, produced.length);
  assert.deepEqual(lines, produced);
  const stamps = lines.map((l) => l.timestamp);
  assert.ok(new Set(stamps).size < stamps.length, 'many lines share one millisecond');
  assert.deepEqual(new Set(lines.map((l) => l.level)), new Set(['debug', 'info', 'warn', 'error']));
  assert.ok(lines.some((l) => l.workflowId) && lines.some((l) => l.userId) && lines.some((l) => l.conversationId));
});

test('new lines keep arriving while it runs', async () => {
  const timeStart = new Date().toISOString();
  await new Promise((resolve) => setTimeout(resolve, 1200));
  const { logs } = await client.getBotLogs({ id: botId, timeStart });
  assert.ok(logs.length > 0);
  assert.ok(logs.every((l) => l.timestamp >= timeStart));
});

test('integration logs: filters by level and user, never a workflow id', async () => {
  const timeStart = new Date(Date.now() - 300_000).toISOString();
  const { logs } = await client.getIntegrationLogs({ id: integrationId, timeStart });
  assert.ok(logs.length > 0);
  assert.ok(logs.every((l) => l.workflowId === undefined));
  const warn = await client.getIntegrationLogs({ id: integrationId, timeStart, level: 'warn' });
  assert.ok(warn.logs.length > 0 && warn.logs.every((l) => l.level === 'warn'));
});

test('the same world every start: the same ids, and lines that are a function of the clock, not of the run', async () => {
  const other = await startEmulator({ seed: 'demo', logRate: 20 });
  try {
    assert.deepEqual([...other.store.bots.keys()], [...emu.store.bots.keys()]);
    assert.deepEqual([...other.store.integrations.keys()], [...emu.store.integrations.keys()]);
    const range = { timeStart: Date.now() - 20_000, timeEnd: Date.now() - 10_000 };
    assert.deepEqual(other.store.logLines(botId, range), emu.store.logLines(botId, range));
  } finally {
    await other.close();
  }
});

test('only the demo’s simulated sources have generated lines, each labelled; what the user creates has none', async () => {
  const timeStart = new Date(Date.now() - 300_000).toISOString();
  const { logs } = await client.getBotLogs({ id: botId, timeStart });
  assert.ok(logs.length > 0 && logs.every((l) => l.message.startsWith('[simulated] ')));
  const { integration } = await client.createIntegration({ name: 'weather', version: '0.1.0' });
  const hub = [...emu.store.integrations.values()].find((r) => r.integration.name === 'telegram')!.integration.id;
  const sandboxWeather = [...emu.store.integrations.values()].find((r) => r.integration.name === 'weather' && r.workspaceId)!;
  await new Promise((resolve) => setTimeout(resolve, 1200));
  assert.deepEqual((await client.getIntegrationLogs({ id: integration.id, timeStart })).logs, []);
  for (const id of [hub, sandboxWeather.integration.id])
    assert.deepEqual(emu.store.logLines(id, { timeStart: 0, timeEnd: Date.now() }), [], id);
  const { bot } = await client.createBot({ name: 'fresh' });
  assert.deepEqual((await client.getBotLogs({ id: bot.id, timeStart })).logs, []);
});
