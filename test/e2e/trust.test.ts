// Restricted Mode in the real workbench: the folder is not trusted. The extension still runs (explorer,
// documents), and Deploy Bot, which would run the project's own esbuild, says it is off and offers
// "Manage Workspace Trust". A workspace setting pointing the service elsewhere is ignored. Screenshots:
// test-results/restricted-*.png.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import { demoWorkspace, withWorkbench } from './workbench';

test('Restricted Mode: the explorer works, deploying code is off with a Manage Workspace Trust action', { timeout: 240_000 }, async (t) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bp-restricted-e2e-'));
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  const folder = path.join(dir, 'demo-workspace');
  fs.cpSync(demoWorkspace, folder, { recursive: true });
  // What a hostile repository would ship: the deploy confirmations off, the service somewhere else.
  fs.mkdirSync(path.join(folder, '.vscode'));
  fs.writeFileSync(
    path.join(folder, '.vscode', 'settings.json'),
    JSON.stringify({ 'botmock.apiUrl': 'http://127.0.0.1:9/api', 'botpress.deploy.confirmPreview': false }),
  );

  await withWorkbench(t, { name: 'restricted', folder, restricted: true }, async (wb) => {
    const emu = wb.emulator!;
    // The startup question answered as a careful user would; without one, trust withdrawn through
    // Manage Workspace Trust › Don't Trust.
    const restricted = wb.page.locator('.statusbar-item', { hasText: 'Restricted Mode' });
    const prompt = wb.page.locator('.monaco-dialog-box', { hasText: /trust the authors/i });
    await prompt
      .or(restricted)
      .first()
      .waitFor({ timeout: 15_000 })
      .catch(() => undefined);
    if (await prompt.isVisible()) {
      await wb.screenshot('restricted-0-prompt');
      await prompt.locator('.monaco-button', { hasText: /No, I don.t trust the authors/ }).click();
    } else if (!(await restricted.isVisible())) {
      await wb.runCommand('Workspaces: Manage Workspace Trust');
      await wb.page.locator('.workspace-trust-editor').waitFor({ timeout: 20_000 });
      await wb.page
        .locator('.workspace-trust-editor .monaco-button', { hasText: /^Don.t Trust$/ })
        .first()
        .click();
    }
    await restricted.waitFor({ timeout: 60_000 });
    // The explorer answers: accounts and workspaces come from the emulator.
    const sidebar = await wb.openView('Botpress');
    await wb.treeRow('Acme Support', sidebar).waitFor({ timeout: 30_000 });
    // Botmock still goes to the user's botmock.apiUrl (the emulator), not the workspace's.
    await wb.treeRow('First Team', sidebar).waitFor({ timeout: 30_000 });

    const explorer = await wb.openView('Explorer');
    await wb.expand('faq-bot', explorer);
    await wb.treeRow('bot.definition.yaml', explorer).click();
    const before = JSON.stringify([...emu.store.bots.values()].map((r) => r.bot));
    await wb.runCommand('Botpress: Deploy Bot');
    const message = await wb.waitForNotification(/is off in Restricted Mode/, 30_000);
    assert.match(
      message,
      /Deploying code \(bundled with the project's own esbuild\) is off in Restricted Mode, because it runs code from this workspace/,
    );
    const toast = wb.page.locator('.notification-toast', { hasText: 'is off in Restricted Mode' });
    const manage = toast.locator('.monaco-button', { hasText: 'Manage Workspace Trust' });
    await manage.waitFor({ timeout: 10_000 });
    await wb.screenshot('restricted-deploy');
    assert.equal(JSON.stringify([...emu.store.bots.values()].map((r) => r.bot)), before, 'nothing was deployed');

    await manage.click();
    await wb.page.locator('.workspace-trust-editor').waitFor({ timeout: 15_000 });
    await wb.screenshot('restricted-manage-trust');
  });
});
