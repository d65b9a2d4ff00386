/**
 * The Botmock explorer's commands: `botmock.signIn`, `botmock.signOut`, `botmock.refresh`,
 * `botmock.copyId`, over the tree and the account (`src/auth/botmock.ts`).
 */
import * as vscode from 'vscode';
import { describeError } from '../api/errors';
import { isQuiet } from '../auth/access';
import { BotmockNotSignedInError } from '../auth/botmock';
import type { Services } from '../services';
import { BotmockTreeProvider, nodeId, type BotmockNode } from '../views/botmock/tree';
import { escapeMarkdownLinks } from '../core/text';
import { Command, View } from '../ids';

/** Registers the Botmock tree and its commands. */
export function registerBotmock(context: vscode.ExtensionContext, services: Services): void {
  const access = services.botmockAccess;
  const tree = new BotmockTreeProvider(
    { isSignedIn: () => access.isSignedIn(), client: () => services.botmock(), onDidChange: access.onDidChange },
    services.output,
  );
  services.contributions.treeView(View.botmockExplorer, tree);
  const run = (action: string, body: () => Promise<unknown>) => async () => {
    try {
      await body();
    } catch (error) {
      if (isQuiet(error) || error instanceof BotmockNotSignedInError) return;
      services.output.error(`${action}: ${describeError(error)}`);
      void vscode.window.showErrorMessage(escapeMarkdownLinks(`${action}: ${describeError(error)}`));
    }
  };
  context.subscriptions.push(
    tree,
    vscode.commands.registerCommand(
      Command.botmockSignIn,
      run('Botmock sign-in', () => access.signIn()),
    ),
    vscode.commands.registerCommand(
      Command.botmockSignOut,
      run('Botmock sign-out', () => access.signOut()),
    ),
    vscode.commands.registerCommand(Command.botmockRefresh, (node?: BotmockNode) => tree.refresh(node)),
    vscode.commands.registerCommand(Command.botmockCopyId, async (node?: BotmockNode) => {
      const id = node && nodeId(node);
      if (!id) return;
      await vscode.env.clipboard.writeText(id);
      vscode.window.setStatusBarMessage(`Copied ${escapeMarkdownLinks(id)}`, 3000);
    }),
  );
}
