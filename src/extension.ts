import * as vscode from 'vscode';

/** Creates each service once and registers every contribution; does no network work. */
export function activate(context: vscode.ExtensionContext): void {
  const output = vscode.window.createOutputChannel('Botpress', { log: true });
  context.subscriptions.push(output);
}

export function deactivate(): void {}
