// The official @botpress/client, unchanged, against the emulator: every operation the product uses,
// paging included. The emulator runs strict (a response breaking its official schema becomes a 500),
// and the last test proves every emulated operation answered successfully at least once.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { Client, InvalidPayloadError, ResourceNotFoundError, UnauthorizedError, isApiError } from '@botpress/client';
import { startEmulator, type Emulator } from '../../src/emulator';
import { cloudHandlers, logPageSize } from '../../src/emulator/cloud';
import { pluginHandlers } from '../../src/emulator/plugins';
import { tableHandlers } from '../../src/emulator/tables';
import { fileHandlers } from '../../src/emulator/files';

let emu: Emulator;
let admin: Client;
let workspaceId: string;
let supportBotId: string;
const runtime = () => new Client({ apiUrl: emu.url, token: emu.token, botId: supportBotId });

async function rejects(promise: Promise<unknown>, type: new (...a: never[]) => Error, status: number): Promise<void> {
  await assert.rejects(promise, (err: unknown) => {
    assert.ok(err instanceof type, `expected ${type.name}, got ${String(err)}`);
    assert.ok(isApiError(err));
    assert.equal(err.code, status);
    assert.match(err.id ?? '', /^err_/);
    return true;
  });
}

before(async () => {
  emu = await startEmulator({ seed: 'demo' });
  const { workspaces } = await new Client({ apiUrl: emu.url, token: emu.token }).listWorkspaces({});
  workspaceId = workspaces.find((w) => w.name === 'Acme Support')!.id;
  admin = new Client({ apiUrl: emu.url, token: emu.token, workspaceId });
  supportBotId = [...emu.store.bots.values()].find((b) => b.bot.name === 'support-bot')!.bot.id;
});
after(() => emu.close());

describe('workspaces', () => {
  test('listWorkspaces and getWorkspace', async () => {
    const { workspaces, meta } = await admin.listWorkspaces({});
    assert.deepEqual(
      workspaces.map((w) => w.name),
      ['Acme Support', 'Personal Sandbox'],
    );
    assert.equal(meta.nextToken, undefined);
    const ws = await admin.getWorkspace({ id: workspaceId });
    assert.equal(ws.botCount, 53);
    await rejects(admin.getWorkspace({ id: 'wkspace_nope' }), ResourceNotFoundError, 404);
  });

  test("getAccount names the token's owner", async () => {
    const { account } = await admin.getAccount({});
    assert.equal(account.displayName, 'Demo Developer');
    assert.match(account.email, /@/);
  });
});

