// Deploy Plugin: a `plugin.definition.ts` (or `interface.definition.ts`) project deployed as `bp deploy` does
// (src/deploy/plugin.ts): evaluated with the project's SDK, bundled for node and the browser, its dependencies
// resolved, and a modal listing what changes; overwriting a version already in the workspace is never the default.
import * as vscode from 'vscode';
import { describeError } from '../api/errors';
import { describeChanges, formatBytes } from '../core/deploy';
import { escapeMarkdownLinks } from '../core/text';
import { loadEsbuild } from '../deploy/bundle';
import { preparePackage, sendPackage } from '../deploy/plugin';
import { sdkDefinitionKind } from '../sdk/project';
import type { Services } from '../services';
import { pickWorkspace } from '../ui/pick';
import { requireTrustedWorkspace } from '../ui/trust';
import { Command, InternalCommand, SettingSection } from '../ids';
import type { DeployedTarget } from '../views/botpress/tree';

const exclude = '**/{node_modules,bp_modules,.botpress,.git}/**';
const isPackageFile = (uri: vscode.Uri) => ['plugin', 'interface'].includes(sdkDefinitionKind(uri.fsPath) ?? '');

/** The definition meant: the one given or open, else the workspace's only one, else the one picked. */
async function definitionFor(arg: unknown): Promise<vscode.Uri | undefined> {
  if (arg instanceof vscode.Uri && isPackageFile(arg)) return arg;
  const active = vscode.window.activeTextEditor?.document.uri;
  if (active?.scheme === 'file' && isPackageFile(active)) return active;
  const found = await vscode.workspace.findFiles('**/{plugin,interface}.definition.ts', exclude);
  if (found.length === 0) {
    void vscode.window.showErrorMessage(
      'No plugin.definition.ts or interface.definition.ts in this workspace: make one with the Botpress CLI (bp init --type plugin).',
    );
    return undefined;
  }
  if (found.length === 1) return found[0];
  const picked = await vscode.window.showQuickPick(
    found.map((f) => ({ label: vscode.workspace.asRelativePath(f), uri: f })).sort((a, b) => a.label.localeCompare(b.label)),
    { title: 'Deploy Plugin', placeHolder: 'Which plugin or interface definition?', ignoreFocusOut: true },
  );
  return picked?.uri;
}

async function deployPlugin(services: Services, arg: unknown): Promise<void> {
  if (!requireTrustedWorkspace("Deploying a plugin (its definition and code run with the project's own SDK and esbuild)")) return;
  const uri = await definitionFor(arg);
  if (!uri) return;
  const file = vscode.workspace.asRelativePath(uri);
  const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
  if (open?.isDirty) await open.save();
  const progress = <T>(title: string, work: (signal: AbortSignal) => Promise<T>) =>
    vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title, cancellable: true }, (_p, token) => {
      const controller = new AbortController();
      token.onCancellationRequested(() => controller.abort());
      return work(controller.signal);
    });
  const evaluation = await progress(`Checking ${file}…`, (signal) => services.sdkEvaluator.evaluate(uri.fsPath, { signal }));
  const errors = evaluation.problems.filter((p) => p.severity === 'error');
  if (errors.length || !evaluation.body) {
    await vscode.window.showTextDocument(uri);
    void vscode.commands.executeCommand('workbench.actions.view.problems');
    const first = errors[0] ? `: ${errors[0].message}` : '';
    throw new Error(`${file} has ${errors.length || 'unknown'} problem${errors.length === 1 ? '' : 's'}${first}. Nothing was deployed.`);
  }
  const kind = evaluation.project.kind;
  const account = await services.botpress({});
  const workspaceId = await pickWorkspace(account, 'Deploy Plugin: Workspace', services);
  if (!workspaceId) return;
  const client = account.withWorkspace(workspaceId);
  const { esbuild } = loadEsbuild(evaluation.project.root);
  const source = {
    evaluation,
    esbuild,
    sourceMaps: vscode.workspace.getConfiguration(SettingSection.deploy).get<boolean>('sourceMaps', false),
  };
  const prepared = await progress(`Preparing ${file}…`, (signal) => preparePackage(client, source, { signal }));
  const label = `${kind} ${prepared.name}@${prepared.version}`;
  const lines = describeChanges(prepared.plan.changes);
  const code =
    prepared.code &&
    `Code: ${formatBytes(prepared.code.node.bytes)} for node, ${formatBytes(prepared.code.browser.bytes)} for the browser.`;
  const visibility =
    kind === 'plugin' ? 'private (only this workspace sees it)' : 'private (integrations and plugins of other workspaces cannot use it)';
  const detail = [...(lines.length ? lines : ['No change to the definition.']), code, `Visibility: ${visibility}.`]
    .filter(Boolean)
    .join('\n');
  const overwrite = 'Overwrite';
  const deploy = 'Deploy';
  // Overwriting the version in place is what `bp deploy` does after asking: not the dialog's default.
  const answer = prepared.existing
    ? await vscode.window.showWarningMessage(
        escapeMarkdownLinks(`${label} is already in this workspace. Overwrite it with ${file}?`),
        { modal: true, detail },
        { title: 'Keep It', isCloseAffordance: true },
        { title: overwrite },
      )
    : await vscode.window.showInformationMessage(
        escapeMarkdownLinks(`Deploy ${file} as a new ${label}?`),
        { modal: true, detail },
        { title: deploy },
      );
  if (answer?.title !== overwrite && answer?.title !== deploy) return;
  const id = await progress(`Deploying ${label}…`, (signal) => sendPackage(client, prepared, signal));
  services.output.info(`${prepared.existing ? 'Updated' : 'Created'} ${label}: ${id} in workspace ${workspaceId}.`);
  const target: DeployedTarget = { workspaceId, created: !prepared.existing, packageType: kind as 'plugin' | 'interface' };
  void vscode.commands.executeCommand(InternalCommand.showDeployedInExplorer, target);
  void vscode.window.showInformationMessage(escapeMarkdownLinks(`${prepared.existing ? 'Updated' : 'Deployed'} ${label}.`));
}

export function registerDeployPlugin(context: vscode.ExtensionContext, services: Services): void {
  context.subscriptions.push(
    vscode.commands.registerCommand(Command.deployPlugin, async (arg?: unknown) => {
      try {
        await deployPlugin(services, arg);
      } catch (error) {
        if (error instanceof Error && error.name === 'AbortError') return;
        services.output.error(`Deploy Plugin: ${describeError(error)}`);
        void vscode.window.showErrorMessage(escapeMarkdownLinks(`Deploy Plugin failed: ${describeError(error)}`));
      }
    }),
  );
}
