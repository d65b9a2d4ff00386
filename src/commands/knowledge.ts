// "Botpress: Sync Folder to Knowledge Base…": a folder's documents uploaded, replaced or deleted by content
// hash, after a preview (deletions never the default); progress per file with cancel; indexing awaited, and
// a file that fails indexing becomes a problem on it with the service's reason. The mapping of folders to
// knowledge bases is shared in `botpress.knowledge.json`, checked as it is typed (unknown bot, missing folder).
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { knowledgeApi } from '../api/knowledge';
import type { BotpressClient } from '../api/botpress';
import { mappingFileName, parseMappingFile, type KnowledgeMapping } from '../core/knowledge/mapping';
import { ensureKnowledgeBase, planIsEmpty, planSync, runSync, scanFolder, type SyncPlan } from '../core/knowledge/sync';
import { escapeMarkdownLinks } from '../core/text';
import type { Services } from '../services';
import { handleApiError } from '../ui/errors';
import { pickBot } from '../ui/pick';
import { KnowledgeBaseNode, KnowledgeBasesNode } from '../views/botpress/knowledge';
import { workspaceMappings, type ResolvedMapping } from '../workspace/knowledgeMappings';
import { Command } from '../ids';

export function registerKnowledge(context: vscode.ExtensionContext, services: Services): void {
  const failures = vscode.languages.createDiagnosticCollection('botpress-knowledge');
  const mappingProblems = vscode.languages.createDiagnosticCollection('botpress-knowledge-mapping');
  const checkMapping = (doc: vscode.TextDocument) => {
    if (path.basename(doc.uri.fsPath) === mappingFileName && doc.uri.scheme === 'file')
      void checkMappingFile(services, doc).then((d) => mappingProblems.set(doc.uri, d));
  };
  context.subscriptions.push(
    failures,
    mappingProblems,
    vscode.commands.registerCommand(Command.syncKnowledge, (arg?: unknown) => syncCommand(services, failures, arg)),
    vscode.workspace.onDidOpenTextDocument(checkMapping),
    vscode.workspace.onDidChangeTextDocument((e) => checkMapping(e.document)),
    vscode.workspace.onDidCloseTextDocument((doc) => mappingProblems.delete(doc.uri)),
  );
  vscode.workspace.textDocuments.forEach(checkMapping);
}

/** The shape problems, then a folder that does not exist and a bot the account cannot see. */
async function checkMappingFile(services: Services, doc: vscode.TextDocument): Promise<vscode.Diagnostic[]> {
  const text = doc.getText();
  const { mappings, problems } = parseMappingFile(text);
  const range = (s: { start: number; end: number }) => new vscode.Range(doc.positionAt(s.start), doc.positionAt(s.end));
  const out = problems.map((p) => new vscode.Diagnostic(range(p), p.message, vscode.DiagnosticSeverity.Error));
  const dir = path.dirname(doc.uri.fsPath);
  for (const { mapping, at } of mappings) {
    const folder = path.join(dir, mapping.folder);
    if (!fs.existsSync(folder) || !fs.statSync(folder).isDirectory())
      out.push(new vscode.Diagnostic(range(at.folder!), `Folder "${mapping.folder}" does not exist next to ${mappingFileName}`));
    const known = await botExists(services, mapping).catch(() => undefined);
    if (known === false)
      out.push(new vscode.Diagnostic(range(at.bot!), `Unknown bot "${mapping.bot}": the signed-in account cannot see it`));
  }
  for (const d of out) d.source = 'botpress';
  return out;
}

const botChecks = new Map<string, Promise<boolean>>();
function botExists(services: Services, m: KnowledgeMapping): Promise<boolean> {
  const key = `${m.workspace ?? ''}/${m.bot}`;
  let check = botChecks.get(key);
  if (!check) {
    check = services
      .botpress(m.workspace ? { workspaceId: m.workspace } : {})
      .then((c) => c.getBot({ id: m.bot }))
      .then(
        () => true,
        (err: { status?: number }) => (err.status === 404 || err.status === 400 ? false : Promise.reject(err)),
      );
    botChecks.set(key, check);
    setTimeout(() => botChecks.delete(key), 60_000).unref?.();
  }
  return check;
}

