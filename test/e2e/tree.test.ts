// The Botpress explorer's rows in a real workbench: the account's name, Find Bot over every page, the
// context menu's groups, conversation rows, the title of a resource's document and the workspace filter.
// Screenshots: test-results/tree-*.png.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Locator } from 'playwright-core';
import { waitUntil, withWorkbench, type Workbench } from './workbench';

/**
 * Botpress: Find Bot… for support-bot (on the third page of Acme Support); its row, selected. The
 * workspace is asked for only while none is active.
 */
async function findSupportBot(wb: Workbench, tree: Locator, asksWorkspace: boolean): Promise<Locator> {
  await wb.runCommand('Botpress: Find Bot…');
  if (asksWorkspace) {
    await wb.page.locator('.quick-input-widget .monaco-list-row', { hasText: 'Personal Sandbox' }).waitFor({ timeout: 20_000 });
    await wb.answerInput('Acme Support');
  }
  await wb.page.locator('.quick-input-widget .monaco-list-row', { hasText: 'hr-assistant' }).waitFor({ timeout: 20_000 });
  await wb.answerInput('support-bot');
  const bot = wb.treeRow('support-bot', tree);
  await bot.waitFor({ timeout: 30_000 });
  await wb.page.waitForFunction((el) => el?.getAttribute('aria-selected') === 'true', await bot.elementHandle(), { timeout: 10_000 });
  return bot;
}

/** The quick input while it asks `question` (in its prompt or, for a pick, its placeholder). */
function asking(wb: Workbench, question: string): Locator {
  const widget = wb.page.locator('.quick-input-widget');
  return widget
    .filter({ hasText: question })
    .or(widget.filter({ has: wb.page.locator(`input[placeholder*="${question}"]`) }))
    .first();
}

