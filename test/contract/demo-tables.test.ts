// The demo's table-backed answer: the demo workspace's support-bot, bundled as `bp bundle` does and deployed to
// the demo world, tells an order's status from its `ordersTable` rows (findTableRows with its own token), and
// its answer follows an edit of the row, offline.
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { after, before, test } from 'node:test';
import { Client as ChatClient } from '@botpress/chat';
import { Client } from '@botpress/client';
import { startEmulator, type Emulator } from '../../src/emulator';
import { bundleBot } from './sdk';

const project = path.join(__dirname, '..', 'fixtures', 'demo-workspace', 'support-bot');
let emu: Emulator;

before(async () => {
  emu = await startEmulator({ seed: 'demo', runtime: { timeoutMs: 5_000 } });
});
after(() => emu.close());

test('support-bot answers "where is my order" from ordersTable, and an edited row changes the answer', { timeout: 60_000 }, async () => {
  const record = [...emu.store.bots.values()].find((b) => b.bot.name === 'support-bot')!;
  const admin = new Client({ apiUrl: emu.url, token: emu.token, workspaceId: record.workspaceId });
  const { bot } = await admin.updateBot({ id: record.bot.id, code: await bundleBot(project) });
  const chatEntry = Object.values(bot.integrations).find((i) => i.name === 'chat')!;
  const chat = await ChatClient.connect({ apiUrl: `${emu.url}/chat/${chatEntry.webhookId}` });
  const { conversation } = await chat.createConversation({});

  const ask = async (text: string): Promise<string> => {
    const listener = await chat.listenConversation({ id: conversation.id });
    try {
      return await new Promise<string>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no answer to "${text}"`)), 15_000);
        listener.on('message_created', (m) => {
          if (m.userId !== chat.user.id) {
            clearTimeout(timer);
            resolve((m.payload as { text: string }).text);
          }
        });
        chat.createMessage({ conversationId: conversation.id, payload: { type: 'text', text } }).catch(reject);
      });
    } finally {
      await listener.disconnect();
    }
  };

  const tables = new Client({ apiUrl: emu.url, token: emu.token, botId: bot.id });
  const { rows } = await tables.findTableRows({ table: 'ordersTable', filter: { orderId: 'A-1042' } });
  assert.equal(rows.length, 1);
  const first = await ask('Where is my order A-1042?');
  assert.equal(first.startsWith(`Order A-1042 is ${String(rows[0].status)}.`), true, first);
  assert.match(first, new RegExp(`tracking: ${String(rows[0].trackingNumber)}`));

  await tables.updateTableRows({ table: 'ordersTable', rows: [{ id: rows[0].id, status: 'delivered' }] });
  assert.match(await ask('status of order 1042'), /^Order A-1042 is delivered\./);
  assert.match(await ask('where is order A-9999?'), /can't find an order A-9999/);
  assert.deepEqual(emu.store.violations, []);
});
