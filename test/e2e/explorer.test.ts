// The Botpress explorer in a real workbench, driven like a person: sign in from the palette with a token,
// expand a workspace, page through 53 bots with "Load more…", context-menu actions (Open as YAML, Copy
// Id, Delete with its confirmation), and an error row when the service goes away that recovers on click.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Locator } from 'playwright-core';
import { startEmulator } from '../../src/emulator';
import type { Store } from '../../src/emulator/store';
import { waitUntil, withWorkbench, type Workbench } from './workbench';

/** The Botpress pane's tree (the container also holds the Botmock pane). */
/** Position and size of a row among its siblings, as the tree announces them to screen readers. */
async function position(row: Locator): Promise<{ index: number; of: number }> {
  return { index: Number(await row.getAttribute('aria-posinset')), of: Number(await row.getAttribute('aria-setsize')) };
}

/**
 * Moves the tree's selection to its last row until `row` is rendered (the tree is virtualized, and a page
 * being loaded adds rows after a moment).
 */
async function revealAtEnd(wb: Workbench, tree: Locator, row: Locator, timeout = 20_000): Promise<Locator> {
  const deadline = Date.now() + timeout;
  for (;;) {
    await tree.focus();
    await wb.page.keyboard.press('End');
    if (await row.isVisible()) return row;
    if (Date.now() > deadline) throw new Error(`row not shown at the end of the tree within ${timeout} ms`);
    await wb.page.waitForTimeout(200);
  }
}

