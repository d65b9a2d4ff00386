// Smoke tests of the packaged extension in a real workbench: the Botpress view container, activation
// without error notifications, and the palette.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { root, withWorkbench } from './workbench';

interface Manifest {
  contributes?: {
    commands?: Array<{ command: string; title: string; category?: string }>;
    menus?: { commandPalette?: Array<{ command: string; when?: string }> };
  };
}

const manifest = (): Manifest => JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));

test('the packaged extension activates in a real workbench, with its view and no error', { timeout: 180_000 }, async (t) => {
  await withWorkbench(t, { name: 'activation' }, async (wb) => {
    const sidebar = await wb.openView('Botpress');
    // The demo folder holds definition files: the extension activates, and its views render.
    await sidebar.locator('.pane-header').first().waitFor();
    await wb.runCommand('Developer: Show Running Extensions');
    const running = wb.page.locator('.runtime-extensions-editor .monaco-list-row', { hasText: 'Botpress Toolkit' });
    // The list is sorted by activation time and virtualized: a quick activation is far down; scroll to it.
    const list = wb.page.locator('.runtime-extensions-editor .monaco-list');
    await list.waitFor({ timeout: 20_000 });
    const box = (await list.boundingBox())!;
    await wb.page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    for (let turn = 0; turn < 60 && (await running.count()) === 0; turn++) {
      await wb.page.mouse.wheel(0, 140);
      await wb.page.waitForTimeout(80);
    }
    await running.waitFor({ timeout: 20_000 });
    await running.locator('.activation-time').waitFor({ timeout: 20_000 });
    const activation = (await running.locator('.activation-time').innerText()).trim();
    t.diagnostic(`VS Code reports: ${activation}`);
    assert.match(activation, /\d+\s*ms/);
    await wb.page.keyboard.press('Escape');
    await running.waitFor({ state: 'hidden' });
    await wb.openFile('faq-bot/bot.definition.yaml');
    await wb.screenshot('activation-definition-and-explorer');
    const errors = await wb.page.locator('.notification-toast .codicon-error').count();
    assert.equal(errors, 0, `error notifications: ${(await wb.notifications()).join(' | ')}`);
  });
});

test('the palette lists every command the extension offers there, and runs one', { timeout: 180_000 }, async (t) => {
  const { commands = [], menus = {} } = manifest().contributes ?? {};
  const conditional = new Set((menus.commandPalette ?? []).filter((m) => m.when).map((m) => m.command));
  const titles = commands.filter((c) => !conditional.has(c.command)).map((c) => (c.category ? `${c.category}: ${c.title}` : c.title));
  await withWorkbench(t, { name: 'palette' }, async (wb) => {
    // One query per title: the palette's list is virtualized, so a long result is not all on screen.
    const missing: string[] = [];
    for (const title of titles) if (!(await wb.paletteCommands(title)).includes(title)) missing.push(title);
    assert.deepEqual(missing, [], `not in the palette: ${missing.join(', ')}`);

    // Signing in asks for a token in a password box.
    await wb.runCommand('Botpress: Sign In');
    const input = wb.page.locator('.quick-input-widget .quick-input-box input[type="password"]');
    await input.waitFor({ timeout: 10_000 });
    await wb.screenshot('palette-sign-in');
    await wb.page.keyboard.press('Escape');
  });
});
