// A bot's tables in a real workbench, driven like a person: Find Bot, expand Tables (row and column counts),
// open ordersTable in the grid, sort by a column, type a filter with an unknown column (a problem, nothing sent),
// filter with the builder, search, edit a cell with a value its column refuses (marked at the cell, nothing
// sent, the text kept), fix it and save (the row changes in the emulator), and group by status.
// Then an import with a bad row: the preview webview (the file's first rows mapped to columns, the bad row's
// problems listed, nothing sent), upsert by the key column, the summary, the failed row saved with its reason.
// Screenshots: test-results/tables-*.png.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { FrameLocator, Locator } from 'playwright-core';
import { waitUntil, withWorkbench, type Workbench } from './workbench';

const status = (view: FrameLocator) => view.locator('#status-text').innerText();

/** The explorer's tree with the demo's support-bot found (Find Bot…) and its Tables expanded. */
async function supportBotTables(wb: Workbench): Promise<Locator> {
  await wb.findBot('support-bot');
  const tree = wb.botpressTree();
  await wb.expand('support-bot', tree);
  await wb.expand('Tables', tree);
  return tree;
}

/** The demo's ordersTable as the emulator holds it. */
const ordersRecord = (wb: Workbench) =>
  wb
    .emulator!.store.tables.byBot.values()
    .next()
    .value!.find((r) => r.table.name === 'ordersTable')!;