/** What to sync, from the command's argument: a mapping file, a folder, or a bot / knowledge base of the explorer. */
/** The argument that names a sync completely: `folder` into knowledge base `kb` of the bot. */
export interface KnowledgeFolderTarget {
  readonly folder: vscode.Uri;
  readonly workspaceId?: string;
  readonly botId: string;
  readonly kb: string;
}

function isFolderTarget(arg: unknown): arg is KnowledgeFolderTarget {
  const t = arg as Partial<KnowledgeFolderTarget> | undefined;
  return !!t && t.folder instanceof vscode.Uri && typeof t.botId === 'string' && typeof t.kb === 'string';
}

async function resolveMapping(services: Services, arg: unknown): Promise<ResolvedMapping | undefined> {
  const all = await workspaceMappings();
  let candidates = all;
  let folder: string | undefined;
  let target: { workspaceId: string; botId: string; kb?: string } | undefined;
  // A folder and the knowledge base it feeds, both known (an ADK agent's `DataSource.Directory`): nothing to ask or remember.
  if (isFolderTarget(arg))
    return {
      folder: path.basename(arg.folder.fsPath),
      folderPath: arg.folder.fsPath,
      bot: arg.botId,
      workspace: arg.workspaceId,
      kb: arg.kb,
    };
  if (arg instanceof vscode.Uri && path.basename(arg.fsPath) === mappingFileName)
    candidates = all.filter((m) => m.mappingFile?.fsPath === arg.fsPath);
  else if (arg instanceof vscode.Uri) {
    folder = arg.fsPath;
    candidates = all.filter((m) => path.resolve(m.folderPath) === path.resolve(folder!));
  } else if (arg instanceof KnowledgeBaseNode) {
    target = { workspaceId: arg.workspaceId, botId: arg.botId, kb: arg.name };
    candidates = all.filter((m) => m.bot === arg.botId && m.kb === arg.name);
  } else if (arg instanceof KnowledgeBasesNode || (arg && typeof arg === 'object' && 'botId' in arg && 'workspaceId' in arg)) {
    const a = arg as { workspaceId: string; botId: string };
    target = { workspaceId: a.workspaceId, botId: a.botId };
    candidates = all.filter((m) => m.bot === a.botId);
  }
  if (candidates.length === 1) return candidates[0];
  if (candidates.length > 1) {
    const picked = await vscode.window.showQuickPick(
      candidates.map((m) => ({ label: `${m.folder} → ${m.kb}`, description: `bot ${m.bot}`, value: m })),
      { title: 'Sync Folder to Knowledge Base', placeHolder: `A mapping of ${mappingFileName}`, ignoreFocusOut: true },
    );
    return picked?.value;
  }
  // No mapping yet: ask, then offer to remember it.
  if (!folder) {
    const picked = await vscode.window.showOpenDialog({
      canSelectFolders: true,
      canSelectFiles: false,
      title: 'Folder of documents to sync',
    });
    folder = picked?.[0]?.fsPath;
    if (!folder) return undefined;
  }
  if (!target) {
    const bot = await pickBot(
      await services.botpress(),
      { title: 'Sync Folder to Knowledge Base', placeHolder: 'Bot whose knowledge base it is' },
      services,
    );
    if (!bot) return undefined;
    target = { workspaceId: bot.workspaceId, botId: bot.botId };
  }
  const kb = target.kb ?? (await pickKnowledgeBase(await services.botpress(target), path.basename(folder)));
  if (!kb) return undefined;
  const resolved: ResolvedMapping = {
    folder: path.basename(folder),
    folderPath: folder,
    bot: target.botId,
    workspace: target.workspaceId,
    kb,
  };
  await offerToRemember(resolved);
  return resolved;
}

