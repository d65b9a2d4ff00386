// The official @botpress/chat, unchanged, against the emulator's Chat API: connect (a new user and its
// key), open a conversation, listen to it, send a message and hear the demo bot answer live.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { Client, type AuthenticatedClient } from '@botpress/chat';
import { Client as CloudClient } from '@botpress/client';
import { startEmulator, type Emulator } from '../../src/emulator';

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
async function hear(
  client: AuthenticatedClient,
  conversationId: string,
  send: () => Promise<unknown>,
  done: (bot: Created[]) => boolean,
): Promise<Created[]> {
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
  const heard = await hear(
    client,
    conversation.id,
    () => client.createMessage({ conversationId: conversation.id, payload: { type: 'text', text: 'hello there' } }),
    (bot) => bot.length >= 1,
  );

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
  assert.deepEqual(
    heard.filter((m) => m.isBot).map((m) => m.payload.type),
    ['text', 'card', 'choice'],
  );

  // Every payload type at once: the client's own signal schemas accept each (else it reports `unknown`).
  const rich = ['markdown', 'image', 'audio', 'video', 'file', 'location', 'card', 'carousel', 'choice', 'dropdown', 'bloc'];
  const all = await hear(
    client,
    conversation.id,
    () => client.createMessage({ conversationId: conversation.id, payload: { type: 'text', text: rich.join(' ') } }),
    (bot) => bot.length >= 1 + rich.length,
  );
  assert.deepEqual(
    all.filter((m) => m.isBot).map((m) => m.payload.type),
    ['text', ...rich],
  );
});

test('a chat conversation is the bot’s runtime conversation, seen by the Cloud API', async () => {
  const client = await Client.connect({ apiUrl });
  const { conversation } = await client.createConversation({});
  await hear(
    client,
    conversation.id,
    () => client.createMessage({ conversationId: conversation.id, payload: { type: 'text', text: 'ping' } }),
    (bot) => bot.length >= 1,
  );
  const cloud = new CloudClient({ apiUrl: emu.url, token: emu.token, botId: supportBotId });
  const { messages } = await cloud.listMessages({ conversationId: conversation.id });
  assert.deepEqual(messages.map((m) => m.direction).sort(), ['incoming', 'outgoing']);
  // A message the bot sends through the runtime API reaches the live stream too.
  const heard = await hear(
    client,
    conversation.id,
    () =>
      cloud.createMessage({
        conversationId: conversation.id,
        userId: supportBotId,
        type: 'text',
        tags: {},
        payload: { text: 'from the bot code' },
      }),
    (bot) => bot.some((m) => m.payload.text === 'from the bot code'),
  );
  assert.ok(heard.length >= 1);
});

test('users are keyed: a wrong key is refused, a stranger cannot read the conversation', async () => {
  const alice = await Client.connect({ apiUrl });
  const { conversation } = await alice.createConversation({});
  const again = await Client.connect({ apiUrl, userKey: alice.user.key });
  assert.equal(again.user.id, alice.user.id);
  await assert.rejects(
    new Client({ apiUrl }).listConversations({ 'x-user-key': 'nope' }),
    (e: unknown) => (e as { code?: number }).code === 401,
  );
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
  const heard = await hear(
    client,
    conversation.id,
    () => client.createMessage({ conversationId: conversation.id, payload: { type: 'text', text: 'hi' } }),
    (b) => b.length >= 1,
  );
  assert.equal(heard.find((m) => m.isBot)!.userId, record.bot.id);
});

test('a webhook id without the chat integration is refused', async () => {
  await assert.rejects(Client.connect({ apiUrl: `${emu.url}/chat/not-a-webhook` }));
});

const status = (code: number) => (e: unknown) => (e as { code?: number }).code === code;

