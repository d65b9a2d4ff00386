import * as vscode from 'vscode';
import { escapeMarkdownLinks } from '../core/text';

const MANAGE = 'Manage Workspace Trust';

/**
 * The one gate before anything that executes code from the workspace (the project's esbuild, its SDK
 * definitions, its tasks). In a trusted workspace it returns true; in Restricted Mode it says what is off
 * and why, offers "Manage Workspace Trust", and returns false. `what` names the feature as the subject of
 * a sentence, e.g. "Deploying code (with the project's own esbuild)".
 */
export function requireTrustedWorkspace(what: string): boolean {
  if (vscode.workspace.isTrusted) return true;
  void vscode.window
    .showWarningMessage(
      escapeMarkdownLinks(`${what} is off in Restricted Mode, because it runs code from this workspace. Trust the workspace to use it.`),
      MANAGE,
    )
    .then((choice) => {
      if (choice === MANAGE) void vscode.commands.executeCommand('workbench.trust.manage');
    });
  return false;
}