describe('bots', () => {
  test('listBots pages by 20 with meta.nextToken, and the collection helper walks them all', async () => {
    const first = await admin.listBots({});
    assert.equal(first.bots.length, 20);
    assert.ok(first.meta.nextToken);
    const second = await admin.listBots({ nextToken: first.meta.nextToken });
    assert.equal(second.bots.length, 20);
    assert.notEqual(second.bots[0].id, first.bots[0].id);
    const all = await admin.list.bots({}).collect();
    assert.equal(all.length, 48, 'without dev, production bots only');
    assert.equal(new Set(all.map((b) => b.id)).size, 48);
    const dev = await admin.listBots({ dev: true });
    assert.equal(dev.bots.length, 5);
    assert.ok(dev.bots.some((b) => b.name === 'support-bot'));
    assert.ok(
      dev.bots.every((b) => !all.some((p) => p.id === b.id)),
      'dev and production lists do not overlap',
    );
    const tagged = await admin.listBots({ dev: true, tags: { team: 'support' } });
    assert.deepEqual(
      tagged.bots.map((b) => b.name),
      ['support-bot'],
    );
  });

  test('a bad nextToken is refused with the official error', async () => {
    await rejects(admin.listBots({ nextToken: 'garbage' }), InvalidPayloadError, 400);
  });

  test('getBot returns the full bot with the chat integration installed', async () => {
    const { bot } = await admin.getBot({ id: supportBotId });
    assert.equal(bot.name, 'support-bot');
    const chat = Object.values(bot.integrations).find((i) => i.name === 'chat');
    assert.ok(chat?.webhookId);
    assert.deepEqual(Object.keys(bot.states).sort(), ['cart', 'profile', 'settings']);
  });

  test('createBot, updateBot (null deletes), deleteBot', async () => {
    const { bot } = await admin.createBot({ name: 'contract-bot', dev: true, tags: { team: 'qa' } });
    assert.equal(bot.name, 'contract-bot');
    const states = {
      cart: { type: 'conversation' as const, schema: { type: 'object' } },
      profile: { type: 'user' as const, schema: { type: 'object' } },
    };
    let updated = (
      await admin.updateBot({
        id: bot.id,
        states,
        events: { ping: { schema: { type: 'object' } } },
        tags: { team: 'qa', env: 'test' },
        code: 'exports.handler = () => {}',
      })
    ).bot;
    assert.deepEqual(Object.keys(updated.states).sort(), ['cart', 'profile']);
    assert.equal(emu.store.bots.get(bot.id)!.code, 'exports.handler = () => {}');
    // Accepted by the request schema, absent from the Bot schema: taken, never echoed.
    await admin.updateBot({ id: bot.id, url: 'https://dev.example.com', blocked: false, authentication: 'iam' });
    updated = (await admin.updateBot({ id: bot.id, user: { tags: { email: { title: 'Email' }, plan: { title: 'Plan' } } } })).bot;
    assert.deepEqual(Object.keys(updated.user.tags).sort(), ['email', 'plan']);
    updated = (
      await admin.updateBot({
        id: bot.id,
        states: { cart: null },
        events: { ping: null },
        tags: { env: '' },
        user: { tags: { plan: null } },
      } as never)
    ).bot;
    assert.deepEqual(Object.keys(updated.user.tags), ['email']);
    assert.deepEqual(Object.keys(updated.states), ['profile']);
    assert.deepEqual(updated.events, {});
    assert.deepEqual(updated.tags, { team: 'qa' });

    const chatId = [...emu.store.integrations.values()].find((r) => r.integration.name === 'chat' && r.workspaceId === null)!.integration
      .id;
    updated = (await admin.updateBot({ id: bot.id, integrations: { [chatId]: { enabled: true, configuration: {} } } })).bot;
    assert.ok(updated.integrations[chatId].webhookId);
    updated = (await admin.updateBot({ id: bot.id, integrations: { [chatId]: null } } as never)).bot;
    assert.deepEqual(updated.integrations, {});
    await rejects(admin.updateBot({ id: bot.id, integrations: { intver_nothing_here_000000000: { enabled: true } } }), Error as never, 400);

    await admin.deleteBot({ id: bot.id });
    await rejects(admin.getBot({ id: bot.id }), ResourceNotFoundError, 404);
  });

  test('a body that is not JSON is refused as UnsupportedMediaType', async () => {
    const res = await fetch(`${emu.url}/v1/admin/bots`, {
      method: 'POST',
      headers: { authorization: `Bearer ${emu.token}`, 'x-workspace-id': workspaceId, 'content-type': 'text/plain' },
      body: 'name=x',
    });
    assert.equal(res.status, 415);
    assert.equal(((await res.json()) as { type: string }).type, 'UnsupportedMediaType');
  });

  test('request bodies are checked against the official schema', async () => {
    await rejects(admin.updateBot({ id: supportBotId, tags: { team: 42 } } as never), InvalidPayloadError, 400);
    await rejects(admin.createBot({ name: '' }), InvalidPayloadError, 400);
  });

  test('getBotLogs: timeStart required, pages with a top-level nextToken, filters', async () => {
    const timeStart = new Date(Date.now() - 10 * 60_000).toISOString();
    const first = await admin.getBotLogs({ id: supportBotId, timeStart });
    assert.equal(first.logs.length, logPageSize);
    assert.ok(first.nextToken);
    const second = await admin.getBotLogs({ id: supportBotId, timeStart, nextToken: first.nextToken });
    assert.ok(second.logs.length > 0);
    assert.ok(second.logs[0].timestamp >= first.logs.at(-1)!.timestamp);
    const times = [...first.logs, ...second.logs].map((l) => l.timestamp);
    assert.deepEqual(times, [...times].sort());
    const errors = await admin.getBotLogs({ id: supportBotId, timeStart, level: 'error' });
    assert.ok(errors.logs.length > 0 && errors.logs.every((l) => l.level === 'error'));
    const conversationId = first.logs.find((l) => l.conversationId)!.conversationId!;
    const inConv = await admin.getBotLogs({ id: supportBotId, timeStart, conversationId });
    assert.ok(inConv.logs.every((l) => l.conversationId === conversationId));
    const failed = await admin.getBotLogs({ id: supportBotId, timeStart, messageContains: 'failed' });
    assert.ok(failed.logs.every((l) => l.message.includes('failed')));
    await rejects(admin.getBotLogs({ id: supportBotId } as never), InvalidPayloadError, 400);
  });
});

