/**
 * Conversation tests in the Test Explorer: every `*.convo.txt` of the workspace (with the partial convos
 * and utterance lists of its workspace folder) is a test, found at startup and kept current as files
 * change; a file whose utterance lists make several tests shows them as its children. A run talks to a
 * bot over the Chat API: the bot named by `botpress.tests.bot` for the file's folder, else one picked
 * (and remembered for the session). Failures sit on the failing line with expected and actual as a diff;
 * their menus open the conversation and its logs. Malformed files show their problems in the tree and in the
 * Problems panel.
 */
import * as vscode from 'vscode';
import type { BotpressClient } from '../api/botpress';
import { ChatClient, chatWebhook } from '../api/chat';
import { describeError } from '../api/errors';
import { isQuiet } from '../auth/access';
import { handleApiError } from '../ui/errors';
import { escapeMarkdownLinks } from '../core/text';
import { botItems, chatBotItems, pickInWorkspace, type PickedBot } from '../ui/pick';
import * as path from 'node:path';
import { errorsOf, runTests, type ConvoProblem, type ConvoTest, type Suite, type SuiteFile, type TestResult } from '../core/convo';
import { failureDiff } from '../core/convo/run';
import { SuiteReader } from '../core/convo/background';
import type { Services } from '../services';
import { Command, SettingSection, TestController, TestMessageContextValue } from '../ids';

const SUITE_GLOB = '**/*.{convo,pconvo,utterances}.txt';

/** What the workbench passes to a test message's menu commands. */
/** A failure's menu passes `{ test, message }`; a test's own menu (in the Test Explorer) passes the item. */
type FailureArgs = { test?: vscode.TestItem; message?: vscode.TestMessage } | vscode.TestItem;
const EXCLUDE_GLOB = '**/{node_modules,.git}/**';

export class ConvoTests implements vscode.Disposable {
  readonly controller: vscode.TestController;
  private readonly tests = new WeakMap<vscode.TestItem, ConvoTest>();
  /** Where each test's item is, by test id (file items and board items alike). */
  private readonly items = new Map<string, vscode.TestItem>();
  private readonly diagnostics: vscode.DiagnosticCollection;
  /** The conversation of each test's last run, by test item id. */
  private readonly conversations = new Map<string, { bot: PickedBot; conversationId: string }>();
  /** The bot picked for a workspace folder (or for boards: ''), for the rest of the session. */
  private readonly picked = new Map<string, PickedBot>();
  private readonly disposables: vscode.Disposable[] = [];
  private refresh: ReturnType<typeof setTimeout> | undefined;
  /** Reads suites on a worker thread, each file within a time budget: no test file can block the extension host. */
  private readonly reader: SuiteReader;
  /** Boards' exports are read apart, so a board's run and a discovery never replace each other. */
  private readonly boardReader: SuiteReader;

  constructor(private readonly services: Services) {
    const script = path.join(services.context.extensionPath, 'dist', 'convoWorker.js');
    this.reader = new SuiteReader(script);
    this.boardReader = new SuiteReader(script);
    // Made at activation (its Test Explorer entry is there from the start); its handlers are set here.
    this.controller = services.contributions.testController(TestController.conversationTests);
    this.diagnostics = vscode.languages.createDiagnosticCollection('botpress.convo');
    this.controller.resolveHandler = (item) => (item ? Promise.resolve() : this.discover());
    this.controller.refreshHandler = () => this.discover();
    this.controller.createRunProfile('Run', vscode.TestRunProfileKind.Run, (request, token) => this.run(request, token), true);
    const watcher = vscode.workspace.createFileSystemWatcher(SUITE_GLOB);
    const changed = () => {
      clearTimeout(this.refresh);
      this.refresh = setTimeout(() => void this.discover(), 300);
    };
    this.disposables.push(
      this.controller,
      this.diagnostics,
      watcher,
      watcher.onDidCreate(changed),
      watcher.onDidChange(changed),
      watcher.onDidDelete(changed),
      vscode.workspace.onDidChangeWorkspaceFolders(changed),
      vscode.commands.registerCommand(Command.openFailedTestConversation, (args?: FailureArgs) =>
        this.openFailed(args, Command.openConversation),
      ),
      vscode.commands.registerCommand(Command.openFailedTestLogs, (args?: FailureArgs) => this.openFailed(args, Command.openLogs)),
    );
  }

