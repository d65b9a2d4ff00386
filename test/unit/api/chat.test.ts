import assert from 'node:assert/strict';
import type { ServerResponse } from 'node:http';
import { after, before, describe, test } from 'node:test';
import { ChatClient, type ChatMessage, type ChatSignal } from '../../../src/api/chat';
import { ApiErrors } from '../../../src/api/errors';
import { HttpClient } from '../../../src/api/http';
import { json, startServer, type TestServer } from './server';

/** A small Chat API: one user, one conversation, messages newest first two per page, a live stream. */
class FakeChat {
  messages: ChatMessage[] = [];
  listeners = new Set<ServerResponse>();
  connections = 0;
  flaps = 0;
  private clock = Date.now();

  addMessage(text: string, userId = 'bot_user'): ChatMessage {
    const message: ChatMessage = {
      id: `msg_${this.messages.length + 1}`,
      createdAt: new Date(++this.clock).toISOString(),
      conversationId: 'conv_1',
      userId,
      payload: { type: 'text', text },
    };
    this.messages.push(message);
    for (const res of this.listeners) this.send(res, { type: 'message_created', data: { ...message, isBot: userId !== 'user_1' } });
    return message;
  }

  send(res: ServerResponse, signal: unknown): void {
    res.write(`data: ${JSON.stringify(signal)}\n\n`);
  }

  /** Cuts every open stream, as a flaky network would. */
  drop(): void {
    for (const res of this.listeners) res.socket?.destroy();
    this.listeners.clear();
  }
}

