// Deployed code runs: a bot written with the official @botpress/sdk, bundled as `bp bundle` does and
// deployed with the official @botpress/client, answers a user of the official @botpress/chat with text
// its code computed; its log lines reach getBotLogs; a redeploy changes the answer; custom events go both
// ways; a bot that throws is a failed event and an ERROR line, and the emulator keeps serving the others.
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { after, before, test } from 'node:test';
import { Client as ChatClient, type AuthenticatedClient } from '@botpress/chat';
import { Client, isApiError } from '@botpress/client';
import { startEmulator, type Emulator } from '../../src/emulator';
import { bundleBot, sdkDir } from './sdk';

const project = path.join(sdkDir, 'runtime-bot');
let emu: Emulator;
let admin: Client;
let chatIntegrationId: string;

before(async () => {
  emu = await startEmulator({ seed: 'demo', runtime: { timeoutMs: 5_000 } });
  const official = new Client({ apiUrl: emu.url, token: emu.token });
  const workspaceId = (await official.listWorkspaces({})).workspaces.find((w) => w.name === 'Personal Sandbox')!.id;
  admin = new Client({ apiUrl: emu.url, token: emu.token, workspaceId });
  chatIntegrationId = (await admin.getPublicIntegration({ name: 'chat', version: 'latest' })).integration.id;
});
after(() => emu.close());

/** A new bot with the chat integration installed and this code deployed; its Chat API URL. */
async function deploy(
  name: string,
  code: string,
  chatConfiguration: Record<string, unknown> = {},
): Promise<{ botId: string; apiUrl: string }> {
  const created = await admin.createBot({
    name,
    states: { counter: { type: 'conversation', schema: { type: 'object', properties: { count: { type: 'number' } } } } },
  });
  const { bot } = await admin.updateBot({
    id: created.bot.id,
    code,
    integrations: { [chatIntegrationId]: { enabled: true, configuration: chatConfiguration } },
  });
  return { botId: bot.id, apiUrl: `${emu.url}/chat/${bot.integrations[chatIntegrationId].webhookId}` };
}

type Signal = { type: string; data: Record<string, unknown> };

/** Sends with `send` while listening, until `done` is satisfied by what was heard (or times out). */
async function hear(
  client: AuthenticatedClient,
  conversationId: string,
  send: () => Promise<unknown>,
  done: (heard: Signal[]) => boolean,
): Promise<Signal[]> {
  const listener = await client.listenConversation({ id: conversationId });
  const heard: Signal[] = [];
  try {
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`timed out; heard ${JSON.stringify(heard)}`)), 10_000);
      const on = (type: string) => (data: unknown) => {
        heard.push({ type, data: data as Record<string, unknown> });
        if (done(heard)) {
          clearTimeout(timer);
          resolve();
        }
      };
      listener.on('message_created', on('message_created'));
      listener.on('event_created', on('event_created'));
      listener.on('error', reject);
      send().catch(reject);
    });
  } finally {
    await listener.disconnect();
  }
  return heard;
}

const botText = (heard: Signal[]) =>
  heard.filter((s) => s.type === 'message_created' && s.data.isBot).map((s) => (s.data.payload as { text: string }).text);

async function say(client: AuthenticatedClient, conversationId: string, text: string, replies = 1): Promise<string[]> {
  const heard = await hear(
    client,
    conversationId,
    () => client.createMessage({ conversationId, payload: { type: 'text', text } }),
    (h) => botText(h).length >= replies,
  );
  return botText(heard);
}

async function logsOf(botId: string): Promise<{ level: string; message: string; conversationId?: string }[]> {
  const { logs } = await admin.getBotLogs({
    id: botId,
    timeStart: new Date(Date.now() - 3_600_000).toISOString(),
    timeEnd: new Date(Date.now() + 1000).toISOString(),
  });
  return logs;
}

