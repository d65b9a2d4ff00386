// Our own clients against the emulator: BotpressClient for every operation the product uses, and
// ChatClient talking to the demo bot over the live stream. Every request BotpressClient sends is also
// checked here, independently of the emulator, against the official request schema: path and query
// parameters, the body, and the headers the official client would send.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import Ajv, { type ValidateFunction } from 'ajv';
import { BotpressClient } from '../../src/api/botpress';
import { ChatClient, type ChatSignal } from '../../src/api/chat';
import { ApiErrors } from '../../src/api/errors';
import { HttpClient, type HttpRequest, type HttpResponse } from '../../src/api/http';
import { startEmulator, type Emulator } from '../../src/emulator';

interface SpecParameter {
  in: 'path' | 'query' | 'header';
  type: string;
  required?: boolean;
  enum?: string[];
  schema?: object;
}
interface SpecOperation {
  name: string;
  method: string;
  path: string;
  parameters?: Record<string, SpecParameter>;
  requestBody?: { schema: object };
  disableDefaultParameters?: Record<string, boolean>;
}
const spec = require('@botpress/api').state as { operations: Record<string, SpecOperation>; schemas: Record<string, { schema: object }> };

/** An HttpClient that keeps a copy of every request it is asked to send. */
class RecordingHttp extends HttpClient {
  readonly sent: HttpRequest[] = [];
  override request<T>(req: HttpRequest): Promise<HttpResponse<T>> {
    this.sent.push(req);
    return super.request<T>(req);
  }
}

/** Checks one request against the official operation it claims to be; returns the problems found. */
class RequestChecker {
  private readonly ajv = new Ajv({ strict: false, allErrors: true, validateFormats: false });
  private readonly cache = new Map<object, ValidateFunction>();

  constructor() {
    const components = JSON.parse(
      JSON.stringify({
        components: { schemas: Object.fromEntries(Object.entries(spec.schemas).map(([k, v]) => [k, v.schema])) },
      }).replaceAll('"#/components/', '"spec#/components/'),
    );
    this.ajv.addSchema({ $id: 'spec', ...components });
  }

  private validate(schema: object, value: unknown, where: string): string[] {
    let fn = this.cache.get(schema);
    if (!fn) {
      fn = this.ajv.compile(JSON.parse(JSON.stringify(schema).replaceAll('"#/components/', '"spec#/components/')));
      this.cache.set(schema, fn);
    }
    return fn(value) ? [] : (fn.errors ?? []).map((e) => `${where}${e.instancePath} ${e.message}`);
  }

  check(req: HttpRequest): string[] {
    const op = spec.operations[req.operation!];
    if (!op) return [`unknown operation ${req.operation}`];
    const problems: string[] = [];
    const url = new URL(req.url);
    if (req.method !== op.method.toUpperCase()) problems.push(`method ${req.method}, spec says ${op.method}`);

    // Path: the template with its parameters, each decoded and validated.
    const names: string[] = [];
    const pattern = new RegExp(`^${op.path.replace(/\{(\w+)\}/g, (_, n: string) => (names.push(n), '([^/]+)'))}$`);
    const match = pattern.exec(url.pathname);
    if (!match) problems.push(`path ${url.pathname} does not fit ${op.path}`);
    const params = op.parameters ?? {};
    names.forEach(
      (n, i) => match && problems.push(...this.validate(parameterSchema(params[n]), decodeURIComponent(match[i + 1]), `path.${n}`)),
    );

    // Query: read back as the official server reads qs (dotted keys are objects, repeated keys arrays).
    const query: Record<string, unknown> = {};
    for (const [key, value] of url.searchParams) {
      const [name, sub] = key.split(/\.(.*)/s);
      const p = params[name];
      if (!p || p.in !== 'query') {
        problems.push(`query "${name}" is not a parameter of ${op.name}`);
        continue;
      }
      if (sub !== undefined) ((query[name] ??= {}) as Record<string, string>)[sub] = value;
      else if (p.type === 'string[]') ((query[name] ??= []) as string[]).push(value);
      else query[name] = p.type === 'boolean' ? value === 'true' : p.type === 'number' || p.type === 'integer' ? Number(value) : value;
    }
    for (const [name, p] of Object.entries(params)) {
      if (p.in !== 'query') continue;
      if (p.required && query[name] === undefined) problems.push(`query "${name}" is required`);
      if (query[name] !== undefined) problems.push(...this.validate(parameterSchema(p), query[name], `query.${name}`));
    }

    // Body: present exactly when the spec has one, and valid against it.
    if (op.requestBody) problems.push(...this.validate(op.requestBody.schema, req.body, 'body'));
    else if (req.body !== undefined) problems.push('a body was sent to an operation that takes none');

    // Headers, as the official client sends them.
    const headers = req.headers ?? {};
    if (!/^Bearer \S+$/.test(headers.authorization ?? '')) problems.push('no Bearer authorization');
    const admin = op.path.startsWith('/v1/admin/');
    if (admin && !op.disableDefaultParameters?.['x-workspace-id'] && !headers['x-workspace-id'])
      problems.push('admin operation without x-workspace-id');
    if (!admin && !headers['x-bot-id']) problems.push('runtime operation without x-bot-id');
    return problems;
  }
}

