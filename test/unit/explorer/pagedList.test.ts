import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chainPages, PagedList, type Page } from '../../../src/views/botpress/pagedList';

/** A fake server of `total` numbered items, `size` per page, counting requests. */
function server(total: number, size: number) {
  const calls: (string | undefined)[] = [];
  let failNext = false;
  const fetch = async (token: string | undefined, signal: AbortSignal): Promise<Page<number>> => {
    calls.push(token);
    await new Promise((r) => setTimeout(r, 5));
    if (signal.aborted) throw new Error('aborted');
    if (failNext) {
      failNext = false;
      throw new Error('boom');
    }
    const start = token ? Number(token) : 0;
    const items = Array.from({ length: Math.min(size, total - start) }, (_, i) => start + i);
    return { items, nextToken: start + size < total ? String(start + size) : undefined };
  };
  return { fetch, calls, failOnce: () => (failNext = true) };
}

test('pages load one at a time until the last', async () => {
  const s = server(45, 20);
  const list = new PagedList(s.fetch);
  assert.equal(list.state, 'unloaded');
  await list.ensureLoaded();
  assert.equal(list.items.length, 20);
  assert.ok(list.hasMore);
  await list.ensureLoaded();
  assert.equal(s.calls.length, 1, 'ensureLoaded does not fetch twice');
  await list.loadMore();
  await list.loadMore();
  assert.equal(list.items.length, 45);
  assert.deepEqual(list.items.slice(40), [40, 41, 42, 43, 44]);
  assert.ok(!list.hasMore);
  await list.loadMore();
  assert.deepEqual(s.calls, [undefined, '20', '40']);
  assert.equal(list.state, 'loaded');
});

test('concurrent expansions share one request', async () => {
  const s = server(100, 20);
  const list = new PagedList(s.fetch);
  await Promise.all([list.ensureLoaded(), list.ensureLoaded(), list.loadMore()]);
  assert.equal(s.calls.length, 1);
  await Promise.all([list.loadMore(), list.loadMore()]);
  assert.equal(s.calls.length, 2);
  assert.equal(list.items.length, 40);
});

test('a failure is kept, the items stay, and a retry resumes at the failed page', async () => {
  const s = server(45, 20);
  const list = new PagedList(s.fetch);
  await list.ensureLoaded();
  s.failOnce();
  await list.loadMore();
  assert.equal(list.state, 'failed');
  assert.match(String(list.error), /boom/);
  assert.equal(list.items.length, 20);
  await list.loadMore();
  assert.equal(list.state, 'loaded');
  assert.equal(list.items.length, 40);
  assert.deepEqual(s.calls, [undefined, '20', '20']);
});

test('a failed first page is not retried by another expansion, only by a retry', async () => {
  const s = server(5, 20);
  s.failOnce();
  const list = new PagedList(s.fetch);
  await list.ensureLoaded();
  await list.ensureLoaded();
  assert.equal(s.calls.length, 1);
  assert.equal(list.state, 'failed');
  await list.loadMore();
  assert.deepEqual(list.items, [0, 1, 2, 3, 4]);
});

test('reset aborts a request in flight and starts over', async () => {
  const s = server(45, 20);
  const list = new PagedList(s.fetch);
  const pending = list.ensureLoaded();
  list.reset();
  await pending;
  assert.equal(list.items.length, 0);
  assert.equal(list.state, 'unloaded');
  assert.equal(list.error, undefined);
  await list.ensureLoaded();
  assert.equal(list.items.length, 20);
});

test('chained sources page through one after the other, never with an empty page', async () => {
  const a = server(25, 20);
  const empty = server(0, 20);
  const b = server(7, 20);
  const list = new PagedList(chainPages([a.fetch, empty.fetch, b.fetch]));
  await list.ensureLoaded();
  assert.equal(list.items.length, 20);
  assert.ok(list.hasMore);
  await list.loadMore();
  assert.equal(list.items.length, 32, 'the end of a source runs on into the next ones');
  assert.ok(!list.hasMore);
  assert.deepEqual(list.items.slice(20), [20, 21, 22, 23, 24, 0, 1, 2, 3, 4, 5, 6]);
  assert.deepEqual([a.calls, empty.calls, b.calls], [[undefined, '20'], [undefined], [undefined]]);
  const paged = new PagedList(chainPages([server(5, 20).fetch, server(30, 20).fetch]));
  await paged.ensureLoaded();
  assert.equal(paged.items.length, 25, 'a short source is topped up by the next');
  await paged.loadMore();
  assert.equal(paged.items.length, 35);
  assert.ok(!paged.hasMore);
  await assert.rejects(chainPages([a.fetch])('7:x', new AbortController().signal), /Invalid page token/);
});
