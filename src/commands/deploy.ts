import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { BotpressClient } from '../api/botpress';
import { ApiError, describeError } from '../api/errors';
import { isQuiet } from '../auth/access';
import { definitionFileKind, lineIndex, validateDefinition, type DefinitionKind, type Node, type Problem } from '../core/definitions';
import {
  fieldOfMessage,
  formatBytes,
  payloadTooLargeAdvice,
  previewBotDiff,
  previewDiff,
  remoteBot,
  updateBotShape,
  updateIntegrationShape,
  type UpdatePlan,
} from '../core/deploy';
import { BundleError, EsbuildNotFoundError, loadEsbuild, type Bundle } from '../deploy/bundle';
import {
  bundleCode,
  prepareBot,
  prepareIntegration,
  sendBot,
  sendIntegration,
  validateIntegration,
  type DeploySource,
  type PreparedBot,
} from '../deploy/pipeline';
import type { Services } from '../services';
import type { DeployedTarget } from '../views/botpress/tree';
import { integrationSchemas } from '../views/botpress/botDefinition';
import { DeployPreview, sentFiles, type PreviewInput } from './deployPreview';
import { planDefinitionTables, syncDefinitionTables } from './deployTables';
import type { TablesPlan } from '../deploy/tables';
import { losesData, type TableDefinition } from '../core/deploy/tables';
import { SdkEvaluator } from '../sdk/evaluator';
import { deploySdkBot, deploySdkIntegration, sdkDefinitionFor, updateSdkIntegrationReadme, type DeploySteps } from './deploySdk';
import { handleApiError } from '../ui/errors';
import { botItems, pickInWorkspace, pickWorkspace, type PickItem } from '../ui/pick';
import { writeDeployedId } from './writeId';
import { requireTrustedWorkspace } from '../ui/trust';
import { escapeMarkdownLinks } from '../core/text';
import { Command, InternalCommand, Setting, SettingSection, type CommandId } from '../ids';

type Dict = Record<string, unknown>;

/** What a deploy command can be invoked with: a definition file (editor title, explorer), or an explorer node. */
type DeployArg = vscode.Uri | { workspaceId?: string; botId?: string; integrationId?: string; name?: string } | undefined;

/** A definition file, read and checked. */
interface Definition {
  uri: vscode.Uri;
  kind: DefinitionKind;
  text: string;
  root: Node;
  data: Dict;
  /** Its folder: `code`, `readme` and `icon` are relative to it. */
  dir: string;
}

/** What a successful deploy reports (also the commands' result, for scripts and tests). */
export interface DeployResult {
  workspaceId: string;
  id: string;
  name: string;
  codeBytes?: number;
  created: boolean;
}

/** The deploy stopped on purpose (the user declined, or the problem was already shown). */
class Stopped extends Error {}

const FILES = (kind: DefinitionKind) => `**/${kind}.definition.{yaml,yml,json}`;
const SHOW_PROBLEMS = 'Show Problems';

/**
 * Deploy Bot, Deploy Integration and Update Integration Readme: find the definition, check it, bundle
 * the code, show what will change, send it, and say what happened. Problems the deploy finds (bundle
 * errors, a field the service refused) are shown in the Problems panel under "botpress-deploy".
 */
export function registerDeploy(context: vscode.ExtensionContext, services: Services): void {
  const diagnostics = vscode.languages.createDiagnosticCollection('botpress-deploy');
  const preview = new DeployPreview(services.contributions);
  const deployer = new Deployer(services, diagnostics, preview);
  context.subscriptions.push(
    diagnostics,
    preview,
    deployer,
    vscode.commands.registerCommand(Command.deployBot, (arg?: DeployArg) => deployer.run('bot', arg)),
    vscode.commands.registerCommand(Command.deployIntegration, (arg?: DeployArg) => deployer.run('integration', arg)),
    vscode.commands.registerCommand(Command.updateIntegrationReadme, (arg?: DeployArg) => deployer.run('readme', arg)),
  );
}

const setting = <T>(name: string, fallback: T): T => vscode.workspace.getConfiguration(SettingSection.deploy).get<T>(name, fallback);

class Deployer {
  constructor(
    private readonly services: Services,
    private readonly diagnostics: vscode.DiagnosticCollection,
    private readonly preview: DeployPreview,
  ) {}

