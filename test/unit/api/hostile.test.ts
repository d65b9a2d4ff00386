// Answers that are not what they seem, from an in-process server: redirects, success bodies that are not
// JSON, bodies too large, servers that trickle, event streams without end, page tokens that loop.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { BotpressClient } from '../../../src/api/botpress';
import { ChatClient } from '../../../src/api/chat';
import { NotJsonError, RedirectError, ResponseTooLargeError, TimeoutError } from '../../../src/api/errors';
import { HttpClient } from '../../../src/api/http';
import { EventTooLargeError, parseServerSentEvents } from '../../../src/api/sse';
import { json, startServer, type TestServer } from './server';

describe('hostile answers', () => {
  let server: TestServer;
  let other: TestServer;
  const routes = new Map<string, (res: import('node:http').ServerResponse) => void>();
  const hits = new Map<string, number>();

  before(async () => {
    other = await startServer((_req, res) => res.writeHead(200, { 'content-type': 'text/html' }).end('<html>stolen</html>'));
    server = await startServer((req, res) => {
      const path = new URL(req.url!, 'http://x').pathname;
      hits.set(path, (hits.get(path) ?? 0) + 1);
      const route = routes.get(path);
      if (!route) return json(res, 404, { code: 404, type: 'ResourceNotFound', message: 'nope' });
      route(res);
    });
  });
  after(async () => {
    await server.close();
    await other.close();
  });

  test('a redirect is never followed: a RedirectError naming where it pointed and the setting to check', async () => {
    const http = new HttpClient({ random: () => 0, retry: { baseDelayMs: 1 } });
    const client = new BotpressClient({ apiUrl: server.url, token: 'bp_pat_SECRET', workspaceId: 'w', http });
    for (const status of [301, 302, 307, 308]) {
      routes.set('/v1/admin/bots/bot_1', (res) =>
        res.writeHead(status, { location: `${other.url}/v1/admin/bots/bot_1`, 'content-type': 'text/html' }).end('<a>moved</a>'),
      );
      await assert.rejects(client.getBot({ id: 'bot_1' }), (e: unknown) => {
        assert.ok(e instanceof RedirectError, String(e));
        assert.equal(e.status, status);
        assert.match(e.message, new RegExp(`redirect \\(${status}\\) to ${other.url.replace(/[.]/g, '\\.')}/v1/admin/bots/bot_1`));
        assert.match(e.message, /check botpress\.apiUrl/);
        return true;
      });
    }
    assert.equal(other.received.length, 0, 'nothing reached the other host');
    assert.equal(hits.get('/v1/admin/bots/bot_1'), 4, 'not retried');
    routes.set('/v1/admin/bots/bot_1', (res) => res.writeHead(304).end());
    await assert.rejects(client.getBot({ id: 'bot_1' }), RedirectError);
    await http.close();
  });

  test('a 2xx that is not JSON is a NotJsonError saying the content type and the first characters, escaped', async () => {
    const http = new HttpClient({ random: () => 0 });
    routes.set('/portal', (res) =>
      res
        .writeHead(200, { 'content-type': 'text/html; charset=utf-8' })
        .end('<html>\n<title>Sign in to Guest Wi-Fi</title>\u0007' + 'x'.repeat(500)),
    );
    await assert.rejects(http.request({ method: 'GET', url: `${server.url}/portal`, operation: 'listBots' }), (e: unknown) => {
      assert.ok(e instanceof NotJsonError, String(e));
      assert.equal(e.contentType, 'text/html; charset=utf-8');
      assert.match(
        e.message,
        /answered listBots with text\/html; charset=utf-8 instead of JSON: "<html>\\n<title>Sign in to Guest Wi-Fi<\/title>\\u0007x+…"/,
      );
      assert.ok(e.message.length < 400, 'only the first characters');
      assert.ok(!/[\n\u0007]/.test(e.message), 'control characters are escaped');
      return true;
    });
    assert.equal(hits.get('/portal'), 1, 'not retried');
    routes.set('/truncated', (res) => res.writeHead(200, { 'content-type': 'application/json' }).end('{"bots": ['));
    await assert.rejects(
      http.request({ method: 'GET', url: `${server.url}/truncated` }),
      (e: unknown) => e instanceof NotJsonError && /application\/json instead of JSON: "\{\\"bots\\": \["/.test(e.message),
    );
    routes.set('/untyped', (res) => res.writeHead(200).end('plain words'));
    await assert.rejects(http.request({ method: 'GET', url: `${server.url}/untyped` }), /no content type instead of JSON: "plain words"/);
    routes.set('/empty', (res) => res.writeHead(204).end());
    assert.equal((await http.request({ method: 'DELETE', url: `${server.url}/empty` })).body, undefined, 'an empty success is fine');
    await http.close();
  });

  test('a body over the cap fails at once from its content-length, or while it streams, and is never retried', async () => {
    const http = new HttpClient({ random: () => 0, retry: { baseDelayMs: 1 }, maxBodyBytes: 1024 * 1024 });
    let streamed = 0;
    routes.set('/declared', (res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': String(600 * 1024 * 1024) });
      res.write('[');
    });
    routes.set('/chunked', (res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      const piece = Buffer.alloc(64 * 1024, 0x20);
      const more = () => {
        // Stops once the client has hung up; 600 MB otherwise.
        while (streamed < 600 * 1024 * 1024 && !res.destroyed) {
          streamed += piece.length;
          if (!res.write(piece)) return void res.once('drain', more);
        }
        res.end();
      };
      res.on('close', () => res.destroy());
      more();
    });
    for (const path of ['/declared', '/chunked']) {
      const started = performance.now();
      await assert.rejects(http.request({ method: 'GET', url: `${server.url}${path}`, operation: 'listBotLogs' }), (e: unknown) => {
        assert.ok(e instanceof ResponseTooLargeError, `${path}: ${e}`);
        assert.match(e.message, /answer to listBotLogs is larger than 1 MB/);
        return true;
      });
      assert.equal(hits.get(path), 1, `${path} not retried`);
      assert.ok(performance.now() - started < 5000, `${path} failed fast`);
    }
    assert.ok(streamed < 64 * 1024 * 1024, `the client stopped reading (${streamed} bytes sent)`);
    await http.close();
  });

  test('a server dripping one byte at a time hits the overall deadline, though each byte beats the body timeout', async () => {
    const http = new HttpClient({ random: () => 0, bodyTimeoutMs: 1000, requestTimeoutMs: 600 });
    const timers = new Set<NodeJS.Timeout>();
    routes.set('/drip', (res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('[');
      const timer = setInterval(() => (res.destroyed ? clearInterval(timer) : res.write(' ')), 50);
      timers.add(timer);
    });
    const started = performance.now();
    await assert.rejects(http.request({ method: 'GET', url: `${server.url}/drip` }), (e: unknown) => {
      assert.ok(e instanceof TimeoutError, String(e));
      assert.equal(e.phase, 'request');
      assert.match(e.message, /did not answer within 0\.6 s \(request timeout\)/);
      return true;
    });
    const took = performance.now() - started;
    assert.ok(took >= 550 && took < 3000, `gave up after ${Math.round(took)} ms`);
    assert.equal(hits.get('/drip'), 1, 'a timeout is not retried');
    for (const t of timers) clearInterval(t);
    await http.close();
  });

  test('paging stops on any token seen before (A→B→A), not only an immediate repeat', async () => {
    const next: Record<string, string> = { '': 'A', A: 'B', B: 'A' };
    routes.set('/v1/admin/bots', (res) => res.end());
    const loop = await startServer((req, res) => {
      const token = new URL(req.url!, 'http://x').searchParams.get('nextToken') ?? '';
      json(res, 200, {
        bots: [{ id: `bot_${token || 'first'}`, name: 'b', createdAt: '', updatedAt: '', tags: {} }],
        meta: { nextToken: next[token] },
      });
    });
    const http = new HttpClient();
    const client = new BotpressClient({ apiUrl: loop.url, token: 't', workspaceId: 'w', http });
    const seen: string[] = [];
    await assert.rejects(async () => {
      for await (const bot of client.iterate('listBots', {})) {
        seen.push(bot.id);
        assert.ok(seen.length < 10, 'looped');
      }
    }, /page token it had already given/);
    assert.deepEqual(seen, ['bot_first', 'bot_A', 'bot_B']);
    assert.equal(loop.received.length, 3);
    await http.close();
    await loop.close();
  });

  test('an event stream whose one event never ends is cut at the per-event cap, and the live chat stops', async () => {
    const sse = await startServer((req, res) => {
      if (!req.url!.endsWith('/listen')) return json(res, 200, { user: { id: 'user_1' } });
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.write('data: ');
      const piece = 'x'.repeat(64 * 1024);
      const more = () => {
        while (!res.destroyed) if (!res.write(piece)) return void res.once('drain', more);
      };
      more();
    });
    const http = new HttpClient();
    const chat = new ChatClient({ chatApiUrl: sse.url, webhookId: 'wh', userKey: 'key', http });
    const events = parseServerSentEvents((await http.stream({ method: 'GET', url: `${sse.url}/wh/conversations/c/listen` })).body, {
      maxEventChars: 1024 * 1024,
    });
    await assert.rejects(events.next(), EventTooLargeError);
    const live = chat.listenConversation('c');
    await assert.rejects(live.next(), EventTooLargeError, 'not retried as if the connection had dropped');
    await http.close();
    await sse.close();
  });
});

test('the event parser reads a 4 MB line sent in 1 KB chunks (bench/sse shows it is one pass)', async () => {
  const line = 'y'.repeat(4 * 1024 * 1024 - 100);
  const chunks = async function* () {
    yield 'data: ';
    for (let i = 0; i < line.length; i += 1024) yield line.slice(i, i + 1024);
    yield '\r';
    yield '\n\r\n';
  };
  const events = [];
  for await (const e of parseServerSentEvents(chunks())) events.push(e);
  assert.equal(events.length, 1);
  assert.equal(events[0].data, line);
});
