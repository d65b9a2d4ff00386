import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as vscode from 'vscode';
import { describeError } from '../api/errors';
import { escapeMarkdownLinks } from '../core/text';
import { startLocalCloud, type LocalCloud } from '../deploy/localCloud';
import type { Services } from '../services';
import { requireTrustedWorkspace } from '../ui/trust';
import { Command, ContextKey, SettingSection } from '../ids';

/**
 * The Local Cloud (the emulator, dist/emulator.js) for this window:
 *   botpress.startLocalCloud   starts it in a child process on a free loopback port; a "Local Cloud" account
 *                              (a random token of its own, in memory) becomes the active one; a status bar item
 *   botpress.stopLocalCloud    stops it (asks first when it is kept in memory only); the account goes away
 *   botpress.resetLocalCloud   empties it (after a modal): its data folder is deleted, and it starts again if it ran
 * `botpress.localCloud.persistence`: memory only, or a data folder in this workspace's storage.
 */
export function registerLocalCloud(context: vscode.ExtensionContext, services: Services): void {
  const cloud = new LocalCloudController(context, services);
  context.subscriptions.push(
    cloud,
    vscode.commands.registerCommand(Command.startLocalCloud, () => cloud.start()),
    vscode.commands.registerCommand(Command.stopLocalCloud, () => cloud.userStop()),
    vscode.commands.registerCommand(Command.resetLocalCloud, () => cloud.reset()),
  );
}

/** Why it runs only in a trusted workspace (said in Restricted Mode). */
const TRUST_REASON = 'The Local Cloud (the bot code you deploy to it runs as you, with no sandbox)';

class LocalCloudController implements vscode.Disposable {
  private running?: LocalCloud;
  /** The running Local Cloud's data folder; undefined: memory only. */
  private keptIn?: string;
  private starting?: Promise<void>;
  private readonly status = vscode.window.createStatusBarItem('botpress-local-cloud-status', vscode.StatusBarAlignment.Left, 0);

  constructor(
    private readonly context: vscode.ExtensionContext,
    private readonly services: Services,
  ) {
    this.status.name = 'Botpress Local Cloud';
    this.status.command = Command.stopLocalCloud;
  }

  /** Where this workspace's Local Cloud keeps its world (none without a workspace). */
  private storageDir(): string | undefined {
    return this.context.storageUri && vscode.Uri.joinPath(this.context.storageUri, 'local-cloud').fsPath;
  }

  /** The data folder when the user keeps the Local Cloud between runs (and a workspace is open), else undefined. */
  private dataDir(): string | undefined {
    const persistence = vscode.workspace.getConfiguration(SettingSection.localCloud).get<string>('persistence', 'memory');
    return persistence === 'workspace' ? this.storageDir() : undefined;
  }

  start(): Promise<void> {
    if (this.running) {
      void vscode.window.showInformationMessage(escapeMarkdownLinks(`The Local Cloud is running at ${this.running.url}.`));
      return Promise.resolve();
    }
    if (!requireTrustedWorkspace(TRUST_REASON)) return Promise.resolve();
    this.starting ??= this.launch().finally(() => (this.starting = undefined));
    return this.starting;
  }