  /** Evaluates SDK definitions for deploys: its workers stay warm between deploys of a project. */
  private sdkEvaluator?: SdkEvaluator;

  dispose(): void {
    this.sdkEvaluator?.dispose();
  }

  /** Runs one command end to end; every failure is reported here and the result is undefined. */
  async run(what: 'bot' | 'integration' | 'readme', arg: DeployArg): Promise<DeployResult | undefined> {
    const kind: DefinitionKind = what === 'bot' ? 'bot' : 'integration';
    let definition: Definition | undefined;
    let codeBytes: number | undefined;
    try {
      const sdk = await sdkDefinitionFor(kind, arg);
      if (sdk && what === 'readme') {
        const node = arg instanceof vscode.Uri ? undefined : arg;
        return await updateSdkIntegrationReadme(this.sdkSteps(), sdk, node, (d) => (definition = d));
      }
      if (sdk) {
        const node = arg instanceof vscode.Uri ? undefined : arg;
        const deploy = kind === 'bot' ? deploySdkBot : deploySdkIntegration;
        return await deploy(
          this.sdkSteps(),
          sdk,
          node,
          (d) => (definition = d),
          (bytes) => (codeBytes = bytes),
        );
      }
      definition = await this.definition(kind, arg);
      if (!definition) return undefined;
      if (
        what !== 'readme' &&
        typeof definition.data.code === 'string' &&
        !requireTrustedWorkspace("Deploying code (bundled with the project's own esbuild)")
      )
        return undefined;
      this.diagnostics.clear();
      const node = arg instanceof vscode.Uri ? undefined : arg;
      if (what === 'bot') return await this.deployBot(definition, node, (bytes) => (codeBytes = bytes));
      return await this.deployIntegration(definition, node, what === 'readme', (bytes) => (codeBytes = bytes));
    } catch (error) {
      this.report(error, kind, definition, codeBytes);
      return undefined;
    }
  }

  /** The steps an SDK project's deploy shares with this one (see deploySdk.ts). */
  private sdkSteps(): DeploySteps {
    return {
      services: this.services,
      evaluator: (this.sdkEvaluator ??= new SdkEvaluator({ log: (line) => this.services.output.debug(line) })),
      stopped: () => new Stopped(),
      showProblems: (uri, text, errors) => this.showProblemsFirst(uri, text, errors),
      confirm: (def, plan, code, target, diff, files) => this.confirm(def, plan, code, target, diff, files),
      confirmBot: (def, prepared, name, tables) => this.confirmBot(def, prepared, name, tables),
      withProgress: (title, work) => this.withProgress(title, work),
      botTarget: (account, node, knownId, name) => this.botTarget(account, node, knownId, name),
      announceBot: (result, plan) => this.announceBot(result, plan),
      showInTree: (target) => this.showInTree(target),
    };
  }

  // ----- finding and checking the definition -----

  private async definition(kind: DefinitionKind, arg: DeployArg): Promise<Definition | undefined> {
    const uri = await this.findDefinition(kind, arg);
    if (!uri) return undefined;
    const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
    if (open?.isDirty) await open.save();
    const text = open ? open.getText() : new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
    const fileExists = (p: string) => fs.statSync(p, { throwIfNoEntry: false })?.isFile() ?? false;
    const checked = validateDefinition(text, { kind, fileName: uri.fsPath, fileExists });
    const errors = checked.problems.filter((p) => p.severity === 'error');
    if (errors.length || !checked.root || !checked.definition) {
      this.showProblemsFirst(uri, text, errors);
      throw new Stopped();
    }
    return { uri, kind, text, root: checked.root, data: checked.definition, dir: path.dirname(uri.fsPath) };
  }

