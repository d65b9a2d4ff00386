// Before a `bp` task runs: a project whose CLI was built for another SDK major than the one installed gets a
// warning (in the task's terminal and as a notification opening package.json), saying which of the two to change.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { escapeMarkdownLinks } from '../core/text';
import { cliSdkMismatch } from '../sdk/versions';

export function warnCliSdkMismatch(root: string, bp: string, line: (text: string) => void): void {
  const mismatch = cliSdkMismatch(root, bp);
  if (!mismatch) return;
  line(`\x1b[33m⚠ ${mismatch.message}\x1b[0m`);
  const open = 'Open package.json';
  void vscode.window.showWarningMessage(escapeMarkdownLinks(mismatch.message), open).then(async (choice) => {
    if (choice !== open) return;
    const doc = await vscode.workspace.openTextDocument(path.join(root, 'package.json'));
    const at = doc.getText().indexOf(`"${mismatch.change}"`);
    const editor = await vscode.window.showTextDocument(doc);
    if (at >= 0) editor.selection = new vscode.Selection(doc.positionAt(at), doc.positionAt(at + mismatch.change.length + 2));
  });
}
