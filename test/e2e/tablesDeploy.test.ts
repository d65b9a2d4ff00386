// Tables as code in a real workbench, driven like a person, on an SDK bot whose bot.definition.ts declares a table
// (test/fixtures/sdk/leads-bot, the official SDK as `npm ci` installed it): Deploy Bot to a new bot, the preview
// names the table it creates and the table is created; then the definition changes a column's type and drops
// another, and the next deploy's preview names both; the bot deploys, and the tables' own modal asks, its safe
// answer (Keep Tables) focused: Enter keeps the table and its values; a third deploy answered Update Tables
// alters it (the retyped column reset, the dropped one kept, as Botpress does). Checked through the official
// @botpress/client. Screenshots: test-results/tables-deploy-*.png.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Client } from '@botpress/client';
import { root, waitUntil, withWorkbench } from './workbench';

test(
  'an SDK deploy creates the definition’s table, then alters it after the preview names the change and the modal asks',
  { timeout: 400_000 },
  async (t) => {
    const folder = path.join(root, 'test', 'fixtures', 'sdk');
    await withWorkbench(t, { name: 'tables-deploy', folder }, async (wb) => {
      const emu = wb.emulator!;
      const official = new Client({ apiUrl: emu.url, token: emu.token });
      const workspaceId = (await official.listWorkspaces({})).workspaces.find((w) => w.name === 'Acme Support')!.id;
      const definition = path.join(wb.folder, 'leads-bot', 'bot.definition.ts');

      // --- first deploy, to a new bot: the preview names the table it creates.
      await wb.openFile('leads-bot/bot.definition.ts');
      await wb.runCommand('Botpress: Deploy Bot');
      await wb.pick('Acme Support');
      await wb.pick('Create a new bot "leads-bot"');
      const created = await wb.dialog(/to a new bot "leads-bot"\?/, 90_000);
      assert.match(created, /Tables, synced after the bot deploys:\s+table leadsTable: created \(email, name, company, score, contacted\)/);
      assert.doesNotMatch(created, /values would be lost/);
      await wb.screenshot('tables-deploy-1-create-preview');
      await wb.clickDialogButton('Deploy');
      await wb.waitForNotification(/Created and deployed bot leads-bot/, 90_000);
      await wb.waitForNotification(/table leadsTable: created/, 30_000);

      const record = [...emu.store.bots.values()].find((r) => r.bot.name === 'leads-bot' && r.workspaceId === workspaceId)!;
      const bot = new Client({ apiUrl: emu.url, token: emu.token, workspaceId, botId: record.bot.id });
      const { table } = await bot.getTable({ table: 'leadsTable' });
      assert.equal(table.keyColumn, 'email');
      assert.deepEqual(table.tags, { source: 'chat' });
      assert.deepEqual(Object.keys(table.schema.properties), ['email', 'name', 'company', 'score', 'contacted']);
      assert.equal((table.schema.properties.score as { type: string }).type, 'number');
      // The bot collected leads meanwhile.
      await bot.createTableRows({
        table: 'leadsTable',
        rows: [
          { email: 'ada@example.com', name: 'Ada', score: 82, contacted: true },
          { email: 'linus@example.com', name: 'Linus', score: 40, contacted: false },
        ],
      });

      // --- the developer turns score into a grade (a string) and drops `contacted`.
      const original = fs.readFileSync(definition, 'utf8');
      const changed = original
        .replace(
          "score: z.number().describe('0 to 100, how likely the lead buys').optional(),",
          "score: z.string().describe('A, B or C').optional(),",
        )
        .replace(/\n\s*contacted: z\.boolean\(\)\.optional\(\),/, '');
      assert.notEqual(changed, original);
      assert.doesNotMatch(changed, /contacted/);
      fs.writeFileSync(definition, changed);
      await wb.page.locator('.monaco-editor .view-lines', { hasText: 'A, B or C' }).first().waitFor({ timeout: 15_000 });

      // --- second deploy: the preview names the change; the bot deploys; the tables' modal asks, Keep Tables focused.
      const preview = async (screenshot?: string) => {
        await wb.runCommand('Botpress: Deploy Bot');
        const text = await wb.dialog(/to bot "leads-bot"\?/, 90_000);
        assert.match(text, /table leadsTable: updated: score: number → string \(its values are reset to null\)/, text);
        assert.match(text, /contacted: not in the definition \(kept; delete it in the dashboard if unwanted\)/, text);
        assert.match(text, /Some column values would be lost: you are asked again before the tables are updated\./, text);
        if (screenshot) await wb.screenshot(screenshot);
        await wb.clickDialogButton('Deploy');
        const ask = await wb.dialog(/Deploying these tables loses values\. Continue\?/, 90_000);
        assert.match(ask, /score: number → string/, ask);
        assert.match(ask, /Keep Tables leaves every table as it is/, ask);
        assert.equal(await wb.dialogFocus(), 'Keep Tables', 'Enter keeps the tables');
        return ask;
      };
      await preview('tables-deploy-2-change-preview');
      await wb.screenshot('tables-deploy-3-tables-modal');
      await wb.page.keyboard.press('Enter');
      await wb.page.locator('.monaco-dialog-box').waitFor({ state: 'hidden', timeout: 10_000 });
      await wb.waitForNotification(/tables not synced: the changes were declined/, 30_000);
      const kept = (await bot.getTable({ table: 'leadsTable' })).table;
      assert.equal((kept.schema.properties.score as { type: string }).type, 'number', 'declined: the column keeps its type');
      const keptRows = (await bot.findTableRows({ table: 'leadsTable', orderBy: 'email' })).rows;
      assert.deepEqual(
        keptRows.map((r) => r.score),
        [82, 40],
        'declined: the values are still there',
      );

      // --- third deploy, answered Update Tables: the table is altered.
      await preview();
      await wb.clickDialogButton('Update Tables');
      await wb.waitForNotification(/table leadsTable: updated: score: number → string/, 30_000);
      const altered = await waitUntil(
        async () => {
          const { table } = await bot.getTable({ table: 'leadsTable' });
          return (table.schema.properties.score as { type: string }).type === 'string' ? table : undefined;
        },
        10_000,
        'score a string column',
      );
      assert.ok(altered.schema.properties.contacted, 'a column dropped from the definition is kept, as Botpress keeps it');
      const rows = (await bot.findTableRows({ table: 'leadsTable', orderBy: 'email' })).rows;
      assert.deepEqual(
        rows.map((r) => [r.email, r.name, r.score ?? null]),
        [
          ['ada@example.com', 'Ada', null],
          ['linus@example.com', 'Linus', null],
        ],
        'the retyped column is reset, the others keep their values',
      );
      await wb.screenshot('tables-deploy-4-altered');
    });
  },
);