  /** The definition to deploy: the one given, else the active editor's, else the workspace's (asks when several). */
  private async findDefinition(kind: DefinitionKind, arg: DeployArg): Promise<vscode.Uri | undefined> {
    if (arg instanceof vscode.Uri && definitionFileKind(arg.path)?.kind === kind) return arg;
    const node = arg instanceof vscode.Uri ? undefined : arg;
    const active = vscode.window.activeTextEditor?.document.uri;
    if (!node && active?.scheme === 'file' && definitionFileKind(active.path)?.kind === kind) return active;
    const files = await vscode.workspace.findFiles(FILES(kind), '**/{node_modules,.git}/**');
    const remoteId = kind === 'bot' ? node?.botId : node?.name;
    if (remoteId) {
      // From an explorer node: the file that deploys to it, when one does.
      const matching = (await Promise.all(files.map(async (f) => ((await this.idOf(f, kind)) === remoteId ? f : undefined)))).filter(
        (f) => f,
      );
      if (matching.length === 1) return matching[0];
    }
    if (files.length === 1) return files[0];
    if (!files.length) {
      const create = kind === 'bot' ? 'New Bot Definition' : 'New Integration Definition';
      const choice = await vscode.window.showErrorMessage(
        escapeMarkdownLinks(`No ${kind}.definition.yaml (or .json) in this workspace.`),
        create,
      );
      if (choice) await vscode.commands.executeCommand(kind === 'bot' ? Command.newBotDefinition : Command.newIntegrationDefinition);
      return undefined;
    }
    const picked = await vscode.window.showQuickPick(
      files.map((f) => ({ label: vscode.workspace.asRelativePath(f), uri: f })).sort((a, b) => a.label.localeCompare(b.label)),
      { title: `Deploy ${kind === 'bot' ? 'Bot' : 'Integration'}`, placeHolder: `Which ${kind} definition?`, ignoreFocusOut: true },
    );
    return picked?.uri;
  }

  /** The bot id (or integration name) a definition file names, if it can be read. */
  private async idOf(uri: vscode.Uri, kind: DefinitionKind): Promise<string | undefined> {
    try {
      const text = new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
      const data = validateDefinition(text, { kind, fileName: uri.fsPath }).definition;
      const value = data?.[kind === 'bot' ? 'id' : 'name'];
      return typeof value === 'string' ? value : undefined;
    } catch {
      return undefined;
    }
  }

  private showProblemsFirst(uri: vscode.Uri, text: string, errors: Problem[]): void {
    const name = vscode.workspace.asRelativePath(uri);
    const count = errors.length ? `${errors.length} error${errors.length === 1 ? '' : 's'}` : 'errors';
    const first = errors[0] ? ` First: line ${lineIndex(text).position(errors[0].start).line + 1}: ${errors[0].message}` : '';
    void vscode.window
      .showErrorMessage(escapeMarkdownLinks(`${name} has ${count}: fix them before deploying.${first}`), SHOW_PROBLEMS)
      .then((choice) => {
        if (choice) void vscode.commands.executeCommand('workbench.actions.view.problems');
      });
  }

  // ----- bots -----

  private async deployBot(
    def: Definition,
    node: Exclude<DeployArg, vscode.Uri>,
    onBundled: (bytes: number) => void,
  ): Promise<DeployResult | undefined> {
    // The file's id is Botpress Cloud's: a deploy to the Local Cloud neither reads nor writes it.
    const local = this.services.botpressAccounts.store.active()?.source === 'local';
    const fileId = !local && typeof def.data.id === 'string' && def.data.id ? def.data.id : undefined;
    const name = typeof def.data.name === 'string' && def.data.name ? def.data.name : path.basename(def.dir);
    const account = await this.services.botpress(node?.workspaceId ? { workspaceId: node.workspaceId } : {});
    if (node?.botId && fileId && fileId !== node.botId) {
      throw new Error(
        `${vscode.workspace.asRelativePath(def.uri)} deploys to bot ${fileId}, not to ${node.name ?? node.botId}: ` +
          'change its id, or deploy it from the file.',
      );
    }
    const source = this.source(def);
    const early = this.bundleEarly(source);
    const target = await this.botTarget(account, node, fileId, name);
    if (!target) return undefined;
    const client = account.withWorkspace(target.workspaceId);

    const prepared = await this.withProgress(`Preparing ${name}…`, (signal) =>
      prepareBot(client, source, target.botId, { signal, code: early }),
    );
    const { plan, code } = prepared;
    if (code) onBundled(code.bytes);
    this.logWarnings(code);
    const definedTables = def.data.tables as Record<string, TableDefinition> | undefined;
    const tables = await planDefinitionTables(this.services, target.botId ? client.withBot(target.botId) : undefined, definedTables);
    await this.confirmBot(def, prepared, name, tables);

    const botId = await this.withProgress(`Deploying ${name}…`, (signal) =>
      sendBot(client, prepared, { botId: target.botId, name }, signal),
    );
    await syncDefinitionTables(this.services, client.withBot(botId), definedTables, tables);
    // Only a deploy that succeeded changes the file, as it is now; it reports itself when it cannot.
    if (!local && fileId !== botId) await writeDeployedId(def.uri, botId, fileId, this.services.output);
    const result: DeployResult = { workspaceId: target.workspaceId, id: botId, name, codeBytes: code?.bytes, created: !target.botId };
    this.services.output.info(
      `Deployed ${name} to bot ${botId} in workspace ${target.workspaceId}${code ? ` (${formatBytes(code.bytes)} of code)` : ''}.`,
    );
    this.announceBot(result, plan);
    this.showInTree({ workspaceId: result.workspaceId, botId, created: result.created });
    return result;
  }