describe('integrations', () => {
  test('listIntegrations, getIntegration, getIntegrationByName', async () => {
    const { integrations } = await admin.listIntegrations({});
    assert.deepEqual(integrations.map((i) => i.name).sort(), ['acme-crm', 'acme-ticketing', 'inventory-sync', 'order-lookup']);
    const { integration } = await admin.getIntegration({ id: integrations[0].id });
    assert.equal(integration.id, integrations[0].id);
    const byName = await admin.getIntegrationByName({ name: 'acme-crm', version: '0.1.0' });
    assert.equal(byName.integration.name, 'acme-crm');
    await rejects(admin.getIntegrationByName({ name: 'acme-crm', version: '9.9.9' }), ResourceNotFoundError, 404);
  });

  test('createIntegration, updateIntegration, getIntegrationLogs, deleteIntegration', async () => {
    const icon = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>').toString('base64');
    const { integration } = await admin.createIntegration({
      name: 'contract-int',
      version: '0.0.1',
      title: 'Contract',
      icon,
      readme: Buffer.from('# Contract').toString('base64'),
      secrets: { API_KEY: 'x' },
      actions: { ping: { input: { schema: { type: 'object' } }, output: { schema: { type: 'object' } } } },
    });
    assert.equal(integration.title, 'Contract');
    assert.deepEqual(integration.secrets, ['API_KEY']);
    assert.equal(emu.store.integrations.get(integration.id)!.icon, icon);
    await rejects(admin.createIntegration({ name: 'contract-int', version: '0.0.1' }), Error as never, 409);
    await admin.updateIntegration({ id: integration.id, sdkVersion: '4.0.0', maxExecutionTime: 60 } as never);
    const updated = (
      await admin.updateIntegration({
        id: integration.id,
        description: 'Now described',
        actions: { ping: null },
        secrets: { API_KEY: null },
      } as never)
    ).integration;
    assert.equal(updated.description, 'Now described');
    assert.deepEqual(updated.actions, {});
    assert.deepEqual(updated.secrets, []);
    const logs = await admin.getIntegrationLogs({ id: integration.id, timeStart: new Date(Date.now() - 60_000).toISOString() });
    assert.ok(Array.isArray(logs.logs));
    await admin.deleteIntegration({ id: integration.id });
    await rejects(admin.getIntegration({ id: integration.id }), ResourceNotFoundError, 404);
  });

  test('listPublicIntegrations and getPublicIntegration (the hub)', async () => {
    const all = await admin.list.publicIntegrations({}).collect();
    assert.ok(all.some((i) => i.name === 'chat'));
    const { integration } = await admin.getPublicIntegration({ name: 'chat', version: 'latest' });
    assert.equal(integration.name, 'chat');
    assert.equal(integration.visibility, 'public');
    const searched = await admin.listPublicIntegrations({ search: 'telegram' });
    assert.deepEqual(
      searched.integrations.map((i) => i.name),
      ['telegram'],
    );
    // By id too; an id of no hub integration is the official not-found error.
    assert.deepEqual((await admin.getPublicIntegrationById({ id: integration.id })).integration, integration);
    await rejects(admin.getPublicIntegrationById({ id: 'intver_01NOPE' }), ResourceNotFoundError, 404);
  });

  test('admin operations need an existing x-workspace-id', async () => {
    const noWorkspace = new Client({ apiUrl: emu.url, token: emu.token });
    await rejects(noWorkspace.listBots({}), InvalidPayloadError, 400);
    const wrong = new Client({ apiUrl: emu.url, token: emu.token, workspaceId: 'wkspace_01NOPE' });
    await rejects(wrong.listBots({}), ResourceNotFoundError, 404);
  });
});

