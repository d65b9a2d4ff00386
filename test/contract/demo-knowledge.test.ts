// The demo's loop: the seeded support-bot has the "Acme Help Center" knowledge base, and the demo
// workspace's SDK support bot, deployed on it, answers a question it has no keyword for with the best
// passage of searchFiles and its source, through the official Chat client.
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { after, before, test } from 'node:test';
import { Client as ChatClient } from '@botpress/chat';
import { Client } from '@botpress/client';
import { startEmulator, type Emulator } from '../../src/emulator';
import { helpCenter } from '../../src/emulator/demo/knowledge';
import { bundleBot, sdkDir } from './sdk';

const project = path.join(__dirname, '..', 'fixtures', 'demo-workspace', 'support-bot');
let emu: Emulator;
let runtime: Client;
let admin: Client;
let botId: string;

before(async () => {
  emu = await startEmulator({ seed: 'demo', runtime: { timeoutMs: 10_000 } });
  const record = [...emu.store.bots.values()].find((b) => b.bot.name === 'support-bot')!;
  botId = record.bot.id;
  admin = new Client({ apiUrl: emu.url, token: emu.token, workspaceId: record.workspaceId });
  runtime = new Client({ apiUrl: emu.url, token: emu.token, botId });
});
after(() => emu.close());

test('the seed: one knowledge base, its documents indexed, a refused PDF, files outside it', async () => {
  const { knowledgeBases } = await runtime.listKnowledgeBases({});
  assert.deepEqual(
    knowledgeBases.map((k) => k.name),
    ['Acme Help Center'],
  );
  const inKb = await runtime.list.files({ tags: { source: 'knowledge-base', kbId: knowledgeBases[0].id } }).collect();
  assert.equal(inKb.length, helpCenter.length + 1);
  assert.ok(helpCenter.length >= 24);
  assert.equal(inKb.filter((f) => f.status === 'indexing_completed').length, helpCenter.length);
  const failed = inKb.find((f) => f.status === 'indexing_failed');
  assert.match(failed?.failedStatusReason ?? '', /PDF/);
  const others = await runtime.listFiles({ tags: { source: { not: 'knowledge-base' } } });
  assert.deepEqual(others.files.map((f) => f.key).sort(), ['brand/logo.svg', 'exports/conversations-2026-01.csv']);
});

test('the demo support bot answers from its knowledge base, with the source', { timeout: 60_000 }, async () => {
  const code = await bundleBot(project, 'src/index', [path.join(sdkDir, 'node_modules')]);
  const { bot } = await admin.updateBot({ id: botId, code });
  const chat = Object.values(bot.integrations).find((i) => i.name === 'chat')!;
  const client = await ChatClient.connect({ apiUrl: `${emu.url}/chat/${chat.webhookId}` });
  const { conversation } = await client.createConversation({});
  const listener = await client.listenConversation({ id: conversation.id });
  try {
    const answer = new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('no answer')), 30_000);
      listener.on('message_created', (m) => {
        const payload = m.payload as { type: string; markdown?: string };
        if (m.isBot && payload.type === 'markdown') {
          clearTimeout(timer);
          resolve(payload.markdown ?? '');
        }
      });
    });
    await client.createMessage({ conversationId: conversation.id, payload: { type: 'text', text: 'Do gift cards expire?' } });
    const text = await answer;
    assert.match(text, /gift cards never expire/i);
    assert.match(text, /_Source: gift-cards\.md_$/);
  } finally {
    await listener.disconnect();
  }
});
