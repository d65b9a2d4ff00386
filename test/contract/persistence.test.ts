// `--data-dir`: a local cloud stopped and started again over the same folder has the same world: the bot deployed
// with the official client, its conversations, and its code, which answers again on the next message. A broken
// snapshot stops the start with a clear error and is left as it was.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, test } from 'node:test';
import { Client as ChatClient } from '@botpress/chat';
import { Client } from '@botpress/client';
import { startEmulator } from '../../src/emulator';
import { bundleBot, sdkDir } from './sdk';

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bp-local-cloud-'));
after(() => fs.rmSync(dataDir, { recursive: true, force: true }));

/** Sends `text` as a new chat user and waits for the bot's answer. */
async function ask(apiUrl: string, text: string): Promise<string> {
  const chat = await ChatClient.connect({ apiUrl });
  const { conversation } = await chat.createConversation({});
  await chat.createMessage({ conversationId: conversation.id, payload: { type: 'text', text } });
  for (let i = 0; i < 100; i++) {
    const { messages } = await chat.listMessages({ conversationId: conversation.id });
    const answer = messages.find((m) => m.userId !== chat.user.id);
    if (answer) return (answer.payload as { text: string }).text;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('the bot did not answer');
}

/** A bot created in the first workspace of a Local Cloud. */
async function newBot(apiUrl: string, token: string, name: string) {
  const [workspace] = (await new Client({ apiUrl, token }).listWorkspaces({})).workspaces;
  return (await new Client({ apiUrl, token, workspaceId: workspace.id }).createBot({ name })).bot;
}

test('the world survives a restart over the same data folder; deployed code runs again', async () => {
  const code = await bundleBot(path.join(sdkDir, 'runtime-bot'));
  let emu = await startEmulator({ seed: 'empty', dataDir, token: 'first' });
  let client = new Client({ apiUrl: emu.url, token: 'first' });
  const [workspace] = (await client.listWorkspaces({})).workspaces;
  client = new Client({ apiUrl: emu.url, token: 'first', workspaceId: workspace.id });
  const chatId = (await client.getPublicIntegration({ name: 'chat', version: 'latest' })).integration.id;
  const { bot } = await client.createBot({
    name: 'kept',
    states: { counter: { type: 'conversation', schema: { type: 'object', properties: { count: { type: 'number' } } } } },
  });
  const updated = await client.updateBot({ id: bot.id, code, integrations: { [chatId]: { enabled: true, configuration: {} } } });
  const webhookId = updated.bot.integrations[chatId].webhookId;
  assert.equal(await ask(`${emu.url}/chat/${webhookId}`, 'one two'), 'two one (#1)');
  await emu.close();
  assert.ok(fs.existsSync(path.join(dataDir, 'state.json')));

  emu = await startEmulator({ seed: 'empty', dataDir, token: 'second' });
  try {
    client = new Client({ apiUrl: emu.url, token: 'second', workspaceId: workspace.id });
    const { bots } = await client.listBots({});
    assert.deepEqual(
      bots.map((b) => [b.id, b.name]),
      [[bot.id, 'kept']],
    );
    const runtime = new Client({ apiUrl: emu.url, token: 'second', botId: bot.id });
    assert.equal((await runtime.listConversations({})).conversations.length, 1);
    assert.equal(await ask(`${emu.url}/chat/${webhookId}`, 'three four'), 'four three (#1)');
    // A bot created after the restart gets an id of its own.
    const other = await client.createBot({ name: 'new' });
    assert.notEqual(other.bot.id, bot.id);
    assert.deepEqual(emu.store.violations, []);
  } finally {
    await emu.close();
  }
});

test('a snapshot that cannot be read stops the start and is left untouched', async () => {
  const broken = fs.mkdtempSync(path.join(os.tmpdir(), 'bp-local-cloud-broken-'));
  try {
    fs.writeFileSync(path.join(broken, 'state.json'), '{ not json');
    await assert.rejects(startEmulator({ seed: 'empty', dataDir: broken }), /state\.json is not valid JSON .*move it away/);
    assert.equal(fs.readFileSync(path.join(broken, 'state.json'), 'utf8'), '{ not json');
  } finally {
    fs.rmSync(broken, { recursive: true, force: true });
  }
});

test('tables survive a restart: their schema, rows (ids, key column, search), and the files of their exports', async () => {
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'bp-local-cloud-tables-'));
  let emu = await startEmulator({ seed: 'empty', dataDir: folder, token: 't' });
  try {
    const bot = await newBot(emu.url, 't', 'with-tables');
    let client = new Client({ apiUrl: emu.url, token: 't', botId: bot.id });
    const { table } = await client.createTable({
      name: 'faqTable',
      keyColumn: 'question',
      schema: { type: 'object', properties: { question: { type: 'string', 'x-zui': { searchable: true } }, hits: { type: 'number' } } },
    });
    const { rows } = await client.createTableRows({
      table: 'faqTable',
      rows: [
        { question: 'opening hours', hits: 3 },
        { question: 'refund policy', hits: 1 },
      ],
    });
    const { job } = await client.exportTable({ table: 'faqTable', format: 'json', compress: false });
    await emu.close();

    emu = await startEmulator({ seed: 'empty', dataDir: folder, token: 't2' });
    client = new Client({ apiUrl: emu.url, token: 't2', botId: bot.id });
    const { tables } = await client.listTables({});
    assert.deepEqual(
      tables.map((t) => [t.id, t.name, t.keyColumn]),
      [[table.id, 'faqTable', 'question']],
    );
    assert.equal((await client.getTable({ table: 'faqTable' })).rows, 2);
    const found = await client.findTableRows({ table: 'faqTable', orderBy: 'hits', orderDirection: 'desc' });
    assert.deepEqual(
      found.rows.map((r) => [r.id, r.question, r.hits]),
      rows.map((r) => [r.id, r.question, r.hits]),
    );
    assert.deepEqual(
      (await client.findTableRows({ table: 'faqTable', search: 'refund' })).rows.map((r) => r.question),
      ['refund policy'],
    );
    // A key column still refuses a duplicate, and new rows get ids after the kept ones.
    await assert.rejects(client.createTableRows({ table: 'faqTable', rows: [{ question: 'opening hours', hits: 0 }] }));
    const added = await client.createTableRows({ table: 'faqTable', rows: [{ question: 'delivery', hits: 0 }] });
    assert.ok(added.rows[0].id > Math.max(...rows.map((r) => r.id)));
    const kept = (await client.getTableJobs({ table: 'faqTable' })).jobs.find((j) => j.id === job.id);
    assert.equal(kept?.status, 'completed');
    const exported = await fetch(`${emu.url}/files/tables/${kept.outputFileId}`, { headers: { authorization: 'Bearer t2' } });
    assert.equal(exported.status, 200);
    assert.deepEqual(
      ((await exported.json()) as { rows: { question: string }[] }).rows.map((r) => r.question),
      ['opening hours', 'refund policy'],
    );
    assert.deepEqual(emu.store.violations, []);
  } finally {
    await emu.close();
    fs.rmSync(folder, { recursive: true, force: true });
  }
});

