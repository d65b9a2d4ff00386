// The end-to-end harness: a real VS Code (code-server) with the packaged extension installed, pointed at
// the local emulator, driven in Chromium like a person would. See test/e2e/README.md.
import { chromium, type FrameLocator, type Locator, type Page } from 'playwright-core';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { spawnSync } from 'node:child_process';
import type { TestContext } from 'node:test';
import { provision, type Toolchain } from '../../scripts/provision';
import { ensureVsix, launch, prepareProfile, root, type CodeServer } from '../../scripts/code-server';
import { demoSource } from '../../scripts/demo';
import { startEmulator, type Emulator, type EmulatorOptions } from '../../src/emulator/index';

export { root };
const resultsDir = path.join(root, 'test-results');
export const demoWorkspace = demoSource;

export interface WorkbenchOptions {
  /** Names the screenshots and failure captures. */
  name: string;
  /** The emulator to start (default `{ seed: 'demo' }`; any port), or `false` for none. */
  emulator?: Omit<EmulatorOptions, 'port' | 'host'> | false;
  /** Sign in through the environment account (BP_TOKEN, BP_API_URL, BOTMOCK_TOKEN); default true. */
  signedIn?: boolean;
  /** Extra environment of the server and its extension host. */
  env?: Record<string, string>;
  /** Extra user settings. */
  settings?: Record<string, unknown>;
  /**
   * Folder copied to a temp dir and opened (default test/fixtures/demo-workspace, without packages; `layOutDemo` makes
   * it as `npm start` does).
   */
  folder?: string;
  /** A module bundled for the extension host, run by the test-runner extension at startup (host tests, benches). */
  hostModule?: { file: string; reportUrl: string };
  /** Open the folder in Restricted Mode (workspace trust on, the folder not trusted). */
  restricted?: boolean;
  /** Other .vsix files installed beside the product (e.g. a benchmark's baseline extension). */
  extraVsixes?: string[];
}

/** Chromium as the tests run it: headless-friendly, no network of its own. */
export const chromiumFlags = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const exactly = (text: string) => new RegExp(`^\\s*${escapeRegExp(text)}\\s*$`);

/**
 * code-server runs in its own process group, out of reach of a Ctrl+C on the test run: on SIGINT or
 * SIGTERM, end the group and remove the temp dir, then die of the signal as before. Returns the undo.
 */
function stopOnSignals(server: CodeServer, tempDir: string): () => void {
  const signals = ['SIGINT', 'SIGTERM'] as const;
  const handler = (signal: NodeJS.Signals) => {
    try {
      process.kill(-server.child.pid!, 'SIGKILL');
    } catch {
      // already gone
    }
    fs.rmSync(tempDir, { recursive: true, force: true });
    undo();
    process.kill(process.pid, signal);
  };
  const undo = () => signals.forEach((signal) => process.off(signal, handler));
  signals.forEach((signal) => process.once(signal, handler));
  return undo;
}

/** Polls `probe` every 100 ms until it returns a value; throws naming `what` after `timeout` ms. */
export async function waitUntil<T>(probe: () => Promise<T | undefined>, timeout: number, what: string): Promise<T> {
  const deadline = Date.now() + timeout;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeout} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

const safeName = (name: string) =>
  name
    .replace(/[^\w.-]+/g, '-')
    .replace(/^-|-$/g, '')
    .slice(0, 120);

