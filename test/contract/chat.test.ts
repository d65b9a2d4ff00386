// The official @botpress/chat, unchanged, against the emulator's Chat API: connect (a new user and its
// key), open a conversation, listen to it, send a message and hear the demo bot answer live.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { Client, type AuthenticatedClient } from '@botpress/chat';
import { Client as CloudClient } from '@botpress/client';
import { startEmulator, type Emulator } from '../emulator';

let emu: Emulator;
let apiUrl: string;
let supportBotId: string;

type Created = { id: string; payload: { type: string; [k: string]: unknown }; userId: string; conversationId: string; isBot: boolean };

before(async () => {
  emu = await startEmulator({ seed: 'demo', replyDelayMs: [100, 150] });
  const record = [...emu.store.bots.values()].find((b) => b.bot.name === 'support-bot')!;
  supportBotId = record.bot.id;
  const chat = Object.values(record.bot.integrations).find((i) => i.name === 'chat')!;
  apiUrl = `${emu.url}/chat/${chat.webhookId}`;
});
after(() => emu.close());

/** Collects `message_created` signals until `done` says enough (or fails after a timeout). */
async function hear(client: AuthenticatedClient, conversationId: string, send: () => Promise<unknown>, done: (bot: Created[]) => boolean): Promise<Created[]> {
  const listener = await client.listenConversation({ id: conversationId });
  const heard: Created[] = [];
  try {
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`timed out; heard ${JSON.stringify(heard)}`)), 5000);
      listener.on('message_created', (m) => {
        heard.push(m as Created);
        if (done(heard.filter((h) => h.isBot))) {
          clearTimeout(timer);
          resolve();
        }
      });
      listener.on('error', (err) => reject(err));
      send().catch(reject);
    });
  } finally {
    await listener.disconnect();
  }
  return heard;
}

test('connect, send a message and hear the demo bot reply over the live stream', async () => {
  const client = await Client.connect({ apiUrl });
  assert.ok(client.user.key);
  const { conversation } = await client.createConversation({});
  const started = Date.now();
  const heard = await hear(client, conversation.id, () => client.createMessage({ conversationId: conversation.id, payload: { type: 'text', text: 'hello there' } }), (bot) => bot.length >= 1);

  const mine = heard.find((m) => !m.isBot)!;
  assert.equal(mine.userId, client.user.id);
  assert.deepEqual(mine.payload, { type: 'text', text: 'hello there' });
  const reply = heard.find((m) => m.isBot)!;
  assert.deepEqual(reply.payload, { type: 'text', text: 'You said: hello there' });
  assert.equal(reply.conversationId, conversation.id);
  assert.ok(Date.now() - started >= 90, 'the reply comes after a short, realistic delay');

  const { messages } = await client.listMessages({ conversationId: conversation.id });
  assert.deepEqual(messages.map((m) => m.id).sort(), heard.map((m) => m.id).sort());
});

test('keywords get rich replies, in order, each a payload the official client parses', async () => {
  const client = await Client.connect({ apiUrl });
  const { conversation } = await client.createConversation({});
  const heard = await hear(
    client,
    conversation.id,
    () => client.createMessage({ conversationId: conversation.id, payload: { type: 'text', text: 'show me a card and a choice' } }),
    (bot) => bot.length >= 3,
  );
  assert.deepEqual(heard.filter((m) => m.isBot).map((m) => m.payload.type), ['text', 'card', 'choice']);

  // Every payload type at once: the client's own signal schemas accept each (else it reports `unknown`).
  const rich = ['markdown', 'image', 'audio', 'video', 'file', 'location', 'card', 'carousel', 'choice', 'dropdown', 'bloc'];
  const all = await hear(
    client,
    conversation.id,
    () => client.createMessage({ conversationId: conversation.id, payload: { type: 'text', text: rich.join(' ') } }),
    (bot) => bot.length >= 1 + rich.length,
  );
  assert.deepEqual(all.filter((m) => m.isBot).map((m) => m.payload.type), ['text', ...rich]);
});

test('a chat conversation is the bot’s runtime conversation, seen by the Cloud API', async () => {
  const client = await Client.connect({ apiUrl });
  const { conversation } = await client.createConversation({});
  await hear(client, conversation.id, () => client.createMessage({ conversationId: conversation.id, payload: { type: 'text', text: 'ping' } }), (bot) => bot.length >= 1);
  const cloud = new CloudClient({ apiUrl: emu.url, token: emu.token, botId: supportBotId });
  const { messages } = await cloud.listMessages({ conversationId: conversation.id });
  assert.deepEqual(messages.map((m) => m.direction).sort(), ['incoming', 'outgoing']);
  // A message the bot sends through the runtime API reaches the live stream too.
  const heard = await hear(
    client,
    conversation.id,
    () => cloud.createMessage({ conversationId: conversation.id, userId: supportBotId, type: 'text', tags: {}, payload: { text: 'from the bot code' } }),
    (bot) => bot.some((m) => m.payload.text === 'from the bot code'),
  );
  assert.ok(heard.length >= 1);
});

test('users are keyed: a wrong key is refused, a stranger cannot read the conversation', async () => {
  const alice = await Client.connect({ apiUrl });
  const { conversation } = await alice.createConversation({});
  const again = await Client.connect({ apiUrl, userKey: alice.user.key });
  assert.equal(again.user.id, alice.user.id);
  await assert.rejects(new Client({ apiUrl }).listConversations({ 'x-user-key': 'nope' }), (e: unknown) => (e as { code?: number }).code === 401);
  const bob = await Client.connect({ apiUrl });
  await assert.rejects(bob.getConversation({ id: conversation.id }), (e: unknown) => (e as { code?: number }).code === 403);
});

test('installing the hub chat integration with updateBot opens the Chat API for that bot', async () => {
  const record = [...emu.store.bots.values()].find((b) => b.bot.name === 'echo')!;
  const cloud = new CloudClient({ apiUrl: emu.url, token: emu.token, workspaceId: record.workspaceId });
  const { integration } = await cloud.getPublicIntegration({ name: 'chat', version: 'latest' });
  const { bot } = await cloud.updateBot({ id: record.bot.id, integrations: { [integration.id]: { enabled: true, configuration: {} } } });
  const client = await Client.connect({ apiUrl: `${emu.url}/chat/${bot.integrations[integration.id].webhookId}` });
  const { conversation } = await client.createConversation({});
  const heard = await hear(client, conversation.id, () => client.createMessage({ conversationId: conversation.id, payload: { type: 'text', text: 'hi' } }), (b) => b.length >= 1);
  assert.equal(heard.find((m) => m.isBot)!.userId, record.bot.id);
});

test('a webhook id without the chat integration is refused', async () => {
  await assert.rejects(Client.connect({ apiUrl: `${emu.url}/chat/not-a-webhook` }));
});