test('foreign ids: users and conversations keep the ids their creator chose, validated as the real service does', async () => {
  const alice = await Client.connect({ apiUrl, userId: 'alice_fid-1' });
  assert.equal(alice.user.id, 'alice_fid-1');
  await assert.rejects(Client.connect({ apiUrl, userId: 'alice_fid-1' }), status(409));
  await assert.rejects(
    Client.connect({ apiUrl, userId: 'has a space' }),
    (e: unknown) => status(400)(e) && /invalid characters/.test((e as Error).message),
  );
  await assert.rejects(
    Client.connect({ apiUrl, userId: 'x'.repeat(71) }),
    (e: unknown) => status(400)(e) && /maximum allowed length of 70/.test((e as Error).message),
  );

  const { conversation } = await alice.createConversation({ id: 'order/1042' });
  assert.equal(conversation.id, 'order/1042');
  await assert.rejects(alice.createConversation({ id: 'order/1042' }), status(409));
  assert.equal((await alice.getOrCreateConversation({ id: 'order/1042' })).conversation.id, 'order/1042');
  assert.equal((await alice.getConversation({ id: 'order/1042' })).conversation.id, 'order/1042');
  const bob = await Client.connect({ apiUrl });
  await assert.rejects(bob.getOrCreateConversation({ id: 'order/1042' }), status(403), 'only its owner gets it');

  // The runtime sees the bot's own ids, with the foreign id as a tag.
  const cloud = new CloudClient({ apiUrl: emu.url, token: emu.token, botId: supportBotId });
  const { conversations } = await cloud.listConversations({ tags: { fid: 'order/1042' } });
  assert.equal(conversations.length, 1);
  assert.match(conversations[0].id, /^conv_/);
  const sent = await alice.createMessage({ conversationId: 'order/1042', payload: { type: 'text', text: 'where is it?' } });
  assert.equal(sent.message.conversationId, 'order/1042');
  assert.equal(sent.message.userId, 'alice_fid-1');
  const { messages } = await cloud.listMessages({ conversationId: conversations[0].id });
  assert.notEqual(messages.find((m) => m.id === sent.message.id)!.userId, 'alice_fid-1', 'the runtime user has its own id');
});

test('user keys signed with the installation’s encryptionKey; createUser is then refused, and a key signed otherwise is too', async () => {
  const record = [...emu.store.bots.values()].find((b) => b.bot.name === 'playground')!;
  const cloud = new CloudClient({ apiUrl: emu.url, token: emu.token, workspaceId: record.workspaceId });
  const { integration } = await cloud.getPublicIntegration({ name: 'chat', version: 'latest' });
  const { bot } = await cloud.updateBot({
    id: record.bot.id,
    integrations: { [integration.id]: { enabled: true, configuration: { encryptionKey: 'my-own-secret' } } },
  });
  const url = `${emu.url}/chat/${bot.integrations[integration.id].webhookId}`;

  const carol = await Client.connect({ apiUrl: url, userId: 'carol-42', encryptionKey: 'my-own-secret' });
  assert.equal(carol.user.id, 'carol-42', 'the id in the signed key');
  const again = await Client.connect({ apiUrl: url, userId: carol.user.id, encryptionKey: 'my-own-secret' });
  assert.equal(again.user.id, carol.user.id, 'the same user, got');
  await assert.rejects(Client.connect({ apiUrl: url, userId: carol.user.id, encryptionKey: 'a-guess' }), status(401));
  await assert.rejects(
    Client.connect({ apiUrl: url }),
    (e: unknown) => status(401)(e) && /shared encryption key/.test((e as Error).message),
  );
});

test('participants: the owner adds and removes them, cannot remove itself, and a removed participant’s stream ends', async () => {
  const owner = await Client.connect({ apiUrl });
  const guest = await Client.connect({ apiUrl });
  const { conversation } = await owner.createConversation({});
  await assert.rejects(guest.listMessages({ conversationId: conversation.id }), status(403));

  const added = await owner.addParticipant({ conversationId: conversation.id, userId: guest.user.id });
  assert.equal(added.participant.id, guest.user.id);
  const { participants } = await owner.listParticipants({ conversationId: conversation.id });
  assert.deepEqual(participants.map((p) => p.id).sort(), [owner.user.id, guest.user.id].sort());
  assert.equal((await owner.getParticipant({ conversationId: conversation.id, userId: guest.user.id })).participant.id, guest.user.id);
  await assert.rejects(
    guest.removeParticipant({ conversationId: conversation.id, userId: owner.user.id }),
    status(403),
    'only the owner manages participants',
  );
  await assert.rejects(owner.removeParticipant({ conversationId: conversation.id, userId: owner.user.id }), status(400), 'the owner stays');

  const listener = await guest.listenConversation({ id: conversation.id });
  const ended = new Promise<void>((resolve) => listener.on('error', () => resolve()));
  const ownerListener = await owner.listenConversation({ id: conversation.id });
  const removed = new Promise<unknown>((resolve) => ownerListener.on('participant_removed', resolve));
  await owner.removeParticipant({ conversationId: conversation.id, userId: guest.user.id });
  await ended;
  assert.equal(listener.status, 'disconnected');
  assert.deepEqual(await removed, { conversationId: conversation.id, participantId: guest.user.id });
  await ownerListener.disconnect();
  await assert.rejects(guest.listMessages({ conversationId: conversation.id }), status(403));
});

