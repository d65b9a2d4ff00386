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
import { claimHandle, integrationNaming } from '../deploy/handle';
import { existingVersion, sendBot, sendIntegration, validateIntegration, type PreparedBot } from '../deploy/pipeline';
import { planDefinitionTables, syncDefinitionTables } from './deployTables';
import type { TablesPlan } from '../deploy/tables';
import {
  bundleSdkCode,
  generatedFolderState,
  prepareSdkBot,
  prepareSdkIntegration,
  SDK_ENTRY,
  sdkIntegrationBody,
  type SdkDeploySource,
  type SecretValues,
} from '../deploy/sdk';
import { bpGenProcess } from '../sdk/bpCli';
import { toTree } from '../sdk/checks';
import type { SdkEvaluator, SdkEvaluation } from '../sdk/evaluator';
import { readProjectCache, writeProjectCache } from '../sdk/project';
import type { Services } from '../services';
import { sentFiles, type PreviewInput } from './deployPreview';
import { pickWorkspace } from '../ui/pick';
import { askIrreversible } from '../ui/confirm';
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
    files?: string[],
  ): Promise<void>;
  /** `confirm` for a bot: against the bot as read, or of the new bot `name`. */
  confirmBot(def: SdkDefinition, prepared: PreparedBot, name: string, tables?: TablesPlan): Promise<void>;
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
    const gen = bpGenProcess(root);
    if (!gen) {
      void vscode.window.showErrorMessage('This project has no Botpress CLI (node_modules/.bin/bp): npm install --save-dev @botpress/cli');
    } else {
      // A process with its arguments, never a line typed into a shell: the folder's name is not read as a command.
      const folder = vscode.workspace.getWorkspaceFolder(vscode.Uri.file(root));
      const task = new vscode.Task(
        { type: 'process', task: 'bp gen' },
        folder ?? vscode.TaskScope.Workspace,
        'bp gen',
        'bp',
        new vscode.ProcessExecution(gen.file, gen.args, { cwd: root }),
        [],
      );
      await vscode.tasks.executeTask(task);
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
  // project.cache.json names the bot on Botpress Cloud: a deploy to the Local Cloud neither reads nor writes it.
  const local = steps.services.botpressAccounts.store.active()?.source === 'local';
  const cachedId = local ? undefined : readProjectCache(def.dir)?.botId;
  const account = await steps.services.botpress(node?.workspaceId ? { workspaceId: node.workspaceId } : {});
  const target = await steps.botTarget(account, node, cachedId, name);
  if (!target) return undefined;
  const client = account.withWorkspace(target.workspaceId);
  const prepared = await steps.withProgress(`Preparing ${name}…`, (signal) =>
    prepareSdkBot(client, src, target.botId, { signal, code: early }),
  );
  const { plan, code } = prepared;
  if (code) onBundled(code.bytes);
  const definedTables = started.evaluation.extras?.tables;
  const tables = await planDefinitionTables(steps.services, target.botId ? client.withBot(target.botId) : undefined, definedTables);
  await steps.confirmBot(def, prepared, name, tables);
  const botId = await steps.withProgress(`Deploying ${name}…`, (signal) =>
    sendBot(client, prepared, { botId: target.botId, name }, signal),
  );
  await syncDefinitionTables(steps.services, client.withBot(botId), definedTables, tables);
  // Where `bp deploy` looks for the bot of this folder.
  if (!local && cachedId !== botId) {
    writeProjectCache(def.dir, { botId });
    steps.services.sdkProjects.reread(def.dir);
  }
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
    const choice = await askIrreversible({
      message: `Secret ${name} is no longer in the definition. Delete it from the integration?`,
      keep: 'Keep',
      action: 'Delete',
    });
    if (choice === undefined) throw steps.stopped();
    if (choice === 'Delete') values[name] = null;
  }
  return values;
}

const handlePattern = /^[0-9a-z][a-z0-9-_]+[0-9a-z]$/;

/**
 * The name a private integration deploys under, as `bp deploy` gives it: `<workspace handle>/<name>`. A
 * workspace without a handle claims one first (asked, never silently); a handle of another workspace stops.
 */