test('files and knowledge bases survive a restart: bytes, metadata, tags, passages; search finds them', async () => {
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'bp-local-cloud-files-'));
  let emu = await startEmulator({ seed: 'empty', dataDir: folder, token: 't' });
  try {
    const bot = await newBot(emu.url, 't', 'with-files');
    let client = new Client({ apiUrl: emu.url, token: 't', botId: bot.id });
    const { knowledgeBase } = await client.createKnowledgeBase({ name: 'Help', tags: { team: 'support' } });
    const tags = { source: 'knowledge-base', kbId: knowledgeBase.id, title: 'returns.md' };
    const doc = '# Returns\n\n## Window\n\nReturn any item within 30 days for a full refund.\n';
    const { file } = await client.uploadFile({
      key: `${knowledgeBase.id}/returns.md`,
      content: doc,
      tags,
      index: true,
      metadata: { contentHash: 'sha256:abc' },
    });
    const { file: plain } = await client.uploadFile({ key: 'exports/report.csv', content: 'a,b\n1,2\n', tags: { kind: 'export' } });
    for (let i = 0; i < 100 && (await client.getFile({ id: file.id })).file.status !== 'indexing_completed'; i++)
      await new Promise((r) => setTimeout(r, 20));
    const passages = (await client.listFilePassages({ id: file.id })).passages;
    assert.ok(passages.length >= 2);
    await emu.close();

    emu = await startEmulator({ seed: 'empty', dataDir: folder, token: 't2' });
    client = new Client({ apiUrl: emu.url, token: 't2', botId: bot.id });
    const kbs = (await client.listKnowledgeBases({})).knowledgeBases;
    assert.deepEqual(
      kbs.map((k) => [k.id, k.name, k.tags.team]),
      [[knowledgeBase.id, 'Help', 'support']],
    );
    const kept = (await client.getFile({ id: file.id })).file;
    assert.equal(kept.status, 'indexing_completed');
    assert.deepEqual(kept.tags, tags);
    assert.deepEqual(kept.metadata, { contentHash: 'sha256:abc' });
    assert.equal(await (await fetch(kept.url)).text(), doc);
    assert.deepEqual((await client.listFilePassages({ id: file.id })).passages, passages);
    assert.deepEqual(
      (await client.listFiles({ tags: { kind: 'export' } })).files.map((f) => [f.id, f.status]),
      [[plain.id, 'upload_completed']],
    );
    const found = await client.searchFiles({ query: 'refund within 30 days', tags: { kbId: knowledgeBase.id } });
    assert.equal(found.passages[0]?.file.id, file.id);
    // Replacing a kept file still works.
    await client.uploadFile({ key: `${knowledgeBase.id}/returns.md`, content: '# Returns\n\nNo returns.\n', tags, index: true });
    assert.deepEqual(emu.store.violations, []);
  } finally {
    await emu.close();
    fs.rmSync(folder, { recursive: true, force: true });
  }
});
