import * as vscode from 'vscode';
import type { Problem } from '../core/definitions';

/** Where each problem code is explained (the README's "Problem codes"), from the extension's repository URL. */
export function problemDocsBase(context: vscode.ExtensionContext): string {
  const repository: string = (context.extension.packageJSON as { repository?: { url?: string } }).repository?.url ?? '';
  return repository.replace(/\.git$/, '');
}

const SEVERITY = {
  error: vscode.DiagnosticSeverity.Error,
  warning: vscode.DiagnosticSeverity.Warning,
  info: vscode.DiagnosticSeverity.Information,
} as const;

/** A toolkit problem as an editor diagnostic (source `botpress`, its code linking to its explanation). */
export function toDiagnostic(problem: Problem, range: vscode.Range, docsBase: string): vscode.Diagnostic {
  const d = new vscode.Diagnostic(range, problem.message, SEVERITY[problem.severity]);
  d.source = 'botpress';
  d.code = docsBase ? { value: problem.code, target: vscode.Uri.parse(`${docsBase}#${problem.code.toLowerCase()}`) } : problem.code;
  return d;
}
