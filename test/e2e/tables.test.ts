// A bot's tables in a real workbench, driven like a person: Find Bot, expand Tables (row and column counts),
// open ordersTable in the grid, sort by a column, type a filter with an unknown column (a problem, nothing sent),
// filter with the builder, search, edit a cell with a value its column refuses (marked at the cell, nothing
// sent, the text kept), fix it and save (the row changes in the emulator), and group by status.
// Screenshots: test-results/tables-*.png.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { FrameLocator } from 'playwright-core';
import { waitUntil, withWorkbench } from './workbench';

const status = (view: FrameLocator) => view.locator('#status-text').innerText();

test(
  'tables: explorer counts, the grid, sort, a refused filter, builder, search, a refused edit then a saved one, group by',
  { timeout: 300_000 },
  async (t) => {
    await withWorkbench(t, { name: 'tables', settings: { 'workbench.tree.enableStickyScroll': false } }, async (wb) => {
      await wb.openView('Botpress');
      const tree = wb.botpressTree();
      await wb.treeRow('Demo Developer', tree).waitFor({ timeout: 30_000 });
      await wb.runCommand('Botpress: Find Bot…');
      await wb.page.locator('.quick-input-widget .monaco-list-row', { hasText: 'Personal Sandbox' }).waitFor({ timeout: 20_000 });
      await wb.answerInput('Acme Support');
      await wb.page.locator('.quick-input-widget .monaco-list-row', { hasText: 'hr-assistant' }).waitFor({ timeout: 20_000 });
      await wb.answerInput('support-bot');
      await wb.treeRow('support-bot', tree).waitFor({ timeout: 30_000 });
      await wb.expand('support-bot', tree);
      await wb.expand('Tables', tree);
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

      // The builder writes the filter: status $eq shipped.
      await filter.fill('');
      await view.locator('#b-column').selectOption('status');
      await view.locator('#b-op').selectOption('$eq');
      await view.locator('#b-value').fill('shipped');
      await view.locator('#b-add').click();
      assert.deepEqual(JSON.parse(await filter.inputValue()), { status: { $eq: 'shipped' } });
      const shipped = wb
        .emulator!.store.tables.byBot.values()
        .next()
        .value!.find((r) => r.table.name === 'ordersTable')!
        .rows.filter((r) => r.status === 'shipped').length;
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
      const store = wb
        .emulator!.store.tables.byBot.values()
        .next()
        .value!.find((r) => r.table.name === 'ordersTable')!;
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
