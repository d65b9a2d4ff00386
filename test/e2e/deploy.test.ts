// Deploy in the real workbench, driven like a person: Deploy Bot from the palette on the open definition,
// the workspace and bot picks, the preview dialog, the result notification; then Deploy Integration.
// What arrived is read back through the official @botpress/client (and from the emulator's records for
// code, readme and icon, which the API does not return). Screenshots: test-results/deploy-*.png.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Client } from '@botpress/client';
import { demoWorkspace, root, withWorkbench, type Workbench } from './workbench';

/** The demo workspace with esbuild installed, as in any Botpress project (linked from this repository). */
function projectWithEsbuild(t: { after: (fn: () => void) => void }): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bp-deploy-e2e-'));
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  const folder = path.join(dir, 'demo-workspace');
  fs.cpSync(demoWorkspace, folder, { recursive: true });
  fs.mkdirSync(path.join(folder, 'node_modules'));
  fs.symlinkSync(path.join(root, 'node_modules', 'esbuild'), path.join(folder, 'node_modules', 'esbuild'), 'dir');
  // A second bot definition, in JSON and without code, to try a production bot with.
  fs.mkdirSync(path.join(folder, 'prod-bot'));
  fs.writeFileSync(path.join(folder, 'prod-bot', 'bot.definition.json'), prodBot);
  return folder;
}

const prodBot = '{\n  "name": "prod-bot",\n  "tags": { "team": "sales" }\n}\n';

/** Opens a file by clicking it in the Explorer (Quick Open ranks recently opened files first). */
async function openFromExplorer(wb: Workbench, folder: string, file: string): Promise<void> {
  const explorer = await wb.openView('Explorer');
  await wb.expand(folder, explorer);
  await wb.treeRow(file, explorer).click();
  await wb.page.locator('.monaco-breadcrumbs', { hasText: `${folder}` }).filter({ hasText: file }).first().waitFor({ timeout: 10_000 });
}

/** Picks the quick-pick row whose label is exactly `label` (after typing it as a filter). */
async function pick(wb: Workbench, label: string): Promise<void> {
  const input = wb.page.locator('.quick-input-widget .quick-input-box input');
  await input.waitFor({ state: 'visible', timeout: 15_000 });
  await input.fill(label);
  const row = wb.page.locator('.quick-input-list .monaco-list-row', {
    has: wb.page.locator('.label-name', { hasText: new RegExp(`^\\s*${label.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s*$`) }),
  });
  await row.first().click({ timeout: 15_000 });
}

