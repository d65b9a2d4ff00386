import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { HttpClient, redactHeaders, retryAfterSeconds } from '../../../src/api/http';
import { ApiError, ApiErrors, CancelledError, InsecureUrlError, NetworkError, TimeoutError } from '../../../src/api/errors';
import { json, startServer, type TestServer } from './server';

const official = (type: string, status: number, message = `${type} happened`) => ({ id: `err_${status}`, code: status, type, message });

/** A client whose backoff is instant, so only the server's requested waits take time. */
const quickClient = (extra: ConstructorParameters<typeof HttpClient>[0] = {}) =>
  new HttpClient({ random: () => 0, retry: { baseDelayMs: 1, maxAttempts: 4 }, ...extra });

describe('HttpClient', () => {
  let server: TestServer;
  let http: HttpClient;
  // Each test registers what the server does for its path.
  const routes = new Map<string, (res: import('node:http').ServerResponse, attempt: number, req: { body: string }) => void>();
  const attempts = new Map<string, number>();

  before(async () => {
    server = await startServer((req, res) => {
      const path = req.url!.split('?')[0];
      const n = (attempts.get(path) ?? 0) + 1;
      attempts.set(path, n);
      const route = routes.get(path);
      if (!route) return json(res, 404, official('ResourceNotFound', 404));
      route(res, n, req);
    });
    http = quickClient();
  });
  after(async () => {
    await http.close();
    await server.close();
  });

  test('sends and parses JSON', async () => {
    routes.set('/echo', (res, _n, req) => json(res, 200, { got: JSON.parse(req.body) }));
    const res = await http.request<{ got: unknown }>({ method: 'POST', url: `${server.url}/echo`, body: { a: [1, 'x'] } });
    assert.equal(res.status, 200);
    assert.deepEqual(res.body, { got: { a: [1, 'x'] } });
    const sent = server.received.at(-1)!;
    assert.equal(sent.headers['content-type'], 'application/json');
  });

  test('a 429 with Retry-After: 1 waits about one second, then succeeds', async () => {
    routes.set('/limited', (res, n) =>
      n === 1 ? json(res, 429, official('RateLimited', 429), { 'retry-after': '1' }) : json(res, 200, { ok: true }),
    );
    const started = performance.now();
    const res = await http.request({ method: 'POST', url: `${server.url}/limited` });
    const seconds = (performance.now() - started) / 1000;
    assert.deepEqual(res.body, { ok: true });
    assert.equal(attempts.get('/limited'), 2);
    assert.ok(seconds >= 0.9 && seconds <= 1.6, `waited ${seconds.toFixed(3)} s`);
  });

  test('ratelimit-reset and x-ratelimit-reset are honoured when Retry-After is absent', async () => {
    routes.set('/reset', (res, n) =>
      n === 1 ? json(res, 429, official('RateLimited', 429), { 'ratelimit-reset': '0.2' }) : json(res, 200, {}),
    );
    let started = performance.now();
    await http.request({ method: 'GET', url: `${server.url}/reset` });
    assert.ok(performance.now() - started >= 190, 'waited for ratelimit-reset');

    const epochSoon = String(Date.now() / 1000 + 0.3);
    routes.set('/xreset', (res, n) =>
      n === 1 ? json(res, 429, official('RateLimited', 429), { 'x-ratelimit-reset': epochSoon }) : json(res, 200, {}),
    );
    started = performance.now();
    await http.request({ method: 'GET', url: `${server.url}/xreset` });
    const waited = performance.now() - started;
    assert.ok(waited >= 150 && waited < 1000, `waited ${waited} ms for an epoch reset`);
  });

  test('a wait longer than the total budget fails at once with the rate-limit error and its delay', async () => {
    routes.set('/too-long', (res) => json(res, 429, official('RateLimited', 429), { 'retry-after': '120' }));
    const started = performance.now();
    await assert.rejects(http.request({ method: 'GET', url: `${server.url}/too-long` }), (e: unknown) => {
      assert.ok(e instanceof ApiErrors.RateLimited);
      assert.equal(e.retryAfterSeconds, 120);
      return true;
    });
    assert.ok(performance.now() - started < 500);
    assert.equal(attempts.get('/too-long'), 1);
  });

  test('503 is retried for GET but not for POST', async () => {
    routes.set('/flaky-get', (res, n) => (n < 3 ? json(res, 503, official('Internal', 503)) : json(res, 200, { ok: 1 })));
    assert.deepEqual((await http.request({ method: 'GET', url: `${server.url}/flaky-get` })).body, { ok: 1 });
    assert.equal(attempts.get('/flaky-get'), 3);

    routes.set('/flaky-post', (res) => json(res, 503, official('Internal', 503)));
    await assert.rejects(
      http.request({ method: 'POST', url: `${server.url}/flaky-post` }),
      (e: unknown) => ApiError.is(e, 'Internal') && e.status === 503,
    );
    assert.equal(attempts.get('/flaky-post'), 1);
  });

  test('attempts are capped', async () => {
    routes.set('/down', (res) => json(res, 502, 'bad gateway'));
    await assert.rejects(
      http.request({ method: 'GET', url: `${server.url}/down` }),
      (e: unknown) => e instanceof ApiError && e.status === 502,
    );
    assert.equal(attempts.get('/down'), 4);
  });

  test('a reset connection is retried for GET, not for POST', async () => {
    routes.set('/reset-get', (res, n) => (n === 1 ? res.socket!.destroy() : json(res, 200, { ok: true })));
    assert.deepEqual((await http.request({ method: 'GET', url: `${server.url}/reset-get` })).body, { ok: true });
    assert.equal(attempts.get('/reset-get'), 2);

    routes.set('/reset-post', (res) => res.socket!.destroy());
    await assert.rejects(http.request({ method: 'POST', url: `${server.url}/reset-post` }), NetworkError);
    assert.equal(attempts.get('/reset-post'), 1);
  });

  test('an unreachable server is a NetworkError naming the host and the cause', async () => {
    const { createServer } = await import('node:net');
    const closed = createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
    const port = (closed.address() as import('node:net').AddressInfo).port;
    await new Promise<void>((r) => closed.close(() => r()));
    await assert.rejects(http.request({ method: 'GET', url: `http://127.0.0.1:${port}/` }), (e: unknown) => {
      assert.ok(e instanceof NetworkError);
      assert.equal(e.code, 'ECONNREFUSED');
      assert.match(e.message, new RegExp(`Could not reach 127.0.0.1:${port} \\(ECONNREFUSED\\)`));
      return true;
    });
  });

  test('cancellation mid-request rejects at once with CancelledError and does not retry', async () => {
    routes.set('/slow', (res) => setTimeout(() => json(res, 200, {}), 2000).unref());
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    const started = performance.now();
    await assert.rejects(http.request({ method: 'GET', url: `${server.url}/slow`, signal: controller.signal }), CancelledError);
    assert.ok(performance.now() - started < 500);
    assert.equal(attempts.get('/slow'), 1);
  });

  test('cancellation during a backoff stops waiting and does not retry', async () => {
    routes.set('/wait', (res) => json(res, 429, official('RateLimited', 429), { 'retry-after': '5' }));
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 100);
    const started = performance.now();
    await assert.rejects(http.request({ method: 'GET', url: `${server.url}/wait`, signal: controller.signal }), CancelledError);
    assert.ok(performance.now() - started < 1000);
    assert.equal(attempts.get('/wait'), 1);
  });

  test('an already aborted signal sends nothing', async () => {
    const before = server.received.length;
    await assert.rejects(http.request({ method: 'GET', url: `${server.url}/echo`, signal: AbortSignal.abort() }), CancelledError);
    assert.equal(server.received.length, before);
  });

  test('a server slower than the headers timeout gives a TimeoutError', async () => {
    const impatient = quickClient({ headersTimeoutMs: 100 });
    routes.set('/stall', (res) => setTimeout(() => json(res, 200, {}), 1500).unref());
    await assert.rejects(impatient.request({ method: 'GET', url: `${server.url}/stall` }), (e: unknown) => {
      assert.ok(e instanceof TimeoutError);
      assert.equal(e.phase, 'headers');
      assert.match(e.message, /did not answer within 0.1 s/);
      return true;
    });
    await impatient.close();
  });

  test('maps official error bodies to their type, with status, id and operation', async () => {
    const cases = [
      ['Unauthorized', 401],
      ['Forbidden', 403],
      ['ResourceNotFound', 404],
      ['InvalidPayload', 400],
      ['AlreadyExists', 409],
      ['PaymentRequired', 402],
    ] as const;
    for (const [type, status] of cases) {
      routes.set(`/err-${type}`, (res) => json(res, status, official(type, status, `about ${type}`)));
      await assert.rejects(http.request({ method: 'POST', url: `${server.url}/err-${type}`, operation: 'getBot' }), (e: unknown) => {
        assert.ok(e instanceof ApiErrors[type], `${type} class`);
        assert.ok(ApiError.is(e, type));
        assert.equal(e.status, status);
        assert.equal(e.id, `err_${status}`);
        assert.equal(e.operation, 'getBot');
        assert.equal(e.message, `about ${type}`);
        assert.equal(e.name, `${type}Error`);
        return true;
      });
    }
  });

  test('a non-official error body keeps its status and gets a readable message', async () => {
    routes.set('/html', (res) => res.writeHead(418, { 'content-type': 'text/html' }).end('<h1>teapot</h1>'));
    await assert.rejects(http.request({ method: 'GET', url: `${server.url}/html` }), (e: unknown) => {
      assert.ok(e instanceof ApiError);
      assert.equal(e.status, 418);
      assert.equal(e.type, 'Unknown');
      assert.match(e.message, /teapot/);
      return true;
    });
  });

  test('refuses plain http except on loopback, and unknown schemes', async () => {
    await assert.rejects(http.request({ method: 'GET', url: 'http://api.example.com/v1' }), InsecureUrlError);
    await assert.rejects(http.request({ method: 'GET', url: 'http://10.0.0.1/v1' }), InsecureUrlError);
    await assert.rejects(http.request({ method: 'GET', url: 'ftp://127.0.0.1/' }), InsecureUrlError);
    await assert.rejects(http.request({ method: 'GET', url: 'not a url' }), /Refusing to connect/);
    routes.set('/ok', (res) => json(res, 200, {}));
    const port = new URL(server.url).port;
    for (const host of ['127.0.0.1', 'localhost']) {
      assert.equal((await http.request({ method: 'GET', url: `http://${host}:${port}/ok` })).status, 200);
    }
  });

  test('debug lines never contain the token', async () => {
    const lines: string[] = [];
    const logged = quickClient({ debug: (l) => lines.push(l) });
    routes.set('/secret', (res) => json(res, 200, {}));
    await logged.request({
      method: 'GET',
      url: `${server.url}/secret`,
      headers: { Authorization: 'Bearer bp_pat_SECRET', 'x-user-key': 'KEY' },
      operation: 'getBot',
    });
    await logged.close();
    assert.equal(lines.length, 1);
    assert.match(lines[0], /getBot GET .*\/secret → 200/);
    assert.doesNotMatch(lines[0], /SECRET|KEY/);
    assert.deepEqual(redactHeaders({ authorization: 'x', 'X-User-Key': 'y', accept: 'z' }), {
      authorization: '[redacted]',
      'X-User-Key': '[redacted]',
      accept: 'z',
    });
  });
});

describe('retryAfterSeconds', () => {
  const now = Date.parse('2026-01-01T00:00:00Z');
  test('reads seconds, HTTP dates and reset headers', () => {
    assert.equal(retryAfterSeconds({ 'retry-after': '3' }, now), 3);
    assert.equal(retryAfterSeconds({ 'retry-after': 'Thu, 01 Jan 2026 00:00:05 GMT' }, now), 5);
    assert.equal(retryAfterSeconds({ 'retry-after': 'Wed, 31 Dec 2025 00:00:05 GMT' }, now), 0);
    assert.equal(retryAfterSeconds({ 'ratelimit-reset': '7' }, now), 7);
    assert.equal(retryAfterSeconds({ 'x-ratelimit-reset': String(now / 1000 + 4) }, now), 4);
    assert.equal(retryAfterSeconds({ 'retry-after': 'soon' }, now), undefined);
    assert.equal(retryAfterSeconds({}, now), undefined);
  });
});
