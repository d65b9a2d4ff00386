// Analytics, usage and quotas through the official @botpress/client: traffic made through the API itself (a new bot,
// its users, conversations, messages answered by the demo answer, an event reporting an LLM call, trackAnalytics)
// comes back from getBotAnalytics; usage counts table rows, file bytes and invocations; quotas follow the plan.
// Every operation of analytics.ts and usage.ts is called; the emulator runs strict.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { Client, InvalidPayloadError, ResourceNotFoundError, isApiError } from '@botpress/client';
import { startEmulator, type Emulator } from '../../src/emulator';
import { analyticsHandlers } from '../../src/emulator/analytics';
import { planQuotas, usageHandlers } from '../../src/emulator/usage';

let emu: Emulator;
let admin: Client;
let workspaceId: string;
let botId: string;
let runtime: Client;
const started = Date.now();

async function rejects(promise: Promise<unknown>, type: new (...a: never[]) => Error, pattern: RegExp): Promise<void> {
  await assert.rejects(promise, (err: unknown) => {
    assert.ok(err instanceof type, `expected ${type.name}, got ${String(err)}`);
    assert.ok(isApiError(err));
    assert.match(err.message, pattern);
    return true;
  });
}

async function until<T>(read: () => T, ok: (v: T) => boolean): Promise<T> {
  for (let i = 0; i < 200; i++) {
    const v = read();
    if (ok(v)) return v;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error('timed out');
}

before(async () => {
  emu = await startEmulator({ seed: 'demo', replyDelayMs: [5, 10] });
  const { workspaces } = await new Client({ apiUrl: emu.url, token: emu.token }).listWorkspaces({});
  workspaceId = workspaces.find((w) => w.name === 'Acme Support')!.id;
  admin = new Client({ apiUrl: emu.url, token: emu.token, workspaceId });
  botId = (await admin.createBot({ name: 'analytics-probe' })).bot.id;
  runtime = new Client({ apiUrl: emu.url, token: emu.token, botId });
});
after(() => emu.close());

describe('getBotAnalytics and trackAnalytics', () => {
  test('a new bot has every hourly bucket of the last day, all zero', async () => {
    const { records } = await admin.getBotAnalytics({
      id: botId,
      startDate: new Date(started - 86_400_000).toISOString(),
      endDate: new Date(started).toISOString(),
    });
    assert.ok(records.length === 25 || records.length === 24, `hourly buckets: ${records.length}`);
    assert.equal(
      records.reduce((n, r) => n + r.newUsers + r.userMessages + r.botMessages + r.events + r.llm.calls, 0),
      0,
    );
  });

  test('traffic sent through the API is counted: users, sessions, user and bot messages, events, LLM calls, custom events', async () => {
    const alice = (await runtime.createUser({ tags: {}, name: 'Alice' })).user;
    const bob = (await runtime.createUser({ tags: {}, name: 'Bob' })).user;
    for (const user of [alice, bob]) {
      const { conversation } = await runtime.createConversation({ channel: 'channel', tags: {}, integrationName: 'chat' });
      await runtime.createMessage({ conversationId: conversation.id, userId: user.id, type: 'text', payload: { text: 'hello' }, tags: {} });
    }
    const record = emu.store.bots.get(botId)!;
    await until(
      () => record.runtime.messages.filter((m) => m.direction === 'outgoing').length,
      (n) => n >= 2,
    );
    await runtime.createEvent({
      type: 'answerGenerated',
      payload: { llm: { model: 'openai:gpt-4o-mini', inputTokens: 120, outputTokens: 30, latencyMs: 600, cost: 0.0012 } },
    });
    await runtime.trackAnalytics({ name: 'faqResolved', count: 2 });
    await runtime.trackAnalytics({ name: 'faqResolved', count: 1 });

    const { records } = await admin.getBotAnalytics({
      id: botId,
      startDate: new Date(Date.now() - 7 * 86_400_000).toISOString(),
      endDate: new Date().toISOString(),
    });
    assert.equal(records.length, 8, 'seven days and today: daily buckets');
    const today = records[records.length - 1];
    assert.equal(today.endDateTimeUtc.slice(0, 10), new Date().toISOString().slice(0, 10));
    assert.equal(today.newUsers, 2);
    assert.equal(today.returningUsers, 0);
    assert.equal(today.sessions, 2);
    assert.equal(today.userMessages, 2);
    assert.equal(today.botMessages, 2, 'the demo answer replied to each');
    assert.equal(today.events, 1);
    assert.deepEqual(today.eventTypes, { answerGenerated: 1 });
    assert.deepEqual(today.customEvents, { faqResolved: 3 });
    assert.equal(today.llm.calls, 1);
    assert.equal(today.llm.inputTokens, 120);
    assert.equal(today.llm.outputTokens, 30);
    assert.equal(today.llm.latency.mean, 600);
    assert.equal(today.llm.tokensPerSecond.mean, 50);
    assert.equal(today.llm.cost.sum, 0.0012);
  });

  test('the demo bot has a month of traffic: new and returning users every week', async () => {
    const hr = [...emu.store.bots.values()].find((b) => b.bot.name === 'hr-assistant')!;
    const { records } = await admin.getBotAnalytics({
      id: hr.bot.id,
      startDate: new Date(Date.now() - 30 * 86_400_000).toISOString(),
      endDate: new Date().toISOString(),
    });
    const sum = (f: (r: (typeof records)[number]) => number) => records.reduce((n, r) => n + f(r), 0);
    assert.ok(sum((r) => r.newUsers) > 50);
    assert.ok(sum((r) => r.returningUsers) > 20);
    assert.ok(sum((r) => r.llm.calls) > 100);
    assert.ok(sum((r) => r.llm.errors) > 0);
    assert.equal(
      sum((r) => r.userMessages),
      hr.runtime.messages.filter((m) => m.direction === 'incoming' && Date.parse(m.createdAt) >= Date.now() - 30 * 86_400_000 - 60_000)
        .length,
    );
  });

  test('bad ranges and other workspaces are refused', async () => {
    const now = new Date().toISOString();
    await rejects(admin.getBotAnalytics({ id: botId, startDate: 'yesterday', endDate: now }), InvalidPayloadError, /ISO 8601/);
    await rejects(
      admin.getBotAnalytics({ id: botId, startDate: now, endDate: new Date(Date.now() - 1000).toISOString() }),
      InvalidPayloadError,
      /before/,
    );
    const personal = (await admin.listWorkspaces({})).workspaces.find((w) => w.name === 'Personal Sandbox')!.id;
    const other = new Client({ apiUrl: emu.url, token: emu.token, workspaceId: personal });
    await rejects(other.getBotAnalytics({ id: botId, startDate: now, endDate: now }), ResourceNotFoundError, /Bot/);
  });
});

describe('usage and quotas', () => {
  test('getUsage counts table rows, file bytes, indexed files and invocations of a bot', async () => {
    await runtime.createTable({ name: 'probeTable', schema: { type: 'object', properties: { n: { type: 'number' } } } });
    await runtime.createTableRows({ table: 'probeTable', rows: [{ n: 1 }, { n: 2 }, { n: 3 }] });
    await runtime.uploadFile({ key: 'notes.txt', content: 'twelve bytes', index: false });
    const usage = async (type: Parameters<Client['getUsage']>[0]['type']) => (await admin.getUsage({ id: botId, type })).usage;
    assert.deepEqual(await usage('table_row_count'), {
      id: botId,
      period: new Date().toISOString().slice(0, 7),
      value: 3,
      quota: planQuotas.team.table_row_count,
      type: 'table_row_count',
    });
    assert.equal((await usage('storage_count')).value, 12);
    assert.equal((await usage('file_max_size_bytes')).value, 12);
    assert.equal((await usage('invocation_calls')).value, 3, 'two messages and one event');
    assert.equal((await usage('ai_spend')).value, 0.0012);
    assert.equal((await usage('openai_spend')).value, 0.0012);
    assert.equal((await admin.getUsage({ id: botId, type: 'invocation_calls', period: '2020-01' })).usage.value, 0);
    await rejects(admin.getUsage({ id: botId, type: 'bot_count' }), InvalidPayloadError, /per workspace/);
    await rejects(admin.getUsage({ id: botId, type: 'table_row_count', period: 'March' }), InvalidPayloadError, /YYYY-MM/);
    await rejects(admin.getUsage({ id: 'nobody', type: 'table_row_count' }), ResourceNotFoundError, /nobody/);
  });

  test('workspace usage: its own counts and the sums over its bots; getMultipleUsages', async () => {
    const { usage } = await admin.getUsage({ id: workspaceId, type: 'bot_count' });
    assert.equal(usage.value, emu.store.botsOf(workspaceId).length);
    assert.equal(usage.quota, 60);
    const { usages } = await admin.getMultipleUsages({ ids: [workspaceId], types: ['bot_count', 'table_row_count'] });
    const rows = [...emu.store.botsOf(workspaceId)].reduce(
      (n, b) => n + emu.store.tables.of(b.bot.id).reduce((m, t) => m + t.rows.length, 0),
      0,
    );
    assert.deepEqual(
      usages.map((u) => [u.type, u.value]),
      [
        ['bot_count', emu.store.botsOf(workspaceId).length],
        ['table_row_count', rows],
      ],
    );
    await rejects(admin.getMultipleUsages({ ids: [botId], types: ['bot_count'] }), InvalidPayloadError, /same type of entity/);
    const { usages: perBot } = await admin.listWorkspaceUsages({ id: workspaceId, type: 'table_row_count' });
    assert.equal(perBot.length, emu.store.botsOf(workspaceId).length);
    assert.equal(perBot.find((u) => u.id === botId)?.value, 3);
  });

  test('breakDownWorkspaceUsageByBot: each bot, the largest first', async () => {
    const { data } = await admin.breakDownWorkspaceUsageByBot({ id: workspaceId, type: 'table_row_count' });
    assert.equal(data.length, emu.store.botsOf(workspaceId).length);
    assert.deepEqual(
      data.map((d) => d.value),
      [...data.map((d) => d.value)].sort((a, b) => b - a),
    );
    assert.equal(data.find((d) => d.botId === botId)?.value, 3);
    await rejects(admin.breakDownWorkspaceUsageByBot({ id: workspaceId, type: 'bot_count' }), InvalidPayloadError, /per workspace/);
  });

  test('listUsageHistory: a month each from the creation, oldest first; activity, one entry each and by day', async () => {
    const { usages } = await admin.listUsageHistory({ id: botId, type: 'invocation_calls' });
    assert.equal(usages.length, 1, 'the bot was created this month');
    assert.equal(usages[0].value, 3);
    const { usages: ws } = await admin.listUsageHistory({ id: workspaceId, type: 'bot_count' });
    assert.ok(ws.length >= 2 && ws.length <= 12);
    assert.deepEqual(
      ws.map((u) => u.period),
      [...ws.map((u) => u.period)].sort(),
    );
    const { data, meta } = await admin.listUsageActivity({ id: botId, type: 'invocation_calls' });
    assert.equal(data.length, 3);
    assert.equal(meta.nextToken, undefined);
    assert.ok(data[0].timestamp >= data[1].timestamp, 'newest first');
    const daily = await admin.listUsageActivityDaily({ id: botId, type: 'invocation_calls' });
    assert.deepEqual(
      daily.data.map((d) => [d.date, d.value]),
      [[new Date().toISOString().slice(0, 10), 3]],
    );
    await rejects(admin.listUsageActivity({ id: botId, type: 'table_row_count' }), InvalidPayloadError, /not an activity/);
    await rejects(
      admin.listUsageActivityDaily({ id: botId, type: 'invocation_calls', dateFrom: '2020-01-01T00:00:00Z' }),
      InvalidPayloadError,
      /400 days/,
    );
  });

  test('quotas follow the plan; the AI spend quota is the spending limit, changed by changeAISpendQuota', async () => {
    const { quotas } = await admin.listWorkspaceQuotas({ id: workspaceId });
    assert.equal(quotas.length, 15);
    assert.equal(quotas.find((q) => q.type === 'bot_count')?.value, planQuotas.team.bot_count);
    await admin.changeAISpendQuota({ monthlySpendingLimit: 250 });
    const { quota } = await admin.getWorkspaceQuota({ id: workspaceId, type: 'ai_spend' });
    assert.deepEqual(quota, { period: new Date().toISOString().slice(0, 7), value: 250, type: 'ai_spend' });
    assert.equal((await admin.getWorkspace({ id: workspaceId })).spendingLimit, 250);
    await rejects(admin.changeAISpendQuota({ monthlySpendingLimit: -1 }), InvalidPayloadError, /0 or more/);
    const completion = await admin.getAllWorkspaceQuotaCompletion({});
    const acme = completion[workspaceId];
    assert.equal(acme?.type, 'bot_count', 'Acme is closest to its bot quota');
    assert.equal(acme?.completion, emu.store.botsOf(workspaceId).length / 60);
  });

  test('every operation of analytics and usage answered', () => {
    const ops = [...Object.keys(analyticsHandlers), ...Object.keys(usageHandlers)];
    assert.deepEqual(
      ops.filter((op) => !emu.store.served.get(op)),
      [],
    );
    assert.deepEqual(emu.store.violations, []);
  });
});