  /** From a failure's or a test's menu: the conversation it last ran, or the bot's logs filtered to it. */
  private openFailed(
    args: FailureArgs | undefined,
    command: typeof Command.openConversation | typeof Command.openLogs,
  ): Thenable<unknown> | undefined {
    const test = args && 'test' in args ? args.test : (args as vscode.TestItem | undefined);
    const ran = test && this.conversations.get(test.id);
    if (!ran && test)
      void vscode.window.showInformationMessage(escapeMarkdownLinks(`${test.label} has not run in this session: run it first.`));
    if (!ran) return undefined;
    const { bot, conversationId } = ran;
    return command === Command.openConversation
      ? vscode.commands.executeCommand(command, { workspaceId: bot.workspaceId, botId: bot.botId, conversationId, botName: bot.name })
      : vscode.commands.executeCommand(command, { workspaceId: bot.workspaceId, botId: bot.botId, name: bot.name, conversationId });
  }

  /** Reads every workspace folder's suite and replaces the file items (board items stay). */
  async discover(): Promise<void> {
    const suites: Suite[] = [];
    for (const folder of vscode.workspace.workspaceFolders ?? []) {
      const uris = await vscode.workspace.findFiles(new vscode.RelativePattern(folder, SUITE_GLOB), EXCLUDE_GLOB);
      const files = await Promise.all(uris.map(readSuiteFile));
      const suite = await this.readSuite(files.sort((a, b) => a.file.localeCompare(b.file)));
      if (!suite) return; // A newer discovery replaced this one.
      suites.push(suite);
    }
    const keep = [...this.controller.items].map(([, item]) => item).filter((item) => !item.uri);
    for (const [id, item] of this.items) if (item.uri) this.items.delete(id);
    this.diagnostics.clear();
    const fileItems = suites.flatMap((suite) => this.fileItems(suite));
    this.showProblems(suites.flatMap((suite) => [...suite.problems, ...suite.entries.flatMap((e) => e.problems)]));
    this.controller.items.replace([...fileItems, ...keep]);
  }

  /** A suite read by the worker; undefined when a newer read replaced it. A reader that fails says why in the output. */
  private async readSuite(files: SuiteFile[], reader = this.reader): Promise<Suite | undefined> {
    try {
      return await reader.read(files);
    } catch (err) {
      this.services.output.error(`Conversation tests could not be read: ${err instanceof Error ? err.message : String(err)}`);
      return undefined;
    }
  }

  private fileItems(suite: Suite): vscode.TestItem[] {
    return suite.entries.map((entry) => {
      const uri = vscode.Uri.file(entry.file);
      const item = this.controller.createTestItem(uri.toString(), entry.name, uri);
      item.range = new vscode.Range(0, 0, 0, 0);
      item.description = vscode.workspace.asRelativePath(uri);
      const errors = errorsOf(entry.problems);
      if (errors.length) item.error = errors.map((p) => `line ${p.line}: ${p.message}`).join('\n');
      if (entry.tests.length === 1) this.bind(item, entry.tests[0]!);
      else
        for (const test of entry.tests)
          item.children.add(
            this.bind(
              this.controller.createTestItem(
                `${uri}#${test.id.split('#').pop()}`,
                test.name.slice(entry.name.length + 1) || test.name,
                uri,
              ),
              test,
            ),
          );
      return item;
    });
  }

  private bind(item: vscode.TestItem, test: ConvoTest): vscode.TestItem {
    this.tests.set(item, test);
    this.items.set(test.id, item);
    return item;
  }

  private showProblems(problems: ConvoProblem[]): void {
    const byFile = new Map<string, vscode.Diagnostic[]>();
    for (const p of problems) {
      const line = Math.max(0, p.line - 1);
      const severity = p.severity === 'warning' ? vscode.DiagnosticSeverity.Warning : vscode.DiagnosticSeverity.Error;
      const d = new vscode.Diagnostic(new vscode.Range(line, 0, line, Number.MAX_SAFE_INTEGER), p.message, severity);
      d.source = 'conversation test';
      byFile.set(p.file, [...(byFile.get(p.file) ?? []), d]);
    }
    for (const [file, list] of byFile) this.diagnostics.set(vscode.Uri.file(file), list);
  }

