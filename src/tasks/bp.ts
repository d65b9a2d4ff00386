/**
 * The project's `bp` CLI as VS Code tasks (type `bp`): build, gen, deploy, dev (background) and add, for
 * each SDK project of the workspace, and for `{ "type": "bp", "command": …, "project": … }` in tasks.json.
 * Each run happens in a pseudoterminal that starts the project's own `bp` (else one on PATH) with the
 * active Botpress account passed in BP_TOKEN, BP_WORKSPACE_ID and BP_API_URL, read when the task starts:
 * credentials are never on a command line nor in tasks.json. It reads the output as it passes: compiler
 * paths made relative to the workspace folder (for the problem matchers and terminal links), the CLI's
 * `×` errors as problems on the definition file, and the dev bot's id once `bp dev` deployed it.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { BotpressAccounts } from '../auth/access';
import type { Services } from '../services';
import { requireTrustedWorkspace } from '../ui/trust';
import {
  BP_INSTALL_COMMAND,
  bpArgs,
  bpCommandDescriptions,
  bpCommands,
  checkBpTask,
  findBp,
  parseLine,
  relocateLine,
  windowsCommandLine,
  type BpCommand,
} from '../sdk/bpCli';
import { warnCliSdkMismatch } from './cliSdkCheck';
import type { WorkspaceSdkProject, SdkProjects } from '../workspace/sdkProjects';
import { escapeMarkdownLinks } from '../core/text';
import { ProblemMatcher, TaskType } from '../ids';

export interface BpTaskDefinition extends vscode.TaskDefinition {
  command: BpCommand;
  /** The project folder relative to the workspace folder; its root when absent. */
  project?: string;
  package?: string;
  args?: string[];
}

/** What `bp dev` reports once its dev bot or integration is deployed. */
export interface DevDeployed {
  what: 'bot' | 'integration';
  id: string;
  workspaceId?: string;
  project: WorkspaceSdkProject;
}

interface BpTaskDeps {
  projects: SdkProjects;
  accounts: BotpressAccounts;
  output: vscode.LogOutputChannel;
  onDevDeployed(deployed: DevDeployed): void;
}

const matchersOf = (command: BpCommand) => (command === 'dev' ? [ProblemMatcher.bpDev] : [ProblemMatcher.bpEsbuild]);
const isBpCommand = (c: unknown): c is BpCommand => bpCommands.includes(c as BpCommand);

export function registerBpTasks(context: vscode.ExtensionContext, services: Services): void {
  const deps: BpTaskDeps = {
    projects: services.sdkProjects,
    accounts: services.botpressAccounts,
    output: services.output,
    onDevDeployed: (deployed) => services.devDeployed.fire(deployed),
  };
  const problems = vscode.languages.createDiagnosticCollection('bp');

  const makeTask = (definition: BpTaskDefinition, project: WorkspaceSdkProject, scope: vscode.WorkspaceFolder): vscode.Task => {
    const where = project.relativeRoot === '.' ? '' : ` (${project.relativeRoot})`;
    const name = `${definition.command}${definition.package ? ` ${definition.package}` : ''}${where}`;
    const execution = new vscode.CustomExecution(async () => new BpTerminal(definition, project, { ...deps, problems }));
    const task = new vscode.Task(definition, scope, name, TaskType.bp, execution, matchersOf(definition.command));
    task.detail = bpCommandDescriptions[definition.command];
    task.isBackground = definition.command === 'dev';
    if (definition.command === 'build') task.group = vscode.TaskGroup.Build;
    return task;
  };

  const provider: vscode.TaskProvider = {
    async provideTasks() {
      if (!vscode.workspace.isTrusted) return [];
      const tasks: vscode.Task[] = [];
      for (const project of await deps.projects.rescan()) {
        if (!project.folder) continue;
        for (const command of bpCommands) {
          if (command === 'dev' && (project.project.kind === 'interface' || project.project.kind === 'plugin')) continue;
          const definition: BpTaskDefinition = {
            type: TaskType.bp,
            command,
            ...(project.relativeRoot === '.' ? {} : { project: project.relativeRoot }),
          };
          tasks.push(makeTask(definition, project, project.folder));
        }
      }
      return tasks;
    },
    async resolveTask(task) {
      const definition = task.definition as BpTaskDefinition;
      const scope = task.scope;
      if (!vscode.workspace.isTrusted || !isBpCommand(definition.command) || typeof scope !== 'object') return undefined;
      const root = path.resolve(scope.uri.fsPath, definition.project ?? '.');
      const project = (await deps.projects.list()).find((p) => p.project.root === root);
      if (!project) {
        void vscode.window.showErrorMessage(
          escapeMarkdownLinks(`bp ${definition.command}: no SDK project (bot.definition.ts, integration.definition.ts, …) in ${root}.`),
        );
        return undefined;
      }
      return makeTask(definition, project, scope);
    },
  };

  services.contributions.taskProvider(TaskType.bp, provider);
  context.subscriptions.push(problems);
}