test(
  'tables: explorer counts, the grid, sort, a refused filter, builder, search, a refused edit then a saved one, group by',
  { timeout: 300_000 },
  async (t) => {
    await withWorkbench(t, { name: 'tables', settings: { 'workbench.tree.enableStickyScroll': false } }, async (wb) => {
      const tree = await supportBotTables(wb);
      const orders = wb.treeRow('ordersTable', tree);
      await orders.waitFor({ timeout: 20_000 });
      assert.match(await orders.innerText(), /300 rows · 12 columns/);
      assert.match(await wb.treeRow('plansTable', tree).innerText(), /frozen/);
      await wb.screenshot('tables-1-explorer');

      await orders.click();
      const view = await wb.webview('Table: ordersTable');
      await view.locator('.row[data-key="row:1"]').waitFor({ timeout: 20_000 });
      await waitUntil(async () => ((await status(view)).startsWith('300 rows') ? true : undefined), 10_000, 'the row count');
      assert.match(await status(view), /^300 rows · query \d+ ms/);
      assert.ok((await view.locator('.row').count()) < 80, 'only the rows in view are in the DOM');
      await wb.screenshot('tables-2-grid');

      // Sort by total, descending (two clicks).
      const head = view.locator('.cell.head', { hasText: /^total/ });
      await head.click();
      await head.click();
      await waitUntil(async () => ((await head.innerText()).includes('▼') ? true : undefined), 5_000, 'the sort mark');
      const totals = await waitUntil(
        async () => {
          const cells = await view.locator('.row .cell[data-column="total"]').allInnerTexts();
          return cells.length > 3 ? cells.slice(0, 4).map(Number) : undefined;
        },
        10_000,
        'sorted totals',
      );
      assert.deepEqual(
        [...totals].sort((a, b) => b - a),
        totals,
      );

      // A filter naming an unknown column: the problem shows, nothing is sent.
      const filter = view.locator('#filter');
      await filter.fill('{ "colour": "red" }');
      await view.locator('#problems', { hasText: 'Unknown column "colour"' }).waitFor({ timeout: 5_000 });
      await filter.fill('{ "total": { "$regex": "1" } }');
      await view.locator('#problems', { hasText: '$regex does not apply to "total", a number column' }).waitFor({ timeout: 5_000 });
      await wb.screenshot('tables-3-filter-problem');

      // Completions in the filter box: a column, then the operators its type takes, chosen with the keyboard.
      await filter.fill('');
      await filter.pressSequentially('{ "to', { delay: 40 });
      const completions = view.locator('#filter-complete');
      await completions.locator('[role="option"]', { hasText: 'total' }).waitFor({ timeout: 5_000 });
      assert.deepEqual(await completions.locator('.label').allInnerTexts(), ['total', 'customer'], 'names starting with it first');
      await filter.press('Enter');
      assert.equal(await filter.inputValue(), '{ "total": ');
      await filter.pressSequentially('{ "$', { delay: 40 });
      await completions.locator('[role="option"]', { hasText: '$gte' }).waitFor({ timeout: 5_000 });
      const operators = await completions.locator('.label').allInnerTexts();
      assert.ok(operators.includes('$mod') && !operators.includes('$regex'), operators.join(' '));
      await wb.screenshot('tables-3b-filter-completions');
      await filter.press('ArrowDown');
      await filter.press('ArrowDown');
      assert.equal(await completions.locator('[aria-selected="true"] .label').innerText(), '$gt');
      await filter.press('Tab');
      await filter.pressSequentially('100 } }', { delay: 20 });
      assert.equal(await filter.inputValue(), '{ "total": { "$gt": 100 } }');
      await completions.waitFor({ state: 'hidden', timeout: 5_000 });
      const over100 = ordersRecord(wb).rows.filter((r) => (r.total as number) > 100).length;
      await waitUntil(
        async () => ((await status(view)).startsWith(`${over100} rows match`) ? true : undefined),
        10_000,
        'the completed filter',
      );

      // The builder writes the filter: status $eq shipped.
      await filter.fill('');
      await view.locator('#b-column').selectOption('status');
      await view.locator('#b-op').selectOption('$eq');
      await view.locator('#b-value').fill('shipped');
      await view.locator('#b-add').click();
      assert.deepEqual(JSON.parse(await filter.inputValue()), { status: { $eq: 'shipped' } });
      const shipped = ordersRecord(wb).rows.filter((r) => r.status === 'shipped').length;
      await waitUntil(
        async () => ((await status(view)).startsWith(`${shipped} rows match`) ? true : undefined),
        10_000,
        `${shipped} rows match`,
      );
      await wb.screenshot('tables-4-builder');

      // Search: similarity shows.
      await view.locator('#b-clear').click();
      await view.locator('#search').fill('grace hoper');
      await view.locator('.cell.head', { hasText: 'similarity' }).waitFor({ timeout: 10_000 });
      await view.locator('#search').fill('');
      await view.locator('.cell.head', { hasText: 'similarity' }).waitFor({ state: 'detached', timeout: 10_000 });

      // A refused edit: text in a number column is marked at the cell, kept, and Save sends nothing.
      await head.click(); // ascending: row 1 is not necessarily first, so find it by key after sorting by id
      await view.locator('.cell.head', { hasText: /^id/ }).click();
      const cell = view.locator('.row[data-key="row:1"] .cell[data-column="total"]');
      await cell.dblclick();
      await view.locator('.row[data-key="row:1"] input.editor').fill('ten dollars');
      await view.locator('.row[data-key="row:1"] input.editor').press('Enter');
      await view.locator('.row[data-key="row:1"] .cell.invalid[data-column="total"]').waitFor({ timeout: 5_000 });
      assert.equal(await cell.innerText(), 'ten dollars');
      assert.match((await cell.getAttribute('title')) ?? '', /is not a number/);
      await view.locator('#save').click();
      await view.locator('#status-text', { hasText: 'Nothing sent' }).waitFor({ timeout: 5_000 });
      await wb.screenshot('tables-5-refused-edit');
      const store = ordersRecord(wb);
      assert.notEqual(store.rows[0].total, 'ten dollars');

      // Fixed and saved: the row changes in the cloud.
      await cell.dblclick();
      await view.locator('.row[data-key="row:1"] input.editor').fill('123.45');
      await view.locator('.row[data-key="row:1"] input.editor').press('Enter');
      await view.locator('#save').click();
      await view.locator('#status-text', { hasText: 'Saved 1 row' }).waitFor({ timeout: 10_000 });
      assert.equal(store.rows[0].total, 123.45);

      // Group by status with a count.
      await view.locator('#mode-group').click();
      await view.locator('#g-key').selectOption('status');
      await view.locator('#g-column').selectOption('total');
      await view.locator('#g-sum').check();
      await view.locator('#g-run').click();
      await view.locator('.cell.head', { hasText: 'statusKey' }).waitFor({ timeout: 10_000 });
      await view.locator('.cell.head', { hasText: 'totalSum' }).waitFor({ timeout: 10_000 });
      await wb.screenshot('tables-6-group');
    });
  },
);

