import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { BotpressClient } from '../../../src/api/botpress';
import { ApiErrors, InsecureUrlError } from '../../../src/api/errors';
import { HttpClient } from '../../../src/api/http';
import { items, pages, readPage } from '../../../src/api/paging';
import { json, startServer, type TestServer } from './server';

const PAGE = 20;
const bots = Array.from({ length: 45 }, (_, i) => ({
  id: `bot_${String(i).padStart(2, '0')}`,
  name: `bot ${i}`,
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
  tags: {},
}));
const logs = Array.from({ length: 7 }, (_, i) => ({ timestamp: `2026-01-01T00:00:0${i}.000Z`, level: 'info', message: `line ${i}` }));

/** Pages of `list` from an offset carried in the token, `PAGE` (or `size`) at a time. */
function slice<T>(list: T[], token: string | null, size = PAGE) {
  const start = Number(token ?? 0);
  const next = start + size < list.length ? String(start + size) : undefined;
  return { page: list.slice(start, start + size), next };
}

describe('BotpressClient', () => {
  let server: TestServer;
  let http: HttpClient;
  let client: BotpressClient;

  before(async () => {
    server = await startServer((req, res) => {
      const url = new URL(req.url!, 'http://x');
      const token = url.searchParams.get('nextToken');
      if (url.pathname === '/v1/admin/bots') {
        const { page, next } = slice(bots, token);
        return json(res, 200, { bots: page, meta: next ? { nextToken: next } : {} });
      }
      if (url.pathname === '/v1/admin/bots/bot_01/logs') {
        const { page, next } = slice(logs, token, 3);
        return json(res, 200, { logs: page, ...(next ? { nextToken: next } : {}) });
      }
      if (url.pathname === '/v1/admin/bots/missing')
        return json(res, 404, { id: 'err_1', code: 404, type: 'ResourceNotFound', message: 'Bot missing not found' });
      if (req.method === 'DELETE') return res.writeHead(204).end();
      return json(res, 200, { bot: { id: 'bot_01' }, workspaces: [], users: [], conversations: [], meta: {} });
    });
    http = new HttpClient({ random: () => 0 });
    client = new BotpressClient({ apiUrl: `${server.url}/`, token: 'bp_pat_test', http }).withWorkspace('wkspace_1');
  });
  after(async () => {
    await http.close();
    await server.close();
  });

  const last = () => server.received.at(-1)!;

  test('admin operations send the token and x-workspace-id, not x-bot-id', async () => {
    await client.withBot('bot_01').getBot({ id: 'bot_01' });
    const sent = last();
    assert.equal(sent.method, 'GET');
    assert.equal(sent.url, '/v1/admin/bots/bot_01');
    assert.equal(sent.headers.authorization, 'Bearer bp_pat_test');
    assert.equal(sent.headers['x-workspace-id'], 'wkspace_1');
    assert.equal(sent.headers['x-bot-id'], undefined);
  });

  test('account-level admin operations leave out x-workspace-id, as the spec says', async () => {
    await client.listWorkspaces();
    assert.equal(last().url, '/v1/admin/workspaces');
    assert.equal(last().headers['x-workspace-id'], undefined);
  });

  test('runtime operations send x-bot-id, not x-workspace-id', async () => {
    await client.withBot('bot_01').listUsers({ tags: { email: 'a@b.c' } });
    assert.equal(last().url, '/v1/chat/users?tags.email=a%40b.c');
    assert.equal(last().headers['x-bot-id'], 'bot_01');
    assert.equal(last().headers['x-workspace-id'], undefined);

    await client.withBot('bot_01').listConversations({ participantIds: ['u1', 'u2'], sortField: 'createdAt' });
    assert.equal(last().url, '/v1/chat/conversations?sortField=createdAt&participantIds=u1&participantIds=u2');
  });

  test('path parameters are encoded and bodies carry only the body fields', async () => {
    await client.getState({ type: 'conversation', id: 'conv/1 ?', name: 'cart' });
    assert.equal(last().url, '/v1/chat/states/conversation/conv%2F1%20%3F/cart');

    await client.updateBot({ id: 'bot_01', name: 'renamed', tags: { team: 'a' } });
    assert.equal(last().method, 'PUT');
    assert.equal(last().url, '/v1/admin/bots/bot_01');
    assert.deepEqual(JSON.parse(last().body), { name: 'renamed', tags: { team: 'a' } });

    await client.createBot({});
    assert.equal(last().method, 'POST');
    assert.deepEqual(JSON.parse(last().body), {});

    const deleted = await client.deleteBot({ id: 'bot_01' });
    assert.equal(last().method, 'DELETE');
    assert.equal(last().body, '');
    assert.deepEqual(deleted, {});
  });

  test('a missing path parameter fails before sending anything', async () => {
    const count = server.received.length;
    await assert.rejects(client.getBot({ id: '' }), /getBot: "id" is required/);
    assert.equal(server.received.length, count);
  });

  test('errors come back typed, with the operation that failed', async () => {
    await assert.rejects(client.getBot({ id: 'missing' }), (e: unknown) => {
      assert.ok(e instanceof ApiErrors.ResourceNotFound);
      assert.equal(e.operation, 'getBot');
      assert.equal(e.message, 'Bot missing not found');
      return true;
    });
  });

  test('refuses a plain http API URL that is not loopback', () => {
    assert.throws(() => new BotpressClient({ apiUrl: 'http://api.botpress.cloud', token: 't' }), InsecureUrlError);
  });

  test('iterates every item across meta.nextToken pages (45 bots = 3 pages)', async () => {
    const before = server.received.length;
    const ids: string[] = [];
    for await (const bot of client.iterate('listBots')) ids.push(bot.id);
    assert.deepEqual(
      ids,
      bots.map((b) => b.id),
    );
    const requests = server.received.slice(before).map((r) => r.url);
    assert.deepEqual(requests, ['/v1/admin/bots', '/v1/admin/bots?nextToken=20', '/v1/admin/bots?nextToken=40']);
  });

  test('pages one at a time and resumes from a saved token, as a "Load more…" list does', async () => {
    const first = await client.pages('listBots').next();
    assert.ok(!first.done);
    assert.equal(first.value.items.length, 20);
    assert.equal(first.value.nextToken, '20');

    const resumed = client.pages('listBots', { nextToken: first.value.nextToken });
    const second = await resumed.next();
    assert.ok(!second.done);
    assert.equal(second.value.items[0].id, 'bot_20');
    const third = await resumed.next();
    assert.ok(!third.done);
    assert.equal(third.value.items.length, 5);
    assert.equal(third.value.nextToken, undefined);
    assert.equal((await resumed.next()).done, true);
  });

  test('page: one page from a token, with the token of the next', async () => {
    const page = await client.page('listBots', { nextToken: '20' });
    assert.deepEqual([page.items.length, page.items[0].id, page.nextToken], [20, 'bot_20', '40']);
    const last = await client.page('listBots', { nextToken: '40' });
    assert.deepEqual([last.items.length, last.nextToken], [5, undefined]);
  });

  test('log pages follow the top-level nextToken', async () => {
    const lines: string[] = [];
    for await (const entry of client.iterate('getBotLogs', { id: 'bot_01', timeStart: '2026-01-01T00:00:00.000Z' }))
      lines.push(entry.message);
    assert.deepEqual(
      lines,
      logs.map((l) => l.message),
    );
    assert.match(last().url, /^\/v1\/admin\/bots\/bot_01\/logs\?timeStart=2026-01-01T00%3A00%3A00.000Z&nextToken=6$/);
  });

  test('cancelling an iteration stops fetching pages', async () => {
    const controller = new AbortController();
    const before = server.received.length;
    await assert.rejects(async () => {
      for await (const bot of client.iterate('listBots', {}, { signal: controller.signal })) if (bot.id === 'bot_05') controller.abort();
    }, /cancelled/);
    assert.equal(server.received.length - before, 1);
  });
});

describe('paging', () => {
  test('stops when the service repeats the token it was given', async () => {
    const fetchPage = async () => ({ things: [1], meta: { nextToken: 'same' } });
    const seen: number[] = [];
    await assert.rejects(async () => {
      for await (const n of items(pages(fetchPage, readPage<number, unknown>('things', 'meta')))) seen.push(n);
    }, /page token it had already given/);
    assert.deepEqual(seen, [1, 1]);
  });

  test('a response without the expected list is a clear error', async () => {
    await assert.rejects(pages(async () => ({ meta: {} }), readPage('bots', 'meta')).next(), /no "bots" list/);
  });
});
