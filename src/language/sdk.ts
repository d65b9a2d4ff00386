/**
 * SDK definitions (`bot.definition.ts`, `integration.definition.ts`, `plugin.definition.ts`, …) stay
 * TypeScript files; the toolkit adds its problems beside TypeScript's: each open definition is evaluated
 * by the project's own SDK (in a worker process, see src/sdk/evaluator.ts) on open, on save and as you
 * type (debounced; a newer edit cancels the evaluation under way), and hovers on the keys of states,
 * events and tags show the JSON Schema the SDK made of them. Evaluating runs the project's code: only in
 * trusted workspaces; in Restricted Mode one notice on the file says why nothing is checked.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import { sdkDefinitionFiles } from '../sdk/project';
import type { SdkEntry, SdkEvaluation } from '../sdk/evaluator';
import type { Services } from '../services';
import { requireTrustedWorkspace } from '../ui/trust';
import { problemDocsBase, toDiagnostic } from './diagnostics';

const DEBOUNCE_MS = 200;
const EXCLUDED = /[\\/](node_modules|bp_modules|\.botpress)[\\/]/;
const HOVERED: ReadonlySet<SdkEntry['kind']> = new Set(['state', 'event', 'tag', 'action', 'channel', 'message', 'configuration']);

export const isSdkDefinition = (uri: vscode.Uri) =>
  uri.scheme === 'file' && sdkDefinitionFiles.includes(path.basename(uri.fsPath)) && !EXCLUDED.test(uri.fsPath);

export function registerSdkDefinitions(context: vscode.ExtensionContext, services: Services): void {
  const { sdkEvaluator: evaluator, output } = services;
  const diagnostics = vscode.languages.createDiagnosticCollection('botpress-sdk');
  const docsBase = problemDocsBase(context);
  /** Per open document: the evaluation under way (to cancel), the pending debounce, and the last result. */
  const state = new Map<
    string,
    { timer?: ReturnType<typeof setTimeout>; running?: AbortController; last?: { version: number; evaluation: SdkEvaluation } }
  >();
  const stateOf = (doc: vscode.TextDocument) => {
    const key = doc.uri.toString();
    let s = state.get(key);
    if (!s) state.set(key, (s = {}));
    return s;
  };

  let toldRestricted = false;
  const restricted = (doc: vscode.TextDocument) => {
    if (!toldRestricted) toldRestricted = !requireTrustedWorkspace("Checking SDK definitions (evaluated with the project's own SDK)");
    const notice = new vscode.Diagnostic(
      new vscode.Range(0, 0, 0, 0),
      "Not checked: evaluating an SDK definition runs the project's code, which Restricted Mode forbids. " +
        'Trust this workspace to see its problems.',
      vscode.DiagnosticSeverity.Information,
    );
    notice.source = 'botpress';
    diagnostics.set(doc.uri, [notice]);
  };

  const check = async (doc: vscode.TextDocument) => {
    if (!isSdkDefinition(doc.uri) || doc.isClosed) return;
    if (!vscode.workspace.isTrusted) return restricted(doc);
    const s = stateOf(doc);
    clearTimeout(s.timer);
    s.running?.abort();
    const running = (s.running = new AbortController());
    const version = doc.version;
    try {
      const evaluation = await evaluator.evaluate(doc.uri.fsPath, { text: doc.getText(), signal: running.signal });
      if (running.signal.aborted || doc.isClosed || doc.version !== version) return;
      s.last = { version, evaluation };
      diagnostics.set(
        doc.uri,
        evaluation.problems.map((p) => toDiagnostic(p, new vscode.Range(doc.positionAt(p.start), doc.positionAt(p.end)), docsBase)),
      );
    } catch (err) {
      if (running.signal.aborted) return;
      output.warn(`Could not check ${doc.uri.fsPath}: ${err instanceof Error ? err.message : String(err)}`);
    } finally {
      if (s.running === running) s.running = undefined;
    }
  };

  const checkLater = (doc: vscode.TextDocument) => {
    if (!isSdkDefinition(doc.uri)) return;
    const s = stateOf(doc);
    clearTimeout(s.timer);
    s.running?.abort(); // its answer would be about text that is gone
    s.timer = setTimeout(() => void check(doc), DEBOUNCE_MS);
  };

  const forget = (doc: vscode.TextDocument) => {
    const s = state.get(doc.uri.toString());
    clearTimeout(s?.timer);
    s?.running?.abort();
    state.delete(doc.uri.toString());
    diagnostics.delete(doc.uri);
  };

  const checkOpen = () => vscode.workspace.textDocuments.forEach((d) => void check(d));

  context.subscriptions.push(
    diagnostics,
    { dispose: () => [...state.values()].forEach((s) => (clearTimeout(s.timer), s.running?.abort())) },
    vscode.workspace.onDidOpenTextDocument((d) => void check(d)),
    vscode.workspace.onDidChangeTextDocument((e) => e.contentChanges.length && checkLater(e.document)),
    vscode.workspace.onDidSaveTextDocument((d) => void check(d)),
    vscode.workspace.onDidCloseTextDocument(forget),
    vscode.workspace.onDidGrantWorkspaceTrust(checkOpen),
  );
  // Registered at activation for SDK definition files.
  services.contributions.hoverProvider('sdkDefinitions', {
    provideHover(doc, position) {
      const last = isSdkDefinition(doc.uri) ? state.get(doc.uri.toString())?.last : undefined;
      if (!last || last.version !== doc.version) return undefined;
      const offset = doc.offsetAt(position);
      const entry = last.evaluation.entries.find(
        (e) => HOVERED.has(e.kind) && e.start <= offset && offset <= e.end && e.jsonSchema !== undefined,
      );
      if (!entry) return undefined;
      const md = new vscode.MarkdownString();
      md.appendMarkdown(`**${entry.kind}** \`${entry.name}\`: the JSON Schema the SDK made of it\n\n`);
      md.appendCodeblock(JSON.stringify(entry.jsonSchema, null, 2), 'json');
      return new vscode.Hover(md, new vscode.Range(doc.positionAt(entry.start), doc.positionAt(entry.end)));
    },
  });
  checkOpen();
}
