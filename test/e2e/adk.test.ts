// An ADK agent in a real workbench, as a person sees it: the Agent view outlines it (evaluated with its own
// @botpress/runtime 1.14.0, test/fixtures/adk), a table name the runtime refuses is a problem at its line,
// and hovering a state key shows the JSON Schema the runtime made of it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { root, waitForProblems, withWorkbench } from './workbench';

const fixtures = path.join(root, 'test', 'fixtures', 'adk');

test('the Agent view outlines an agent, its problem is at its line, a state key hovers its schema', { timeout: 300_000 }, async (t) => {
  const source = fs.mkdtempSync(path.join(os.tmpdir(), 'adk-e2e-'));
  const folder = path.join(source, 'order-desk');
  fs.cpSync(path.join(fixtures, 'valid'), folder, { recursive: true });
  fs.symlinkSync(path.join(fixtures, 'node_modules'), path.join(folder, 'node_modules'), 'dir');
  fs.writeFileSync(
    path.join(folder, 'src', 'tables', 'returns.ts'),
    "import { Table, z } from '@botpress/runtime';\n\n// A name the runtime refuses: it must end with Table.\n" +
      "export default new Table({\n  name: 'returns',\n  columns: { orderId: z.string() },\n});\n",
  );
  try {
    await withWorkbench(t, { name: 'adk-agent', folder, emulator: false, signedIn: false }, async (wb) => {
      const sidebar = await wb.openView('Botpress');
      const pane = sidebar.locator('.pane', { has: wb.page.locator('.pane-header', { hasText: /^\s*Agent/ }) });
      await pane.waitFor({ timeout: 60_000 });
      // The signed-out explorers above take room: fold them and unfold the Agent view (folded at first), as a user would.
      for (const [name, expanded] of [
        ['Botpress', 'true'],
        ['Botmock', 'true'],
        ['Agent', 'false'],
      ]) {
        const header = sidebar.locator('.pane-header', { hasText: new RegExp(`^\\s*${name}`) }).first();
        if ((await header.getAttribute('aria-expanded')) === expanded) await header.click();
      }
      // The outline arrives once the runtime has evaluated the agent (seconds, cold).
      await wb.treeRow('Config', pane).waitFor({ timeout: 120_000 });
      await wb.treeRow('Config', pane).locator('.monaco-tl-twistie').click();
      const list = pane.locator('.monaco-list').first();
      for (const label of [
        'order-desk',
        'Conversations',
        'Workflows',
        'syncOrders',
        'Tables',
        'OrdersTable',
        'Knowledge',
        'policies',
        'Triggers',
      ])
        await (await wb.scrollToRow(label, list)).waitFor({ timeout: 10_000 });
      const workflow = await wb.treeRow('syncOrders', pane).locator('.label-description').textContent();
      assert.match(workflow ?? '', /schedule 0 \* \* \* \* · timeout 30 min/);
      await wb.screenshot('adk-agent-view');

      const rows = await waitForProblems(wb, (r) => r.some((x) => x.includes("Invalid table name 'returns'")), 'the table name problem');
      t.diagnostic(rows.join(' | '));
      assert.ok(
        rows.some((x) => x.includes("Invalid table name 'returns'") && /line 5 and character 9/.test(x)),
        rows.join(' | '),
      );
      await wb.openFile('src/tables/returns.ts');
      await wb.page.locator('.monaco-editor .squiggly-error').first().waitFor({ timeout: 20_000 });
      await wb.screenshot('adk-agent-problem');

      // The agent's row opens its agent.config.ts.
      await wb.treeRow('order-desk', pane).click();
      await wb.page.locator('.tabs-container .tab.active', { hasText: 'agent.config.ts' }).waitFor({ timeout: 10_000 });
      const stateLine = wb.page.locator('.view-lines .view-line', { hasText: 'state: z.object({ ordersSeen' }).first();
      await stateLine.waitFor({ timeout: 10_000 });
      const word = stateLine.locator('span', { hasText: /^state$/ }).first();
      await word.hover();
      const hover = wb.page.locator('.monaco-hover', { hasText: 'ordersSeen' });
      await hover.waitFor({ timeout: 20_000 });
      assert.match((await hover.textContent()) ?? '', /bot\.state.*JSON Schema/s);
      await wb.screenshot('adk-agent-hover');
    });
  } finally {
    fs.rmSync(source, { recursive: true, force: true });
  }
});