  private async launch(): Promise<void> {
    const { output, botpressAccounts } = this.services;
    const dataDir = this.dataDir();
    const token = randomBytes(32).toString('base64url');
    let cloud: LocalCloud;
    try {
      cloud = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: 'Starting the Local Cloud…' }, () =>
        startLocalCloud({ token, seed: 'empty', dataDir, onStderr: (line) => output.warn(`Local Cloud: ${line}`) }),
      );
    } catch (error) {
      void vscode.window.showErrorMessage(escapeMarkdownLinks(`Could not start the Local Cloud: ${(error as Error).message}`));
      return;
    }
    this.running = cloud;
    this.keptIn = dataDir;
    void cloud.exited.then((code) => {
      if (this.running !== cloud) return;
      this.ended();
      void vscode.window.showWarningMessage(escapeMarkdownLinks(`The Local Cloud stopped (${code}). See the Botpress output for why.`));
    });
    output.info(`Local Cloud listening on ${cloud.url} (pid ${cloud.pid}; ${dataDir ? `data in ${dataDir}` : 'memory only'}).`);
    let workspace: { id: string; name: string } | undefined;
    try {
      workspace = (await botpressAccounts.clientForToken(cloud.url, token).listWorkspaces({})).workspaces[0];
    } catch (error) {
      output.warn(`Local Cloud: could not list its workspaces: ${describeError(error)}`);
    }
    botpressAccounts.store.setLocalCloud({
      apiUrl: cloud.url,
      chatApiUrl: cloud.chatApiUrl,
      token,
      workspaceId: workspace?.id,
      workspaceName: workspace?.name,
    });
    this.status.text = '$(server-environment) Local Cloud';
    this.status.tooltip = `Botpress Local Cloud at ${cloud.url} (${dataDir ? 'kept in this workspace' : 'memory only'}): click to stop`;
    this.status.show();
    void vscode.commands.executeCommand('setContext', ContextKey.localCloudRunning, true);
    void vscode.window
      .showInformationMessage(
        escapeMarkdownLinks(
          `The Local Cloud runs at ${cloud.url} and is the active account: deploy, chat, logs and conversation tests go to it.`,
        ),
        'Stop',
      )
      .then((choice) => (choice === 'Stop' ? this.userStop() : undefined));
  }

  /** The process ended (stopped, or by itself): the account and the status bar item go. */
  private ended(): void {
    this.running = undefined;
    this.services.botpressAccounts.store.setLocalCloud(undefined);
    this.status.hide();
    void vscode.commands.executeCommand('setContext', ContextKey.localCloudRunning, false);
  }

  /** Stop from the palette, the status bar or the notification: a Local Cloud kept in memory asks first. */
  async userStop(): Promise<void> {
    await this.starting;
    if (this.running && !this.keptIn) {
      const choice = await vscode.window.showWarningMessage(
        'Stop the Local Cloud?',
        {
          modal: true,
          detail:
            'It keeps its world in memory only: the bots deployed to it, their conversations and states are gone when it stops. ' +
            'Set botpress.localCloud.persistence to "workspace" to keep them between runs.',
        },
        // The safe answer first: VS Code focuses it.
        'Keep Running',
        'Stop',
      );
      if (choice !== 'Stop') return;
    }
    await this.stop(true);
  }

  async stop(tell: boolean): Promise<void> {
    await this.starting;
    const cloud = this.running;
    if (!cloud) {
      if (tell) void vscode.window.showInformationMessage('The Local Cloud is not running.');
      return;
    }
    this.ended();
    await cloud.stop();
    if (tell) void vscode.window.showInformationMessage('The Local Cloud stopped.');
  }

  async reset(): Promise<void> {
    // Kept data goes too, even when the setting now says memory only.
    const stored = this.storageDir();
    const dataDir = stored && fs.existsSync(stored) ? stored : this.dataDir();
    const choice = await vscode.window.showWarningMessage(
      'Reset the Local Cloud?',
      {
        modal: true,
        detail:
          'Every bot, conversation, state and deployed code in it is deleted' +
          (dataDir ? `, and its data folder (${dataDir}) with them.` : '.') +
          ' It starts again empty if it was running. Botpress Cloud is not affected.',
      },
      // The safe answer first: VS Code focuses it, so Enter resets nothing.
      'Keep',
      'Reset',
    );
    if (choice !== 'Reset') return;
    const wasRunning = this.running !== undefined || this.starting !== undefined;
    await this.stop(false);
    if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
    if (wasRunning) await this.start();
    else void vscode.window.showInformationMessage('The Local Cloud was reset: it starts empty.');
  }

  dispose(): void {
    this.status.dispose();
    void this.running?.stop();
  }
}
