import * as vscode from 'vscode';
import { ApiError, describeError } from '../api/errors';
import { isQuiet } from '../auth/access';
import type { Services } from '../services';
import { escapeMarkdownLinks } from '../core/text';
import { Command } from '../ids';

/**
 * Reports a failed operation: logs it and shows the type, message and error id, without waiting for the
 * user to dismiss it. A 401 offers to sign in again. `action` says what was being done, e.g. "Could not
 * delete bot support-bot".
 */
export function handleApiError(services: Pick<Services, 'output'>, err: unknown, action?: string): void {
  if (isQuiet(err)) return;
  const text = `${action ? `${action}: ` : ''}${describeError(err)}`;
  services.output.error(text);
  if (err instanceof ApiError && err.status === 401) {
    void vscode.window
      .showErrorMessage(escapeMarkdownLinks(`${text} Your Botpress token may have expired or been revoked.`), 'Sign In Again')
      .then((choice) => {
        if (choice === 'Sign In Again') void vscode.commands.executeCommand(Command.signIn);
      });
    return;
  }
  void vscode.window.showErrorMessage(escapeMarkdownLinks(text));
}