/** Packages a small test-only extension folder (no dependencies) into `out`; returns `out`. */
export function packTestExtension(source: string, out: string): string {
  const vsce = path.join(root, 'node_modules', '.bin', 'vsce');
  const args = ['package', '--no-dependencies', '--allow-missing-repository', '--skip-license', '--out', out];
  const result = spawnSync(vsce, args, { cwd: source, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`packaging ${source} failed:\n${result.stdout}\n${result.stderr}`);
  return out;
}

/** Tells the test-runner extension what to run: read by each new extension host at startup. */
function writeRunnerConfig(extensionsDir: string, hostModule: NonNullable<WorkbenchOptions['hostModule']>): void {
  const config = { module: hostModule.file, reportUrl: hostModule.reportUrl };
  fs.writeFileSync(path.join(extensionsDir, 'botpress-toolkit-tests.host-runner-0.0.1', 'config.json'), JSON.stringify(config));
}

/** The test-runner extension (test/host/runner), packaged into `dir`. */
const packRunner = (dir: string) => packTestExtension(path.join(root, 'test', 'host', 'runner'), path.join(dir, 'host-runner.vsix'));

export class Workbench {
  private constructor(
    readonly page: Page,
    readonly emulator: Emulator | undefined,
    /** The opened folder (a temp copy: tests may write into it). */
    readonly folder: string,
    readonly url: string,
    private readonly name: string,
    private readonly tempDir: string,
    private readonly serverLog: string[],
    private readonly consoleLog: string[],
    /** Undoes everything open() started, last first. */
    private readonly teardown: () => Promise<void>,
  ) {}

  /** Starts the emulator, code-server with the packaged extension, and Chromium on the workbench. */
  static async open(options: WorkbenchOptions): Promise<Workbench> {
    const toolchain: Toolchain = await provision();
    const tempDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bp-workbench-'));
    const cleanups: Array<() => Promise<unknown> | unknown> = [() => fs.rmSync(tempDir, { recursive: true, force: true })];
    const teardown = async () => {
      for (const cleanup of cleanups.splice(0).reverse())
        await Promise.resolve()
          .then(cleanup)
          .catch(() => {});
    };
    let opened: Workbench | undefined;
    try {
      const vsix = ensureVsix({ copyTo: tempDir });
      const emulator = options.emulator === false ? undefined : await startEmulator({ port: 0, seed: 'demo', ...options.emulator });
      if (emulator) cleanups.push(() => emulator.close());

      const folder = path.join(tempDir, 'workspace', path.basename(options.folder ?? demoWorkspace));
      fs.cpSync(options.folder ?? demoWorkspace, folder, {
        recursive: true,
        filter: (src) => path.basename(src) !== 'node_modules' || !!options.folder,
      });
      const dirs = { userDataDir: path.join(tempDir, 'user-data'), extensionsDir: path.join(tempDir, 'extensions') };
      const vsixes = [vsix, ...(options.hostModule ? [packRunner(tempDir)] : []), ...(options.extraVsixes ?? [])];
      const settings = {
        ...(emulator && {
          'botpress.apiUrl': emulator.url,
          'botpress.chatApiUrl': `${emulator.url}/chat`,
          'botmock.apiUrl': `${emulator.url}/botmock/api`,
        }),
        ...(options.restricted && { 'security.workspace.trust.enabled': true }),
        ...options.settings,
      };
      prepareProfile(toolchain, dirs, { vsixes, settings });
      if (options.hostModule) writeRunnerConfig(dirs.extensionsDir, options.hostModule);

      // The environment account, or none at all (not even one inherited from the developer's shell).
      const account =
        emulator && options.signedIn !== false
          ? { BP_TOKEN: emulator.token, BP_API_URL: emulator.url, BOTMOCK_TOKEN: emulator.token }
          : { BP_TOKEN: undefined, BP_API_URL: undefined, BP_WORKSPACE_ID: undefined, BOTMOCK_TOKEN: undefined };
      const env = { ...account, ...options.env };
      const serverLog: string[] = [];
      const server = await launch(toolchain, dirs, {
        folder,
        env,
        restricted: options.restricted,
        onOutput: (text) => serverLog.push(text),
      });
      cleanups.push(() => server.stop(), stopOnSignals(server, tempDir));

      const browser = await chromium.launch({ executablePath: toolchain.chromium, args: chromiumFlags });
      cleanups.push(() => browser.close());
      const page = await browser.newPage({ viewport: { width: 1400, height: 860 } });
      const consoleLog: string[] = [];
      page.on('console', (message) => consoleLog.push(`[${message.type()}] ${message.text()}`));
      page.on('pageerror', (error) => consoleLog.push(`[pageerror] ${error.message}`));
      await page.goto(`${server.url}/?folder=${encodeURIComponent(folder)}`);
      opened = new Workbench(page, emulator, folder, server.url, options.name, tempDir, serverLog, consoleLog, teardown);
      await opened.ready();
      return opened;
    } catch (error) {
      await opened?.captureFailure(error);
      await teardown();
      throw error;
    }
  }

  /** Waits until the product's view container is shown: the extension host has registered the extension. */
  private async ready(): Promise<void> {
    await this.activityItem('Botpress').waitFor({ timeout: 60_000 });
  }

  /** Reloads the window: a new extension host starts (and runs the host module again, if any). */
  async reload(): Promise<void> {
    await this.page.reload();
    await this.ready();
  }

  // ----- driving the workbench -----

  /** Runs a command from the palette by its exact title (e.g. "Botpress: Sign In"). */
  async runCommand(title: string): Promise<void> {
    const input = await this.openPalette();
    await input.fill(`>${title}`);
    const row = this.page.locator('.quick-input-list .monaco-list-row', {
      has: this.page.locator('.label-name', { hasText: exactly(title) }),
    });
    await row.first().click({ timeout: 10_000 });
  }

  /** The palette's command titles matching `filter` (the palette is closed again afterwards). */
  async paletteCommands(filter: string): Promise<string[]> {
    const input = await this.openPalette();
    await input.fill(`>${filter}`);
    const labels = this.page.locator('.quick-input-list .monaco-list-row .label-name');
    await labels.first().waitFor({ timeout: 10_000 });
    const titles = (await labels.allInnerTexts()).map((t) => t.trim());
    await this.page.keyboard.press('Escape');
    return titles;
  }

  /** Opens the palette with the keyboard and returns its input. */
  private async openPalette(): Promise<Locator> {
    const input = this.page.locator('.quick-input-widget .quick-input-box input');
    await this.page.keyboard.press('Control+Shift+P');
    await input.waitFor({ state: 'visible', timeout: 10_000 });
    return input;
  }

  /** Types into whatever quick input is open (input boxes asked by commands) and confirms with Enter. */
  async answerInput(text: string): Promise<void> {
    const input = this.page.locator('.quick-input-widget .quick-input-box input');
    await input.waitFor({ state: 'visible', timeout: 10_000 });
    await input.fill(text);
    await this.page.keyboard.press('Enter');
  }

  /** Picks the quick-pick row whose label is exactly `label` (after typing it as a filter). */
  async pick(label: string): Promise<void> {
    const input = this.page.locator('.quick-input-widget .quick-input-box input');
    await input.waitFor({ state: 'visible', timeout: 15_000 });
    await input.fill(label);
    const row = this.page.locator('.quick-input-list .monaco-list-row', {
      has: this.page.locator('.label-name', { hasText: exactly(label) }),
    });
    await row.first().click({ timeout: 15_000 });
  }

  /** Answers an open or save dialog (VS Code's own, a quick input in the browser) with an absolute path. */
  async chooseFile(file: string): Promise<void> {
    const input = this.page.locator('.quick-input-widget .quick-input-box input');
    await input.waitFor({ state: 'visible', timeout: 15_000 });
    // The dialog writes its starting path into the box once it has read it: type the path after that.
    await waitUntil(async () => ((await input.inputValue()).includes('/') ? true : undefined), 10_000, 'the dialog’s starting path');
    // The dialog may still rewrite the box (it reads folders as it goes): type again until Enter takes the path.
    for (let attempt = 1; ; attempt++) {
      await input.fill(file);
      await this.page
        .locator('.quick-input-list .monaco-list-row', { hasText: path.basename(file) })
        .first()
        .waitFor({ timeout: 5_000 })
        .catch(() => {});
      // Rewritten meanwhile: Enter would take the dialog's own path.
      if ((await input.inputValue()) !== file && attempt < 3) continue;
      await this.page.keyboard.press('Enter');
      try {
        await input.waitFor({ state: 'hidden', timeout: 5_000 });
        return;
      } catch (err) {
        if (attempt === 3) throw err;
      }
    }
  }

  /** The modal dialog on screen: its text, once it shows `expected`. */
  async dialog(expected: RegExp, timeout = 30_000): Promise<string> {
    const box = this.page.locator('.monaco-dialog-box');
    await box.filter({ hasText: expected }).waitFor({ timeout });
    return (await box.innerText()).trim();
  }

  /** The label of the modal dialog's focused button (what Enter would choose). */
  async dialogFocus(): Promise<string> {
    return (await this.page.locator('.monaco-dialog-box .monaco-button:focus').innerText()).trim();
  }

  /** Clicks the modal dialog's button labelled exactly `label` and waits until that question is gone. */
  async clickDialogButton(label: string): Promise<void> {
    const box = this.page.locator('.monaco-dialog-box');
    const message = await box.locator('#monaco-dialog-message-text').innerText();
    await box
      .locator('.monaco-button', { hasText: exactly(label) })
      .first()
      .click();
    // Gone, or already replaced by the next question.
    await box.filter({ has: this.page.locator('#monaco-dialog-message-text', { hasText: exactly(message) }) }).waitFor({
      state: 'hidden',
      timeout: 10_000,
    });
  }

  /** The activity-bar entry whose label starts with `name`. */
  activityItem(name: string): Locator {
    return this.page.locator('.part.activitybar .action-item', {
      has: this.page.locator(`a.action-label[aria-label^="${name.replace(/"/g, '\\"')}"]`),
    });
  }

  /**
   * Answers a command's bot pick: its workspace pick first (asked only while no workspace is active), then
   * the bot, typed, once its row is listed. Waits for the pick's own rows, not the palette closing behind it.
   */
  async answerBotPick(bot: string, workspace = 'Acme Support'): Promise<void> {
    const choice = (text: string) => this.page.locator('.quick-input-widget .monaco-list-row', { hasText: text });
    const input = this.page.locator('.quick-input-widget .quick-input-box input');
    await choice(workspace).or(choice('hr-assistant')).first().waitFor({ timeout: 20_000 });
    if (await choice('Personal Sandbox').count()) {
      await this.answerInput(workspace);
      await waitUntil(async () => ((await input.inputValue()) === '' ? true : undefined), 20_000, 'the bots’ pick');
      await choice('hr-assistant').waitFor({ timeout: 20_000 });
    }
    await input.fill(bot);
    await choice(bot).first().waitFor({ timeout: 20_000 });
    await this.page.keyboard.press('Enter');
  }

  /**
   * Shows the Botpress explorer, runs "Botpress: Find Bot…" and answers its picks, where typing the name finds
   * a bot of a later page too; returns the bot's row, revealed in the tree.
   */
  async findBot(bot: string, workspace = 'Acme Support'): Promise<Locator> {
    await this.openView('Botpress');
    const tree = this.botpressTree();
    await tree.locator('.monaco-list-row').first().waitFor({ timeout: 30_000 });
    await this.runCommand('Botpress: Find Bot…');
    await this.answerBotPick(bot, workspace);
    const row = this.treeRow(bot, tree);
    await row.waitFor({ timeout: 30_000 });
    return row;
  }

  /** Shows the view container `name` (e.g. "Botpress") in the side bar and returns the side bar. */
  /** The Botpress explorer's tree in the side bar. */
  botpressTree(): Locator {
    return this.page
      .locator('.part.sidebar .pane', { has: this.page.locator('.pane-header', { hasText: /^\s*Botpress/ }) })
      .locator('.monaco-list')
      .first();
  }

  async openView(name: string): Promise<Locator> {
    const item = this.activityItem(name);
    await item.waitFor({ timeout: 20_000 });
    const sidebar = this.page.locator('.part.sidebar');
    const title = sidebar.locator('.composite.title', { hasText: new RegExp(escapeRegExp(name), 'i') });
    // The product may open the view itself meanwhile (a test run opens Testing), and a click on the
    // active item hides the side bar: click until the view shows.
    for (let attempt = 1; ; attempt++) {
      if (!(await title.isVisible())) await item.click();
      try {
        await title.waitFor({ timeout: 5_000 });
        return sidebar;
      } catch (err) {
        if (attempt === 3) throw err;
      }
    }
  }

  /** A tree row by its exact label (first match), optionally inside `scope`. */
  treeRow(label: string, scope: Locator | Page = this.page): Locator {
    return scope
      .locator('.monaco-list-row[role="treeitem"]', { has: this.page.locator('.label-name', { hasText: exactly(label) }) })
      .first();
  }

  /** Expands a tree row (no-op when expanded) and waits until it is. */
  async expand(label: string, scope?: Locator): Promise<Locator> {
    const row = this.treeRow(label, scope);
    await row.waitFor({ timeout: 20_000 });
    if ((await row.getAttribute('aria-expanded')) !== 'true') await row.locator('.monaco-tl-twistie').click();
    await this.page.waitForFunction((el) => el?.getAttribute('aria-expanded') === 'true', await row.elementHandle(), { timeout: 20_000 });
    // As a user would, scroll the expanded row to the top of its list so that its children show.
    const list = await row.locator('xpath=ancestor::div[contains(@class,"monaco-list")][1]').boundingBox();
    // A wheel step scrolls by some multiple of its delta: measure it with a small step, then take the rest.
    let perPixel = 0;
    for (let turn = 0; turn < 12 && list; turn++) {
      const box = await row.boundingBox({ timeout: 2_000 }).catch(() => null);
      if (!box || box.y - list.y <= box.height) break;
      const step = perPixel ? (box.y - list.y) / perPixel : 4;
      await this.page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
      await this.page.mouse.wheel(0, step);
      await this.page.waitForTimeout(150);
      const moved = await row.boundingBox({ timeout: 2_000 }).catch(() => null);
      if (!moved || moved.y >= box.y - 0.5) break; // the list's end: nothing more to scroll
      perPixel = (box.y - moved.y) / step;
    }
    return row;
  }

  /** Scrolls the list of `scope` up, then down, as a user would, until the row `label` shows whole; returns it. */
  async scrollToRow(label: string, scope: Locator): Promise<Locator> {
    const row = this.treeRow(label, scope);
    const list = await scope.boundingBox();
    if (!list) throw new Error('the list is not shown');
    await this.page.mouse.move(list.x + list.width / 2, list.y + list.height / 2);
    for (const direction of [-1, 1]) {
      for (let turn = 0; turn < 60; turn++) {
        const box = (await row.count()) ? await row.boundingBox() : null;
        if (box && box.y >= list.y && box.y + box.height <= list.y + list.height) return row;
        await this.page.mouse.wheel(0, direction * 66);
        await this.page.waitForTimeout(80);
      }
    }
    await row.waitFor({ timeout: 1_000 });
    return row;
  }

  /** Opens a row's context menu and picks `item`. */
  async contextMenu(row: Locator, item: string): Promise<void> {
    await row.click({ button: 'right' });
    const menuItem = this.page.locator('.context-view .action-item .action-label', { hasText: exactly(item) }).first();
    // A click that lands while the menu is still opening is ignored by the workbench: click until it closes.
    for (let attempt = 1; ; attempt++) {
      await menuItem.click({ timeout: 10_000 });
      try {
        await menuItem.waitFor({ state: 'hidden', timeout: 2_000 });
        return;
      } catch (err) {
        if (attempt === 3) throw err;
      }
    }
  }

  /** Texts of the notification toasts on screen now. */
  async notifications(): Promise<string[]> {
    return (await this.page.locator('.notification-list-item-message').allInnerTexts()).map((t) => t.trim());
  }

  /** Waits for a notification toast matching `text` and returns its text. */
  async waitForNotification(text: string | RegExp, timeout = 15_000): Promise<string> {
    const message = this.page.locator('.notification-list-item-message', { hasText: text }).first();
    try {
      await message.waitFor({ timeout: Math.min(timeout, 10_000) });
    } catch {
      // A toast can be hidden behind newer ones or gone by the time it is looked for: the notification
      // center lists every notification still open.
      if (!(await this.page.locator('.notifications-center').isVisible())) {
        await this.runCommand('Notifications: Show Notifications');
      }
      await message.waitFor({ timeout: Math.max(timeout - 10_000, 5_000) });
    }
    return (await message.innerText()).trim();
  }

  /** Opens the Problems panel and returns its rows' accessible labels (severity, message, position). */
  async problems(): Promise<string[]> {
    const panel = this.page.locator('.markers-panel');
    if (!(await panel.isVisible())) await this.page.keyboard.press('Control+Shift+M');
    await panel.waitFor({ timeout: 10_000 });
    const rows = panel.locator('.monaco-list-row');
    return (await rows.evaluateAll((els) => els.map((el) => el.getAttribute('aria-label') ?? el.textContent ?? ''))).map((t) => t.trim());
  }

  /**
   * The content of a webview: its editor tab titled `title` is brought to front, then the webview shown
   * over that tab's editor group is found (webviews are two nested iframes laid over the editor area).
   */
  async webview(title: string): Promise<FrameLocator> {
    const tab = this.page.locator('.tabs-container .tab', { hasText: title }).first();
    await tab.waitFor({ timeout: 20_000 });
    await tab.click();
    const group = this.page.locator('.editor-group-container', { has: tab }).locator('.editor-container');
    const name = await waitUntil(
      async () => {
        const area = await group.boundingBox();
        if (!area) return undefined;
        const frames = await this.page.locator('iframe.webview.ready').all();
        for (const frame of frames) {
          // Webviews kept alive behind other tabs keep their place but are hidden.
          const box = (await frame.isVisible()) ? await frame.boundingBox() : null;
          if (!box || box.width === 0) continue;
          const [x, y] = [box.x + box.width / 2, box.y + box.height / 2];
          const inside = x >= area.x && x <= area.x + area.width && y >= area.y && y <= area.y + area.height;
          if (inside) return (await frame.getAttribute('name')) ?? undefined;
        }
        return undefined;
      },
      20_000,
      `the webview of "${title}"`,
    );
    const inner = this.page.frameLocator(`iframe.webview.ready[name="${name}"]`).frameLocator('iframe#active-frame');
    await inner.locator('body').waitFor({ state: 'attached', timeout: 20_000 });
    return inner;
  }

  /** Opens a file of the workspace folder in an editor (Quick Open). */
  async openFile(relativePath: string): Promise<void> {
    await this.page.keyboard.press('Control+P');
    const input = this.page.locator('.quick-input-widget .quick-input-box input');
    await input.waitFor({ state: 'visible', timeout: 10_000 });
    await input.fill(relativePath);
    await this.page.locator('.quick-input-list .monaco-list-row').first().waitFor({ timeout: 10_000 });
    await this.page.keyboard.press('Enter');
    await this.page.locator('.tabs-container .tab.active', { hasText: path.basename(relativePath) }).waitFor({ timeout: 10_000 });
  }

  // ----- evidence -----

  /** Saves a screenshot of the whole workbench as test-results/<name>.png; returns its path. */
  async screenshot(name: string): Promise<string> {
    fs.mkdirSync(resultsDir, { recursive: true });
    const file = path.join(resultsDir, `${safeName(name)}.png`);
    await this.page.screenshot({ path: file });
    return file;
  }

  /** After a failure: a screenshot plus the server output, browser console and VS Code logs. */
  async captureFailure(error?: unknown): Promise<string> {
    const dir = path.join(resultsDir, `${safeName(this.name)}-failure`);
    fs.mkdirSync(dir, { recursive: true });
    await this.page.screenshot({ path: path.join(dir, 'screenshot.png') }).catch(() => {});
    const logs = path.join(this.tempDir, 'user-data', 'logs');
    if (fs.existsSync(logs)) fs.cpSync(logs, path.join(dir, 'vscode-logs'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'code-server.log'), this.serverLog.join(''));
    fs.writeFileSync(path.join(dir, 'browser-console.log'), this.consoleLog.join('\n'));
    if (error) fs.writeFileSync(path.join(dir, 'error.txt'), error instanceof Error ? (error.stack ?? error.message) : String(error));
    return dir;
  }

  /** The Botpress Toolkit's own output channel log, as written by the extension host. */
  extensionLog(): string {
    const logs = path.join(this.tempDir, 'user-data', 'logs');
    const found: string[] = [];
    const walk = (dir: string) => {
      if (!fs.existsSync(dir)) return;
      for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
        const p = path.join(dir, entry.name);
        if (entry.isDirectory()) walk(p);
        else if (p.includes('botpress-toolkit.botpress-toolkit')) found.push(fs.readFileSync(p, 'utf8'));
      }
    };
    walk(logs);
    return found.join('\n');
  }

  /** Stops the browser, code-server (its whole process group) and the emulator; removes temp files. */
  close(): Promise<void> {
    return this.teardown();
  }
}

/** Polls the Problems panel until its rows satisfy `accept`; returns them. */
export async function waitForProblems(
  wb: Workbench,
  accept: (rows: string[]) => boolean,
  what: string,
  timeout = 30_000,
): Promise<string[]> {
  const deadline = Date.now() + timeout;
  for (;;) {
    const rows = await wb.problems();
    if (accept(rows)) return rows;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; Problems: ${rows.join(' | ')}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/** Opens a workbench for one test, runs `fn`, captures evidence when it throws, and always closes. */
export async function withWorkbench(t: TestContext, options: WorkbenchOptions, fn: (wb: Workbench) => Promise<void>): Promise<void> {
  const wb = await Workbench.open(options);
  try {
    await fn(wb);
  } catch (error) {
    const dir = await wb.captureFailure(error);
    t.diagnostic(`failure evidence: ${path.relative(root, dir)}`);
    throw error;
  } finally {
    await wb.close();
  }
}