function collect(iterator: AsyncIterable<ChatSignal>) {
  const got: ChatSignal[] = [];
  let wake: (() => void) | undefined;
  const done = (async () => {
    for await (const s of iterator) {
      got.push(s);
      wake?.();
    }
  })();
  const until = async (predicate: () => boolean, what: string) => {
    const deadline = Date.now() + 3000;
    while (!predicate()) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; got ${JSON.stringify(got.map((s) => s.type))}`);
      await new Promise<void>((r) => {
        wake = r;
        setTimeout(r, 20);
      });
    }
  };
  return { got, done, until };
}

describe('ChatClient', () => {
  let server: TestServer;
  let http: HttpClient;
  let chat: FakeChat;
  let client: ChatClient;

  before(async () => {
    chat = new FakeChat();
    server = await startServer((req, res) => {
      const url = new URL(req.url!, 'http://x');
      const path = url.pathname.replace(/^\/chat\/wh_1/, '');
      if (path === '/users' && req.method === 'POST')
        return json(res, 200, {
          user: { id: 'user_1', createdAt: '2026-01-01T00:00:00.000Z', updatedAt: '2026-01-01T00:00:00.000Z' },
          key: 'key_1',
        });
      if (req.headers['x-user-key'] !== 'key_1')
        return json(res, 401, { id: 'e', code: 401, type: 'Unauthorized', message: 'Invalid user key' });
      if (path === '/users/me')
        return json(res, 200, { user: { id: 'user_1', createdAt: '2026-01-01T00:00:00.000Z', updatedAt: '2026-01-01T00:00:00.000Z' } });
      if (path === '/conversations' && req.method === 'POST')
        return json(res, 200, {
          conversation: { id: 'conv_1', createdAt: '2026-01-01T00:00:00.000Z', updatedAt: '2026-01-01T00:00:00.000Z' },
        });
      if (path === '/conversations/gone') return json(res, 200, { code: 404, message: 'Conversation gone' });
      if (path === '/messages' && req.method === 'POST') {
        const body = JSON.parse(req.body) as { payload: { text: string } };
        return json(res, 200, { message: chat.addMessage(body.payload.text, 'user_1') });
      }
      if (path === '/conversations/flap/messages') return json(res, 200, { messages: [], meta: {} });
      if (path === '/conversations/conv_1/messages') {
        const newestFirst = [...chat.messages].reverse();
        const start = Number(url.searchParams.get('nextToken') ?? 0);
        const next = start + 2 < newestFirst.length ? String(start + 2) : undefined;
        return json(res, 200, { messages: newestFirst.slice(start, start + 2), meta: next ? { nextToken: next } : {} });
      }
      if (path === '/conversations/flap/listen') {
        chat.flaps++;
        // Alternately a server error and a stream that ends at once.
        if (chat.flaps % 2) return json(res, 503, { id: 'e', code: 503, type: 'Internal', message: 'busy' });
        return res.writeHead(200, { 'content-type': 'text/event-stream' }).end();
      }
      if (path === '/conversations/conv_1/listen') {
        chat.connections++;
        res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
        res.write(': connected\n\n');
        chat.listeners.add(res);
        res.on('close', () => chat.listeners.delete(res));
        return;
      }
      return json(res, 404, { id: 'e', code: 404, type: 'ResourceNotFound', message: `no route ${path}` });
    });
    http = new HttpClient();
    client = new ChatClient({ chatApiUrl: `${server.url}/chat`, webhookId: 'wh_1', http });
  });
  after(async () => {
    chat.drop();
    await http.close();
    await server.close();
  });

  test('createUser gives a key that later requests send as x-user-key', async () => {
    const { user, key } = await client.createUser();
    assert.equal(user.id, 'user_1');
    assert.equal(server.received.at(-1)!.url, '/chat/wh_1/users');
    assert.equal(server.received.at(-1)!.headers['x-user-key'], undefined);
    const me = client.withUserKey(key);
    assert.equal((await me.getUser()).user.id, 'user_1');
    assert.equal(server.received.at(-1)!.headers['x-user-key'], 'key_1');
    assert.equal((await me.createConversation()).conversation.id, 'conv_1');
  });

  test('calls that need a user refuse to run without a key; a wrong key is Unauthorized', async () => {
    await assert.rejects(client.getUser(), /createUser\(\)/);
    await assert.rejects(client.withUserKey('nope').getUser(), ApiErrors.Unauthorized);
  });

  test('an error carried in a 200 body is thrown as that error', async () => {
    await assert.rejects(
      client.withUserKey('key_1').getConversation({ id: 'gone' }),
      (e: unknown) => e instanceof ApiErrors.ResourceNotFound && e.message === 'Conversation gone',
    );
  });

  test('the live stream survives drops without losing or repeating a message', async () => {
    const me = client.withUserKey('key_1');
    const controller = new AbortController();
    const statuses: string[] = [];
    const { got, done, until } = collect(
      me.listenConversation('conv_1', {
        signal: controller.signal,
        reconnect: { baseDelayMs: 40, maxDelayMs: 40 },
        onStatus: (s) => statuses.push(s),
      }),
    );
    await until(() => chat.listeners.size === 1 && statuses.includes('connected'), 'the first connection');

    await me.createMessage({ conversationId: 'conv_1', payload: { type: 'text', text: 'hello' } });
    chat.addMessage('hi, I am a bot');
    await until(() => got.length === 2, 'two messages');

    // The network drops; five messages are created while nobody listens (more than two catch-up pages).
    chat.drop();
    for (const text of ['while', 'you', 'were', 'away', 'again']) chat.addMessage(text);
    await until(() => chat.listeners.size === 1, 'the reconnection');
    // The stream itself repeats one the catch-up already delivered, then carries new ones.
    for (const res of chat.listeners) chat.send(res, { type: 'message_created', data: { ...chat.messages.at(-1)!, isBot: true } });
    chat.addMessage('live again');
    for (const res of chat.listeners)
      chat.send(res, {
        type: 'event_created',
        data: {
          id: 'evt_1',
          createdAt: new Date().toISOString(),
          payload: { typing: true },
          conversationId: 'conv_1',
          userId: 'bot_user',
          isBot: true,
        },
      });
    for (const res of chat.listeners) {
      res.write('data: not json\n\n');
      chat.send(res, { type: 'ping', data: {} });
      chat.send(res, { type: 'custom', data: { x: 1 } });
    }
    await until(() => got.length === 11, 'every message and signal');

    controller.abort();
    await done;
    const messages = got.filter((s) => s.type === 'message_created').map((s) => s.data);
    assert.deepEqual(
      messages.map((m) => m.id),
      chat.messages.map((m) => m.id),
      'each message once, in order',
    );
    assert.deepEqual(
      messages.map((m) => m.isBot),
      [false, true, true, true, true, true, true, true],
    );
    assert.deepEqual(
      got.slice(8).map((s) => s.type),
      ['event_created', 'unknown', 'unknown'],
      'pings are not passed on',
    );
    assert.equal(got[9].data, 'not json');
    assert.deepEqual(got[10].data, { type: 'custom', data: { x: 1 } });
    assert.equal(chat.connections, 2);
    assert.deepEqual(statuses, ['connected', 'reconnecting', 'connected']);
  });

  test('a stream that keeps failing at once is retried with a growing backoff', async () => {
    const controller = new AbortController();
    const errors: string[] = [];
    const { done } = collect(
      client.withUserKey('key_1').listenConversation('flap', {
        signal: controller.signal,
        reconnect: { baseDelayMs: 20, maxDelayMs: 1000 },
        onStatus: (s, e) => s === 'reconnecting' && errors.push(e?.name ?? 'closed'),
      }),
    );
    await new Promise((r) => setTimeout(r, 600));
    controller.abort();
    await done;
    assert.ok(chat.flaps >= 3, `reconnected ${chat.flaps} times`);
    assert.ok(chat.flaps < 15, `reconnected ${chat.flaps} times in 600 ms: the backoff did not grow`);
    assert.deepEqual(errors.slice(0, 2), ['InternalError', 'closed']);
  });

  test('aborting ends the stream quietly; an error retrying cannot fix ends it with a throw', async () => {
    const controller = new AbortController();
    const { done, until } = collect(client.withUserKey('key_1').listenConversation('conv_1', { signal: controller.signal }));
    await until(() => chat.listeners.size > 0, 'a connection');
    controller.abort();
    await done;

    await assert.rejects(async () => {
      for await (const s of client.withUserKey('wrong').listenConversation('conv_1')) assert.fail(`unexpected ${s.type}`);
    }, ApiErrors.Unauthorized);
  });
});
