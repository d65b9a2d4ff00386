// Knowledge-base sync and search through the product, against floors measured in the same run on the local
// emulator: the official client's `uploadFile` at the same concurrency (first sync of 1,000 documents), one
// listFiles pass plus one upload (a sync where one document changed), and the official client's searchFiles
// (overhead per round trip). Targets: ≤ 1.1×, ≤ 1.2× (and no unchanged file uploaded), ≤ 1 ms.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Client } from '@botpress/client';
import { BotpressClient } from '../../src/api/botpress';
import { HttpClient, type HttpRequest, type HttpResponse } from '../../src/api/http';
import { knowledgeApi } from '../../src/api/knowledge';
import { ensureKnowledgeBase, planSync, runSync, scanFolder } from '../../src/core/knowledge/sync';
import { knowledgeBaseTags } from '../../src/core/knowledge/tags';
import { startEmulator } from '../../src/emulator';

const DOCS = 1000;
const CONCURRENCY = 8;
const topics = ['shipping', 'returns', 'billing', 'warranty', 'accounts', 'stores', 'gift cards', 'privacy'];

class CountingHttp extends HttpClient {
  count = 0;
  override request<T>(req: HttpRequest): Promise<HttpResponse<T>> {
    this.count++;
    return super.request<T>(req);
  }
}

async function pool<T>(items: T[], n: number, fn: (item: T) => Promise<unknown>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: n }, async () => {
      while (next < items.length) await fn(items[next++]);
    }),
  );
}

async function main(): Promise<void> {
  const emu = await startEmulator({ seed: 'empty', logRate: 0 });
  emu.store.files.indexDelayMs = 0;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-kb-'));
  for (let i = 0; i < DOCS; i++) {
    const topic = topics[i % topics.length];
    fs.mkdirSync(path.join(dir, topic.replace(' ', '-')), { recursive: true });
    fs.writeFileSync(
      path.join(dir, topic.replace(' ', '-'), `doc-${i}.md`),
      `# ${topic} ${i}\n\nArticle ${i} about ${topic}: what customers ask, and the answer, in a few sentences.\n\n` +
        '- point one\n- point two\n',
    );
  }
  const workspaceId = emu.store.workspaces[0].id;
  const official = new Client({ apiUrl: emu.url, token: emu.token, workspaceId });
  const botA = (await official.createBot({ name: 'bench-product' })).bot.id;
  const botB = (await official.createBot({ name: 'bench-official' })).bot.id;
  const http = new CountingHttp();
  const product = new BotpressClient({ apiUrl: emu.url, token: emu.token, http }).withBot(botA);
  const officialBot = new Client({ apiUrl: emu.url, token: emu.token, botId: botB });
  const read = async (p: string) => fs.promises.readFile(path.join(dir, p));

  // 1. First sync of 1,000 documents (indexing awaited in both).
  let t = performance.now();
  const api = knowledgeApi(product);
  const kb = await ensureKnowledgeBase(api, 'Bench');
  await runSync(api, planSync(kb.id, scanFolder(dir), await api.listFiles(kb.id)), {
    delete: false,
    read,
    concurrency: CONCURRENCY,
    pollMs: 5,
  });
  const productFirst = performance.now() - t;
  t = performance.now();
  const kbB = (await officialBot.createKnowledgeBase({ name: 'Bench' })).knowledgeBase.id;
  const docs = scanFolder(dir);
  const ids: string[] = [];
  await pool(docs, CONCURRENCY, async (d) => {
    const { file } = await officialBot.uploadFile({
      key: `${kbB}/${d.path}`,
      content: await read(d.path),
      index: true,
      tags: knowledgeBaseTags(kbB, d.path),
    });
    ids.push(file.id);
  });
  for (;;) {
    const pending =
      emu.store.files.of(botB).files.size -
      [...emu.store.files.of(botB).files.values()].filter((r) => r.file.status === 'indexing_completed').length;
    if (!pending) break;
    await new Promise((r) => setTimeout(r, 5));
  }
  const officialFirst = performance.now() - t;

  // 2. One document changed.
  fs.appendFileSync(path.join(dir, 'returns', 'doc-1.md'), '\nUpdated policy.\n');
  http.count = 0;
  t = performance.now();
  const plan = planSync(kb.id, scanFolder(dir), await api.listFiles(kb.id));
  const outcomes = await runSync(api, plan, { delete: false, read, concurrency: CONCURRENCY, pollMs: 5 });
  const productOne = performance.now() - t;
  const productRequests = http.count;
  const uploaded = outcomes.length;
  t = performance.now();
  let floorRequests = 0;
  await officialBot.list
    .files({ tags: { kbId: kbB } })
    .collect()
    .then((files) => (floorRequests += Math.ceil(files.length / 20)));
  await officialBot.uploadFile({
    key: `${kbB}/returns/doc-1.md`,
    content: await read('returns/doc-1.md'),
    index: true,
    tags: knowledgeBaseTags(kbB, 'returns/doc-1.md'),
  });
  floorRequests += 2;
  const floorOne = performance.now() - t;

  // 3. Search round trips, interleaved.
  const queries = ['gift cards answer', 'returns policy', 'shipping point two', 'privacy customers'];
  let productSearch = 0;
  let officialSearch = 0;
  for (let i = 0; i < 400; i++) {
    const q = queries[i % queries.length];
    let s = performance.now();
    await product.searchFiles({ query: q, limit: 5 });
    productSearch += performance.now() - s;
    s = performance.now();
    await officialBot.searchFiles({ query: q, limit: 5 });
    officialSearch += performance.now() - s;
  }

  const ratio = (a: number, b: number) => (a / b).toFixed(2);
  const ms = (n: number) => `${n.toFixed(0)} ms`;
  console.log(
    `first sync of ${DOCS} documents, concurrency ${CONCURRENCY}: product ${ms(productFirst)}, ` +
      `official uploadFile ${ms(officialFirst)} → ${ratio(productFirst, officialFirst)}× (target ≤ 1.1×)`,
  );
  console.log(
    `one changed: product ${productRequests} requests, ${ms(productOne)}; floor ${floorRequests} requests, ${ms(floorOne)} → ` +
      `${ratio(productRequests, floorRequests)}× requests, ${ratio(productOne, floorOne)}× time (target ≤ 1.2×); ` +
      `files uploaded: ${uploaded} (target 1)`,
  );
  const per = (n: number) => (n / 400).toFixed(2);
  console.log(
    `search round trip: product ${per(productSearch)} ms, official client ${per(officialSearch)} ms → ` +
      `overhead ${per(productSearch - officialSearch)} ms (target ≤ 1 ms)`,
  );
  await emu.close();
  await http.close();
  fs.rmSync(dir, { recursive: true, force: true });
}

void main();
