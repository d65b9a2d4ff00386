/**
 * ADK agents in the editor: each agent of the workspace is evaluated with its own `@botpress/runtime` (in a
 * child process, see src/adk/evaluator.ts) when the features load and after every save of one of its files
 * (a newer save cancels the evaluation under way); its problems go to the Problems panel at their places,
 * its outline to the Agent view, and hovers on its keys show the JSON Schema the runtime made of them.
 * Evaluating runs the agent's code: only in trusted workspaces.
 */
import * as vscode from 'vscode';
import type { AdkEvaluation } from '../adk/evaluator';
import { installArgs, packageManagerOf } from '../adk/install';
import { ADK_EXCLUDED } from '../adk/project';
import { escapeMarkdownLinks } from '../core/text';
import { Command, ContextKey, View } from '../ids';
import type { Services } from '../services';
import { requireTrustedWorkspace } from '../ui/trust';
import { AgentTreeProvider, type AgentState } from '../views/agent';
import type { WorkspaceAdkProject } from '../workspace/adkProjects';
import { problemDocsBase, toDiagnostic } from './diagnostics';

const DEBOUNCE_MS = 150;

export function registerAgent(context: vscode.ExtensionContext, services: Services): void {
  const { adkProjects: projects, adkEvaluator: evaluator, output } = services;
  const diagnostics = vscode.languages.createDiagnosticCollection('botpress-adk');
  const docsBase = problemDocsBase(context);
  const states = new Map<string, AgentState & { running?: AbortController; timer?: ReturnType<typeof setTimeout>; files: vscode.Uri[] }>();
  const view = new AgentTreeProvider(projects, (root) => states.get(root));
  const treeView = services.contributions.treeView(View.agent, view);
  const stateOf = (root: string) => {
    let s = states.get(root);
    if (!s) states.set(root, (s = { files: [] }));
    return s;
  };

  const show = (root: string, evaluation: AdkEvaluation) => {
    const s = stateOf(root);
    for (const uri of s.files) diagnostics.delete(uri);
    const byFile = new Map<string, vscode.Diagnostic[]>();
    const docs = new Map(vscode.workspace.textDocuments.map((d) => [d.uri.fsPath, d]));
    for (const { file, problem } of evaluation.problems) {
      const doc = docs.get(file);
      const range = doc
        ? new vscode.Range(doc.positionAt(problem.start), doc.positionAt(problem.end))
        : rangeIn(evaluation, file, problem.start, problem.end);
      byFile.set(file, [...(byFile.get(file) ?? []), toDiagnostic(problem, range, docsBase)]);
    }
    s.files = [...byFile.keys()].map((f) => vscode.Uri.file(f));
    for (const [file, list] of byFile) diagnostics.set(vscode.Uri.file(file), list);
    s.last = evaluation;
  };

  const evaluate = async (project: WorkspaceAdkProject) => {
    const root = project.project.root;
    const s = stateOf(root);
    clearTimeout(s.timer);
    s.running?.abort();
    const running = (s.running = new AbortController());
    s.evaluating = true;
    s.error = undefined;
    view.refresh();
    try {
      const evaluation = await evaluator.evaluate(root, { signal: running.signal });
      if (running.signal.aborted) return;
      show(root, evaluation);
    } catch (err) {
      if (running.signal.aborted) return;
      s.error = err instanceof Error ? err.message : String(err);
      output.warn(`Could not evaluate the agent in ${root}: ${s.error}`);
    } finally {
      if (s.running === running) {
        s.running = undefined;
        s.evaluating = false;
        view.refresh();
      }
    }
  };

  const evaluateLater = (project: WorkspaceAdkProject) => {
    const s = stateOf(project.project.root);
    clearTimeout(s.timer);
    s.running?.abort(); // a newer save: its answer would be about files that changed
    s.timer = setTimeout(() => void evaluate(project), DEBOUNCE_MS);
  };

  /** Runs the project's package manager as a task (a process with its arguments, no shell); evaluates the agent again once it succeeds. */
  const install = async (project: WorkspaceAdkProject, devPackage?: string) => {
    const root = project.project.root;
    const manager = packageManagerOf(root);
    const args = installArgs(manager, devPackage);
    const name = [manager, ...args].join(' ');
    const ended = vscode.tasks.onDidEndTaskProcess((e) => {
      if ((e.execution.task.definition as { agent?: string }).agent !== root) return;
      ended.dispose();
      if (e.exitCode === 0) void evaluate(project);
      else
        void vscode.window.showErrorMessage(
          escapeMarkdownLinks(`${name} failed in ${project.relativeRoot} (exit code ${e.exitCode}): see its terminal.`),
        );
    });
    context.subscriptions.push(ended);
    const executable = process.platform === 'win32' ? `${manager}.cmd` : manager;
    await vscode.tasks.executeTask(
      new vscode.Task(
        { type: 'process', task: name, agent: root },
        project.folder ?? vscode.TaskScope.Workspace,
        name,
        'botpress',
        new vscode.ProcessExecution(executable, args, { cwd: root }),
        [],
      ),
    );
  };

  const evaluateAll = async () => {
    const all = await projects.list();
    await vscode.commands.executeCommand('setContext', ContextKey.hasAgents, all.length > 0);
    for (const root of [...states.keys()]) if (!all.some((p) => p.project.root === root)) forget(root);
    view.refresh();
    if (!vscode.workspace.isTrusted) return;
    for (const p of all) if (!states.get(p.project.root)?.last && !states.get(p.project.root)?.running) void evaluate(p);
  };
  const forget = (root: string) => {
    const s = states.get(root);
    clearTimeout(s?.timer);
    s?.running?.abort();
    for (const uri of s?.files ?? []) diagnostics.delete(uri);
    states.delete(root);
  };

  context.subscriptions.push(
    diagnostics,
    treeView,
    { dispose: () => [...states.keys()].forEach(forget) },
    projects.onDidChange(() => void evaluateAll()),
    vscode.workspace.onDidSaveTextDocument(async (doc) => {
      if (doc.uri.scheme !== 'file' || ADK_EXCLUDED.test(doc.uri.fsPath) || !/\.(ts|tsx|js|mjs|json)$/.test(doc.uri.fsPath)) return;
      const project = await projects.containing(doc.uri.fsPath);
      if (!project || !vscode.workspace.isTrusted) return;
      evaluateLater(project);
    }),
    vscode.workspace.onDidGrantWorkspaceTrust(() => {
      treeView.message = undefined;
      void evaluateAll();
    }),
    vscode.commands.registerCommand(Command.installAgentPackages, async (root?: unknown, devPackage?: unknown) => {
      if (!requireTrustedWorkspace("Installing an agent's packages (the package manager runs their install scripts)")) return;
      const project = typeof root === 'string' ? await projects.containing(root) : undefined;
      if (project) await install(project, typeof devPackage === 'string' ? devPackage : undefined);
    }),
    vscode.commands.registerCommand(Command.evaluateAgent, async (arg?: unknown) => {
      if (!requireTrustedWorkspace("Checking ADK agents (evaluated with the project's own @botpress/runtime)")) return;
      const rowUri = (arg as { resourceUri?: unknown } | undefined)?.resourceUri;
      const uri = arg instanceof vscode.Uri ? arg : rowUri instanceof vscode.Uri ? rowUri : undefined;
      const chosen = uri ? [await projects.containing(uri.fsPath)] : await projects.list();
      for (const p of chosen) if (p) void evaluate(p);
    }),
  );

  services.contributions.hoverProvider('adk', {
    async provideHover(doc, position) {
      if (doc.isDirty) return undefined; // the last evaluation is of the saved text
      const project = await projects.containing(doc.uri.fsPath);
      const last = project && states.get(project.project.root)?.last;
      if (!last) return undefined;
      const offset = doc.offsetAt(position);
      const hover = last.hovers.find((h) => h.file === doc.uri.fsPath && h.start <= offset && offset <= h.end);
      if (!hover) return undefined;
      const md = new vscode.MarkdownString();
      md.appendMarkdown(`**${hover.title}**\n\n`);
      md.appendCodeblock(JSON.stringify(hover.json, null, 2), 'json');
      return new vscode.Hover(md, new vscode.Range(doc.positionAt(hover.start), doc.positionAt(hover.end)));
    },
  });

  // A package the agent cannot be evaluated without: the quick fix installs it with the project's package manager.
  services.contributions.codeActionsProvider('adk', {
    async provideCodeActions(doc, _range, ctx) {
      const diagnostic = ctx.diagnostics.find(
        (d) => d.source === 'botpress' && (typeof d.code === 'object' ? d.code.value : d.code) === 'BP120',
      );
      const project = diagnostic && (await projects.containing(doc.uri.fsPath));
      const missing = project && states.get(project.project.root)?.last?.missing;
      if (!diagnostic || !project || !missing) return [];
      const devPackage = missing === 'esbuild' ? missing : undefined;
      const manager = packageManagerOf(project.project.root);
      const title = `Install ${missing} (${[manager, ...installArgs(manager, devPackage)].join(' ')})`;
      const action = new vscode.CodeAction(title, vscode.CodeActionKind.QuickFix);
      action.diagnostics = [diagnostic];
      action.isPreferred = true;
      action.command = { command: Command.installAgentPackages, title, arguments: [project.project.root, devPackage] };
      return [action];
    },
  });

  // In Restricted Mode the Agent view says why it is empty; nothing pops up at startup.
  if (!vscode.workspace.isTrusted) treeView.message = 'Agents are not evaluated in Restricted Mode: evaluating one runs its code.';
  void evaluateAll();
}

/** A range in a file no editor holds: from its text as the evaluation read it. */
function rangeIn(evaluation: AdkEvaluation, file: string, start: number, end: number): vscode.Range {
  const text = evaluation.texts?.get(file) ?? '';
  const at = (offset: number) => {
    const before = text.slice(0, offset);
    const line = before.split('\n').length - 1;
    return new vscode.Position(line, offset - (before.lastIndexOf('\n') + 1));
  };
  return new vscode.Range(at(start), at(end));
}