  /**
   * Shows a board's tests (exported in memory) as one group and runs them. The group stays in the Test
   * Explorer for re-runs until the window reloads; running the board again replaces it.
   */
  async runBoard(boardId: string, boardName: string, files: SuiteFile[]): Promise<void> {
    const suite = await this.readSuite(files, this.boardReader);
    if (!suite) return;
    const id = `botmock-board:${boardId}`;
    const group = this.controller.createTestItem(id, `Board: ${boardName}`);
    for (const test of suite.tests) group.children.add(this.bind(this.controller.createTestItem(`${id}/${test.id}`, test.name), test));
    this.controller.items.add(group);
    const source = new vscode.CancellationTokenSource();
    try {
      await this.run(new vscode.TestRunRequest([group]), source.token);
    } finally {
      source.dispose();
    }
  }

  private async run(request: vscode.TestRunRequest, token: vscode.CancellationToken): Promise<void> {
    const run = this.controller.createTestRun(request);
    const abort = new AbortController();
    // The request's token (a run profile's) or the run's own (the Stop button of a run started here).
    const cancel = vscode.Disposable.from(
      token.onCancellationRequested(() => abort.abort()),
      run.token.onCancellationRequested(() => abort.abort()),
    );
    try {
      const selected = this.collect(request);
      for (const { item } of selected) run.enqueued(item);
      // One bot per workspace folder (the setting is per folder); boards use the window's.
      const groups = new Map<string, { folder?: vscode.WorkspaceFolder; entries: typeof selected }>();
      for (const entry of selected) {
        const key = entry.folder?.uri.toString() ?? '';
        groups.set(key, { folder: entry.folder, entries: [...(groups.get(key)?.entries ?? []), entry] });
      }
      for (const [key, { folder, entries }] of groups) {
        if (abort.signal.aborted) break;
        const target = await this.connect(key, folder, run);
        if (!target) {
          for (const { item } of entries) run.skipped(item);
          continue;
        }
        if ('problem' in target && target.noChat) {
          // Checked once for the bot, said once, with the way to fix it; its tests are not run.
          run.appendOutput(`${target.problem}\r\n`);
          for (const { item } of entries) run.skipped(item);
          const bot = target.noChat;
          const install = 'Install the Chat Integration…';
          void vscode.window.showWarningMessage(escapeMarkdownLinks(target.problem), install).then((choice) => {
            if (choice === install) void vscode.commands.executeCommand(Command.chatWithBot, bot);
          });
          continue;
        }
        if ('problem' in target) {
          for (const { item } of entries) run.errored(item, new vscode.TestMessage(target.problem));
          continue;
        }
        const config = vscode.workspace.getConfiguration(SettingSection.tests, folder);
        await runTests(
          entries.map((e) => e.test),
          target.chat,
          {
            concurrency: config.get<number>('concurrency', 4),
            turnTimeoutMs: config.get<number>('turnTimeoutSeconds', 10) * 1000,
            signal: abort.signal,
            onStart: (test) => run.started(this.items.get(test.id)!),
          },
          (result) => this.report(run, result, target.bot),
        );
      }
    } finally {
      cancel.dispose();
      run.end();
    }
  }

  /** The tests a request names (all when none): leaves of the selected items, minus excluded ones. */
  private collect(request: vscode.TestRunRequest): { item: vscode.TestItem; test: ConvoTest; folder?: vscode.WorkspaceFolder }[] {
    const excluded = new Set(request.exclude ?? []);
    const out: { item: vscode.TestItem; test: ConvoTest; folder?: vscode.WorkspaceFolder }[] = [];
    const visit = (item: vscode.TestItem) => {
      if (excluded.has(item)) return;
      const test = this.tests.get(item);
      if (test) out.push({ item, test, folder: item.uri && vscode.workspace.getWorkspaceFolder(item.uri) });
      item.children.forEach(visit);
    };
    if (request.include) request.include.forEach(visit);
    else this.controller.items.forEach(visit);
    return out;
  }