test('sign in from the palette, page through bots, and act on a bot from its context menu', { timeout: 240_000 }, async (t) => {
  await withWorkbench(t, { name: 'explorer-sign-in', signedIn: false }, async (wb) => {
    const sidebar = await wb.openView('Botpress');
    await sidebar.getByRole('button', { name: 'Sign In to Botpress' }).waitFor({ timeout: 20_000 });
    await wb.screenshot('explorer-1-signed-out');

    await wb.runCommand('Botpress: Sign In');
    await wb.page.locator('.quick-input-widget .quick-input-box input[type="password"]').waitFor();
    await wb.answerInput(wb.emulator!.token);
    // The token checks out: the workspaces to choose from replace the token box.
    await wb.page
      .locator('.quick-input-widget', { hasText: 'choose a workspace' })
      .locator('.monaco-list-row', { hasText: 'Personal Sandbox' })
      .waitFor();
    await wb.answerInput('Acme Support');
    await wb.waitForNotification(/Signed in to Botpress as Demo Developer/);
    const statusBar = wb.page.locator('.statusbar-item', { hasText: 'Acme Support' });
    await statusBar.first().waitFor({ timeout: 10_000 });

    const tree = wb.botpressTree();
    // The chosen workspace and its Bots folder open by themselves; the first page is 20 bots + Load more.
    await wb.treeRow('Bots', tree).waitFor({ timeout: 20_000 });
    await wb.treeRow('hr-assistant', tree).waitFor({ timeout: 20_000 });
    const loadMoreAt = (size: number) => tree.locator(`.monaco-list-row[aria-setsize="${size}"]`, { hasText: 'Load more…' });
    const loadMore = await revealAtEnd(wb, tree, loadMoreAt(21));
    assert.deepEqual(await position(loadMore), { index: 21, of: 21 });
    await wb.screenshot('explorer-2-first-page');

    // Find Bot for a bot of the third page while the tree shows the first: the pages up to it load, its row is selected.
    await wb.runCommand('Botpress: Find Bot…');
    await wb.page.locator('.quick-input-widget .monaco-list-row', { hasText: 'hr-assistant' }).waitFor({ timeout: 20_000 });
    await wb.answerInput('support-bot');
    const found = tree.locator('.monaco-list-row[aria-selected="true"]', { hasText: 'support-bot' });
    await found.waitFor({ timeout: 30_000 });
    assert.ok(Number(await found.getAttribute('aria-posinset')) > 40, 'on the third page');
    assert.doesNotMatch(wb.extensionLog(), /Cannot resolve tree item/);
    await wb.screenshot('explorer-2b-find-bot-page-3');
    // Back to one page: the Bots folder's Refresh.
    const botsRow = wb.treeRow('Bots', tree);
    await tree.focus();
    await wb.page.keyboard.press('Home');
    await botsRow.hover();
    await botsRow.locator('.action-label[aria-label^="Refresh"]').click();
    await revealAtEnd(wb, tree, loadMoreAt(21));

    // 48 deployed bots, then 5 dev bots: the third page ends the deployed ones and runs on into the dev ones.
    await loadMore.click();
    await (await revealAtEnd(wb, tree, loadMoreAt(41))).click();
    const lastBot = await revealAtEnd(wb, tree, tree.locator('.monaco-list-row[aria-setsize="53"][aria-posinset="53"]'));
    const supportBot = wb.treeRow('support-bot', tree);
    await supportBot.waitFor({ timeout: 20_000 });
    assert.match(await lastBot.innerText(), /dev/, 'dev bots come last');
    assert.equal(await wb.treeRow('Load more…', tree).count(), 0, 'no more pages after the third');
    assert.match(await supportBot.innerText(), /dev · (deployed|never deployed)/);
    await wb.screenshot('explorer-3-all-bots');

    // Open as YAML: a read-only document of the live bot.
    await wb.contextMenu(supportBot, 'Open as YAML');
    const editor = wb.page.locator('.editor-instance .view-lines');
    await wb.page.locator('.tabs-container .tab.active', { hasText: /\.yaml/ }).waitFor({ timeout: 20_000 });
    await editor.filter({ hasText: 'name: support-bot' }).waitFor({ timeout: 20_000 });
    await wb.screenshot('explorer-4-bot-as-yaml');

    // Copy Id puts the bot's id on the clipboard.
    await wb.page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: wb.url });
    await wb.contextMenu(supportBot, 'Copy Id');
    const clipboard = () => wb.page.evaluate<string>('navigator.clipboard.readText()');
    const deadline = Date.now() + 10_000;
    while (!(await clipboard()) && Date.now() < deadline) await wb.page.waitForTimeout(100);
    const copiedId = await clipboard();
    assert.match(copiedId, /^\S{28,36}$/, `a bot id was copied: "${copiedId}"`);
    assert.equal((wb.emulator!.store as Store).bots.get(copiedId)?.bot.name, 'support-bot', 'the id of support-bot');

    // Delete asks in a modal naming the bot, then the bot is gone from the list.
    const victim = wb.treeRow('billing-assistant', tree);
    await tree.focus();
    await wb.page.keyboard.press('Home');
    await victim.waitFor({ timeout: 20_000 });
    await wb.contextMenu(victim, 'Delete Bot…');
    const dialog = wb.page.locator('.monaco-dialog-box');
    await dialog.waitFor({ timeout: 10_000 });
    assert.match(await dialog.innerText(), /Delete bot "billing-assistant"\?/);
    // Enter keeps the bot: the focused (blue) button is the safe one.
    const focused = await dialog.locator('.monaco-button:focus').innerText();
    assert.equal(focused.trim(), 'Keep Bot', 'Enter never deletes');
    await wb.screenshot('explorer-5-delete-confirmation');
    await dialog.getByRole('button', { name: 'Delete' }).click();
    // The request finishes, then the list is refreshed without the bot.
    const store = wb.emulator!.store as Store;
    await waitUntil(
      async () => ([...store.bots.values()].some((r) => r.bot.name === 'billing-assistant') ? undefined : true),
      20_000,
      'the bot deleted on the server',
    );
    await victim.waitFor({ state: 'detached', timeout: 20_000 });

    // Pull Bot Definition from the palette never replaces the folder's bot.definition.yaml without asking,
    // nor writes a second definition beside a bot.definition.yml.
    const definition = path.join(wb.folder, 'bot.definition.yaml');
    const yml = path.join(wb.folder, 'bot.definition.yml');
    const before = '# mine: keep\nname: support-bot\n';
    const pullAndCancel = async (asked: RegExp, shot: string) => {
      await wb.runCommand('Botpress: Pull Bot Definition');
      await wb.page.locator('.quick-input-widget .monaco-list-row', { hasText: 'hr-assistant' }).waitFor({ timeout: 20_000 });
      await wb.answerInput('support-bot');
      const dialog = wb.page.locator('.monaco-dialog-box');
      await dialog.waitFor({ timeout: 20_000 });
      assert.match(await dialog.innerText(), asked);
      await wb.screenshot(shot);
      await dialog.getByRole('button', { name: 'Cancel' }).click();
      await dialog.waitFor({ state: 'detached' });
    };
    fs.writeFileSync(definition, before);
    await pullAndCancel(/bot\.definition\.yaml already exists/, 'explorer-6-pull-asks-before-replacing');
    assert.equal(fs.readFileSync(definition, 'utf8'), before, 'the file is untouched');
    fs.renameSync(definition, yml);
    await pullAndCancel(/bot\.definition\.yml already exists/, 'explorer-7-pull-asks-before-a-second-definition');
    assert.ok(!fs.existsSync(definition), 'no bot.definition.yaml beside it');
    assert.equal(fs.readFileSync(yml, 'utf8'), before);
    fs.renameSync(yml, definition);
  });
});

test('an error row when the service is gone, and recovery on click', { timeout: 240_000 }, async (t) => {
  await withWorkbench(t, { name: 'explorer-error' }, async (wb) => {
    const emulator = wb.emulator!;
    const port = Number(new URL(emulator.url).port);
    await wb.openView('Botpress');
    const tree = wb.botpressTree();
    await wb.treeRow('Acme Support', tree).waitFor({ timeout: 20_000 });

    await emulator.close();
    await wb.runCommand('Botpress: Refresh');
    const error = tree.locator('.monaco-list-row', { hasText: /Could not load workspaces: Could not reach 127\.0\.0\.1/ }).first();
    await error.waitFor({ timeout: 60_000 });
    await wb.screenshot('explorer-7-error-row');

    const revived = await startEmulator({ port, token: emulator.token, seed: 'demo' });
    try {
      await error.click();
      await wb.treeRow('Acme Support', tree).waitFor({ timeout: 30_000 });
      assert.equal(await error.count(), 0);
      await wb.screenshot('explorer-8-recovered');
    } finally {
      await revived.close();
    }
  });
});