async function pickKnowledgeBase(client: BotpressClient, suggestion: string): Promise<string | undefined> {
  const items: (vscode.QuickPickItem & { name?: string })[] = [{ label: '$(add) New knowledge base…' }];
  for await (const kb of client.iterate('listKnowledgeBases', {}))
    items.push({ label: `$(library) ${kb.name}`, description: kb.id, name: kb.name });
  const picked = await vscode.window.showQuickPick(items, {
    title: 'Sync Folder to Knowledge Base',
    placeHolder: 'Knowledge base',
    ignoreFocusOut: true,
  });
  if (!picked) return undefined;
  if (picked.name) return picked.name;
  return vscode.window.showInputBox({
    title: 'New knowledge base',
    prompt: 'Its name (it is created on the first sync)',
    value: suggestion,
    validateInput: (v) => (v.trim() ? undefined : 'A name is required'),
  });
}

/** Adds the mapping to the workspace folder's botpress.knowledge.json when the user agrees. */
async function offerToRemember(m: ResolvedMapping): Promise<void> {
  const root = vscode.workspace.getWorkspaceFolder(vscode.Uri.file(m.folderPath));
  if (!root) return;
  const save = 'Save Mapping';
  const answer = await vscode.window.showInformationMessage(
    escapeMarkdownLinks(`Remember "${path.basename(m.folderPath)}" → "${m.kb}" in ${mappingFileName}, for the team?`),
    save,
    'Not Now',
  );
  if (answer !== save) return;
  const refused = await saveMapping(root.uri, m);
  if (refused) void vscode.window.showWarningMessage(escapeMarkdownLinks(refused));
}

/**
 * Appends `m` to `<root>/botpress.knowledge.json`; the file as the user has it is never written over: with
 * unsaved edits, or text that is not a mapping file, it is left alone and the reason returned.
 */
export async function saveMapping(root: vscode.Uri, m: ResolvedMapping): Promise<string | undefined> {
  const file = vscode.Uri.joinPath(root, mappingFileName);
  const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === file.toString());
  if (open?.isDirty) return `${mappingFileName} has unsaved changes: save it, then sync again to remember the mapping.`;
  let current: { mappings?: KnowledgeMapping[] } = {};
  let text: string | undefined;
  try {
    text = Buffer.from(await vscode.workspace.fs.readFile(file)).toString('utf8');
  } catch {
    // a new file
  }
  if (text !== undefined) {
    const { problems } = parseMappingFile(text);
    if (problems.length) return `${mappingFileName} was left as it is: fix its problems first (${problems[0]!.message}).`;
    current = JSON.parse(text.replace(/^\uFEFF/, '')) as typeof current;
  }
  m.folder = path.relative(root.fsPath, m.folderPath).split(path.sep).join('/') || '.';
  current.mappings = [...(current.mappings ?? []), { folder: m.folder, bot: m.bot, workspace: m.workspace, kb: m.kb }];
  await vscode.workspace.fs.writeFile(file, Buffer.from(JSON.stringify(current, null, 2) + '\n'));
  m.mappingFile = file;
  return undefined;
}

function describePlan(plan: SyncPlan): string {
  const list = (title: string, paths: string[]) =>
    paths.length ? `${title} (${paths.length}): ${paths.slice(0, 8).join(', ')}${paths.length > 8 ? ', …' : ''}\n` : '';
  const deleted = plan.delete.map((r) => r.key.slice(plan.kbId.length + 1));
  return (
    list(
      'Added',
      plan.add.map((d) => d.path),
    ) +
    list(
      'Replaced',
      plan.replace.map((r) => r.local.path),
    ) +
    list('Only in the knowledge base (deleted only if you choose to)', deleted) +
    `Unchanged: ${plan.unchanged.length}`
  );
}