async function handledName(steps: DeploySteps, client: BotpressClient, definitionName: string): Promise<{ name: string; note?: string }> {
  const naming = await steps.withProgress('Reading the workspace handle…', (signal) => integrationNaming(client, definitionName, signal));
  if (naming.kind === 'named') return naming;
  if (naming.kind === 'refused') throw new Error(naming.reason);
  const claim = naming.handle ? `Claim "${naming.handle}"` : 'Claim a Handle…';
  const choice = await vscode.window.showWarningMessage(
    escapeMarkdownLinks(`Workspace "${naming.workspaceName}" has no handle yet.`),
    {
      modal: true,
      detail:
        'A private integration is deployed as <workspace handle>/<name> (as bp deploy does), ' +
        `so ${naming.localName} needs the workspace to claim a handle first. ` +
        'A handle is unique across Botpress Cloud and names every integration of the workspace.',
    },
    claim,
  );
  if (choice !== claim) throw steps.stopped();
  let handle = naming.handle;
  let hint = '';
  for (;;) {
    handle ??= await vscode.window.showInputBox({
      title: `A handle for workspace "${naming.workspaceName}"`,
      prompt: `Lowercase letters, digits, - and _ (e.g. acme). ${hint}`.trim(),
      ignoreFocusOut: true,
      validateInput: (v) =>
        handlePattern.test(v) ? undefined : 'Lowercase letters, digits, - and _, starting and ending with a letter or digit',
    });
    if (!handle) throw steps.stopped();
    const wanted = handle;
    const result = await steps.withProgress(`Claiming the handle ${wanted}…`, (signal) => claimHandle(client, wanted, signal));
    if (result.claimed) {
      steps.services.output.info(`Workspace "${naming.workspaceName}" now has the handle ${wanted}.`);
      return {
        name: `${wanted}/${naming.localName}`,
        note: `Named ${wanted}/${naming.localName}: the workspace's new handle and the name, as bp deploy names it.`,
      };
    }
    hint = `"${wanted}" is taken${result.suggestions.length ? `; free: ${result.suggestions.join(', ')}` : ''}.`;
    handle = undefined;
  }
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
  const { name, note } = await handledName(steps, client, String(def.data.name));
  const label = `${name}@${String(def.data.version)}`;
  const prepared = await steps.withProgress(`Preparing ${label}…`, async (signal) => {
    const ready = await prepareSdkIntegration(client, src, (existing) => askSecrets(steps, evaluation, existing), {
      signal,
      code: early,
      name,
    });
    if (note) ready.plan!.notes = [note];
    // As `bp deploy --dryRun`: the service checks the very request before the question is asked.
    await validateIntegration(client, ready, signal);
    return ready;
  });
  const { code, existing, plan } = prepared;
  if (code) onBundled(code.bytes);
  const diff = () => previewDiff(updateIntegrationShape, plan!, existing as unknown as Dict | undefined);
  await steps.confirm(
    def,
    plan!,
    code,
    { label: existing ? `integration ${label}` : `a new integration ${label}`, production: false },
    diff,
    sentFiles(def.data, prepared.sizes),
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

/** Update Integration Readme of an SDK integration: its readme and icon only, on the deployed version. */
export async function updateSdkIntegrationReadme(
  steps: DeploySteps,
  uri: vscode.Uri,
  node: Node,
  onDefinition: (d: SdkDefinition) => void,
) {
  if (!requireTrustedWorkspace("Reading an SDK integration's definition (it runs with the project's own SDK)")) return undefined;
  const { def, evaluation } = await evaluate(steps, uri, 'integration');
  onDefinition(def);
  const account = await steps.services.botpress(node?.workspaceId ? { workspaceId: node.workspaceId } : {});
  const workspaceId = await pickWorkspace(account, 'Update Integration Readme: Workspace', steps.services);
  if (!workspaceId) return undefined;
  const client = account.withWorkspace(workspaceId);
  const [name, version] = [String(def.data.name), String(def.data.version)];
  const label = `${name}@${version}`;
  const [{ files }, existing] = await steps.withProgress(`Preparing ${label}…`, (signal) =>
    Promise.all([sdkIntegrationBody(client, evaluation, signal), existingVersion(client, name, version, signal)]),
  );
  if (!files.readme && !files.icon) throw new Error(`The ${name} definition declares neither a readme nor an icon.`);
  if (!existing) throw new Error(`Integration ${label} is not deployed yet: deploy it first.`);
  const integration = await steps.withProgress(`Updating the readme of ${label}…`, async (signal) => {
    return (await client.updateIntegration({ id: existing.id, ...files }, { signal })).integration;
  });
  const done = `Updated the readme${files.icon ? ' and icon' : ''} of integration ${label}`;
  steps.showInTree({ workspaceId, integrationId: integration.id, created: false });
  steps.services.output.info(`${done}: ${integration.id} in workspace ${workspaceId}.`);
  void vscode.window.showInformationMessage(escapeMarkdownLinks(`${done}.`));
  return { workspaceId, id: integration.id, name: label, created: false };
}