  /** The bot of a folder and a Chat API client for it; undefined when the user dismissed the pick. */
  private async connect(
    key: string,
    folder: vscode.WorkspaceFolder | undefined,
    run: vscode.TestRun,
  ): Promise<{ bot: PickedBot; chat: ChatClient } | { problem: string; noChat?: PickedBot } | undefined> {
    let account: BotpressClient;
    try {
      account = await this.services.botpress();
      const named = vscode.workspace.getConfiguration(SettingSection.tests, folder).get<string>('bot', '').trim();
      const bot = named
        ? await findBot(account, named)
        : // Asked once a session: a folder's own pick, else the one made for any other folder or board.
          (this.picked.get(key) ??
          [...this.picked.values()].at(-1) ??
          (await pickInWorkspace(
            account,
            {
              title: 'Run Conversation Tests',
              placeHolder: 'Against which bot? It needs the chat integration (botpress.tests.bot names one)',
            },
            chatBotItems,
            this.services,
          )));
      if (!bot) return named ? { problem: `No bot named "${named}" (botpress.tests.bot) in this account.` } : undefined;
      if (!named) this.picked.set(key, bot);
      const { bot: remote } = await (await this.services.botpress({ workspaceId: bot.workspaceId })).getBot({ id: bot.botId });
      const webhook = chatWebhook(remote);
      if ('problem' in webhook)
        return {
          problem:
            `${bot.name} ${webhook.problem}: conversation tests talk to it through the Chat API. ` +
            'Open "Botpress: Chat with Bot" to install it.',
          noChat: bot,
        };
      run.appendOutput(`Running against ${bot.name} (${bot.botId})\r\n`);
      const chatApiUrl = this.services.botpressAccounts.chatApiUrl();
      return { bot, chat: new ChatClient({ webhookId: webhook.webhookId, chatApiUrl, http: this.services.http }) };
    } catch (err) {
      if (isQuiet(err)) return undefined;
      handleApiError(this.services, err, 'Could not reach the bot for the conversation tests');
      return { problem: `Could not reach the bot: ${describeError(err)}` };
    }
  }

  private report(run: vscode.TestRun, result: TestResult, bot: PickedBot): void {
    const item = this.items.get(result.test.id)!;
    const transcript = result.transcript
      .map((l) => `  ${l.sender === 'me' ? 'me ' : 'bot'} ▸ ${l.text.replace(/\n/g, '\r\n        ')}`)
      .join('\r\n');
    const conversation = result.conversationId ? ` (conversation ${result.conversationId})` : '';
    run.appendOutput(`${result.status === 'passed' ? '✓' : '✗'} ${result.test.name}${conversation}\r\n${transcript}\r\n`, undefined, item);
    if (result.conversationId) this.conversations.set(item.id, { bot, conversationId: result.conversationId });
    switch (result.status) {
      case 'passed':
        return run.passed(item, result.durationMs);
      case 'cancelled':
        return run.skipped(item);
      case 'errored':
        return run.errored(item, new vscode.TestMessage(`${describeError(result.error)}`), result.durationMs);
      case 'failed': {
        const f = result.failure!;
        const diff = failureDiff(f);
        const message = diff ? vscode.TestMessage.diff(f.message, diff.expected, diff.actual) : new vscode.TestMessage(f.message);
        // The message's menus open the conversation it ran and its logs (see openFailed).
        if (result.conversationId) message.contextValue = TestMessageContextValue.conversationTestFailure;
        const onDisk = item.uri && vscode.Uri.file(f.file);
        if (onDisk) message.location = new vscode.Location(onDisk, new vscode.Position(Math.max(0, f.line - 1), 0));
        return run.failed(item, message, result.durationMs);
      }
    }
  }

  dispose(): void {
    clearTimeout(this.refresh);
    this.reader.dispose();
    this.boardReader.dispose();
    for (const d of this.disposables) d.dispose();
  }
}

async function readSuiteFile(uri: vscode.Uri): Promise<SuiteFile> {
  const bytes = await vscode.workspace.fs.readFile(uri);
  try {
    return { file: uri.fsPath, text: new TextDecoder('utf-8', { fatal: true }).decode(bytes) };
  } catch {
    return { file: uri.fsPath, text: '', unreadable: 'The file is not valid UTF-8 text.' };
  }
}

/** The account's bot with this name or id, in its chosen workspace or any of them. */
async function findBot(account: BotpressClient, nameOrId: string): Promise<PickedBot | undefined> {
  const workspaces: string[] = [];
  if (account.workspaceId) workspaces.push(account.workspaceId);
  else for await (const w of account.iterate('listWorkspaces')) workspaces.push(w.id);
  for (const workspaceId of workspaces) {
    const items = await botItems(account.withWorkspace(workspaceId), workspaceId);
    const found = items.find((i) => i.value && (i.value.botId === nameOrId || i.value.name === nameOrId));
    if (found?.value) return found.value;
  }
  return undefined;
}