interface TerminalDeps extends BpTaskDeps {
  problems: vscode.DiagnosticCollection;
}

/** One run of `bp`: output passes through as the CLI writes it; input goes to the CLI (its prompts). */
class BpTerminal implements vscode.Pseudoterminal {
  private readonly writes = new vscode.EventEmitter<string>();
  private readonly closes = new vscode.EventEmitter<number>();
  readonly onDidWrite = this.writes.event;
  readonly onDidClose = this.closes.event;
  private child?: ChildProcess;
  private closed = false;
  /** The output's unfinished last line: held back briefly, so that a whole line can be read and rewritten. */
  private partial = '';
  /** The start of the current line, already shown (a prompt waiting for an answer). */
  private shown = '';
  private flushTimer?: ReturnType<typeof setTimeout>;
  private devReported?: string;
  private readonly definitionUri: vscode.Uri;
  private errors: vscode.Diagnostic[] = [];

  constructor(
    private readonly definition: BpTaskDefinition,
    private readonly project: WorkspaceSdkProject,
    private readonly deps: TerminalDeps,
  ) {
    this.definitionUri = vscode.Uri.file(project.project.definitionFile);
  }

  open(): void {
    void this.start().catch((err) => this.fail(err instanceof Error ? err.message : String(err)));
  }

  close(): void {
    this.closed = true;
    this.child?.kill();
  }

  handleInput(data: string): void {
    if (!this.child) return;
    if (data === '\x03') this.child.kill('SIGINT');
    else this.child.stdin?.write(data);
  }

  private async start(): Promise<void> {
    const { command } = this.definition;
    if (!requireTrustedWorkspace(`Running bp ${command}`)) return this.fail("bp runs the project's code: trust this workspace first.");
    const refused = checkBpTask(this.definition);
    if (refused) return this.fail(`This bp task is not run: ${refused}`);
    const root = this.project.project.root;
    const bp = findBp(root);
    if (!bp) {
      this.fail(
        `No bp CLI: neither ${path.join(root, 'node_modules', '.bin', 'bp')} nor bp on PATH. ` +
          `Install it in the project: ${BP_INSTALL_COMMAND}`,
      );
      void offerCliInstall(root);
      return;
    }
    warnCliSdkMismatch(root, bp, (text) => this.line(text));
    let pkg = this.definition.package;
    if (command === 'add' && !pkg) {
      pkg = await vscode.window.showInputBox({
        title: 'bp add',
        prompt: 'The integration, interface or plugin to install into bp_modules/',
        placeHolder: 'telegram, telegram@1.0.0, interface:hitl@1.0.0',
        ignoreFocusOut: true,
        validateInput: (v) => (v.trim() ? checkBpTask({ command, package: v }) : 'Name a package.'),
      });
      if (!pkg) return this.fail('Cancelled: no package to add.');
      const refusedPackage = checkBpTask({ command, package: pkg });
      if (refusedPackage) return this.fail(`This bp task is not run: ${refusedPackage}`);
    }
    const args = bpArgs(command, { package: pkg, args: this.definition.args });
    const { env, who } = await this.credentials();
    const projectName = this.project.relativeRoot === '.' ? path.basename(root) : this.project.relativeRoot;
    this.line(`\x1b[2m> bp ${args.join(' ')}  (${projectName}${who ? `, ${who}` : ''})\x1b[0m`);
    if (!who && (command === 'deploy' || command === 'dev' || command === 'add')) {
      this.line('\x1b[2mNo Botpress account is signed in here: bp uses its own login (bp login).\x1b[0m');
    }
    this.clearErrors();
    if (this.closed) return;
    // Windows runs bp.cmd through cmd.exe: every argument is quoted for it; elsewhere no shell is involved.
    const child =
      process.platform === 'win32'
        ? spawn(windowsCommandLine(bp, args), [], { cwd: root, env, shell: true, stdio: 'pipe' })
        : spawn(bp, args, { cwd: root, env, stdio: 'pipe' });
    this.child = child;
    child.stdout?.setEncoding('utf8').on('data', (d: string) => this.output(d));
    child.stderr?.setEncoding('utf8').on('data', (d: string) => this.output(d));
    child.on('error', (err) => this.fail(`Could not start ${bp}: ${err.message}`));
    child.on('close', (code, signal) => {
      this.flush();
      if (this.partial || this.shown) this.writes.fire('\r\n');
      this.finish(code ?? (signal ? 130 : 1));
    });
  }