test(
  'tables: an import with a bad row (its problems listed, upsert by the key column, the summary, failed rows saved); a cancelled import',
  { timeout: 300_000 },
  async (t) => {
    await withWorkbench(t, { name: 'tables-import', settings: { 'workbench.tree.enableStickyScroll': false } }, async (wb) => {
      const record = ordersRecord(wb);
      const before = record.rows.length;
      const csv = path.join(wb.folder, 'orders-update.csv');
      // Headers as a spreadsheet writes them (matched without case), a column the table lacks, and row 3 wrong three ways.
      fs.writeFileSync(
        csv,
        [
          'OrderId,Customer,status,total,giftWrap,note',
          'A-1001,Ada Lovelace,delivered,99.5,no,vip',
          'A-9001,Grace Hopper,pending,42,yes,',
          'A-9002,Linus Torvalds,lost,ten dollars,maybe,',
          'A-9003,Margaret Hamilton,processing,18.25,,',
        ].join('\n') + '\n',
      );
      const tree = await supportBotTables(wb);
      const orders = wb.treeRow('ordersTable', tree);
      await orders.waitFor({ timeout: 20_000 });
      await wb.contextMenu(orders, 'Import into Table…');
      await wb.chooseFile(csv);

      const view = await wb.webview('Import into ordersTable');
      const title = view.locator('#title');
      await title.filter({ hasText: 'orders-update.csv' }).waitFor({ timeout: 20_000 });
      assert.match(await title.innerText(), /4 rows, 1 row with problems/);
      assert.match(await view.locator('#mapping').innerText(), /OrderId → orderId, Customer → customer, status, total, giftWrap/);
      assert.match(await view.locator('#warnings').innerText(), /Not a column of the table \(not sent\): note/);
      // The first rows mapped to columns: the bad row's cells marked, with why.
      const bad = view.locator('#sample tr[data-line="3"]');
      assert.equal(await bad.locator('td.invalid').count(), 3);
      assert.equal(await bad.locator('td[data-column="total"]').innerText(), 'ten dollars');
      assert.match((await bad.locator('td[data-column="total"]').getAttribute('title')) ?? '', /is not a number/);
      assert.equal(await view.locator('#sample tr[data-line="2"] td[data-column="giftWrap"]').innerText(), 'true');
      const problems = await view.locator('#problems li').allInnerTexts();
      assert.equal(problems.length, 1, problems.join(' | '));
      assert.match(problems[0], /^row 3: status: .*; total: .*is not a number.*; giftWrap: /);
      // The table has a key column: upsert by it is proposed; nothing was sent yet.
      assert.equal(await view.locator('#mode-upsert').isChecked(), true);
      assert.equal(await view.locator('#key').inputValue(), 'orderId');
      assert.equal(await view.locator('#start').innerText(), 'Upsert 3 rows by orderId');
      assert.equal(record.rows.length, before, 'nothing sent before Import');
      await wb.screenshot('tables-7-import-preview');

      await view.locator('#start').click();
      const summary = view.locator('#summary-text');
      await summary.filter({ hasText: 'Done' }).waitFor({ timeout: 20_000 });
      assert.equal(await summary.innerText(), 'Done: 2 inserted, 1 updated, 1 failed.');
      assert.match((await view.locator('#failed li').allInnerTexts()).join('\n'), /^row 3: status: /);
      const byId = (id: string) => record.rows.find((r) => r.orderId === id);
      assert.equal(record.rows.length, before + 2);
      assert.equal(byId('A-1001')?.customer, 'Ada Lovelace');
      assert.equal(byId('A-9001')?.giftWrap, true);
      assert.equal(byId('A-9002'), undefined, 'the bad row is not sent');
      await wb.screenshot('tables-8-import-summary');

      // The failed rows, saved with their reason, to fix and import again.
      await view.locator('#save-failed').click();
      const failed = path.join(wb.folder, 'orders-failed.csv');
      await wb.chooseFile(failed);
      await view.locator('#saved', { hasText: 'orders-failed.csv' }).waitFor({ timeout: 10_000 });
      const saved = fs.readFileSync(failed, 'utf8').trim().split('\n');
      assert.equal(saved.length, 2, saved.join('\n'));
      assert.match(saved[0], /^OrderId,Customer,status,total,giftWrap,note,_line,_reason$/);
      assert.match(saved[1], /^A-9002,Linus Torvalds,lost,ten dollars,maybe,,3,"status: /);
      await view.locator('#close').click();

      // A large import, cancelled during its second batch: that batch completes, the third is not sent and says so.
      const large = path.join(wb.folder, 'orders-large.csv');
      const lines = Array.from({ length: 2500 }, (_, i) => `B-${10001 + i},Customer ${i},pending,${i % 90}.5`);
      fs.writeFileSync(large, ['orderId,customer,status,total', ...lines].join('\n') + '\n');
      const sizeBefore = record.rows.length;
      await wb.contextMenu(orders, 'Import into Table…');
      await wb.chooseFile(large);
      const second = await wb.webview('Import into ordersTable');
      await second.locator('#title', { hasText: 'orders-large.csv' }).waitFor({ timeout: 20_000 });
      await second.locator('#mode-insert').check();
      assert.equal(await second.locator('#start').innerText(), 'Insert 2,500 rows');
      wb.emulator!.setFaults({ latency: 1500 });
      await second.locator('#start').click();
      await second.locator('#progress-text', { hasText: '1,000 of 2,500 rows sent' }).waitFor({ timeout: 20_000 });
      await wb.screenshot('tables-9-import-progress');
      await second.locator('#cancel').click();
      await second.locator('#summary-text', { hasText: 'Cancelled' }).waitFor({ timeout: 20_000 });
      wb.emulator!.setFaults({});
      assert.equal(await second.locator('#summary-text').innerText(), 'Cancelled: 2,000 inserted, 0 updated, 500 failed.');
      assert.match((await second.locator('#failed li').first().innerText()).trim(), /^row 2001: not sent: the import was cancelled$/);
      assert.equal(record.rows.length, sizeBefore + 2000, 'the batches sent are in, nothing after them');
    });
  },
);
