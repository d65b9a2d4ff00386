// Deploy Bot / Deploy Integration on an SDK project (`bot.definition.ts`, `integration.definition.ts`):
// evaluate the definition in a child process, check it, then the same preview, progress and error
// placement as a YAML deploy, through the steps the deploy command lends. The bot id goes to
// `.botpress/project.cache.json`, where the official CLI keeps it.
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { BotpressClient, Integration } from '../api/botpress';
import type { Problem } from '../core/definitions';
import { previewDiff, updateIntegrationShape, type UpdatePlan } from '../core/deploy';
import { loadEsbuild, type Bundle } from '../deploy/bundle';
import { sendBot, sendIntegration, type PreparedBot } from '../deploy/pipeline';
import { syncDefinitionTables } from './deployTables';
import {
  bundleSdkCode,
  generatedFolderState,
  prepareSdkBot,
  prepareSdkIntegration,
  SDK_ENTRY,
  type SdkDeploySource,
  type SecretValues,
} from '../deploy/sdk';
import { toTree } from '../sdk/checks';
import type { SdkEvaluator, SdkEvaluation } from '../sdk/evaluator';
import { readProjectCache, writeProjectCache } from '../sdk/project';
import type { Services } from '../services';
import type { PreviewInput } from './deployPreview';
import { pickWorkspace } from '../ui/pick';
import { requireTrustedWorkspace } from '../ui/trust';
import { escapeMarkdownLinks } from '../core/text';
import { Command, SettingSection } from '../ids';

type Dict = Record<string, unknown>;

/** The definition as the deploy command's steps take it: the SDK body placed on the TypeScript source. */
export interface SdkDefinition {
  uri: vscode.Uri;
  kind: 'bot' | 'integration';
  text: string;
  root: ReturnType<typeof toTree>;
  data: Dict;
  dir: string;
}

/** What the deploy command lends: its questions, progress and announcements. */
export interface DeploySteps {
  services: Services;
  evaluator: SdkEvaluator;
  stopped(): Error;
  showProblems(uri: vscode.Uri, text: string, errors: Problem[]): void;
  confirm(
    def: SdkDefinition,
    plan: UpdatePlan,
    code: Bundle | undefined,
    target: { label: string; production: boolean },
    diff: PreviewInput['diff'],
  ): Promise<void>;
  /** `confirm` for a bot: against the bot as read, or of the new bot `name`. */
  confirmBot(def: SdkDefinition, prepared: PreparedBot, name: string): Promise<void>;
  withProgress<T>(title: string, work: (signal: AbortSignal) => Promise<T>): Promise<T>;
  botTarget(
    account: BotpressClient,
    node: Node,
    knownId: string | undefined,
    name: string,
  ): Promise<{ workspaceId: string; botId?: string } | undefined>;
  announceBot(result: { workspaceId: string; id: string; name: string; codeBytes?: number; created: boolean }, plan: UpdatePlan): void;
  showInTree(target: { workspaceId: string; botId?: string; integrationId?: string; created: boolean }): void;
}

type Node = { workspaceId?: string; botId?: string; integrationId?: string; name?: string } | undefined;

/** The SDK definition a deploy command means: the one given or open, else the workspace's when it has no YAML one. */
export async function sdkDefinitionFor(kind: 'bot' | 'integration', arg: vscode.Uri | Node): Promise<vscode.Uri | undefined> {
  const file = `${kind}.definition.ts`;
  if (arg instanceof vscode.Uri) return path.basename(arg.fsPath) === file ? arg : undefined;
  const active = vscode.window.activeTextEditor?.document.uri;
  if (!arg && active?.scheme === 'file' && path.basename(active.fsPath) === file) return active;
  const exclude = '**/{node_modules,bp_modules,.botpress,.git}/**';
  if ((await vscode.workspace.findFiles(`**/${kind}.definition.{yaml,yml,json}`, exclude, 1)).length) return undefined;
  const found = await vscode.workspace.findFiles(`**/${file}`, exclude);
  if (found.length <= 1) return found[0];
  const picked = await vscode.window.showQuickPick(
    found.map((f) => ({ label: vscode.workspace.asRelativePath(f), uri: f })).sort((a, b) => a.label.localeCompare(b.label)),
    { title: `Deploy ${kind === 'bot' ? 'Bot' : 'Integration'}`, placeHolder: `Which ${file}?`, ignoreFocusOut: true },
  );
  return picked?.uri;
}

