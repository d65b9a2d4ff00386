// The Files API and knowledge bases of the emulator, through the official @botpress/client (its
// `uploadFile` helper included): uploads, statuses, indexing, tag filters, passages, search and knowledge
// bases. Strict: a response breaking its official schema is a 500, and the last test proves every file
// operation answered at least once.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { AlreadyExistsError, Client, InvalidPayloadError, ResourceNotFoundError, isApiError, type File } from '@botpress/client';
import { startEmulator, type Emulator } from '../../src/emulator';
import { fileHandlers } from '../../src/emulator/files';

let emu: Emulator;
let client: Client;
let botId: string;

async function rejects(promise: Promise<unknown>, type: new (...a: never[]) => Error): Promise<void> {
  await assert.rejects(promise, (err: unknown) => {
    assert.ok(err instanceof type, `expected ${type.name}, got ${String(err)}`);
    assert.ok(isApiError(err));
    return true;
  });
}

/** Polls getFile until the file leaves the pending states. */
async function settled(id: string): Promise<File> {
  for (let i = 0; i < 200; i++) {
    const { file } = await client.getFile({ id });
    if (!file.status.endsWith('_pending')) return file;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error(`file ${id} stayed pending`);
}

const shipping = `# Shipping policy

We ship to Canada, the United States and Mexico. Orders placed before 14:00 leave the warehouse the same day.

## Rates

| Service | Delay | Price |
| --- | --- | --- |
| Standard | 5 business days | $5 |
| Express | 2 business days | $15 |

## Tracking

- A tracking number is emailed when the parcel leaves.
- Track it on the carrier's website.
`;

before(async () => {
  emu = await startEmulator({ seed: 'empty' });
  const { workspaces } = await new Client({ apiUrl: emu.url, token: emu.token }).listWorkspaces({});
  const admin = new Client({ apiUrl: emu.url, token: emu.token, workspaceId: workspaces[0].id });
  botId = (await admin.createBot({ name: 'files-bot' })).bot.id;
  client = new Client({ apiUrl: emu.url, token: emu.token, botId });
});
after(() => emu.close());

describe('uploads', () => {
  test('uploadFile: upsertFile gives an uploadUrl on the emulator, the PUT lands, getFile url downloads the bytes', async () => {
    const { file } = await client.uploadFile({ key: 'notes/hello.txt', content: 'Hello, files!', tags: { kind: 'note' } });
    assert.equal(file.key, 'notes/hello.txt');
    assert.equal(file.size, 13);
    const got = (await client.getFile({ id: file.id })).file;
    assert.equal(got.status, 'upload_completed');
    assert.equal(got.contentType, 'text/plain');
    assert.equal(got.owner.type, 'bot');
    assert.ok(got.url.startsWith(emu.url));
    assert.equal(await (await fetch(got.url)).text(), 'Hello, files!');
    assert.equal((await client.getFile({ id: 'notes/hello.txt' })).file.id, file.id, 'getFile takes a key too');
  });

  test('upsertFile alone leaves the file upload_pending until its bytes arrive; binary bytes come back intact', async () => {
    const { file } = await client.upsertFile({ key: 'raw.bin', size: 4, contentType: 'application/octet-stream' });
    assert.equal(file.status, 'upload_pending');
    assert.ok(file.uploadUrl.startsWith(`${emu.url}/`));
    const bytes = Buffer.from([0, 255, 128, 7]);
    const put = await fetch(file.uploadUrl, { method: 'PUT', body: bytes });
    assert.equal(put.status, 200);
    const done = await settled(file.id);
    assert.equal(done.status, 'upload_completed');
    assert.deepEqual(Buffer.from(await (await fetch(done.url)).arrayBuffer()), bytes);
    assert.equal((await fetch(`${emu.url}/file-content/${file.id}/wrong-secret`)).status, 403);
  });

  test('index: true goes indexing_pending → indexing_completed, with passages typed and in order', async () => {
    const { file } = await client.uploadFile({ key: 'kb/shipping.md', content: shipping, index: true, contentType: 'text/markdown' });
    const first = (await client.getFile({ id: file.id })).file.status;
    assert.ok(['indexing_pending', 'indexing_completed'].includes(first), first);
    const done = await settled(file.id);
    assert.equal(done.status, 'indexing_completed');
    const { passages } = await client.listFilePassages({ id: file.id });
    assert.deepEqual(
      passages.map((p) => p.meta.subtype),
      ['title', 'paragraph', 'subtitle', 'table', 'subtitle', 'list'],
    );
    assert.deepEqual(
      passages.map((p) => p.meta.position),
      [0, 1, 2, 3, 4, 5],
    );
    assert.ok(passages.every((p) => p.meta.type === 'chunk'));
    assert.match(passages[3].content, /Express \| 2 business days/);
  });

  test('a binary or PDF file fails indexing with a reason', async () => {
    const { file: bin } = await client.uploadFile({
      key: 'kb/logo.dat',
      content: new Uint8Array([0, 1, 2, 3, 0xff]),
      index: true,
      contentType: 'text/plain',
    });
    const failed = await settled(bin.id);
    assert.equal(failed.status, 'indexing_failed');
    assert.match(failed.failedStatusReason ?? '', /binary/);
    const { file: pdf } = await client.uploadFile({ key: 'kb/manual.pdf', content: '%PDF-1.7 ...', index: true });
    const refused = await settled(pdf.id);
    assert.equal(refused.status, 'indexing_failed');
    assert.match(refused.failedStatusReason ?? '', /PDF documents are not parsed by the local emulator/);
  });

  test('upserting an existing key replaces content and passages, keeps the id; the old URLs stop working', async () => {
    const { file: before } = await client.uploadFile({ key: 'kb/faq.md', content: '# FAQ\n\nOld answer about parrots.', index: true });
    await settled(before.id);
    const oldUrl = (await client.getFile({ id: before.id })).file.url;
    const { file: after } = await client.uploadFile({ key: 'kb/faq.md', content: '# FAQ\n\nNew answer about lizards.', index: true });
    assert.equal(after.id, before.id);
    await settled(after.id);
    const { passages } = await client.listFilePassages({ id: after.id });
    assert.deepEqual(
      passages.map((p) => p.content),
      ['FAQ', 'New answer about lizards.'],
    );
    assert.equal((await fetch(oldUrl)).status, 403);
    assert.equal((await client.searchFiles({ query: 'parrots' })).passages.length, 0);
  });

  test('HTML is indexed into headings, paragraphs, lists and tables; scripts are dropped', async () => {
    const html = `<html><head><script>var x = 1</script></head><body><h1>Returns</h1><p>Return any item within <b>30 days</b>.</p>
<ul><li>Keep the receipt</li><li>Use the original box</li></ul></body></html>`;
    const { file } = await client.uploadFile({ key: 'kb/returns.html', content: html, index: true });
    await settled(file.id);
    const { passages } = await client.listFilePassages({ id: file.id });
    assert.deepEqual(
      passages.map((p) => [p.meta.subtype, p.content]),
      [
        ['title', 'Returns'],
        ['paragraph', 'Return any item within 30 days.'],
        ['list', '- Keep the receipt\n- Use the original box'],
      ],
    );
  });
});

describe('listing, tags and metadata', () => {
  test('listFiles: every tag key must match, an array is any of, not excludes; ids; sorting; paging', async () => {
    for (const [key, team, lang] of [
      ['t/a.txt', 'sales', 'en'],
      ['t/b.txt', 'support', 'en'],
      ['t/c.txt', 'support', 'fr'],
      ['t/d.txt', 'billing', 'fr'],
    ]) {
      await client.uploadFile({ key, content: `file ${key}`, tags: { team, lang, group: 't' } });
    }
    const keys = async (tags: Record<string, unknown>) =>
      (await client.listFiles({ tags: tags as never, sortField: 'key', sortDirection: 'asc' })).files.map((f) => f.key);
    assert.deepEqual(await keys({ group: 't', team: 'support' }), ['t/b.txt', 't/c.txt']);
    assert.deepEqual(await keys({ group: 't', team: 'support', lang: 'fr' }), ['t/c.txt']);
    assert.deepEqual(await keys({ group: 't', team: ['sales', 'billing'] }), ['t/a.txt', 't/d.txt']);
    assert.deepEqual(await keys({ group: 't', team: { not: 'support' } }), ['t/a.txt', 't/d.txt']);
    assert.deepEqual(await keys({ group: 't', team: { not: ['support', 'sales'] } }), ['t/d.txt']);
    const desc = (await client.listFiles({ tags: { group: 't' }, sortField: 'key', sortDirection: 'desc' })).files.map((f) => f.key);
    assert.deepEqual(desc, ['t/d.txt', 't/c.txt', 't/b.txt', 't/a.txt']);
    const bySize = (await client.listFiles({ tags: { group: 't' }, sortField: 'size', sortDirection: 'asc' })).files;
    assert.ok(bySize.every((f, i) => i === 0 || (bySize[i - 1].size ?? 0) <= (f.size ?? 0)));
    const one = (await client.listFiles({ tags: { group: 't' } })).files[0];
    assert.deepEqual(
      (await client.listFiles({ ids: [one.id] })).files.map((f) => f.id),
      [one.id],
    );
    for (let i = 0; i < 25; i++) await client.upsertFile({ key: `p/${i}.txt`, size: 1, tags: { group: 'p' } });
    const first = await client.listFiles({ tags: { group: 'p' } });
    assert.equal(first.files.length, 20);
    assert.ok(first.meta.nextToken);
    const all = await client.list.files({ tags: { group: 'p' } }).collect();
    assert.equal(new Set(all.map((f) => f.id)).size, 25);
    const indexed = (await client.listFiles({ indexed: true })).files;
    assert.ok(indexed.length > 0 && indexed.every((f) => f.index));
  });

  test('updateFileMetadata merges metadata and tags, null deletes', async () => {
    const { file } = await client.uploadFile({ key: 'm.txt', content: 'm', tags: { a: '1', b: '2' }, metadata: { hash: 'x', keep: true } });
    const { file: updated } = await client.updateFileMetadata({
      id: file.id,
      tags: { b: null, c: '3' },
      metadata: { hash: 'y', keep: null },
    });
    assert.deepEqual(updated.tags, { a: '1', c: '3' });
    assert.deepEqual(updated.metadata, { hash: 'y' });
  });

  test('listFileTags and listFileTagValues', async () => {
    const { tags } = await client.listFileTags({});
    assert.ok(['team', 'lang', 'group', 'kind'].every((t) => tags.includes(t)));
    const { values } = await client.listFileTagValues({ tag: 'team' });
    assert.deepEqual(values, ['billing', 'sales', 'support']);
  });

  test('copyFile copies bytes and passages to a new key; an existing key needs overwrite', async () => {
    const { file } = await client.copyFile({ idOrKey: 'kb/shipping.md', destinationKey: 'kb/shipping-copy.md' });
    assert.equal(file.key, 'kb/shipping-copy.md');
    assert.equal(file.status, 'indexing_completed');
    assert.equal(await (await fetch(file.url)).text(), shipping);
    assert.equal((await client.listFilePassages({ id: file.id })).passages.length, 6);
    await rejects(client.copyFile({ idOrKey: 'kb/shipping.md', destinationKey: 'kb/shipping-copy.md' }), AlreadyExistsError);
    await client.copyFile({ idOrKey: 'm.txt', destinationKey: 'kb/shipping-copy.md', overwrite: true });
    assert.equal(await (await fetch((await client.getFile({ id: 'kb/shipping-copy.md' })).file.url)).text(), 'm');
  });

  test('setFilePassages replaces the passages; deleteFile removes the file', async () => {
    const { file } = await client.uploadFile({ key: 'manual.txt', content: 'ignored' });
    await client.setFilePassages({
      id: file.id,
      passages: [{ content: 'Warranty', type: 'title' }, { content: 'The warranty covers two years of manufacturing defects.' }],
    });
    const { passages } = await client.listFilePassages({ id: file.id });
    assert.deepEqual(
      passages.map((p) => [p.meta.subtype, p.meta.position]),
      [
        ['title', 0],
        ['paragraph', 1],
      ],
    );
    assert.equal((await client.searchFiles({ query: 'warranty defects' })).passages[0].file.key, 'manual.txt');
    await client.deleteFile({ id: file.id });
    await rejects(client.getFile({ id: file.id }), ResourceNotFoundError);
    await rejects(client.deleteFile({ id: file.id }), ResourceNotFoundError);
  });
});

describe('searchFiles', () => {
  test('ranks the passage that matches best first, with score, meta and file', async () => {
    const { passages } = await client.searchFiles({ query: 'how long does express shipping take', limit: 3, contextDepth: 0 });
    assert.ok(passages.length > 0 && passages.length <= 3);
    assert.equal(passages[0].file.key.startsWith('kb/shipping'), true);
    assert.match(passages[0].content, /Express/);
    assert.ok(passages.every((p, i) => i === 0 || passages[i - 1].score >= p.score));
    assert.ok(passages.every((p) => p.score > 0 && p.score <= 1));
  });

  test('tags filter, limit, contextDepth, withContext, includeBreadcrumb, consolidate', async () => {
    await client.uploadFile({ key: 'other/shipping.md', content: shipping, index: true, tags: { team: 'other' } });
    await settled('other/shipping.md');
    const tagged = await client.searchFiles({ query: 'tracking number', tags: { team: 'other' } });
    assert.ok(tagged.passages.length > 0 && tagged.passages.every((p) => p.file.key === 'other/shipping.md'));
    assert.equal((await client.searchFiles({ query: 'tracking number', limit: 1 })).passages.length, 1);

    const bare = (await client.searchFiles({ query: 'tracking number', tags: { team: 'other' }, contextDepth: 0 })).passages[0];
    assert.equal(bare.content, "- A tracking number is emailed when the parcel leaves.\n- Track it on the carrier's website.");
    const wide = (await client.searchFiles({ query: 'tracking number', tags: { team: 'other' }, contextDepth: 1 })).passages[0];
    assert.ok(wide.content.startsWith('Tracking\n\n- A tracking'), wide.content);

    const crumb = (
      await client.searchFiles({ query: 'tracking number', tags: { team: 'other' }, contextDepth: 0, includeBreadcrumb: true })
    ).passages[0];
    assert.ok(crumb.content.startsWith('Shipping policy > Tracking\n\n'), crumb.content);

    const ctx = (await client.searchFiles({ query: 'tracking number', tags: { team: 'other' }, withContext: true })).passages[0];
    assert.deepEqual(
      ctx.context?.map((c) => c.type),
      ['breadcrumb', 'preceding', 'current'],
    );

    const merged = await client.searchFiles({ query: 'express tracking', tags: { team: 'other' }, consolidate: true });
    assert.equal(merged.passages.length, 1);
    assert.equal(merged.passages[0].meta.type, 'consolidated');
    assert.match(merged.passages[0].content, /Express[\s\S]*tracking number/);

    await rejects(client.searchFiles({ query: 'x', contextDepth: 11 }), InvalidPayloadError);
  });
});

describe('knowledge bases', () => {
  test('create, list by tags, update (tags merge, null deletes), delete with its files', async () => {
    const { knowledgeBase } = await client.createKnowledgeBase({ name: 'Policies', tags: { team: 'support', lang: 'en' } });
    assert.match(knowledgeBase.id, /^kb-/);
    await client.createKnowledgeBase({ name: 'Sales', tags: { team: 'sales' } });
    await rejects(client.createKnowledgeBase({ name: 'Policies' }), AlreadyExistsError);
    const { knowledgeBases } = await client.listKnowledgeBases({ tags: { team: 'support' } });
    assert.deepEqual(
      knowledgeBases.map((k) => k.name),
      ['Policies'],
    );
    assert.ok(knowledgeBases[0].createdAt);
    const { knowledgeBase: updated } = await client.updateKnowledgeBase({
      id: knowledgeBase.id,
      name: 'Store policies',
      tags: { lang: null, owner: 'ops' },
    });
    assert.deepEqual(updated, { id: knowledgeBase.id, name: 'Store policies', tags: { team: 'support', owner: 'ops' } });

    const { file } = await client.uploadFile({
      key: `kb/${knowledgeBase.id}/gift-cards.md`,
      content: '# Gift cards\n\nGift cards never expire.',
      index: true,
      tags: { source: 'knowledge-base', kbId: knowledgeBase.id, title: 'gift-cards.md' },
    });
    await settled(file.id);
    const inKb = await client.searchFiles({ query: 'gift cards expire', tags: { kbId: knowledgeBase.id } });
    assert.equal(inKb.passages[0].file.id, file.id);
    await client.deleteKnowledgeBase({ id: knowledgeBase.id });
    await rejects(client.getFile({ id: file.id }), ResourceNotFoundError);
    await rejects(client.deleteKnowledgeBase({ id: knowledgeBase.id }), ResourceNotFoundError);
  });
});

describe('contract', () => {
  test('a deployed bot token may call the Files API of its own bot', async () => {
    const res = await fetch(`${emu.url}/v1/files?tags.group=t`, { headers: { authorization: `Bearer ${emu.token}`, 'x-bot-id': botId } });
    assert.equal(res.status, 200);
    const missing = await fetch(`${emu.url}/v1/files`, { headers: { authorization: `Bearer ${emu.token}` } });
    assert.equal(missing.status, 400, 'x-bot-id is required');
  });

  test('every file and knowledge base operation answered at least once, and no response broke its schema', () => {
    const missing = Object.keys(fileHandlers).filter((op) => !emu.store.served.get(op));
    assert.deepEqual(missing, []);
    assert.deepEqual(emu.store.violations, []);
  });
});
