// Deploy in the real workbench, driven like a person, on the demo workspace exactly as `npm start` lays it
// out (its packages installed, nothing linked): Deploy Bot from the palette on faq-bot's YAML definition,
// the workspace and "Create a new bot" picks, the preview dialog, the result notification; then Chat from
// that notification, where the answer comes from the deployed code, and its logs, where the code's own
// line shows. What arrived is read back through the official @botpress/client (and from the emulator's
// records for the code, which the API does not return). Screenshots: test-results/deploy-*.png.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as os from 'node:os';
import { Client } from '@botpress/client';
import { layOutDemo } from '../../scripts/demo';
import { demoWorkspace, withWorkbench, type Workbench } from './workbench';

/** Opens a file by clicking it in the Explorer (Quick Open ranks recently opened files first). */
async function openFromExplorer(wb: Workbench, folder: string, file: string): Promise<void> {
  const explorer = await wb.openView('Explorer');
  await wb.expand(folder, explorer);
  await wb.treeRow(file, explorer).click();
  await wb.page
    .locator('.monaco-breadcrumbs', { hasText: `${folder}` })
    .filter({ hasText: file })
    .first()
    .waitFor({ timeout: 10_000 });
}

/** Waits until the notification toast holding `text` has slid fully into view and the progress toasts are gone. */
async function settled(wb: Workbench, text: string): Promise<void> {
  await wb.page.waitForFunction(
    (wanted) => {
      const toasts = [...document.querySelectorAll('.notification-toast')];
      const toast = toasts.find((t) => t.textContent?.includes(wanted));
      const busy = toasts.some((t) => /Preparing|Deploying/.test(t.textContent ?? ''));
      const rect = toast?.getBoundingClientRect();
      return !!rect && !busy && rect.bottom <= window.innerHeight - 22 && getComputedStyle(toast!).opacity === '1';
    },
    text,
    { timeout: 15_000 },
  );
}