  /** Where a bot deploys: the explorer node's bot, else the definition's `id`, else a bot the user picks, or a new one (botId absent). */
  private async botTarget(
    account: BotpressClient,
    node: { workspaceId?: string; botId?: string } | undefined,
    fileId: string | undefined,
    name: string,
  ): Promise<{ workspaceId: string; botId?: string } | undefined> {
    if (node?.botId && node.workspaceId) return { workspaceId: node.workspaceId, botId: node.botId };
    if (fileId && account.workspaceId) return { workspaceId: account.workspaceId, botId: fileId };
    if (fileId) {
      // The file names its bot: find the workspace that holds it.
      const workspaces: string[] = [];
      for await (const w of account.iterate('listWorkspaces')) workspaces.push(w.id);
      const holds = (id: string) =>
        account
          .withWorkspace(id)
          .getBot({ id: fileId })
          .then(
            () => id,
            (error: unknown) => (ApiError.is(error, 'ResourceNotFound') ? undefined : Promise.reject(error)),
          );
      const workspaceId = (await Promise.all(workspaces.map(holds))).find((id) => id);
      if (!workspaceId)
        throw new Error(
          `Bot ${fileId} (the id in the definition) is in none of this account's workspaces. Remove the id to pick or create a bot.`,
        );
      return { workspaceId, botId: fileId };
    }
    const options = {
      title: 'Deploy Bot',
      placeHolder: 'The definition has no id: deploy to which bot? (Its id is then written into the file.)',
    };
    return pickInWorkspace(
      account,
      options,
      async (client, workspaceId): Promise<PickItem<{ workspaceId: string; botId?: string }>[]> => [
        { label: `$(add) Create a new bot "${escapeMarkdownLinks(name)}"`, alwaysShow: true, value: { workspaceId } },
        ...(await botItems(client, workspaceId)),
      ],
      this.services,
    );
  }

  private announceBot(result: DeployResult, plan: UpdatePlan): void {
    const changes = plan.changes.length
      ? `${plan.changes.length} definition change${plan.changes.length === 1 ? '' : 's'}`
      : 'no definition change';
    const code = result.codeBytes === undefined ? '' : `, ${formatBytes(result.codeBytes)} of code`;
    const message = `${result.created ? 'Created and deployed' : 'Deployed'} bot ${result.name} (${result.id}; ${changes}${code}).`;
    const target = { workspaceId: result.workspaceId, botId: result.id, name: result.name };
    void vscode.window.showInformationMessage(escapeMarkdownLinks(message), 'Open Logs', 'Chat', 'Open in Dashboard').then((choice) => {
      const commands: Record<string, CommandId> = {
        'Open Logs': Command.openLogs,
        Chat: Command.chatWithBot,
        'Open in Dashboard': Command.openInDashboard,
      };
      const command = choice && commands[choice];
      if (command) void vscode.commands.executeCommand(command, target);
    });
  }

  // ----- integrations -----