/** Evaluates and checks the definition; stops (with the problems shown) when it has errors. */
async function evaluate(
  steps: DeploySteps,
  uri: vscode.Uri,
  kind: 'bot' | 'integration',
): Promise<{ def: SdkDefinition; evaluation: SdkEvaluation }> {
  const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
  if (open?.isDirty) await open.save();
  const text = open ? open.getText() : fs.readFileSync(uri.fsPath, 'utf8');
  const evaluation = await steps
    .withProgress(`Checking ${vscode.workspace.asRelativePath(uri)}…`, (signal) => steps.evaluator.evaluate(uri.fsPath, { text, signal }))
    .catch((error: unknown) => Promise.reject(error instanceof Error && error.name === 'AbortError' ? steps.stopped() : error));
  const errors = evaluation.problems.filter((p) => p.severity === 'error');
  if (errors.length || !evaluation.body || !evaluation.sourceMap) {
    steps.showProblems(uri, text, errors);
    throw steps.stopped();
  }
  const def: SdkDefinition = {
    uri,
    kind,
    text,
    root: toTree(evaluation.body, evaluation.sourceMap),
    data: { ...evaluation.body, code: SDK_ENTRY },
    dir: evaluation.project.root,
  };
  return { def, evaluation };
}

/** Code that imports the generated `.botpress/` needs `bp gen` first: say so, and offer to run the project's. */
async function requireGenerated(steps: DeploySteps, evaluation: SdkEvaluation): Promise<void> {
  const { root, definitionFile } = evaluation.project;
  const state = generatedFolderState(root, definitionFile);
  if (state === 'unused' || state === 'ready') return;
  const why = state === 'missing' ? 'is missing' : `is older than ${path.basename(definitionFile)}`;
  const gen = 'Run bp gen';
  const buttons = state === 'stale' ? [gen, 'Deploy Anyway'] : [gen];
  const choice = await vscode.window.showWarningMessage(
    escapeMarkdownLinks(
      `The code imports the generated .botpress folder, which ${why}. Generate it with the project's Botpress CLI, then deploy again.`,
    ),
    { modal: true },
    ...buttons,
  );
  if (choice === 'Deploy Anyway') return;
  if (choice === gen) {
    const local = path.join(root, 'node_modules', '.bin', process.platform === 'win32' ? 'bp.cmd' : 'bp');
    if (!fs.existsSync(local)) {
      void vscode.window.showErrorMessage('This project has no Botpress CLI (node_modules/.bin/bp): npm install --save-dev @botpress/cli');
    } else {
      const terminal = vscode.window.createTerminal({ name: 'bp gen', cwd: root });
      terminal.show();
      terminal.sendText(`"${local}" gen`);
    }
  }
  throw steps.stopped();
}

function source(steps: DeploySteps, evaluation: SdkEvaluation): SdkDeploySource {
  const { esbuild, path: from } = loadEsbuild(evaluation.project.root);
  steps.services.output.debug(`Bundling with esbuild ${esbuild.version} from ${from}.`);
  return { evaluation, esbuild, sourceMaps: vscode.workspace.getConfiguration(SettingSection.deploy).get<boolean>('sourceMaps', false) };
}

/** Started at once: the code bundles while the user says where to deploy. */
function bundleEarly(src: SdkDeploySource): Promise<Bundle> {
  const code = bundleSdkCode(src);
  code.catch(() => undefined);
  return code;
}

/** The first steps of an SDK deploy: a trusted workspace, the definition checked, `.botpress/` generated, the code bundling. */
async function startSdkDeploy(steps: DeploySteps, uri: vscode.Uri, kind: 'bot' | 'integration', onDefinition: (d: SdkDefinition) => void) {
  if (!requireTrustedWorkspace("Deploying an SDK project (its definition and code run with the project's own SDK and esbuild)"))
    return undefined;
  const { def, evaluation } = await evaluate(steps, uri, kind);
  onDefinition(def);
  await requireGenerated(steps, evaluation);
  const src = source(steps, evaluation);
  return { def, evaluation, src, early: bundleEarly(src) };
}