async function eventually<T>(read: () => Promise<T>, ok: (value: T) => boolean, what: string): Promise<T> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const value = await read();
    if (ok(value)) return value;
    if (Date.now() > deadline) throw new Error(`${what}: ${JSON.stringify(value)}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

test(
  'an SDK bot answers a chat user with what its code computed, logs it, and changes its answer when redeployed',
  { timeout: 60_000 },
  async () => {
    const { botId, apiUrl } = await deploy('sdk-reverse', await bundleBot(project, 'src/index'));
    await eventually(
      () => logsOf(botId),
      (logs) => logs.some((l) => l.message === 'registered (reverse)'),
      'register reached the code',
    );

    const client = await ChatClient.connect({ apiUrl });
    const { conversation } = await client.createConversation({});
    assert.deepEqual(await say(client, conversation.id, 'hello brave new world'), ['world new brave hello (#1)']);
    assert.deepEqual(await say(client, conversation.id, 'one two'), ['two one (#2)'], 'the state kept the count');

    const logs = await eventually(
      () => logsOf(botId),
      (l) => l.some((x) => x.message.startsWith('message 2 from')),
      'the log line of the second message',
    );
    const line = logs.find((l) => l.message === `message 1 from ${client.user.id}: hello brave new world`);
    assert.ok(line, JSON.stringify(logs));
    assert.equal(line.level, 'info');
    assert.equal(line.conversationId, conversation.id);

    // The state the code kept is the bot's runtime state, seen by the official client.
    const runtime = new Client({ apiUrl: emu.url, token: emu.token, botId });
    const { state } = await runtime.getState({ type: 'conversation', id: conversation.id, name: 'counter' });
    assert.deepEqual(state.payload, { count: 2 });

    await admin.updateBot({ id: botId, code: await bundleBot(project, 'src/shout') });
    assert.deepEqual(await say(client, conversation.id, 'louder please'), ['LOUDER PLEASE (#3)']);
    assert.ok((await logsOf(botId)).some((l) => l.message === 'registered (shout)'));
  },
);

test(
  'custom events go both ways: a chat user’s event reaches the code as chat:custom, the code’s chat:sendEvent reaches the listener',
  { timeout: 60_000 },
  async () => {
    const encryptionKey = 'a-key-only-the-developer-knows';
    const { botId, apiUrl } = await deploy('sdk-events', await bundleBot(project, 'src/index'), { encryptionKey });
    const client = await ChatClient.connect({ apiUrl, userId: 'customer-42', encryptionKey });
    assert.equal(client.user.id, 'customer-42');
    const { conversation } = await client.getOrCreateConversation({ id: 'support_ticket-7' });
    assert.equal(conversation.id, 'support_ticket-7');

    const heard = await hear(
      client,
      conversation.id,
      () => client.createEvent({ conversationId: conversation.id, payload: { clicked: 'buy' } }),
      (h) => h.some((s) => s.type === 'event_created' && s.data.isBot),
    );
    const mine = heard.find((s) => s.type === 'event_created' && !s.data.isBot)!;
    assert.deepEqual(mine.data.payload, { clicked: 'buy' });
    assert.equal(mine.data.userId, 'customer-42');
    const back = heard.find((s) => s.type === 'event_created' && s.data.isBot)!;
    assert.deepEqual(back.data.payload, { received: { clicked: 'buy' } });
    assert.equal(back.data.conversationId, 'support_ticket-7');
    assert.ok((await logsOf(botId)).some((l) => l.message === 'custom event {"clicked":"buy"}'));
  },
);

test('a bot that throws: a failed event and an ERROR line, and the other bots keep answering', { timeout: 60_000 }, async () => {
  const good = await deploy('sdk-good', await bundleBot(project, 'src/index'));
  const bad = await deploy('sdk-throws', await bundleBot(project, 'src/throws'));
  const badClient = await ChatClient.connect({ apiUrl: bad.apiUrl });
  const { conversation } = await badClient.createConversation({});
  await badClient.createMessage({ conversationId: conversation.id, payload: { type: 'text', text: 'anyone?' } });

  const runtime = new Client({ apiUrl: emu.url, token: emu.token, botId: bad.botId });
  const { events } = await eventually(
    () => runtime.listEvents({ conversationId: conversation.id, type: 'message_created' }),
    (r) => r.events.some((e) => e.status === 'failed'),
    'the message event failed',
  );
  assert.match(events[0].failureReason ?? '', /An unexpected error occurred in the bot/, 'the handler’s answer, as the SDK gives it');
  const errors = (await logsOf(bad.botId)).filter((l) => l.level === 'error');
  assert.ok(
    errors.some((l) => /this bot always fails/.test(l.message) && l.conversationId === conversation.id),
    JSON.stringify(errors),
  );

  const client = await ChatClient.connect({ apiUrl: good.apiUrl });
  const { conversation: other } = await client.createConversation({});
  assert.deepEqual(await say(client, other.id, 'still here'), ['here still (#1)']);
});

test('a bot token works for its own bot’s runtime operations only', async () => {
  const one = await deploy('sdk-token-a', await bundleBot(project, 'src/index'));
  const two = await deploy('sdk-token-b', await bundleBot(project, 'src/index'));
  await eventually(
    async () => emu.runtime.processes(),
    (p) => p.includes(one.botId),
    'the process runs',
  );
  const token = emu.runtime.tokenOf(one.botId);
  await new Client({ apiUrl: emu.url, token, botId: one.botId }).listConversations({});
  for (const call of [
    () => new Client({ apiUrl: emu.url, token, botId: two.botId }).listConversations({}),
    () => new Client({ apiUrl: emu.url, token }).listWorkspaces({}),
  ]) {
    await assert.rejects(call(), (e: unknown) => isApiError(e) && e.code === 403);
  }
  await admin.deleteBot({ id: one.botId });
  assert.ok(!emu.runtime.processes().includes(one.botId), 'deleting the bot stopped its process');
  await assert.rejects(
    new Client({ apiUrl: emu.url, token, botId: one.botId }).listConversations({}),
    (e: unknown) => isApiError(e) && e.code === 401,
  );
});