function parameterSchema(p: SpecParameter): object {
  if (p.type === 'object') return p.schema!;
  if (p.type === 'string[]') return { type: 'array', items: { type: 'string' } };
  return p.enum ? { type: p.type, enum: p.enum } : { type: p.type };
}

const productOperations = [
  'listWorkspaces',
  'getWorkspace',
  'listBots',
  'getBot',
  'createBot',
  'updateBot',
  'deleteBot',
  'getBotLogs',
  'listIntegrations',
  'getIntegration',
  'getIntegrationByName',
  'createIntegration',
  'updateIntegration',
  'deleteIntegration',
  'getIntegrationLogs',
  'listPublicIntegrations',
  'getPublicIntegration',
  'listConversations',
  'getConversation',
  'listMessages',
  'getMessage',
  'listUsers',
  'getUser',
  'listEvents',
  'getState',
];

let emu: Emulator;
let http: RecordingHttp;
let account: BotpressClient;
let admin: BotpressClient;
let runtime: BotpressClient;
let supportBotId: string;

before(async () => {
  emu = await startEmulator({ seed: 'demo', replyDelayMs: [20, 40] });
  http = new RecordingHttp();
  account = new BotpressClient({ apiUrl: emu.url, token: emu.token, http });
  const { workspaces } = await account.listWorkspaces();
  admin = account.withWorkspace(workspaces.find((w) => w.name === 'Acme Support')!.id);
  supportBotId = (await admin.iterate('listBots', { dev: true, tags: { team: 'support' } }).next()).value!.id;
  runtime = admin.withBot(supportBotId);
});
after(async () => {
  await emu.close();
  await http.close();
});