  private async deployIntegration(
    def: Definition,
    node: Exclude<DeployArg, vscode.Uri>,
    readmeOnly: boolean,
    onBundled: (bytes: number) => void,
  ): Promise<DeployResult | undefined> {
    const source = this.source(def);
    const early = readmeOnly ? undefined : this.bundleEarly(source);
    const account = await this.services.botpress(node?.workspaceId ? { workspaceId: node.workspaceId } : {});
    const workspaceId = await pickWorkspace(
      account,
      `${readmeOnly ? 'Update Integration Readme' : 'Deploy Integration'}: Workspace`,
      this.services,
    );
    if (!workspaceId) return undefined;
    const client = account.withWorkspace(workspaceId);
    const label = `${String(def.data.name)}@${String(def.data.version)}`;
    const prepared = await this.withProgress(`Preparing ${label}…`, async (signal) => {
      const ready = await prepareIntegration(client, source, readmeOnly, { signal, code: early });
      // As `bp deploy --dryRun`: the service checks the very request before the question is asked.
      await validateIntegration(client, ready, signal);
      return ready;
    });
    const { code, existing, plan } = prepared;
    if (code) onBundled(code.bytes);
    this.logWarnings(code);
    const diff = () => previewDiff(updateIntegrationShape, plan!, existing as unknown as Dict | undefined);
    if (plan)
      await this.confirm(
        def,
        plan,
        code,
        { label: existing ? `integration ${label}` : `a new integration ${label}`, production: false },
        diff,
        sentFiles(def.data, prepared.sizes),
      );

    const title = readmeOnly ? `Updating the readme of ${label}…` : `Deploying ${label}…`;
    const integration = await this.withProgress(title, (signal) => sendIntegration(client, prepared, signal));
    const done = readmeOnly
      ? `Updated the readme${prepared.files.icon ? ' and icon' : ''} of integration ${label}`
      : `${existing ? 'Updated' : 'Created'} integration ${label}${code ? ` (${formatBytes(code.bytes)} of code)` : ''}`;
    const result: DeployResult = { workspaceId, id: integration.id, name: label, codeBytes: code?.bytes, created: !existing };
    this.showInTree({ workspaceId, integrationId: integration.id, created: result.created });
    this.services.output.info(`${done}: ${integration.id} in workspace ${workspaceId}.`);
    void vscode.window.showInformationMessage(escapeMarkdownLinks(`${done}.`), 'Open Logs').then((choice) => {
      if (choice) void vscode.commands.executeCommand(Command.openLogs, { workspaceId, integrationId: integration.id, name: label });
    });
    return result;
  }

  // ----- shared steps -----

  /** What the pipeline needs of a definition: its data and folder, esbuild, the source-map setting. */
  private source(def: Definition): DeploySource {
    return {
      definition: def.data,
      dir: def.dir,
      sourceMaps: setting('sourceMaps', false),
      esbuild: (projectDir) => {
        const { esbuild, path: from } = loadEsbuild(projectDir);
        this.services.output.debug(`Bundling with esbuild ${esbuild.version} from ${from}.`);
        return esbuild;
      },
    };
  }

  /**
   * Starts bundling at once, so the code is ready by the time the user has said where to deploy; its
   * failure is reported when the deploy awaits it (and dropped if the user walks away first).
   */
  private bundleEarly(source: DeploySource): Promise<Bundle | undefined> {
    const code = bundleCode(source);
    code.catch(() => undefined);
    return code;
  }

  /** Bundle warnings go to the output channel: they do not stop a deploy. */
  private logWarnings(code: Bundle | undefined): void {
    for (const w of code?.warnings ?? []) this.services.output.warn(`esbuild: ${w.file ? `${w.file}:${w.line}: ` : ''}${w.text}`);
  }

  /**
   * Shows what the deploy changes remotely and asks to go on (the setting `confirmPreview` skips this);
   * a production bot asks in any case unless `confirmNonDev` is off.
   */
  private async confirm(
    def: Definition,
    plan: UpdatePlan,
    code: Bundle | undefined,
    target: { label: string; production: boolean },
    diff: PreviewInput['diff'],
    files: string[] = [],
    tables?: TablesPlan,
  ): Promise<void> {
    const preview = this.services.settings.get(Setting.confirmDeployPreview);
    const askProduction = target.production && this.services.settings.get(Setting.confirmNonDevDeploy);
    if (!preview && !askProduction) return;
    const input = {
      file: vscode.workspace.asRelativePath(def.uri),
      target: target.label,
      production: target.production,
      plan,
      code: code && { bytes: code.bytes, entry: def.data.code },
      files,
      tables: tables?.lines,
      tablesLoseData: tables && losesData(tables.changes),
      diff,
    };
    if ((await this.preview.ask(input, { preview })) !== 'deploy') throw new Stopped();
  }

