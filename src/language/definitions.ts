import * as path from 'node:path';
import * as vscode from 'vscode';
import {
  completionsAt,
  definitionFileKind,
  hoverAt,
  lineIndex,
  newDefinition,
  type DefinitionKind,
  type Problem,
} from '../core/definitions';
import { BackgroundChecker, tooLargeToType } from '../core/definitions/background';
import type { Services } from '../services';
import { escapeMarkdownLinks } from '../core/text';
import { problemDocsBase, toDiagnostic } from './diagnostics';
import { Command } from '../ids';

/**
 * Definition files get their own languages (for the file icon and the association), YAML and JSON
 * underneath. The toolkit's diagnostics are the single source of problems. The schemas contributed
 * through jsonValidation / yamlValidation (generated into schemas/) carry structure, descriptions
 * and allowed values but no constraint, so the JSON and YAML language services add completions and
 * hovers without reporting anything twice. JSON files get hovers and completions from the JSON
 * language service (a jsonLanguageParticipant); YAML files from the providers below (registered
 * at activation for the botpress-definition-yaml and -json languages, src/activation.ts).
 */
const GLOB = '**/{bot,integration}.definition.{yaml,yml,json}';
const DEBOUNCE_MS = 250;

export function registerDefinitions(context: vscode.ExtensionContext, services: Services): void {
  const diagnostics = vscode.languages.createDiagnosticCollection('botpress-definitions');
  const docsBase = problemDocsBase(context);
  /** The last check of each open document, for the quick fixes. */
  const checked = new Map<string, { version: number; problems: Problem[] }>();
  const timers = new Map<string, ReturnType<typeof setTimeout>>();
  const checker = new BackgroundChecker(path.join(context.extensionPath, 'dist', 'definitionsWorker.js'));

  /** Files on disk and new files; not the read-only copies of other views (git diffs, remote resources). */
  const kindOf = (uri: vscode.Uri) => (uri.scheme === 'file' || uri.scheme === 'untitled' ? definitionFileKind(uri.path)?.kind : undefined);

  const publish = (uri: vscode.Uri, problems: Problem[], toPosition: (offset: number) => vscode.Position) =>
    diagnostics.set(
      uri,
      problems.map((p) => toDiagnostic(p, new vscode.Range(toPosition(p.start), toPosition(p.end)), docsBase)),
    );

  /**
   * Every check, on the worker; undefined when a newer one replaced it. A file too large to check as
   * you type gets its notice (BP104) beside the problems of its last full check.
   */
  const check = async (uri: vscode.Uri, text: string, kind: DefinitionKind): Promise<Problem[] | undefined> => {
    const found = await checker.check(uri.toString(), { text, kind, fileName: uri.fsPath || uri.path, checkFiles: uri.scheme === 'file' });
    const notice = tooLargeToType(text);
    return found && (notice ? [notice, ...found] : found);
  };

  /** Checks an open document (on open, on save, as you type) and publishes what it finds, if still current. */
  const checkDocument = async (doc: vscode.TextDocument, typing = false): Promise<Problem[] | undefined> => {
    const kind = kindOf(doc.uri);
    if (!kind) return undefined;
    const text = doc.getText();
    const version = doc.version;
    const notice = typing ? tooLargeToType(text) : undefined;
    let problems: Problem[] | undefined;
    try {
      problems = notice ? [notice] : await check(doc.uri, text, kind);
    } catch (err) {
      services.output.warn(`Could not check ${doc.uri.fsPath || doc.uri.path}: ${err instanceof Error ? err.message : String(err)}`);
      return undefined;
    }
    if (!problems || doc.isClosed || doc.version !== version) return undefined;
    publish(doc.uri, problems, (o) => doc.positionAt(o));
    checked.set(doc.uri.toString(), { version, problems });
    return problems;
  };

  const checkLater = (doc: vscode.TextDocument) => {
    if (!kindOf(doc.uri)) return;
    const key = doc.uri.toString();
    clearTimeout(timers.get(key));
    timers.set(
      key,
      setTimeout(() => {
        timers.delete(key);
        if (!doc.isClosed) void checkDocument(doc, true);
      }, DEBOUNCE_MS),
    );
  };

  /** Files not open in an editor are checked from disk (on activation and when they change). */
  const checkFile = async (uri: vscode.Uri) => {
    const kind = kindOf(uri);
    if (!kind || vscode.workspace.textDocuments.some((d) => d.uri.toString() === uri.toString())) return;
    try {
      const text = new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
      const problems = await check(uri, text, kind);
      if (!problems || vscode.workspace.textDocuments.some((d) => d.uri.toString() === uri.toString())) return;
      const lines = lineIndex(text);
      publish(uri, problems, (o) => {
        const p = lines.position(o);
        return new vscode.Position(p.line, p.character);
      });
    } catch (err) {
      services.output.warn(`Could not check ${uri.fsPath}: ${err instanceof Error ? err.message : String(err)}`);
    }
  };

  /** Files changed on disk, outside dependencies (as the first scan skips them). */
  const checkWatched = (uri: vscode.Uri) => (/\/(node_modules|\.git)\//.test(uri.path) ? undefined : checkFile(uri));

  const watcher = vscode.workspace.createFileSystemWatcher(GLOB);
  context.subscriptions.push(
    diagnostics,
    watcher,
    { dispose: () => timers.forEach((t) => clearTimeout(t)) },
    { dispose: () => checker.dispose() },
    vscode.workspace.onDidOpenTextDocument((doc) => void checkDocument(doc)),
    vscode.workspace.onDidChangeTextDocument((e) => checkLater(e.document)),
    vscode.workspace.onDidSaveTextDocument((doc) => void checkDocument(doc)),
    vscode.workspace.onDidCloseTextDocument((doc) => {
      checked.delete(doc.uri.toString());
      checker.cancel(doc.uri.toString());
      if (doc.uri.scheme === 'file') void checkFile(doc.uri);
      else diagnostics.delete(doc.uri);
    }),
    watcher.onDidCreate(checkWatched),
    watcher.onDidChange(checkWatched),
    watcher.onDidDelete((uri) => diagnostics.delete(uri)),
  );
  // Registered at activation for definition YAML (hover, completions) and YAML and JSON (quick fixes).
  services.contributions.hoverProvider('definitions', {
    provideHover(doc, position) {
      const kind = kindOf(doc.uri);
      const hover = kind && hoverAt(doc.getText(), doc.offsetAt(position), kind, 'yaml');
      if (!hover) return undefined;
      return new vscode.Hover(
        new vscode.MarkdownString(hover.markdown),
        new vscode.Range(doc.positionAt(hover.start), doc.positionAt(hover.end)),
      );
    },
  });
  services.contributions.completionItemProvider('definitions', {
    provideCompletionItems(doc, position) {
      const kind = kindOf(doc.uri);
      if (!kind) return [];
      return completionsAt(doc.getText(), doc.offsetAt(position), kind, 'yaml').map((c) => {
        const item = new vscode.CompletionItem(
          c.label,
          c.kind === 'key' ? vscode.CompletionItemKind.Property : vscode.CompletionItemKind.EnumMember,
        );
        item.insertText = c.insertText;
        item.range = new vscode.Range(doc.positionAt(c.start), doc.positionAt(c.end));
        item.detail = c.detail;
        if (c.documentation) item.documentation = new vscode.MarkdownString(c.documentation);
        return item;
      });
    },
  });
  services.contributions.codeActionsProvider('definitions', {
    async provideCodeActions(doc, _range, ctx) {
      let last = checked.get(doc.uri.toString());
      if (!last || last.version !== doc.version) {
        await checkDocument(doc);
        last = checked.get(doc.uri.toString());
      }
      const actions: vscode.CodeAction[] = [];
      for (const diagnostic of ctx.diagnostics) {
        if (diagnostic.source !== 'botpress') continue;
        const code = typeof diagnostic.code === 'object' ? diagnostic.code.value : diagnostic.code;
        const problem = last?.problems.find(
          (p) => p.code === code && doc.offsetAt(diagnostic.range.start) === p.start && doc.offsetAt(diagnostic.range.end) === p.end,
        );
        problem?.fixes?.forEach((fix, i) => {
          const action = new vscode.CodeAction(fix.title, vscode.CodeActionKind.QuickFix);
          action.diagnostics = [diagnostic];
          action.isPreferred = i === 0;
          action.edit = new vscode.WorkspaceEdit();
          for (const e of fix.edits)
            action.edit.replace(doc.uri, new vscode.Range(doc.positionAt(e.start), doc.positionAt(e.end)), e.newText);
          actions.push(action);
        });
      }
      return actions;
    },
  });
  context.subscriptions.push(
    vscode.commands.registerCommand(Command.newBotDefinition, (folder?: vscode.Uri) => createDefinition('bot', folder)),
    vscode.commands.registerCommand(Command.newIntegrationDefinition, (folder?: vscode.Uri) => createDefinition('integration', folder)),
  );

  vscode.workspace.textDocuments.forEach((doc) => void checkDocument(doc));
  void vscode.workspace.findFiles(GLOB, '**/{node_modules,.git}/**').then((uris) => uris.forEach((u) => void checkFile(u)));
}

/** Writes a small valid definition into a folder, never over an existing file, and opens it. */
async function createDefinition(kind: DefinitionKind, target?: vscode.Uri): Promise<void> {
  let folder = target instanceof vscode.Uri ? target : undefined;
  if (folder) {
    const stat = await vscode.workspace.fs.stat(folder);
    if (stat.type & vscode.FileType.File) folder = vscode.Uri.joinPath(folder, '..');
  } else {
    folder = await askFolder(kind);
  }
  if (!folder) return;
  const existing = await findExisting(folder, kind);
  if (existing) {
    await vscode.window.showTextDocument(existing);
    void vscode.window.showInformationMessage(
      escapeMarkdownLinks(`${path.posix.basename(existing.path)} already exists here: opened it, nothing was overwritten.`),
    );
    return;
  }
  const file = vscode.Uri.joinPath(folder, `${kind}.definition.yaml`);
  await vscode.workspace.fs.writeFile(file, new TextEncoder().encode(newDefinition(kind, path.posix.basename(folder.path))));
  await vscode.window.showTextDocument(file);
}

/**
 * Where to write a new definition: the active editor's folder, the workspace folders and their subfolders (a
 * project each, as a rule), or another folder chosen in a dialog.
 */
async function askFolder(kind: DefinitionKind): Promise<vscode.Uri | undefined> {
  const browse = Symbol('browse');
  type Item = vscode.QuickPickItem & { uri?: vscode.Uri; browse?: typeof browse };
  const roots = vscode.workspace.workspaceFolders ?? [];
  const candidates: vscode.Uri[] = [];
  const active = vscode.window.activeTextEditor?.document.uri;
  if (active?.scheme === 'file' && vscode.workspace.getWorkspaceFolder(active)) candidates.push(vscode.Uri.joinPath(active, '..'));
  for (const root of roots) {
    candidates.push(root.uri);
    const entries = await Promise.resolve(vscode.workspace.fs.readDirectory(root.uri)).catch(() => []);
    for (const [name, type] of entries.sort(([a], [b]) => a.localeCompare(b)))
      if (type & vscode.FileType.Directory && !name.startsWith('.') && name !== 'node_modules')
        candidates.push(vscode.Uri.joinPath(root.uri, name));
  }
  const seen = new Set<string>();
  const items: Item[] = [];
  for (const uri of candidates) {
    if (seen.has(uri.toString())) continue;
    seen.add(uri.toString());
    const has = await findExisting(uri, kind);
    const root = roots.some((r) => r.uri.toString() === uri.toString());
    const name = root ? `${path.posix.basename(uri.path)} (workspace root)` : vscode.workspace.asRelativePath(uri, roots.length > 1);
    items.push({
      label: `$(folder) ${name}`,
      description: has ? `has ${path.posix.basename(has.path)}: opens it` : undefined,
      uri,
    });
  }
  items.push({ label: '$(folder-opened) Another Folder…', browse });
  const picked = await vscode.window.showQuickPick(items, {
    title: `New ${kind === 'bot' ? 'Bot' : 'Integration'} Definition`,
    placeHolder: `Folder to write ${kind}.definition.yaml in`,
    ignoreFocusOut: true,
  });
  if (!picked?.browse) return picked?.uri;
  const chosen = await vscode.window.showOpenDialog({ canSelectFolders: true, canSelectFiles: false, openLabel: 'Create Here' });
  return chosen?.[0];
}

/** The folder's definition of that kind, as .yaml, .yml or .json, if it has one. */
export async function findExisting(folder: vscode.Uri, kind: DefinitionKind): Promise<vscode.Uri | undefined> {
  for (const ext of ['yaml', 'yml', 'json']) {
    const uri = vscode.Uri.joinPath(folder, `${kind}.definition.${ext}`);
    try {
      await vscode.workspace.fs.stat(uri);
      return uri;
    } catch {
      // absent: try the next extension
    }
  }
  return undefined;
}