/** The modal dialog on screen: its text, once it shows `expected`. */
async function dialog(wb: Workbench, expected: RegExp): Promise<string> {
  const box = wb.page.locator('.monaco-dialog-box');
  await box.filter({ hasText: expected }).waitFor({ timeout: 30_000 });
  return (await box.innerText()).trim();
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

async function clickDialogButton(wb: Workbench, label: string): Promise<void> {
  await wb.page.locator('.monaco-dialog-box .monaco-button', { hasText: new RegExp(`^\\s*${label}\\s*$`) }).first().click();
  await wb.page.locator('.monaco-dialog-box').waitFor({ state: 'hidden', timeout: 10_000 });
}

test('deploy a bot and an integration from their definition files, with preview and result notification', { timeout: 300_000 }, async (t) => {
  const folder = projectWithEsbuild(t);
  await withWorkbench(t, { name: 'deploy', folder }, async (wb) => {
    const emu = wb.emulator!;
    const official = new Client({ apiUrl: emu.url, token: emu.token });
    const workspaceId = (await official.listWorkspaces({})).workspaces.find((w) => w.name === 'Acme Support')!.id;
    const admin = new Client({ apiUrl: emu.url, token: emu.token, workspaceId });
    const supportBot = [...emu.store.bots.values()].find((r) => r.bot.name === 'support-bot' && r.workspaceId === workspaceId)!.bot;

    // --- a production bot: the dialog says so; declining sends nothing and writes nothing.
    const production = [...emu.store.bots.values()].find((r) => r.workspaceId === workspaceId && !r.bot.dev)!;
    const untouched = JSON.stringify(production.bot);
    await openFromExplorer(wb, 'prod-bot', 'bot.definition.json');
    await wb.runCommand('Botpress: Deploy Bot');
    // The first command asks for the workspace; it stays the active one, and later commands do not ask.
    await pick(wb, 'Acme Support');
    await pick(wb, production.bot.name);
    const warning = await dialog(wb, new RegExp(`to bot "${production.bot.name}"\\?`));
    assert.match(warning, /This is a production bot: your users talk to it now\./, warning);
    await clickDialogButton(wb, 'Cancel');
    // The status bar: the account's name and the workspace just picked, now the active one.
    await wb.page.locator('.statusbar-item', { hasText: 'Demo Developer · Acme Support' }).first().waitFor({ timeout: 10_000 });
    assert.equal(JSON.stringify(emu.store.bots.get(production.bot.id)!.bot), untouched);
    assert.equal(fs.readFileSync(path.join(wb.folder, 'prod-bot', 'bot.definition.json'), 'utf8'), prodBot);

    // --- the bot: the file has no id yet, so Deploy asks where to send it.
    await openFromExplorer(wb, 'support-bot', 'bot.definition.yaml');
    await wb.runCommand('Botpress: Deploy Bot');
    await pick(wb, 'support-bot');
    const preview = await dialog(wb, /Deploy support-bot\/bot\.definition\.yaml to bot "support-bot"\?/);
    await wb.screenshot('deploy-bot-preview');
    assert.match(preview, /States: .*− settings/, preview);
    assert.match(preview, /Integrations: .*− chat\b/, preview);
    assert.match(preview, /Code: [\d.]+ (B|kB), bundled from src\/index\.ts/, preview);
    // It deletes: the dialog counts what, per kind, and its default button deploys nothing.
    assert.match(preview, /Deletes 1 bot tag, 1 conversation tag, 1 state and 3 integrations remotely/, preview);
    const buttons = await wb.page.locator('.monaco-dialog-box .monaco-button').allInnerTexts();
    assert.deepEqual(buttons.map((b) => b.trim()).sort(), ['Cancel', 'Deploy and Delete 6', 'Show Diff']);
    assert.equal((await wb.page.evaluate(() => document.activeElement?.textContent ?? '')).trim(), 'Show Diff', 'the focused button is Show Diff');
    await clickDialogButton(wb, 'Show Diff');
    // The diff editor: the remote bot as a body against the body to send, YAML with sorted keys.
    const diff = wb.page.locator('.monaco-diff-editor');
    await diff.waitFor({ timeout: 15_000 });
    await wb.page.locator('.tab', { hasText: 'bot.definition: remote ↔ to deploy' }).waitFor({ timeout: 10_000 });
    await diff.locator('.modified .view-line', { hasText: /^\s*tier: ""\s*$/ }).first().waitFor({ timeout: 10_000 });
    await diff.locator('.original .view-line', { hasText: /^\s*tier: gold\s*$/ }).first().waitFor({ timeout: 10_000 });
    const ask = wb.page.locator('.notification-toast', { hasText: 'It deletes 1 bot tag, 1 conversation tag, 1 state and 3 integrations' });
    await ask.waitFor({ timeout: 10_000 });
    await wb.screenshot('deploy-bot-diff');
    await ask.locator('.monaco-button', { hasText: 'Deploy and Delete 6' }).click();

    const done = await wb.waitForNotification(/Deployed bot support-bot/, 60_000);
    const toast = wb.page.locator('.notification-toast', { hasText: 'Deployed bot support-bot' });
    for (const action of ['Open Logs', 'Chat', 'Open in Dashboard']) {
      await toast.locator('.monaco-button', { hasText: action }).first().waitFor({ timeout: 5_000 });
    }
    await settled(wb, 'Deployed bot support-bot');
    await wb.screenshot('deploy-bot-success');
    assert.match(done, /kB of code|B of code/);

    const { bot } = await admin.getBot({ id: supportBot.id });
    assert.deepEqual(Object.keys(bot.states).sort(), ['cart', 'profile'], 'settings was deleted, as previewed');
    assert.deepEqual(bot.integrations, {});
    assert.equal(bot.user.tags.email.title, 'Email');
    assert.equal(bot.tags.team, 'support');
    assert.match(emu.store.bots.get(supportBot.id)!.code ?? '', /Refunds are processed/);
    const written = fs.readFileSync(path.join(wb.folder, 'support-bot', 'bot.definition.yaml'), 'utf8');
    const original = fs.readFileSync(path.join(demoWorkspace, 'support-bot', 'bot.definition.yaml'), 'utf8');
    assert.equal(written, original.replace('\nname: support-bot', `\nid: ${supportBot.id}\nname: support-bot`), 'only the id line was added');

    // --- the integration: the active editor holds the bot, so Deploy finds the workspace's one integration
    // definition; a new version in this workspace, with its readme and icon.
    await wb.runCommand('Botpress: Deploy Integration');
    const integrationPreview = await dialog(wb, /to a new integration weather@0\.1\.0\?/);
    assert.match(integrationPreview, /Actions: \+ getForecast/, integrationPreview);
    await wb.screenshot('deploy-integration-preview');
    await clickDialogButton(wb, 'Deploy');
    await wb.waitForNotification(/Created integration weather@0\.1\.0 \([\d.]+ (B|kB) of code\)/, 60_000);
    await settled(wb, 'Created integration weather');
    await wb.screenshot('deploy-integration-success');

    const { integration } = await admin.getIntegrationByName({ name: 'weather', version: '0.1.0' });
    assert.deepEqual(Object.keys(integration.actions), ['getForecast']);
    const record = emu.store.integrations.get(integration.id)!;
    const dir = path.join(wb.folder, 'weather-integration');
    assert.equal(Buffer.from(record.readme ?? '', 'base64').toString('utf8'), fs.readFileSync(path.join(dir, 'hub.md'), 'utf8'));
    assert.equal(Buffer.from(record.icon ?? '', 'base64').toString('utf8'), fs.readFileSync(path.join(dir, 'icon.svg'), 'utf8'));
    assert.match(record.code ?? '', /Forecast for/);

    // --- the readme alone.
    fs.appendFileSync(path.join(dir, 'hub.md'), '\n## Changelog\n\n- 0.1.0: first version\n');
    await wb.runCommand('Botpress: Update Integration Readme');
    await wb.waitForNotification(/Updated the readme and icon of integration weather@0\.1\.0/, 60_000);
    assert.match(Buffer.from(emu.store.integrations.get(integration.id)!.readme ?? '', 'base64').toString('utf8'), /## Changelog/);

    // --- code that does not bundle: the error is a problem at its line, and nothing is sent or written.
    const entry = path.join(wb.folder, 'support-bot', 'src', 'index.ts');
    fs.appendFileSync(entry, '\nexport const broken = (;\n');
    const brokenLine = fs.readFileSync(entry, 'utf8').split('\n').findIndex((l) => l.includes('broken')) + 1;
    const deployedCode = emu.store.bots.get(supportBot.id)!.code;
    await wb.runCommand('Botpress: Deploy Bot');
    await wb.waitForNotification(/Could not deploy support-bot\/bot\.definition\.yaml: Bundling index\.ts failed/, 60_000);
    const problems = await wb.problems();
    await wb.screenshot('deploy-bundle-error');
    assert.ok(
      problems.some((p) => /Unexpected/.test(p) && new RegExp(`\\b${brokenLine}\\b`).test(p)),
      `the bundle error is listed at line ${brokenLine}: ${problems.join(' | ')}`,
    );
    assert.equal(emu.store.bots.get(supportBot.id)!.code, deployedCode);
    assert.equal(fs.readFileSync(path.join(wb.folder, 'support-bot', 'bot.definition.yaml'), 'utf8'), written);
  });
});