export async function deploySdkBot(
  steps: DeploySteps,
  uri: vscode.Uri,
  node: Node,
  onDefinition: (d: SdkDefinition) => void,
  onBundled: (bytes: number) => void,
) {
  const started = await startSdkDeploy(steps, uri, 'bot', onDefinition);
  if (!started) return undefined;
  const { def, src, early } = started;
  const name = path.basename(def.dir);
  const cachedId = readProjectCache(def.dir)?.botId;
  const account = await steps.services.botpress(node?.workspaceId ? { workspaceId: node.workspaceId } : {});
  const target = await steps.botTarget(account, node, cachedId, name);
  if (!target) return undefined;
  const client = account.withWorkspace(target.workspaceId);
  const prepared = await steps.withProgress(`Preparing ${name}…`, (signal) =>
    prepareSdkBot(client, src, target.botId, { signal, code: early }),
  );
  const { plan, code } = prepared;
  if (code) onBundled(code.bytes);
  await steps.confirmBot(def, prepared, name);
  const botId = await steps.withProgress(`Deploying ${name}…`, (signal) =>
    sendBot(client, prepared, { botId: target.botId, name }, signal),
  );
  await syncDefinitionTables(steps.services, client.withBot(botId), started.evaluation.extras?.tables);
  // Where `bp deploy` looks for the bot of this folder.
  if (cachedId !== botId) writeProjectCache(def.dir, { botId });
  const result = { workspaceId: target.workspaceId, id: botId, name, codeBytes: code?.bytes, created: !target.botId };
  steps.services.output.info(
    `Deployed ${name} to bot ${botId} in workspace ${target.workspaceId}${code ? ` (${code.bytes} bytes of code)` : ''}.`,
  );
  steps.announceBot(result, plan);
  steps.showInTree({ workspaceId: target.workspaceId, botId, created: result.created });
  return result;
}

/**
 * Secret values, as the CLI asks for them: from the environment (`SECRET_<NAME>`, the variable the
 * integration reads them from) or a password box; never stored. Empty keeps a known secret, skips an
 * optional one; a required one must be given.
 */
async function askSecrets(steps: DeploySteps, evaluation: SdkEvaluation, existing: Integration | undefined): Promise<SecretValues> {
  const declared = evaluation.extras?.secrets ?? {};
  const known = new Set<string>((existing as { secrets?: string[] } | undefined)?.secrets ?? []);
  const values: SecretValues = {};
  for (const [name, { optional, description }] of Object.entries(declared)) {
    const fromEnv = process.env[`SECRET_${name}`];
    if (fromEnv) {
      values[name] = fromEnv;
      continue;
    }
    const mode = known.has(name) ? 'already set: empty keeps it' : optional ? 'optional' : 'required';
    const value = await vscode.window.showInputBox({
      title: `Secret ${name} (${mode})`,
      prompt: description,
      password: true,
      ignoreFocusOut: true,
    });
    if (value === undefined) throw steps.stopped();
    if (value) values[name] = value;
    else if (!known.has(name) && !optional) throw new Error(`Secret ${name} is required.`);
  }
  for (const name of known) {
    if (name in declared) continue;
    const choice = await vscode.window.showWarningMessage(
      escapeMarkdownLinks(`Secret ${name} is no longer in the definition. Delete it from the integration?`),
      { modal: true },
      'Delete',
      'Keep',
    );
    if (choice === undefined) throw steps.stopped();
    if (choice === 'Delete') values[name] = null;
  }
  return values;
}

export async function deploySdkIntegration(
  steps: DeploySteps,
  uri: vscode.Uri,
  node: Node,
  onDefinition: (d: SdkDefinition) => void,
  onBundled: (bytes: number) => void,
) {
  const started = await startSdkDeploy(steps, uri, 'integration', onDefinition);
  if (!started) return undefined;
  const { def, evaluation, src, early } = started;
  const account = await steps.services.botpress(node?.workspaceId ? { workspaceId: node.workspaceId } : {});
  const workspaceId = await pickWorkspace(account, 'Deploy Integration: Workspace', steps.services);
  if (!workspaceId) return undefined;
  const client = account.withWorkspace(workspaceId);
  const label = `${String(def.data.name)}@${String(def.data.version)}`;
  const prepared = await steps.withProgress(`Preparing ${label}…`, (signal) =>
    prepareSdkIntegration(client, src, (existing) => askSecrets(steps, evaluation, existing), { signal, code: early }),
  );
  const { code, existing, plan } = prepared;
  if (code) onBundled(code.bytes);
  const diff = () => previewDiff(updateIntegrationShape, plan!, existing as unknown as Dict | undefined);
  await steps.confirm(
    def,
    plan!,
    code,
    { label: existing ? `integration ${label}` : `a new integration ${label}`, production: false },
    diff,
  );
  const integration = await steps.withProgress(`Deploying ${label}…`, (signal) => sendIntegration(client, prepared, signal));
  const done = `${existing ? 'Updated' : 'Created'} integration ${label}${code ? ` (${code.bytes} bytes of code)` : ''}`;
  steps.showInTree({ workspaceId, integrationId: integration.id, created: !existing });
  steps.services.output.info(`${done}: ${integration.id} in workspace ${workspaceId}.`);
  void vscode.window.showInformationMessage(escapeMarkdownLinks(`${done}.`), 'Open Logs').then((choice) => {
    if (choice) void vscode.commands.executeCommand(Command.openLogs, { workspaceId, integrationId: integration.id, name: label });
  });
  return { workspaceId, id: integration.id, name: label, codeBytes: code?.bytes, created: !existing };
}