describe('BotpressClient against the emulator', () => {
  test('workspaces', async () => {
    const { workspaces } = await account.listWorkspaces();
    assert.deepEqual(
      workspaces.map((w) => w.name),
      ['Acme Support', 'Personal Sandbox'],
    );
    const ws = await account.getWorkspace({ id: admin.workspaceId! });
    assert.equal(ws.name, 'Acme Support');
    assert.equal(ws.botCount, 53);
  });

  test('bots: three pages, read, create, update, delete', async () => {
    const pages = [];
    for await (const page of admin.pages('listBots')) pages.push(page.items.length);
    assert.deepEqual(pages, [20, 20, 8], 'production bots: three pages');
    const { bot } = await admin.getBot({ id: supportBotId });
    assert.equal(bot.name, 'support-bot');

    const created = (await admin.createBot({ name: 'own-client-bot', dev: true, tags: { team: 'qa' } })).bot;
    const updated = (
      await admin.updateBot({
        id: created.id,
        tags: { team: 'qa', env: 'test' },
        states: { cart: { type: 'conversation', schema: { type: 'object' } } },
      })
    ).bot;
    assert.deepEqual(updated.tags, { team: 'qa', env: 'test' });
    assert.deepEqual(Object.keys(updated.states), ['cart']);
    await admin.deleteBot({ id: created.id });
    await assert.rejects(admin.getBot({ id: created.id }), ApiErrors.ResourceNotFound);
  });

  test('bot logs follow the top-level nextToken', async () => {
    const timeStart = new Date(Date.now() - 5 * 60_000).toISOString();
    const pages = admin.pages('getBotLogs', { id: supportBotId, timeStart, level: 'error' });
    const first = await pages.next();
    assert.ok(!first.done && first.value.items.every((l) => l.level === 'error'));
    let count = first.value.items.length;
    for await (const page of pages) count += page.items.length;
    assert.ok(count > 0);
  });

  test('integrations: private and public, read, create, update, logs, delete', async () => {
    const names = [];
    for await (const i of admin.iterate('listIntegrations')) names.push(i.name);
    assert.deepEqual(names.sort(), ['acme-crm', 'acme-ticketing', 'inventory-sync', 'order-lookup']);
    const byName = (await admin.getIntegrationByName({ name: 'acme-crm', version: '0.1.0' })).integration;
    assert.equal((await admin.getIntegration({ id: byName.id })).integration.name, 'acme-crm');

    const { integration } = await admin.createIntegration({
      name: 'own-client-int',
      version: '0.0.1',
      title: 'Own client',
      icon: Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>').toString('base64'),
      readme: Buffer.from('# Own client').toString('base64'),
      secrets: { API_KEY: 'x' },
    });
    const updated = (await admin.updateIntegration({ id: integration.id, description: 'Described' })).integration;
    assert.equal(updated.description, 'Described');
    const logs = await admin.getIntegrationLogs({ id: integration.id, timeStart: new Date(Date.now() - 60_000).toISOString() });
    assert.ok(Array.isArray(logs.logs));
    await admin.deleteIntegration({ id: integration.id });
    await assert.rejects(admin.getIntegration({ id: integration.id }), ApiErrors.ResourceNotFound);

    const hub = [];
    for await (const i of admin.iterate('listPublicIntegrations')) hub.push(i.name);
    assert.ok(hub.includes('chat'));
    assert.equal((await admin.getPublicIntegration({ name: 'chat', version: 'latest' })).integration.name, 'chat');
  });

  test('runtime: conversations, messages, users, events, states', async () => {
    let conversations = 0;
    for await (const page of runtime.pages('listConversations')) conversations += page.items.length;
    assert.equal(conversations, 24);
    const [oldest] = (await runtime.listConversations({ sortDirection: 'asc' })).conversations;
    assert.equal((await runtime.getConversation({ id: oldest.id })).conversation.id, oldest.id);
    const types = new Set<string>();
    for await (const m of runtime.iterate('listMessages', { conversationId: oldest.id })) types.add(String(m.payload.type));
    assert.ok(types.has('carousel') && types.has('bloc'));
    const { messages } = await runtime.listMessages({ conversationId: oldest.id });
    assert.equal((await runtime.getMessage({ id: messages[0].id })).message.id, messages[0].id);

    const users = [];
    for await (const u of runtime.iterate('listUsers')) users.push(u);
    assert.equal(users.length, 5);
    assert.equal((await runtime.getUser({ id: users[0].id })).user.id, users[0].id);
    let sawOrder = false;
    for await (const e of runtime.iterate('listEvents')) sawOrder ||= e.type === 'orderPlaced';
    assert.ok(sawOrder);
    const { state } = await runtime.getState({ type: 'bot', id: supportBotId, name: 'settings' });
    assert.equal(state.name, 'settings');
  });

  test('a wrong token is Unauthorized; runtime without a bot is refused', async () => {
    await assert.rejects(new BotpressClient({ apiUrl: emu.url, token: 'wrong', http }).listWorkspaces(), ApiErrors.Unauthorized);
    await assert.rejects(admin.listConversations(), ApiErrors.InvalidPayload);
  });

  test('every request sent fits the official request schema and headers, and every product operation was used', () => {
    const valid = http.sent.filter(
      (r) =>
        r.url.startsWith(emu.url) &&
        !(r.operation === 'listConversations' && !r.headers?.['x-bot-id']) &&
        r.headers?.authorization !== 'Bearer wrong',
    );
    const problems = valid.flatMap((r) => new RequestChecker().check(r).map((p) => `${r.operation}: ${p}`));
    assert.deepEqual(problems, []);
    const used = new Set(valid.map((r) => r.operation));
    assert.deepEqual(
      productOperations.filter((op) => !used.has(op)),
      [],
    );
  });

  test('the checker itself catches requests that break the spec', () => {
    const checker = new RequestChecker();
    const base = { method: 'GET', headers: { authorization: 'Bearer t', 'x-workspace-id': 'w' } };
    assert.ok(
      checker
        .check({ ...base, operation: 'getBotLogs', url: `${emu.url}/v1/admin/bots/b/logs` })
        .some((p) => /timeStart.*required/.test(p)),
    );
    assert.ok(
      checker
        .check({ ...base, operation: 'listBots', url: `${emu.url}/v1/admin/bots?sortField=name` })
        .some((p) => /allowed values/.test(p)),
    );
    assert.ok(checker.check({ ...base, operation: 'listBots', url: `${emu.url}/v1/admin/bots?bogus=1` }).some((p) => /bogus/.test(p)));
    assert.ok(
      checker
        .check({ ...base, method: 'PUT', operation: 'updateBot', url: `${emu.url}/v1/admin/bots/b`, body: { tags: { a: 1 } } })
        .some((p) => /body\/tags\/a/.test(p)),
    );
    assert.ok(
      checker
        .check({ method: 'GET', operation: 'listUsers', url: `${emu.url}/v1/chat/users`, headers: { authorization: 'Bearer t' } })
        .some((p) => /x-bot-id/.test(p)),
    );
  });
});