describe('runtime (x-bot-id)', () => {
  test('conversations page and read', async () => {
    const client = runtime();
    const all = await client.list.conversations({}).collect();
    assert.equal(all.length, 24);
    const first = await client.listConversations({});
    assert.equal(first.conversations.length, 20);
    assert.ok(first.meta.nextToken);
    const { conversation } = await client.getConversation({ id: all[0].id });
    assert.equal(conversation.id, all[0].id);
    const chatOnly = await client.list.conversations({ integrationName: 'webchat' }).collect();
    assert.ok(chatOnly.length > 0 && chatOnly.every((c) => c.integration === 'webchat'));
  });

  test('messages: every payload type, paging, getMessage', async () => {
    const client = runtime();
    const conversations = await client.list.conversations({ sortDirection: 'asc' }).collect();
    const showcase = await client.list.messages({ conversationId: conversations[0].id }).collect();
    const types = new Set(showcase.map((m) => m.payload.type));
    for (const t of ['text', 'markdown', 'image', 'audio', 'video', 'file', 'location', 'card', 'carousel', 'choice', 'dropdown', 'bloc'])
      assert.ok(types.has(t), t);
    const long = await client.listMessages({ conversationId: conversations[1].id });
    assert.equal(long.messages.length, 20);
    assert.ok(long.meta.nextToken);
    const { message } = await client.getMessage({ id: long.messages[0].id });
    assert.equal(message.conversationId, conversations[1].id);
  });

  test('users, events and states', async () => {
    const client = runtime();
    const users = await client.list.users({}).collect();
    assert.equal(users.length, 5);
    const { user } = await client.getUser({ id: users[0].id });
    assert.equal(user.name, users[0].name);
    const events = await client.list.events({}).collect();
    assert.ok(events.some((e) => e.type === 'orderPlaced'));
    const conversations = await client.list.conversations({}).collect();
    const { state } = await client.getState({ type: 'conversation', id: conversations[0].id, name: 'cart' });
    assert.equal(state.name, 'cart');
    assert.ok(Array.isArray(state.payload.items));
    const bot = await client.getState({ type: 'bot', id: supportBotId, name: 'settings' });
    assert.equal(bot.state.payload.greeting, 'Hello!');
    await rejects(client.getState({ type: 'user', id: users[0].id, name: 'nothing' }), ResourceNotFoundError, 404);
  });

  test('createUser, createConversation, createMessage', async () => {
    const client = runtime();
    const { user } = await client.createUser({ tags: {}, name: 'Contract User' });
    const { conversation } = await client.createConversation({ channel: 'channel', tags: { topic: 'test' } });
    const { message } = await client.createMessage({
      conversationId: conversation.id,
      userId: supportBotId,
      type: 'text',
      tags: {},
      payload: { text: 'hello' },
    });
    assert.equal(message.direction, 'outgoing', 'what the bot’s user sends goes out');
    const listed = await client.listMessages({ conversationId: conversation.id });
    assert.deepEqual(
      listed.messages.map((m) => m.id),
      [message.id],
    );
    const relayed = await client.createMessage({
      conversationId: conversation.id,
      userId: user.id,
      type: 'text',
      tags: {},
      payload: { text: 'from a user' },
    });
    assert.equal(relayed.message.direction, 'incoming', 'what a user sends comes in');
    await rejects(
      client.createMessage({ conversationId: conversation.id, userId: user.id, payload: {} } as never),
      InvalidPayloadError,
      400,
    );
  });

  test('what a bot’s code calls: get-or-create, updates, participants, states, events and actions', async () => {
    const client = runtime();
    const { user } = await client.getOrCreateUser({ tags: { email: 'new@example.com' }, name: 'New' });
    assert.equal((await client.getOrCreateUser({ tags: { email: 'new@example.com' } })).user.id, user.id, 'found by its tags');
    assert.equal((await client.updateUser({ id: user.id, name: 'Renamed' })).user.name, 'Renamed');
    const { conversation } = await client.getOrCreateConversation({
      channel: 'channel',
      tags: { topic: 'get-or-create' },
      integrationName: 'chat',
    });
    assert.equal(
      (await client.getOrCreateConversation({ channel: 'channel', tags: { topic: 'get-or-create' }, integrationName: 'chat' })).conversation
        .id,
      conversation.id,
    );
    assert.equal((await client.updateConversation({ id: conversation.id, tags: { topic: 'renamed' } })).conversation.tags.topic, 'renamed');

    await client.addParticipant({ id: conversation.id, userId: user.id });
    assert.deepEqual(
      (await client.listParticipants({ id: conversation.id })).participants.map((p) => p.id),
      [user.id],
    );
    assert.equal((await client.getParticipant({ id: conversation.id, userId: user.id })).participant.id, user.id);
    await client.removeParticipant({ id: conversation.id, userId: user.id });
    await rejects(client.getParticipant({ id: conversation.id, userId: user.id }), ResourceNotFoundError, 404);

    const { message } = await client.createMessage({
      conversationId: conversation.id,
      userId: supportBotId,
      type: 'text',
      tags: {},
      payload: { text: 'draft' },
    });
    assert.equal((await client.updateMessage({ id: message.id, tags: {}, payload: { text: 'final' } })).message.payload.text, 'final');
    await client.deleteMessage({ id: message.id });
    await rejects(client.getMessage({ id: message.id }), ResourceNotFoundError, 404);

    const set = await client.setState({ type: 'conversation', id: conversation.id, name: 'cart', payload: { items: ['a'] } });
    assert.deepEqual(set.state.payload, { items: ['a'] });
    assert.deepEqual(
      (await client.getOrSetState({ type: 'conversation', id: conversation.id, name: 'cart', payload: { items: [] } })).state.payload,
      { items: ['a'] },
      'an existing state is kept',
    );
    assert.deepEqual(
      (await client.patchState({ type: 'conversation', id: conversation.id, name: 'cart', payload: { coupon: 'X' } })).state.payload,
      { items: ['a'], coupon: 'X' },
    );
    await rejects(
      client.setState({ type: 'conversation', id: conversation.id, name: 'undeclared', payload: {} }),
      ResourceNotFoundError,
      404,
    );
    await rejects(client.setState({ type: 'user', id: user.id, name: 'cart', payload: {} }), InvalidPayloadError, 400);
    await client.setState({ type: 'conversation', id: conversation.id, name: 'cart', payload: null });
    await rejects(client.getState({ type: 'conversation', id: conversation.id, name: 'cart' }), ResourceNotFoundError, 404);

    const { event } = await client.createEvent({ type: 'orderPlaced', payload: { orderId: '7' }, conversationId: conversation.id });
    assert.deepEqual((await client.getEvent({ id: event.id })).event.payload, { orderId: '7' });

    assert.deepEqual(
      (await client.callAction({ type: 'chat:sendEvent', input: { conversationId: conversation.id, payload: { hello: true } } })).output,
      {},
    );
    await assert.rejects(
      client.callAction({ type: 'webchat:showWebchat', input: {} }),
      (e: unknown) => isApiError(e) && e.type === 'Runtime' && /does not run in the emulator/.test(e.message),
    );
    await rejects(client.callAction({ type: 'telegram:sendSticker', input: {} }), ResourceNotFoundError, 404);
  });

  test('runtime operations need x-bot-id', async () => {
    await rejects(admin.listConversations({}), InvalidPayloadError, 400);
  });
});

