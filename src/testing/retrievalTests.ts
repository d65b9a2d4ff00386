/**
 * Retrieval tests in the Test Explorer, beside the conversation tests (a controller of their own): every
 * `*.retrieval.yaml` of the workspace is a file item with a child per test, at its line. A run searches the
 * bot picked for the session (searchFiles, as the bot searches); a failure shows what was expected and what
 * was returned with scores; a malformed file shows its problems.
 */
import * as vscode from 'vscode';
import { runRetrievalFile } from '../api/knowledge';
import { parseRetrievalFile, snippet, type FoundPassage, type RetrievalTest } from '../core/knowledge/retrieval';
import { pathOfKey } from '../core/knowledge/sync';
import { kbTag } from '../core/knowledge/tags';
import type { Services } from '../services';
import { pickBot, type PickedBot } from '../ui/pick';
import { TestController } from '../ids';

const GLOB = '**/*.retrieval.{yaml,yml}';

/** A passage's file as its knowledge base names it (the key without the knowledge base's id). */
const sourceName = (p: FoundPassage) => pathOfKey(p.file.tags[kbTag.kbId] ?? '', p.file.key) ?? p.file.key;

export class RetrievalTests implements vscode.Disposable {
  readonly controller: vscode.TestController;
  private readonly tests = new WeakMap<vscode.TestItem, RetrievalTest>();
  private bot: PickedBot | undefined;
  private readonly disposables: vscode.Disposable[] = [];

  constructor(private readonly services: Services) {
    // Made at activation (its Test Explorer entry is there from the start); its handlers are set here.
    this.controller = services.contributions.testController(TestController.retrievalTests);
    this.controller.resolveHandler = (item) => (item ? Promise.resolve() : this.discover());
    this.controller.refreshHandler = () => this.discover();
    this.controller.createRunProfile('Run', vscode.TestRunProfileKind.Run, (request, token) => this.run(request, token), true);
    const watcher = vscode.workspace.createFileSystemWatcher(GLOB);
    const changed = (uri: vscode.Uri) => void this.readFile(uri);
    this.disposables.push(
      this.controller,
      watcher,
      watcher.onDidCreate(changed),
      watcher.onDidChange(changed),
      watcher.onDidDelete((uri) => this.controller.items.delete(uri.toString())),
    );
    void this.discover();
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }

  async discover(): Promise<void> {
    const files = await vscode.workspace.findFiles(GLOB, '**/{node_modules,.git}/**');
    this.controller.items.replace([]);
    await Promise.all(files.map((f) => this.readFile(f)));
  }

  private async readFile(uri: vscode.Uri): Promise<vscode.TestItem> {
    const text = Buffer.from(await vscode.workspace.fs.readFile(uri)).toString('utf8');
    const parsed = parseRetrievalFile(text);
    const file = this.controller.createTestItem(uri.toString(), vscode.workspace.asRelativePath(uri), uri);
    file.error = parsed.problems.length ? parsed.problems.map((p) => `line ${p.line + 1}: ${p.message}`).join('\n') : undefined;
    for (const t of parsed.tests) {
      const item = this.controller.createTestItem(`${uri.toString()}#${t.line}`, t.name, uri);
      item.range = new vscode.Range(t.line, 0, t.line, 0);
      item.description = `top ${t.k}`;
      this.tests.set(item, t);
      file.children.add(item);
    }
    this.controller.items.add(file);
    return file;
  }

  private async run(request: vscode.TestRunRequest, token: vscode.CancellationToken): Promise<void> {
    const bot =
      this.bot ??
      (await pickBot(
        await this.services.botpress(),
        { title: 'Run Retrieval Tests', placeHolder: 'Bot whose knowledge bases to search' },
        this.services,
      ));
    if (!bot) return;
    this.bot = bot;
    const run = this.controller.createTestRun(request);
    const controller = new AbortController();
    token.onCancellationRequested(() => controller.abort());
    const files = new Map<string, vscode.TestItem[]>();
    const add = (item: vscode.TestItem) => {
      if (this.tests.has(item)) {
        const key = item.uri!.toString();
        files.set(key, [...(files.get(key) ?? []), item]);
      } else item.children.forEach(add);
    };
    if (request.include) request.include.forEach(add);
    else this.controller.items.forEach(add);
    try {
      const client = await this.services.botpress({ workspaceId: bot.workspaceId, botId: bot.botId });
      for (const [key, items] of files) {
        if (token.isCancellationRequested) break;
        const wanted = new Set(items.filter((i) => !request.exclude?.includes(i)).map((i) => this.tests.get(i)!.line));
        items.forEach((i) => run.started(i));
        const text = Buffer.from(await vscode.workspace.fs.readFile(vscode.Uri.parse(key))).toString('utf8');
        const started = Date.now();
        const { parsed, results } = await runRetrievalFile(client, text, undefined, { signal: controller.signal });
        for (const item of items) {
          const t = this.tests.get(item)!;
          const result = results.find((r) => r.test.line === t.line);
          if (!wanted.has(t.line)) continue;
          if (!result) {
            run.errored(
              item,
              new vscode.TestMessage(parsed.problems.map((p) => p.message).join('\n') || 'The test is no longer in its file'),
            );
          } else if (result.passed) run.passed(item, Date.now() - started);
          else {
            const expected = t.expect.file
              ? `file ${t.expect.file} within the top ${t.k}`
              : `a passage containing "${t.expect.text}" within the top ${t.k}`;
            const actual = result.returned
              .map((p, i) => `${i + 1}. ${p.score.toFixed(3)} ${sourceName(p)}\n   ${snippet(p.content, 200)}`)
              .join('\n');
            const message = vscode.TestMessage.diff(result.message.split('\n')[0], expected, actual || 'nothing');
            message.location = new vscode.Location(item.uri!, item.range!);
            run.failed(item, message, Date.now() - started);
          }
        }
      }
    } catch (err) {
      run.appendOutput(`${err instanceof Error ? err.message : String(err)}\r\n`);
      files.forEach((items) =>
        items.forEach((i) => run.errored(i, new vscode.TestMessage(err instanceof Error ? err.message : String(err)))),
      );
    } finally {
      run.end();
    }
  }
}

export function registerRetrievalTests(context: vscode.ExtensionContext, services: Services): void {
  context.subscriptions.push(new RetrievalTests(services));
}