describe('ChatClient against the emulator', () => {
  test('creates a user and a conversation, sends a message and hears the demo bot on the live stream', async () => {
    const { bot } = await admin.getBot({ id: supportBotId });
    const webhookId = Object.values(bot.integrations).find((i) => i.name === 'chat')!.webhookId;
    const chat = new ChatClient({ chatApiUrl: `${emu.url}/chat`, webhookId, http });
    const { user, key } = await chat.createUser({ name: 'Own client' });
    const me = chat.withUserKey(key);
    assert.equal((await me.getUser()).user.id, user.id);
    const { conversation } = await me.createConversation();
    assert.equal((await me.getConversation({ id: conversation.id })).conversation.id, conversation.id);

    const controller = new AbortController();
    const heard: ChatSignal[] = [];
    let connected!: () => void;
    const ready = new Promise<void>((r) => (connected = r));
    const listening = (async () => {
      for await (const signal of me.listenConversation(conversation.id, {
        signal: controller.signal,
        onStatus: (s) => s === 'connected' && connected(),
      })) {
        heard.push(signal);
        if (signal.type === 'message_created' && signal.data.isBot) controller.abort();
      }
    })();
    await ready;
    await me.createMessage({ conversationId: conversation.id, payload: { type: 'text', text: 'hello card' } });
    const timeout = setTimeout(() => controller.abort(), 5000);
    await listening;
    clearTimeout(timeout);

    const messages = heard.flatMap((s) => (s.type === 'message_created' ? [s.data] : []));
    assert.equal(messages[0].payload.type === 'text' && messages[0].payload.text, 'hello card');
    assert.equal(messages[0].isBot, false);
    const reply = messages.find((m) => m.isBot);
    assert.ok(reply, `no reply heard; got ${JSON.stringify(heard.map((s) => s.type))}`);
    assert.match(JSON.stringify(reply.payload), /You said: hello card/);

    const listed = await me.listMessages({ conversationId: conversation.id });
    assert.ok(listed.messages.some((m) => m.id === reply.id));
    assert.ok((await me.listConversations()).conversations.some((c) => c.id === conversation.id));
  });
});