describe('errors and coverage', () => {
  test('a wrong token gets the official UnauthorizedError', async () => {
    const wrong = new Client({ apiUrl: emu.url, token: 'not-the-token', workspaceId });
    await rejects(wrong.listBots({}), UnauthorizedError, 401);
    await rejects(new Client({ apiUrl: emu.url, workspaceId }).listWorkspaces({}), UnauthorizedError, 401);
  });

  test('spec operations that are not emulated answer MethodNotFound; unknown paths ResourceNotFound', async () => {
    const headers = { authorization: `Bearer ${emu.token}`, 'x-workspace-id': workspaceId };
    const notEmulated = await fetch(`${emu.url}/v1/admin/workspace-members`, { headers });
    assert.equal(notEmulated.status, 405);
    assert.equal(((await notEmulated.json()) as { type: string }).type, 'MethodNotFound');
    const malformed = await fetch(`${emu.url}/v1/admin/bots/%E0%A4%A`, { headers });
    assert.equal(malformed.status, 400);
    const unknown = await fetch(`${emu.url}/v1/nothing/here`, { headers });
    assert.equal(unknown.status, 404);
    assert.equal(((await unknown.json()) as { type: string }).type, 'ResourceNotFound');
  });

  test('a response breaking the official schema is never sent: it becomes a 500 and is recorded', async () => {
    const record = emu.store.bots.get(supportBotId)!;
    const saved = record.bot.name;
    (record.bot as { name: unknown }).name = 42;
    try {
      await assert.rejects(
        admin.getBot({ id: supportBotId }),
        (err: unknown) => isApiError(err) && err.code === 500 && /official schema/.test(err.message),
      );
      assert.equal(emu.store.violations.length, 1);
      assert.match(emu.store.violations[0], /^getBot: response\/bot\/name must be string/);
    } finally {
      record.bot.name = saved;
      emu.store.violations.length = 0;
    }
  });

  test('every emulated operation answered at least once, and no response broke its schema', () => {
    // Plugins, Tables and Files operations have their own contract tests (plugins, tables, files .test.ts).
    const own = (op: string) => op in pluginHandlers || op in tableHandlers || op in fileHandlers;
    const missing = Object.keys(cloudHandlers).filter((op) => !emu.store.served.get(op) && !own(op));
    assert.deepEqual(missing, []);
    assert.deepEqual(emu.store.violations, []);
  });
});
