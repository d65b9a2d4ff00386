import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { BotpressAccounts } from '../auth/access';
import type { Services } from '../services';
import { sdkDefinitionFiles } from '../sdk/project';
import {
  checkProjectName,
  checkWorkspaceHandle,
  definitionFileOf,
  newProjectFiles,
  projectFolderName,
  writeProjectFiles,
  type NewProjectKind,
} from '../sdk/templates';
import { runNpm } from '../tasks/bp';
import { npmView, projectVersions } from '../sdk/versions';
import { escapeMarkdownLinks } from '../core/text';
import { Command } from '../ids';

/**
 * `Botpress: New Bot Project` / `New Integration Project`: the layout of `bp init`'s empty templates in a
 * new folder (named after the project) of the chosen folder, never over an existing file; then
 * `npm install` on request.
 */
export function registerNewProject(context: vscode.ExtensionContext, services: Services): void {
  const accounts = services.botpressAccounts;
  context.subscriptions.push(
    vscode.commands.registerCommand(Command.newBotProject, (folder?: vscode.Uri) => newProject('bot', folder, accounts)),
    vscode.commands.registerCommand(Command.newIntegrationProject, (folder?: vscode.Uri) => newProject('integration', folder, accounts)),
  );
}

async function newProject(kind: NewProjectKind, target: unknown, accounts: BotpressAccounts): Promise<void> {
  const parent = await parentFolder(kind, target instanceof vscode.Uri ? target : undefined);
  if (!parent) return;
  const name = await vscode.window.showInputBox({
    title: `New ${kind} project`,
    prompt: `Name of the ${kind}; the project goes into a new folder of ${path.basename(parent)} named after it`,
    value: kind === 'bot' ? 'my-bot' : 'my-integration',
    ignoreFocusOut: true,
    validateInput: (v) => checkProjectName(v),
  });
  if (!name) return;
  let handle: string | undefined;
  if (kind === 'integration' && !name.includes('/')) {
    handle = await vscode.window.showInputBox({
      title: 'New integration project',
      prompt: 'Your workspace handle: the integration is named <handle>/<name> (package.json integrationName)',
      value: await activeWorkspaceHandle(accounts),
      ignoreFocusOut: true,
      validateInput: (v) => checkWorkspaceHandle(v.trim()),
    });
    if (!handle) return;
  }
  const shortName = name.trim().split('/').pop()!;
  const dir = path.join(parent, projectFolderName(shortName));
  const existing = sdkDefinitionFiles.map((f) => path.join(dir, f)).find((f) => fs.existsSync(f));
  if (existing) {
    await vscode.window.showTextDocument(vscode.Uri.file(existing));
    void vscode.window.showInformationMessage(
      escapeMarkdownLinks(`${path.basename(dir)} already holds ${path.basename(existing)}: opened it, nothing was written.`),
    );
    return;
  }
  // The newest SDK and CLI that work together, asked of the registry now (not a constant of the toolkit).
  const versions = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: 'Asking the npm registry for the newest SDK and CLI that work together…' },
    () => projectVersions(npmView(parent)),
  );
  let result: ReturnType<typeof writeProjectFiles>;
  try {
    result = writeProjectFiles(dir, newProjectFiles(kind, name, handle?.trim(), versions));
  } catch (err) {
    void vscode.window.showErrorMessage(
      escapeMarkdownLinks(`Could not create the project in ${dir}: ${err instanceof Error ? err.message : String(err)}`),
    );
    return;
  }
  await vscode.window.showTextDocument(vscode.Uri.file(path.join(dir, definitionFileOf(kind))));
  const kept = result.kept.length ? ` Kept the existing ${result.kept.join(', ')}.` : '';
  const chosen = `@botpress/sdk ${versions.sdk}${versions.cli ? ` with @botpress/cli ${versions.cli}` : ''}`;
  if (versions.note) void vscode.window.showWarningMessage(escapeMarkdownLinks(versions.note));
  const choice = await vscode.window.showInformationMessage(
    escapeMarkdownLinks(
      `Created the ${kind} project ${path.basename(dir)} (${chosen}).${kept} ` + 'Install its dependencies to have it checked as you type.',
    ),
    'Run npm install',
  );
  if (choice === 'Run npm install') await runNpm(dir, 'npm install', `npm install (${path.basename(dir)})`);
}

async function parentFolder(kind: NewProjectKind, target?: vscode.Uri): Promise<string | undefined> {
  if (target?.scheme === 'file') {
    const stat = fs.statSync(target.fsPath, { throwIfNoEntry: false });
    return stat?.isDirectory() ? target.fsPath : path.dirname(target.fsPath);
  }
  const folders = (vscode.workspace.workspaceFolders ?? []).filter((f) => f.uri.scheme === 'file');
  if (folders.length === 1) return folders[0].uri.fsPath;
  if (folders.length > 1)
    return (await vscode.window.showWorkspaceFolderPick({ placeHolder: `Folder to create the ${kind} project in` }))?.uri.fsPath;
  return (await vscode.window.showOpenDialog({ canSelectFolders: true, canSelectFiles: false, openLabel: 'Create the project here' }))?.[0]
    ?.fsPath;
}

/** The handle of the active account's workspace, when one is signed in and the workspace has one. */
async function activeWorkspaceHandle(accounts: BotpressAccounts): Promise<string | undefined> {
  const account = accounts.store.active();
  if (!account?.workspaceId) return undefined;
  try {
    const client = await accounts.client({}, account);
    return (await client.getWorkspace({ id: account.workspaceId })).handle ?? undefined;
  } catch {
    return undefined; // offline or refused: the user types the handle
  }
}
