// An ADK agent against its bot, in the demo workspace as `npm start` lays it out (order-agent, linked by its
// agent.json to returns-assistant): Compare Agent with Its Bot lists the agent's table as missing, in the deploy
// preview's words, and its knowledge base as not in the bot; picking the table creates it, picking the knowledge
// base syncs its `DataSource.Directory` folder to a knowledge base of that name, without asking which bot or
// knowledge base; compared again, both are in the bot. Checked through the official @botpress/client.
// Screenshots: test-results/agent-cloud-*.png.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Client } from '@botpress/client';
import { layOutDemo } from '../../scripts/demo';
import { withWorkbench, type Workbench } from './workbench';

const title = 'Botpress: Compare Agent with Its Bot';

/** Runs the comparison and returns its quick pick's rows, once the agent has been evaluated and the bot read. */
async function compare(wb: Workbench): Promise<string[]> {
  await wb.runCommand(title);
  const rows = wb.page.locator('.quick-input-widget .quick-input-list .monaco-list-row');
  await rows.filter({ hasText: 'knowledge faq' }).first().waitFor({ timeout: 120_000 });
  await wb.page.locator('.quick-input-title', { hasText: 'order-agent against bot returns-assistant' }).waitFor({ timeout: 5_000 });
  return (await rows.allInnerTexts()).map((r) => r.replace(/\s+/g, ' ').trim());
}

test(
  'Compare Agent with Its Bot: the missing table created, the knowledge folder synced, then both in the bot',
  { timeout: 400_000 },
  async (t) => {
    const laidOut = fs.mkdtempSync(path.join(os.tmpdir(), 'bp-agent-cloud-'));
    t.after(() => fs.rmSync(laidOut, { recursive: true, force: true }));
    const folder = layOutDemo(path.join(laidOut, 'demo-workspace'));
    const link = JSON.parse(fs.readFileSync(path.join(folder, 'order-agent', 'agent.json'), 'utf8')) as {
      workspaceId: string;
      botId: string;
    };
    await withWorkbench(t, { name: 'agent-cloud', folder }, async (wb) => {
      const emu = wb.emulator!;
      const bot = new Client({ apiUrl: emu.url, token: emu.token, workspaceId: link.workspaceId, botId: link.botId });
      assert.equal((await bot.getBot({ id: link.botId })).bot.name, 'returns-assistant');
      assert.ok(!(await bot.listTables({})).tables.some((x) => x.name === 'OrdersTable'));

      // The agent as the Agent view shows it once evaluated.
      const sidebar = await wb.openView('Botpress');
      const pane = sidebar.locator('.pane', { has: wb.page.locator('.pane-header', { hasText: /^\s*Agent/ }) });
      const agentHeader = pane.locator('.pane-header');
      await agentHeader.waitFor({ timeout: 60_000 });
      if ((await agentHeader.getAttribute('aria-expanded')) === 'false') await agentHeader.click();
      await wb.treeRow('order-agent', pane).filter({ hasText: '5 primitives' }).waitFor({ timeout: 120_000 });
      await wb.openFile('order-agent/agent.config.ts');
      const first = await compare(wb);
      t.diagnostic(first.join(' | '));
      assert.ok(
        first.some((r) => /table OrdersTable: created \(orderId, customer, status, total\)/.test(r) && /Create Table OrdersTable/.test(r)),
        first.join('\n'),
      );
      assert.ok(first.some((r) => /knowledge faq: not in the bot/.test(r) && /Sync Folder knowledge\/faq to Knowledge Base faq/.test(r)));
      await wb.screenshot('agent-cloud-1-differences');

      // --- the table, created as the agent defines it.
      await wb.page.locator('.quick-input-list .monaco-list-row', { hasText: 'table OrdersTable' }).first().click();
      await wb.waitForNotification(/Table OrdersTable created on returns-assistant\./, 30_000);
      const { table } = await bot.getTable({ table: 'OrdersTable' });
      assert.deepEqual(Object.keys(table.schema.properties), ['orderId', 'customer', 'status', 'total']);
      assert.equal(table.keyColumn, 'orderId');

      // --- the knowledge base: its folder synced, the sync's own preview asked, nothing else.
      await compare(wb);
      await wb.page.locator('.quick-input-list .monaco-list-row', { hasText: 'knowledge faq' }).first().click();
      const preview = await wb.dialog(/Sync faq → faq\?/, 30_000);
      assert.match(preview, /Added \(2\): (refunds\.md, shipping\.md|shipping\.md, refunds\.md)/);
      await wb.screenshot('agent-cloud-2-sync-preview');
      await wb.clickDialogButton('Sync');
      await wb.waitForNotification(/2 indexed, 0 failed indexing/, 60_000);
      const kbs = (await bot.listKnowledgeBases({})).knowledgeBases;
      assert.deepEqual(
        kbs.filter((k) => k.name === 'faq').map((k) => k.name),
        ['faq'],
      );
      assert.ok(!fs.existsSync(path.join(wb.folder, 'botpress.knowledge.json')), 'the agent is the mapping: none is written');

      // --- compared again: nothing left to fix.
      const again = await compare(wb);
      t.diagnostic(again.join(' | '));
      assert.ok(
        again.some((r) => /table OrdersTable: unchanged/.test(r)),
        again.join('\n'),
      );
      assert.ok(
        again.some((r) => /knowledge faq: in the bot/.test(r)),
        again.join('\n'),
      );
      await wb.screenshot('agent-cloud-3-in-the-bot');
      await wb.page.keyboard.press('Escape');
    });
  },
);