test('explorer rows: account name, Find Bot, menu groups, conversations, document titles, filter', { timeout: 300_000 }, async (t) => {
  // Sticky scroll would lay its header copies over the rows the test clicks once a bot is expanded.
  await withWorkbench(t, { name: 'tree', settings: { 'workbench.tree.enableStickyScroll': false } }, async (wb) => {
    await wb.openView('Botpress');
    const tree = wb.botpressTree();
    // The environment account shows the name Botpress gives it.
    await wb.treeRow('Demo Developer', tree).waitFor({ timeout: 30_000 });
    await wb.page.locator('.statusbar-item', { hasText: 'Demo Developer' }).first().waitFor({ timeout: 10_000 });

    // Find Bot: a bot of the third page, selected in the tree.
    const bot = await findSupportBot(wb, tree, true);
    await wb.screenshot('tree-1-find-bot');

    // The context menu in groups: open, run, definition, copy, delete.
    await bot.click({ button: 'right' });
    const menu = wb.page.locator('.context-view .monaco-menu');
    await menu.waitFor({ timeout: 10_000 });
    const entries = (
      await menu
        .locator('.action-item')
        .evaluateAll((items) =>
          items.map((i) => (i.classList.contains('disabled') && !i.textContent?.trim() ? '|' : i.textContent?.trim() || '|')),
        )
    )
      .join(',')
      .replace(/,?\|,?/g, '|');
    await wb.screenshot('tree-2-context-menu');
    assert.equal(
      entries,
      'Open as YAML,Open as JSON|Chat with Bot,Open Logs,Show Bot Analytics|' +
        'Deploy Bot,Pull Bot Definition,Install Integration…,Pull Bot JSON…|' +
        'Copy Id,Open in Dashboard|Search Knowledge Bases…,Sync Folder to Knowledge Base…|Delete Bot…',
    );
    await wb.page.keyboard.press('Escape');

    // Conversation rows: who talks, what was said last, when.
    await wb.expand('support-bot', tree);
    await wb.expand('Conversations', tree);
    const users = /^\s*(Ada Lovelace|Grace Hopper|Alan Turing|Katherine Johnson|Linus Torvalds)\s*$/;
    await tree
      .locator('.monaco-list-row', { has: wb.page.locator('.label-name', { hasText: users }) })
      .first()
      .waitFor({ timeout: 30_000 });
    await wb.screenshot('tree-3-conversations');

    // Open as YAML: the tab says the bot's name; the breadcrumb its workspace and folder.
    await wb.contextMenu(await wb.scrollToRow('support-bot', tree), 'Open as YAML');
    const tab = wb.page.locator('.tabs-container .tab', { hasText: 'support-bot.yaml' });
    await tab.waitFor({ timeout: 20_000 });
    await wb.page
      .locator('.monaco-breadcrumbs', { hasText: 'Acme Support' })
      .filter({ hasText: 'support-bot.yaml' })
      .first()
      .waitFor({ timeout: 10_000 });
    await tab.hover();
    await wb.page.waitForTimeout(1500);
    await wb.screenshot('tree-4-yaml-tab');

    // The workspace filter: only what matches, from every page.
    await wb.contextMenu(await wb.scrollToRow('Acme Support', tree), 'Filter Bots and Integrations…');
    await wb.answerInput('desk');
    await tree
      .locator('.monaco-list-row', { hasText: /^\s*\d+ of 53 match “desk”/ })
      .first()
      .waitFor({ timeout: 30_000 });
    await wb.screenshot('tree-5-filter');
    await wb.contextMenu(wb.treeRow('Acme Support', tree), 'Filter Bots and Integrations…');
    await wb.answerInput('');
    await tree
      .locator('.monaco-list-row', { hasText: /match “desk”/ })
      .first()
      .waitFor({ state: 'detached', timeout: 20_000 });

    // Install Integration…: from the Hub, configured with a form made from its configuration schema.
    const store = wb.emulator!.store;
    const record = [...store.bots.values()].find((r) => r.bot.name === 'support-bot')!;
    await findSupportBot(wb, tree, false); // scrolled away while the filter was on
    await wb.contextMenu(bot, 'Install Integration…');
    await wb.page.locator('.quick-input-widget .monaco-list-row', { hasText: 'Slack' }).waitFor({ timeout: 20_000 });
    await wb.answerInput('Slack');
    await wb.page
      .locator('.quick-input-widget .quick-input-title', { hasText: 'Install Slack on support-bot' })
      .waitFor({ timeout: 20_000 });
    await wb.page.keyboard.press('Enter'); // the alias: "slack"
    await wb.page.locator('.quick-input-widget', { hasText: 'Bot token' }).waitFor({ timeout: 10_000 });
    assert.equal(
      await wb.page.locator('.quick-input-widget .quick-input-box input').getAttribute('type'),
      'password',
      'a token is typed hidden',
    );
    await wb.page.keyboard.press('Enter'); // empty: required
    await wb.page.locator('.quick-input-widget', { hasText: 'Bot token is required.' }).waitFor({ timeout: 10_000 });
    await wb.screenshot('tree-6-install-form');
    await wb.answerInput('xoxb-demo');
    await wb.page.locator('.quick-input-widget', { hasText: 'Signing secret' }).waitFor({ timeout: 10_000 });
    await wb.answerInput('s3cret');
    await asking(wb, 'Reply in thread').waitFor({ timeout: 10_000 });
    await wb.answerInput('No');
    await asking(wb, 'Enable the integration?').waitFor({ timeout: 10_000 });
    await wb.answerInput('Enable now');
    await wb.waitForNotification(/Installed Slack on support-bot/, 30_000);
    const slack = store.bots.get(record.bot.id)!.bot.integrations.slack;
    assert.ok(slack, 'installed under its alias');
    assert.deepEqual(slack.configuration, { botToken: 'xoxb-demo', signingSecret: 's3cret', replyInThread: false });
    assert.equal(slack.enabled, true);
    // The explorer shows it at once; Disable and Uninstall from its row.
    await wb.expand('support-bot', tree);
    await wb.expand('Integrations', tree);
    // A row near the list's top sits under the tree's sticky parent rows: bring it lower before clicking.
    const reachable = async (label: string) => {
      const row = await wb.scrollToRow(label, tree);
      const [list, box] = [await tree.boundingBox(), await row.boundingBox()];
      if (list && box && box.y < list.y + 5 * box.height) {
        await wb.page.mouse.wheel(0, -5 * box.height);
        await wb.page.waitForTimeout(200);
      }
      return row;
    };
    await wb.treeRow('slack', tree).waitFor({ timeout: 20_000 });
    await wb.screenshot('tree-7-installed');
    await wb.contextMenu(await reachable('slack'), 'Disable Integration');
    await waitUntil(
      async () => (store.bots.get(record.bot.id)!.bot.integrations.slack?.enabled === false ? true : undefined),
      20_000,
      'slack disabled',
    );
    await wb.contextMenu(await reachable('slack'), 'Uninstall Integration…');
    await wb.page.locator('.monaco-dialog-box').getByRole('button', { name: 'Uninstall' }).click();
    await waitUntil(async () => (store.bots.get(record.bot.id)!.bot.integrations.slack ? undefined : true), 20_000, 'slack uninstalled');
    await wb.treeRow('slack', tree).waitFor({ state: 'detached', timeout: 20_000 });

    // The workspace's own integrations are installable too, listed first; what the bot has says so.
    await wb.contextMenu(await wb.scrollToRow('support-bot', tree), 'Install Integration…');
    const picker = wb.page.locator('.quick-input-widget');
    await picker.locator('.monaco-list-row', { hasText: 'Acme CRM' }).waitFor({ timeout: 20_000 });
    await picker.locator('.monaco-list-row', { hasText: /chat@0\.5\.1 · already installed/ }).waitFor({ timeout: 10_000 });
    await wb.screenshot('tree-8-install-picker');
    await wb.answerInput('Acme CRM');
    await asking(wb, 'Name of this installation').waitFor({ timeout: 20_000 });
    await wb.page.keyboard.press('Enter'); // the alias: "acme-crm"
    await asking(wb, 'Enable the integration?').waitFor({ timeout: 10_000 });
    await wb.answerInput('Enable now');
    await wb.waitForNotification(/Installed Acme CRM on support-bot/, 30_000);
    const crm = store.bots.get(record.bot.id)!.bot.integrations['acme-crm'];
    assert.ok(crm, 'the private integration installed under its name');
    await wb.treeRow('acme-crm', tree).waitFor({ timeout: 20_000 });
    await wb.screenshot('tree-9-private-integration-installed');
  });
});