async function syncCommand(services: Services, failures: vscode.DiagnosticCollection, arg: unknown): Promise<void> {
  try {
    const m = await resolveMapping(services, arg);
    if (!m) return;
    if (!fs.existsSync(m.folderPath)) {
      void vscode.window.showErrorMessage(
        escapeMarkdownLinks(`Folder ${m.folderPath} does not exist: fix "${m.folder}" in ${mappingFileName}.`),
      );
      return;
    }
    const client = await services.botpress({ workspaceId: m.workspace, botId: m.bot });
    const api = knowledgeApi(client);
    const kb = await ensureKnowledgeBase(api, m.kb);
    if (kb.created) services.output.info(`Created knowledge base "${m.kb}" (${kb.id}) on bot ${m.bot}.`);
    const plan = planSync(kb.id, scanFolder(m.folderPath, m.include, m.exclude), await api.listFiles(kb.id));
    const title = `Sync ${path.basename(m.folderPath)} → ${m.kb}`;
    if (planIsEmpty(plan, true)) {
      void vscode.window.showInformationMessage(
        escapeMarkdownLinks(`${title}: nothing to send, the knowledge base is up to date (${plan.unchanged.length} files).`),
      );
      return;
    }
    // The safe answer first: VS Code focuses it.
    const choices: vscode.MessageItem[] = [];
    if (!planIsEmpty(plan, false)) choices.push({ title: 'Sync' });
    if (plan.delete.length) choices.push({ title: `Sync and Delete ${plan.delete.length}` });
    const answer = await vscode.window.showWarningMessage(
      escapeMarkdownLinks(`${title}?`),
      { modal: true, detail: describePlan(plan) },
      ...choices,
    );
    if (!answer) return;
    const withDeletes = answer.title.startsWith('Sync and Delete');
    const total = plan.add.length + plan.replace.length + (withDeletes ? plan.delete.length : 0);
    const outcomes = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title, cancellable: true },
      async (progress, token) => {
        const controller = new AbortController();
        token.onCancellationRequested(() => controller.abort());
        let done = 0;
        return runSync(api, plan, {
          delete: withDeletes,
          signal: controller.signal,
          read: async (p) => fs.promises.readFile(path.join(m.folderPath, p)),
          onFile: (p, state, reason) => {
            services.output.info(`[knowledge] ${p}: ${state}${reason ? ` (${reason})` : ''}`);
            if (['indexed', 'failed', 'deleted', 'error', 'cancelled'].includes(state)) done++;
            progress.report({ message: `${done}/${total} · ${p}: ${state}` });
          },
        });
      },
    );
    for (const o of outcomes) {
      const uri = vscode.Uri.file(path.join(m.folderPath, o.path));
      if (o.state === 'failed' || o.state === 'error') {
        const d = new vscode.Diagnostic(
          new vscode.Range(0, 0, 0, 0),
          `Knowledge base "${m.kb}": ${o.reason}`,
          vscode.DiagnosticSeverity.Error,
        );
        d.source = 'botpress';
        failures.set(uri, [d]);
      } else failures.delete(uri);
    }
    const count = (s: string) => outcomes.filter((o) => o.state === s).length;
    const summary =
      `${title}: ${count('indexed')} indexed, ${count('failed')} failed indexing, ${count('deleted')} deleted, ` +
      `${count('error')} errors, ${count('cancelled')} cancelled; ${plan.unchanged.length} unchanged.`;
    services.output.info(summary);
    if (count('failed') || count('error')) void vscode.window.showWarningMessage(escapeMarkdownLinks(`${summary} See the Problems view.`));
    else void vscode.window.showInformationMessage(escapeMarkdownLinks(summary));
    services.explorer.refresh();
  } catch (err) {
    handleApiError(services, err, 'Could not sync the folder');
  }
}
