// An ADK agent against its bot in the Cloud: its tables as a deploy would sync them (created, updated with
// which columns, or unchanged, in the deploy preview's words) and its knowledge bases by name, each difference
// with what fixes it from the editor: create (or update) the table, sync a `DataSource.Directory` folder to its
// knowledge base (the Knowledge feature's sync).
import * as path from 'node:path';
import * as vscode from 'vscode';
import { compareWithCloud } from '../adk/cloud';
import { knowledgeApi } from '../api/knowledge';
import { applyTableSync } from '../deploy/tables';
import type { KnowledgeFolderTarget } from './knowledge';
import { escapeMarkdownLinks } from '../core/text';
import { Command } from '../ids';
import type { Services } from '../services';
import { confirmIrreversible } from '../ui/confirm';
import { handleApiError } from '../ui/errors';
import { requireTrustedWorkspace } from '../ui/trust';

/** Fixes a difference; what to tell the user after, when the fix does not say it itself. */
type Fix = () => PromiseLike<string | undefined>;

export function registerAgentCloud(context: vscode.ExtensionContext, services: Services): void {
  context.subscriptions.push(
    vscode.commands.registerCommand(Command.compareAgentWithCloud, async (arg?: unknown) => {
      try {
        await compare(services, arg);
      } catch (err) {
        handleApiError(services, err, 'Could not compare the agent with its bot');
      }
    }),
  );
}

async function compare(services: Services, arg: unknown): Promise<void> {
  if (!requireTrustedWorkspace("Comparing an ADK agent with its bot (evaluated with the project's own @botpress/runtime)")) return;
  const rowUri = (arg as { resourceUri?: unknown } | undefined)?.resourceUri;
  const uri = arg instanceof vscode.Uri ? arg : rowUri instanceof vscode.Uri ? rowUri : vscode.window.activeTextEditor?.document.uri;
  const project = uri?.scheme === 'file' ? await services.adkProjects.containing(uri.fsPath) : undefined;
  if (!project) {
    void vscode.window.showInformationMessage('Open a file of an ADK agent (its agent.config.ts) first.');
    return;
  }
  const { link, root } = project.project;
  const bots = [
    ...(link.botId ? [{ id: link.botId, label: 'Production bot (agent.json)' }] : []),
    ...(link.devId ? [{ id: link.devId, label: 'Dev bot (agent.local.json)' }] : []),
  ];
  if (!bots.length) {
    void vscode.window.showInformationMessage(
      escapeMarkdownLinks(`${project.relativeRoot} is not linked to a bot yet: run "adk link" or "adk dev" (they write agent.json).`),
    );
    return;
  }
  const bot =
    bots.length === 1
      ? bots[0]
      : (
          await vscode.window.showQuickPick(
            bots.map((b) => ({ label: b.label, description: b.id, bot: b })),
            { placeHolder: 'Compare with which bot?' },
          )
        )?.bot;
  if (!bot) return;
  const workspaceId = link.workspaceId ?? services.botpressAccounts.store.active()?.workspaceId;
  const evaluation = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: `Comparing ${project.relativeRoot} with bot ${bot.id}…` },
    async () => {
      const e = await services.adkEvaluator.evaluate(root);
      const client = await services.botpress({ ...(workspaceId ? { workspaceId } : {}), botId: bot.id });
      const [tables, kbs, remote] = await Promise.all([
        client.listTables({}).then((r) => r.tables),
        knowledgeApi(client).listKnowledgeBases(),
        client.getBot({ id: bot.id }).then((r) => r.bot),
      ]);
      return { e, client, tables, kbs, botName: remote.name || bot.id };
    },
  );
  const { e, client, tables, kbs, botName } = evaluation;
  if (!e.outline) {
    void vscode.window.showWarningMessage('The agent could not be evaluated: see its problems first.');
    return;
  }
  const c = compareWithCloud(root, e.outline.primitives, tables, kbs);
  type Item = vscode.QuickPickItem & { fix?: Fix };
  const items: Item[] = [{ label: 'Tables', kind: vscode.QuickPickItemKind.Separator }];
  c.tables.forEach((change, i) => {
    const line = c.tableLines[i];
    const plan = { definitions: c.definitions, changes: [change], lines: [line] };
    const ask = (lines: string[]) =>
      confirmIrreversible({
        message: `Updating table ${change.name} from the agent loses values. Continue?`,
        detail: lines.join('\n'),
        keep: 'Keep Table',
        action: 'Update Table',
      });
    const apply = (done: string) => async () =>
      (await applyTableSync(client, plan, ask)).applied ? `Table ${change.name} ${done} on ${botName}.` : undefined;
    if (change.action === 'create')
      items.push({ label: `$(add) ${line}`, detail: `Missing from the bot: Create Table ${change.name}`, fix: apply('created') });
    else if (change.action === 'update' && (change.added.length || change.removed.length || change.retyped.length))
      items.push({ label: `$(diff) ${line}`, detail: `Differs: Update Table ${change.name} from the agent`, fix: apply('updated') });
    else items.push({ label: `$(check) ${line}` });
  });
  items.push({ label: 'Knowledge bases', kind: vscode.QuickPickItemKind.Separator });
  for (const k of c.knowledge) {
    const where = k.status === 'missing' ? 'not in the bot' : 'in the bot';
    const sync = (folder: string): Item => ({
      label: `$(${k.status === 'missing' ? 'add' : 'sync'}) knowledge ${k.name}: ${where}`,
      detail: `Sync Folder ${path.relative(root, folder) || '.'} to Knowledge Base ${k.name}`,
      // The sync asks with its preview and reports what it did.
      fix: async () => {
        const target: KnowledgeFolderTarget = { folder: vscode.Uri.file(folder), workspaceId, botId: bot.id, kb: k.name };
        await vscode.commands.executeCommand(Command.syncKnowledge, target);
        return undefined;
      },
    });
    if (k.status === 'extra') items.push({ label: `$(info) knowledge ${k.name}: in the bot, not in the agent (kept)` });
    else if (k.folders.length) items.push(...k.folders.map(sync));
    else
      items.push({
        label: `$(${k.status === 'missing' ? 'warning' : 'check'}) knowledge ${k.name}: ${where}`,
      });
  }
  const picked = await vscode.window.showQuickPick(items, {
    title: `${e.outline.name ?? project.relativeRoot} against bot ${botName}`,
    placeHolder: 'Pick a difference to fix it',
    matchOnDetail: true,
  });
  const done = await picked?.fix?.();
  if (done) void vscode.window.showInformationMessage(escapeMarkdownLinks(done));
}