test('every payload type goes both ways field for field; metadata is kept; a sender deletes its own message', async () => {
  const client = await Client.connect({ apiUrl });
  const { conversation } = await client.createConversation({});
  const cloud = new CloudClient({ apiUrl: emu.url, token: emu.token, botId: supportBotId });
  const runtimeId = emu.store.bots.get(supportBotId)!.runtime.conversations.at(-1)!.id;
  const bloc = {
    type: 'bloc',
    items: [
      { type: 'text', text: 'Your label:' },
      { type: 'file', fileUrl: 'https://example.com/l.pdf', title: 'Label' },
    ],
  };

  // User → bot: the runtime message has the type apart, bloc items as { type, payload }, the metadata in the payload.
  const { message } = await client.createMessage({ conversationId: conversation.id, payload: bloc as never, metadata: { source: 'test' } });
  assert.deepEqual(message.payload, bloc);
  assert.deepEqual(message.metadata, { source: 'test' });
  const stored = (await cloud.getMessage({ id: message.id })).message;
  assert.equal(stored.type, 'bloc');
  assert.deepEqual(stored.payload, {
    metadata: { source: 'test' },
    items: [
      { type: 'text', payload: { text: 'Your label:' } },
      { type: 'file', payload: { fileUrl: 'https://example.com/l.pdf', title: 'Label' } },
    ],
  });

  // Bot → user: what the bot sends is what the user receives.
  const sends = [
    { type: 'text', payload: { text: 'plain' } },
    { type: 'choice', payload: { text: 'Pick', options: [{ label: 'A', value: 'a' }] } },
    { type: 'bloc', payload: { items: [{ type: 'image', payload: { imageUrl: 'https://example.com/i.png' } }] } },
  ];
  const heard = await hear(
    client,
    conversation.id,
    async () => {
      for (const s of sends) await cloud.createMessage({ conversationId: runtimeId, userId: supportBotId, tags: {}, ...s });
    },
    (bot) => bot.filter((m) => ['plain', 'Pick'].includes(String(m.payload.text)) || m.payload.type === 'bloc').length >= 3,
  );
  // The demo's own answers to the user's bloc (its echo, its rich reply to "bloc") may arrive in between.
  const expected = [
    { type: 'text', text: 'plain' },
    { type: 'choice', text: 'Pick', options: [{ label: 'A', value: 'a' }] },
    { type: 'bloc', items: [{ type: 'image', imageUrl: 'https://example.com/i.png' }] },
  ];
  const sent = (p: unknown) =>
    expected.some(
      (e) =>
        e.type === (p as { type?: string }).type &&
        ('text' in e ? e.text === (p as { text?: string }).text : JSON.stringify(p).includes('example.com/i.png')),
    );
  assert.deepEqual(
    heard.filter((m) => m.isBot && sent(m.payload)).map((m) => m.payload),
    expected,
  );

  const other = await Client.connect({ apiUrl });
  await assert.rejects(other.deleteMessage({ id: message.id }), status(403));
  const listener = await client.listenConversation({ id: conversation.id });
  const deleted = new Promise<unknown>((resolve) => listener.on('message_deleted', resolve));
  await client.deleteMessage({ id: message.id });
  assert.deepEqual(await deleted, { id: message.id, conversationId: conversation.id, userId: client.user.id });
  await listener.disconnect();
  await assert.rejects(client.getMessage({ id: message.id }), status(404));
});