test(
  'deploy the demo’s YAML bot to a new bot, chat with it (its code answers) and read its own log line',
  { timeout: 300_000 },
  async (t) => {
    // The demo exactly as `npm start` lays it out: its packages installed, nothing linked.
    const laidOut = fs.mkdtempSync(path.join(os.tmpdir(), 'bp-deploy-demo-'));
    t.after(() => fs.rmSync(laidOut, { recursive: true, force: true }));
    const folder = layOutDemo(path.join(laidOut, 'demo-workspace'));
    await withWorkbench(t, { name: 'deploy', folder }, async (wb) => {
      const emu = wb.emulator!;
      const official = new Client({ apiUrl: emu.url, token: emu.token });
      const workspaceId = (await official.listWorkspaces({})).workspaces.find((w) => w.name === 'Acme Support')!.id;
      const admin = new Client({ apiUrl: emu.url, token: emu.token, workspaceId });
      const definition = path.join(wb.folder, 'faq-bot', 'bot.definition.yaml');
      const original = fs.readFileSync(definition, 'utf8');

      // --- to a production bot: the dialog says so; declining sends nothing and writes nothing.
      const production = [...emu.store.bots.values()].find((r) => r.workspaceId === workspaceId && !r.bot.dev)!;
      const untouched = JSON.stringify(production.bot);
      await openFromExplorer(wb, 'faq-bot', 'bot.definition.yaml');
      await wb.runCommand('Botpress: Deploy Bot');
      // The first command asks for the workspace; it stays the active one, and later commands do not ask.
      await wb.pick('Acme Support');
      await wb.pick(production.bot.name);
      const warning = await wb.dialog(new RegExp(`to bot "${production.bot.name}"\\?`));
      assert.match(warning, /This is a production bot: your users talk to it now\./, warning);
      await wb.clickDialogButton('Cancel');
      // The status bar: the account's name and the workspace just picked, now the active one.
      await wb.page.locator('.statusbar-item', { hasText: 'Demo Developer · Acme Support' }).first().waitFor({ timeout: 10_000 });
      assert.equal(JSON.stringify(emu.store.bots.get(production.bot.id)!.bot), untouched);
      assert.equal(fs.readFileSync(definition, 'utf8'), original);

      // --- the file has no id yet, so Deploy asks where to send it: a new bot.
      const existing = new Set(emu.store.bots.keys());
      await wb.runCommand('Botpress: Deploy Bot');
      await wb.pick('Create a new bot "faq-bot"');
      const preview = await wb.dialog(/Deploy faq-bot\/bot\.definition\.yaml to a new bot "faq-bot"\?/);
      await wb.screenshot('deploy-bot-preview');
      assert.match(preview, /States: .*\+ asked/, preview);
      assert.match(preview, /Code: [\d.]+ (B|kB), bundled from src\/index\.ts/, preview);
      assert.doesNotMatch(preview, /Deletes/, preview);
      await wb.clickDialogButton('Deploy');

      const done = await wb.waitForNotification(/Created and deployed bot faq-bot/, 60_000);
      assert.match(done, /kB of code|B of code/);
      await settled(wb, 'Created and deployed bot faq-bot');
      await wb.screenshot('deploy-bot-success');

      // The new one is the bot that did not exist before (and the only faq-bot: the seed's is faq-archive-bot).
      const record = [...emu.store.bots.values()].find(
        (r) => r.bot.name === 'faq-bot' && r.workspaceId === workspaceId && !existing.has(r.bot.id),
      )!;
      assert.equal([...emu.store.bots.values()].filter((r) => r.bot.name === 'faq-bot').length, 1, 'one faq-bot row, not two');
      const { bot } = await admin.getBot({ id: record.bot.id });
      assert.deepEqual(Object.keys(bot.states), ['asked']);
      assert.deepEqual(
        Object.values(bot.integrations).map((i) => i.name),
        ['chat'],
        'the chat integration the definition lists',
      );
      assert.match(record.code ?? '', /Orders ship within 24 hours/);
      const written = fs.readFileSync(definition, 'utf8');
      assert.equal(original, fs.readFileSync(path.join(demoWorkspace, 'faq-bot', 'bot.definition.yaml'), 'utf8'));
      assert.equal(written, original.replace('\nname: faq-bot', `\nid: ${bot.id}\nname: faq-bot`), 'only the id line was added');

      // --- Chat, from the notification: the answer is what the deployed code computed.
      const toast = wb.page.locator('.notification-toast', { hasText: 'Created and deployed bot faq-bot' });
      await toast.locator('.monaco-button', { hasText: 'Chat' }).first().click();
      const view = await wb.webview('Chat: faq-bot');
      await view.locator('#composer').waitFor({ state: 'visible', timeout: 20_000 });
      await view.locator('#input').fill('how long does shipping take?');
      await view.locator('#input').press('Enter');
      await view
        .locator('#transcript .bubble.bot', { hasText: 'Orders ship within 24 hours and arrive in 2 to 5 business days. — Acme FAQ' })
        .first()
        .waitFor({ timeout: 30_000 });
      await view.locator('#input').fill('and shipping again?');
      await view.locator('#input').press('Enter');
      await view.locator('#transcript .bubble.bot', { hasText: 'As I said: Orders ship' }).first().waitFor({ timeout: 30_000 });
      await wb.screenshot('deploy-chat-answer');

      // --- its logs show the code's own lines.
      await view.locator('#logs').click();
      const logs = await wb.webview('Logs: faq-bot');
      await logs.locator('#viewport', { hasText: 'faq: "how long does shipping take?" -> shipping' }).waitFor({ timeout: 30_000 });
      await wb.screenshot('deploy-logs');
      const lines = emu.store.logLines(bot.id);
      assert.ok(
        lines.some((l) => l.message === 'faq: "and shipping again?" -> shipping' && l.level === 'info' && l.conversationId),
        JSON.stringify(lines),
      );

      // --- code that does not bundle: the error is a problem at its line, and nothing is sent or written.
      await openFromExplorer(wb, 'faq-bot', 'bot.definition.yaml');
      const entry = path.join(wb.folder, 'faq-bot', 'src', 'index.ts');
      const goodCode = fs.readFileSync(entry, 'utf8');
      fs.appendFileSync(entry, '\nexport const broken = (;\n');
      const brokenLine =
        fs
          .readFileSync(entry, 'utf8')
          .split('\n')
          .findIndex((l) => l.includes('broken')) + 1;
      const deployedCode = emu.store.bots.get(bot.id)!.code;
      await wb.runCommand('Botpress: Deploy Bot');
      await wb.waitForNotification(/Could not deploy faq-bot\/bot\.definition\.yaml: Bundling index\.ts failed/, 60_000);
      const problems = await wb.problems();
      await wb.screenshot('deploy-bundle-error');
      assert.ok(
        problems.some((p) => /Unexpected/.test(p) && new RegExp(`\\b${brokenLine}\\b`).test(p)),
        `the bundle error is listed at line ${brokenLine}: ${problems.join(' | ')}`,
      );
      assert.equal(emu.store.bots.get(bot.id)!.code, deployedCode);
      assert.equal(fs.readFileSync(definition, 'utf8'), written);

      // --- a deploy that deletes: the dialog counts what goes, Enter shows the diff, and nothing is deleted
      // until the user says so.
      fs.writeFileSync(entry, goodCode);
      const withoutState = written.replace(/\nstates:\n(?: {2}.*\n)+/, '\n');
      assert.notEqual(withoutState, written);
      fs.writeFileSync(definition, withoutState);
      await wb.page
        .locator('.monaco-editor .view-lines', { hasText: 'description: Answers frequent questions' })
        .first()
        .waitFor({ timeout: 10_000 });
      await wb.runCommand('Botpress: Deploy Bot');
      const deleting = await wb.dialog(/Deletes 1 state remotely/);
      assert.match(deleting, /States: − asked/, deleting);
      const buttons = await wb.page.locator('.monaco-dialog-box .monaco-button').allInnerTexts();
      assert.deepEqual(buttons.map((b) => b.trim()).sort(), ['Cancel', 'Deploy and Delete 1', 'Show Diff']);
      const focused = await wb.page.locator('.monaco-dialog-box .monaco-button:focus').innerText();
      assert.equal(focused.trim(), 'Show Diff', 'Enter shows the diff, never deletes');
      await wb.screenshot('deploy-preview-deletes');
      await wb.page.keyboard.press('Enter');
      await wb.page.locator('.tabs-container .tab', { hasText: 'bot.definition: remote ↔ to deploy' }).waitFor({ timeout: 20_000 });
      await wb.page.locator('.monaco-diff-editor .line-delete, .monaco-diff-editor .char-delete').first().waitFor({ timeout: 10_000 });
      // The question comes back as a modal, with the same safe default; answering closes the diff.
      const again = await wb.dialog(/It deletes 1 state/);
      assert.match(again, /Deploy faq-bot\/bot\.definition\.yaml/);
      const focusedAgain = await wb.page.locator('.monaco-dialog-box .monaco-button:focus').innerText();
      assert.equal(focusedAgain.trim(), "Don't Deploy", 'Enter after the diff never deletes');
      await wb.screenshot('deploy-preview-diff');
      await wb.page.keyboard.press('Enter');
      await wb.page.locator('.monaco-dialog-box').waitFor({ state: 'hidden', timeout: 10_000 });
      await wb.page
        .locator('.tabs-container .tab', { hasText: 'bot.definition: remote ↔ to deploy' })
        .waitFor({ state: 'detached', timeout: 10_000 });
      const { bot: after } = await admin.getBot({ id: bot.id });
      assert.deepEqual(Object.keys(after.states), ['asked'], 'cancelled: the state is still there');
      assert.equal(fs.readFileSync(definition, 'utf8'), withoutState, 'the file is as the user left it');
    });
  },
);
