// A workspace's Plugins folder in a real workbench: the Hub's public plugins first, a plugin's groups, and a
// plugin opened as a document.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { withWorkbench } from './workbench';

test("Plugins and Interfaces beside Integrations, with the Hub's", { timeout: 240_000 }, async (t) => {
  await withWorkbench(t, { name: 'plugins' }, async (wb) => {
    await wb.openView('Botpress');
    const tree = wb.botpressTree();
    await wb.expand('Acme Support', tree);
    const bots = wb.treeRow('Bots', tree);
    await bots.waitFor({ timeout: 30_000 });
    if ((await bots.getAttribute('aria-expanded')) === 'true') await bots.locator('.monaco-tl-twistie').click();
    const plugins = tree.locator('.monaco-list-row[aria-level="3"]', { hasText: /^\s*Plugins\s*$/ });
    await plugins.waitFor({ timeout: 20_000 });
    assert.ok(await tree.locator('.monaco-list-row[aria-level="3"]', { hasText: 'Interfaces' }).isVisible());
    await plugins.click();
    const hub = tree.locator('.monaco-list-row[aria-level="4"]', { hasText: 'Hub' });
    await hub.waitFor({ timeout: 20_000 });
    await tree.locator('.monaco-list-row[aria-level="4"]', { hasText: 'No plugins' }).waitFor({ timeout: 20_000 });
    await hub.click();
    const hitl = tree.locator('.monaco-list-row[aria-level="5"]', { hasText: 'hitl@0.4.0' });
    await hitl.waitFor({ timeout: 20_000 });
    assert.match(await hitl.innerText(), /Human in the loop/);
    await hitl.click();
    await tree.locator('.monaco-list-row[aria-level="6"]', { hasText: 'Dependencies' }).waitFor({ timeout: 20_000 });
    await wb.screenshot('plugins-1-hub');
    await wb.contextMenu(hitl, 'Open as YAML');
    await wb.page
      .locator('.tab', { hasText: /0\.4\.0|hitl/ })
      .first()
      .waitFor({ timeout: 20_000 });
    await wb.page.locator('.view-lines', { hasText: 'lifecycleStatus' }).first().waitFor({ timeout: 20_000 });
    await wb.screenshot('plugins-2-document');
  });
});
