// The Local Cloud from the palette, on the demo workspace as `npm start` lays it out, with no emulator of the test's
// own and no account signed in: Start Local Cloud, its account in the explorer and its status bar item; Deploy Bot
// on the demo's SDK bot (support-bot) to a new bot there; Chat from the result notification, where the deployed code
// answers; Reset Local Cloud (it starts again, empty); Stop Local Cloud, which ends the open chat. Screenshots:
// test-results/local-cloud-*.png.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { layOutDemo } from '../../scripts/demo';
import { withWorkbench } from './workbench';

test('Start Local Cloud, deploy the demo’s SDK bot to it and chat with it, stop', { timeout: 300_000 }, async (t) => {
  const laidOut = fs.mkdtempSync(path.join(os.tmpdir(), 'bp-local-cloud-demo-'));
  t.after(() => fs.rmSync(laidOut, { recursive: true, force: true }));
  const folder = layOutDemo(path.join(laidOut, 'demo-workspace'));
  await withWorkbench(t, { name: 'local-cloud', folder, emulator: false, signedIn: false }, async (wb) => {
    const { page } = wb;
    await wb.runCommand('Botpress: Start Local Cloud');
    const started = await wb.waitForNotification(/The Local Cloud runs at http:\/\/127\.0\.0\.1:\d+/, 60_000);
    const url = /(http:\/\/127\.0\.0\.1:\d+)/.exec(started)![1];
    const status = page.locator('.statusbar-item', { hasText: 'Local Cloud' }).first();
    await status.waitFor({ timeout: 10_000 });
    const explorer = await wb.openView('Botpress');
    await wb.treeRow('Local Cloud', explorer).waitFor({ timeout: 20_000 });
    await wb.treeRow('Local Workspace', explorer).waitFor({ timeout: 20_000 });
    await wb.screenshot('local-cloud-started');
    assert.equal((await fetch(`${url}/v1/admin/workspaces`)).status, 401, 'it answers, and only with its token');

    // Deploy the demo's SDK bot: the Local Cloud is the active account, so its one workspace is used without asking.
    await wb.openFile('support-bot/bot.definition.ts');
    await wb.runCommand('Botpress: Deploy Bot');
    const create = page.locator('.quick-input-list .monaco-list-row', { hasText: 'Create a new bot "support-bot"' }).first();
    await create.click({ timeout: 60_000 });
    const preview = page.locator('.monaco-dialog-box', { hasText: /to a new bot "support-bot"/ });
    await preview.waitFor({ timeout: 60_000 });
    await wb.screenshot('local-cloud-deploy-preview');
    await preview
      .locator('.monaco-button', { hasText: /^\s*Deploy\s*$/ })
      .first()
      .click();
    await wb.waitForNotification(/Created and deployed bot support-bot/, 60_000);
    assert.ok(!fs.existsSync(path.join(wb.folder, 'support-bot', '.botpress', 'project.cache.json')), 'no local id in the project');

    // Chat from the notification: the deployed code answers (the demo answer would start with "You said").
    const toast = page.locator('.notification-toast', { hasText: 'Created and deployed bot support-bot' });
    await toast.locator('.monaco-button', { hasText: 'Chat' }).first().click();
    const view = await wb.webview('Chat: support-bot');
    await view.locator('#composer').waitFor({ state: 'visible', timeout: 30_000 });
    await view.locator('#input').fill('add coffee');
    await view.locator('#input').press('Enter');
    await view.locator('#transcript .bubble.bot', { hasText: 'Added coffee. Your cart: coffee.' }).first().waitFor({ timeout: 30_000 });
    await view.locator('#input').fill('what is in my cart?');
    await view.locator('#input').press('Enter');
    await view.locator('#transcript .bubble.bot', { hasText: 'Your cart: coffee.' }).nth(1).waitFor({ timeout: 30_000 });
    await wb.screenshot('local-cloud-chat');

    // Reset: a modal whose focused answer is the safe one; then it starts again, empty.
    await wb.runCommand('Botpress: Reset Local Cloud');
    const reset = page.locator('.monaco-dialog-box', { hasText: 'Reset the Local Cloud?' });
    await reset.waitFor({ timeout: 10_000 });
    await wb.screenshot('local-cloud-reset');
    assert.equal((await page.locator('.monaco-dialog-box .monaco-button:focus').innerText()).trim(), 'Keep', 'Enter resets nothing');
    await reset
      .locator('.monaco-button', { hasText: /^\s*Reset\s*$/ })
      .first()
      .click();
    await wb.waitForNotification(/The Local Cloud runs at http:\/\/127\.0\.0\.1:\d+/, 60_000);
    await explorer.locator('.monaco-list-row', { hasText: 'No bots yet' }).first().waitFor({ timeout: 20_000 });
    assert.equal(await wb.treeRow('support-bot', explorer).count(), 0);

    await wb.runCommand('Botpress: Stop Local Cloud');
    // Kept in memory only: it asks first, the safe answer focused.
    const stopping = page.locator('.monaco-dialog-box', { hasText: 'Stop the Local Cloud?' });
    await stopping.waitFor({ timeout: 10_000 });
    assert.equal((await page.locator('.monaco-dialog-box .monaco-button:focus').innerText()).trim(), 'Keep Running');
    await stopping
      .locator('.monaco-button', { hasText: /^\s*Stop\s*$/ })
      .first()
      .click();
    await wb.waitForNotification('The Local Cloud stopped.', 30_000);
    await status.waitFor({ state: 'hidden', timeout: 10_000 });
    await assert.rejects(fetch(`${url}/v1/admin/workspaces`), 'the process is gone');
    // The chat says its Local Cloud is gone instead of reconnecting to nothing.
    await view.locator('#status', { hasText: 'The Local Cloud this chat talked to has stopped.' }).waitFor({ timeout: 10_000 });
    await wb.screenshot('local-cloud-stopped');
  });
});
