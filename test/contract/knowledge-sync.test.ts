// A folder kept in sync with a knowledge base through the product's own client (BotpressClient.uploadFile,
// which PUTs to the uploadUrl as the official client does) against the emulator: the knowledge base is
// created, unchanged files are never sent again, a rename is a delete and an add, deletions only when asked,
// a file that fails indexing comes back with the service's reason.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, test } from 'node:test';
import { BotpressClient } from '../../src/api/botpress';
import { HttpClient, type HttpRequest, type HttpResponse } from '../../src/api/http';
import { knowledgeApi } from '../../src/api/knowledge';
import { ensureKnowledgeBase, planSync, runSync, scanFolder } from '../../src/core/knowledge/sync';
import { startEmulator, type Emulator } from '../../src/emulator';

/** Counts the requests by operation. */
class CountingHttp extends HttpClient {
  readonly counts = new Map<string, number>();
  override request<T>(req: HttpRequest): Promise<HttpResponse<T>> {
    this.counts.set(req.operation ?? req.method, (this.counts.get(req.operation ?? req.method) ?? 0) + 1);
    return super.request<T>(req);
  }
}

let emu: Emulator;
let dir: string;
let http: CountingHttp;
let client: BotpressClient;

before(async () => {
  emu = await startEmulator({ seed: 'empty' });
  http = new CountingHttp();
  const account = new BotpressClient({ apiUrl: emu.url, token: emu.token, http });
  const workspaceId = emu.store.workspaces[0].id;
  const { bot } = await account.withWorkspace(workspaceId).createBot({ name: 'docs-bot' });
  client = account.withBot(bot.id);
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kb-sync-'));
  fs.mkdirSync(path.join(dir, 'guide'));
  fs.writeFileSync(path.join(dir, 'guide', 'shipping.md'), '# Shipping\n\nWe ship in 3 days.\n');
  fs.writeFileSync(path.join(dir, 'returns.md'), '# Returns\n\nReturns within 30 days.\n');
  fs.writeFileSync(path.join(dir, 'manual.pdf'), '%PDF-1.7 not really');
});
after(async () => {
  await emu.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

async function sync(withDeletes = false) {
  const api = knowledgeApi(client);
  const kb = await ensureKnowledgeBase(api, 'Docs');
  const plan = planSync(kb.id, scanFolder(dir), await api.listFiles(kb.id));
  http.counts.clear();
  const outcomes = await runSync(api, plan, { delete: withDeletes, read: async (p) => fs.readFileSync(path.join(dir, p)), pollMs: 10 });
  return { kb, plan, outcomes, uploads: http.counts.get('uploadFile') ?? 0 };
}

test('first sync: the knowledge base is created, every document uploaded and indexed, the PDF failed with its reason', async () => {
  const { kb, outcomes, uploads } = await sync();
  assert.equal(kb.created, true);
  assert.equal(uploads, 3);
  assert.deepEqual(
    outcomes.map((o) => [o.path, o.state]),
    [
      ['guide/shipping.md', 'indexed'],
      ['manual.pdf', 'failed'],
      ['returns.md', 'indexed'],
    ],
  );
  const failed = outcomes.find((o) => o.state === 'failed');
  assert.match(failed && 'reason' in failed ? failed.reason : '', /PDF/);
  const { file } = await client.getFile({ id: `${kb.id}/guide/shipping.md` });
  assert.deepEqual(file.tags, { source: 'knowledge-base', kbId: kb.id, title: 'guide/shipping.md' });
  assert.match(String(file.metadata.contentHash), /^sha256:/);
});

test('nothing changed: nothing is uploaded', async () => {
  const { kb, plan, outcomes, uploads } = await sync();
  assert.equal(kb.created, false);
  assert.equal(uploads, 0);
  assert.equal(plan.unchanged.length, 3);
  assert.deepEqual(outcomes, []);
});

test('one file changed, one renamed: one replace, one add; the old name is deleted only with deletes asked', async () => {
  fs.writeFileSync(path.join(dir, 'returns.md'), '# Returns\n\nReturns within 60 days now.\n');
  fs.renameSync(path.join(dir, 'guide', 'shipping.md'), path.join(dir, 'guide', 'delivery.md'));
  const first = await sync();
  assert.equal(first.uploads, 2);
  assert.deepEqual(
    first.plan.add.map((d) => d.path),
    ['guide/delivery.md'],
  );
  assert.deepEqual(
    first.plan.replace.map((r) => r.local.path),
    ['returns.md'],
  );
  assert.deepEqual(
    first.plan.delete.map((r) => r.key),
    [`${first.kb.id}/guide/shipping.md`],
  );
  assert.ok((await client.getFile({ id: `${first.kb.id}/guide/shipping.md` })).file, 'not deleted without --delete');
  const second = await sync(true);
  assert.equal(second.uploads, 0);
  assert.deepEqual(
    second.outcomes.map((o) => [o.path, o.state]),
    [['guide/shipping.md', 'deleted']],
  );
  const search = await client.searchFiles({ query: 'returns 60 days', tags: { kbId: first.kb.id } });
  assert.match(search.passages[0].content, /60 days/);
});

test('cancelled before it starts: nothing is sent', async () => {
  fs.writeFileSync(path.join(dir, 'new.md'), 'new');
  const api = knowledgeApi(client);
  const kb = await ensureKnowledgeBase(api, 'Docs');
  const plan = planSync(kb.id, scanFolder(dir), await api.listFiles(kb.id));
  const controller = new AbortController();
  controller.abort();
  const outcomes = await runSync(api, plan, {
    delete: false,
    signal: controller.signal,
    read: async (p) => fs.readFileSync(path.join(dir, p)),
  });
  assert.deepEqual(
    outcomes.map((o) => [o.path, o.state]),
    [['new.md', 'cancelled']],
  );
  assert.deepEqual(emu.store.violations, []);
});