  /** The environment of the CLI: the editor's, with the active account's credentials when there is one. */
  private async credentials(): Promise<{ env: NodeJS.ProcessEnv; who?: string }> {
    const env: NodeJS.ProcessEnv = { ...process.env };
    if (!env.NO_COLOR) env.FORCE_COLOR = '1';
    const account = this.deps.accounts.store.active();
    const token = account && (await this.deps.accounts.store.token(account));
    if (!account || !token) return { env };
    env.BP_TOKEN = token;
    env.BP_API_URL = account.apiUrl;
    if (account.workspaceId) env.BP_WORKSPACE_ID = account.workspaceId;
    else delete env.BP_WORKSPACE_ID;
    this.workspaceId = account.workspaceId;
    return { env, who: `${account.label}${account.workspaceName ? ` · ${account.workspaceName}` : ''}` };
  }
  private workspaceId?: string;

  private output(chunk: string): void {
    clearTimeout(this.flushTimer);
    const lines = (this.partial + chunk).split('\n');
    this.partial = lines.pop() ?? '';
    for (const line of lines) this.completeLine(line.replace(/\r$/, ''));
    // A prompt waits without a newline: show it soon, as it is.
    if (this.partial) this.flushTimer = setTimeout(() => this.flush(), 40);
  }

  private flush(): void {
    clearTimeout(this.flushTimer);
    if (!this.partial) return;
    this.writes.fire(this.partial);
    this.shown += this.partial;
    this.partial = '';
  }

  private completeLine(rest: string): void {
    const whole = this.shown + rest;
    // Only a line not started on screen yet can be rewritten.
    this.writes.fire(`${this.shown ? rest : relocateLine(rest, this.project.relativeRoot)}\r\n`);
    this.shown = '';
    this.read(whole);
  }

  private read(line: string): void {
    const event = parseLine(line);
    if (!event) return;
    if (event.kind === 'devBegins') this.clearErrors();
    else if (event.kind === 'error' && !/^Build failed(: Build failed)? with \d+ errors?:$/.test(event.message)) {
      // esbuild's own lines follow that one and carry the places; other errors belong to the definition.
      const d = new vscode.Diagnostic(
        new vscode.Range(0, 0, 0, 0),
        `bp ${this.definition.command}: ${event.message}`,
        vscode.DiagnosticSeverity.Error,
      );
      d.source = 'bp';
      this.errors.push(d);
      this.deps.problems.set(this.definitionUri, this.errors);
    } else if (event.kind === 'devDeployed' && this.devReported !== event.id) {
      this.devReported = event.id;
      this.deps.onDevDeployed({ what: event.what, id: event.id, workspaceId: this.workspaceId, project: this.project });
    }
  }

  private clearErrors(): void {
    this.errors = [];
    this.deps.problems.delete(this.definitionUri);
  }

  private line(text: string): void {
    this.writes.fire(`${text}\r\n`);
  }

  private fail(message: string): void {
    this.line(`\x1b[31m${message}\x1b[0m`);
    this.deps.output.warn(message);
    this.finish(1);
  }

  private finish(code: number): void {
    if (this.closed && !this.child) return;
    this.closed = true;
    this.child = undefined;
    this.closes.fire(code);
  }
}

async function offerCliInstall(root: string): Promise<void> {
  const choice = await vscode.window.showErrorMessage(
    escapeMarkdownLinks(`The Botpress CLI (bp) is not installed. Install it in the project with: ${BP_INSTALL_COMMAND}`),
    'Install',
    'Copy Command',
  );
  if (choice === 'Copy Command') await vscode.env.clipboard.writeText(BP_INSTALL_COMMAND);
  if (choice === 'Install') await runNpm(root, BP_INSTALL_COMMAND, 'install @botpress/cli');
}

/** Runs an npm command in a folder as a visible task (npm install after New Project, installing the CLI). */
export async function runNpm(root: string, commandLine: string, name: string): Promise<void> {
  const folder = vscode.workspace.getWorkspaceFolder(vscode.Uri.file(root));
  const task = new vscode.Task(
    { type: 'shell', task: name },
    folder ?? vscode.TaskScope.Workspace,
    name,
    'npm',
    new vscode.ShellExecution(commandLine, { cwd: root }),
    [],
  );
  await vscode.tasks.executeTask(task);
}