  /** The preview of a bot deploy: against the bot as read, or of the new bot `name`; with its tables' plan. */
  private confirmBot(def: Definition, { plan, code, remote, client }: PreparedBot, name: string, tables?: TablesPlan): Promise<void> {
    // Secrets redacted on both sides: those the integrations' schemas mark too, read when the diff is asked for.
    const diff = async () =>
      previewBotDiff(
        updateBotShape,
        plan,
        remote && remoteBot(remote as unknown as Dict),
        remote && client ? await integrationSchemas(client, remote) : {},
      );
    const target = remote
      ? { label: `bot "${remote.name}"`, production: !remote.dev }
      : { label: `a new bot "${name}"`, production: false };
    return this.confirm(def, plan, code, target, diff, [], tables);
  }

  /** Refreshes what the deploy changed in the explorer; a failure there is only logged. */
  private showInTree(target: DeployedTarget): void {
    void Promise.resolve(vscode.commands.executeCommand(InternalCommand.showDeployedInExplorer, target)).catch((error: unknown) =>
      this.services.output.warn(`Could not refresh the explorer after the deploy: ${describeError(error)}`),
    );
  }

  /** Runs `work` under a cancellable progress notification; cancelling aborts its requests. */
  private withProgress<T>(title: string, work: (signal: AbortSignal) => Promise<T>): Promise<T> {
    return Promise.resolve(
      vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title, cancellable: true }, (_progress, token) => {
        const abort = new AbortController();
        token.onCancellationRequested(() => abort.abort());
        return work(abort.signal);
      }),
    );
  }

  // ----- errors -----

  private report(error: unknown, kind: DefinitionKind, def: Definition | undefined, codeBytes: number | undefined): void {
    if (error instanceof Stopped || isQuiet(error)) return;
    const action = `Could not deploy ${def ? vscode.workspace.asRelativePath(def.uri) : `the ${kind}`}`;
    if (error instanceof BundleError) {
      this.showBundleErrors(error);
      this.services.output.error(`${action}: ${error.message}`);
      void vscode.window.showErrorMessage(escapeMarkdownLinks(`${action}: ${error.message}`), SHOW_PROBLEMS).then((choice) => {
        if (choice) void vscode.commands.executeCommand('workbench.actions.view.problems');
      });
      return;
    }
    if (error instanceof EsbuildNotFoundError) {
      this.services.output.error(error.message);
      void vscode.window.showErrorMessage(escapeMarkdownLinks(error.message), 'Install esbuild').then((choice) => {
        if (!choice) return;
        const terminal = vscode.window.createTerminal({ name: 'Install esbuild', cwd: error.projectDir });
        terminal.show();
        terminal.sendText('npm install --save-dev esbuild');
      });
      return;
    }
    if (error instanceof ApiError && def) {
      const field = fieldOfMessage(error.message, def.root);
      if (field) this.diagnostics.set(def.uri, [this.diagnostic(def.text, field.start, field.end, describeError(error))]);
      if (error.type === 'PayloadTooLarge' && codeBytes !== undefined) {
        const text = `${action}: ${describeError(error)} ${payloadTooLargeAdvice(codeBytes, setting('sourceMaps', false))}`;
        this.services.output.error(text);
        void vscode.window.showErrorMessage(escapeMarkdownLinks(text));
        return;
      }
    }
    handleApiError(this.services, error, action);
  }

  private diagnostic(text: string, start: number, end: number, message: string): vscode.Diagnostic {
    const lines = lineIndex(text);
    const position = (offset: number) => {
      const { line, character } = lines.position(offset);
      return new vscode.Position(line, character);
    };
    const d = new vscode.Diagnostic(new vscode.Range(position(start), position(end)), message, vscode.DiagnosticSeverity.Error);
    d.source = 'botpress-deploy';
    return d;
  }

  private showBundleErrors(error: BundleError): void {
    const byFile = new Map<string, vscode.Diagnostic[]>();
    for (const m of error.messages) {
      const file = m.file ?? error.entry;
      const line = Math.max(0, (m.line ?? 1) - 1);
      const range = new vscode.Range(line, m.column ?? 0, line, (m.column ?? 0) + Math.max(1, m.length ?? 1));
      const d = new vscode.Diagnostic(range, m.text, vscode.DiagnosticSeverity.Error);
      d.source = 'esbuild';
      byFile.set(file, [...(byFile.get(file) ?? []), d]);
    }
    for (const [file, list] of byFile) this.diagnostics.set(vscode.Uri.file(file), list);
  }
}
