import * as vscode from 'vscode';
import { safeLinkUrl } from '../../core/render/url';
import { loadPage } from '../page';
import { panelHtml } from './html';
import type { HostMessage, Request, WebviewMessage } from './protocol';
import { TranscriptState, type PanelController } from './state';

export type { PanelController } from './state';

export interface PanelDeps {
  readonly extensionUri: vscode.Uri;
  readonly output: vscode.LogOutputChannel;
  /** Opens the logs of this panel's conversation (absent: the panel has no logs). */
  readonly openLogs?: () => Thenable<unknown>;
  /** Opens the analytics of this panel's bot (absent: the panel has no bot). */
  readonly openAnalytics?: () => Thenable<unknown>;
  /** What the webview keeps to have the panel restored after a reload. */
  readonly restore?: unknown;
}

/** One webview panel bound to one controller, with the `ready` handshake and paired requests. */
export class ConversationPanel implements vscode.Disposable {
  private ready = false;
  private disposed = false;
  private readonly state: TranscriptState;
  private readonly disposables: vscode.Disposable[] = [];
  private readonly disposeEmitter = new vscode.EventEmitter<void>();
  readonly onDidDispose = this.disposeEmitter.event;

  constructor(
    readonly panel: vscode.WebviewPanel,
    readonly controller: PanelController,
    private readonly deps: PanelDeps,
  ) {
    const webview = panel.webview;
    loadPage(webview, deps.extensionUri, 'chat', panelHtml);
    this.state = new TranscriptState({ ...controller.view, restore: deps.restore }, (message) => {
      if (this.ready) void webview.postMessage(message);
    });
    this.disposables.push(
      webview.onDidReceiveMessage((message: WebviewMessage) => this.receive(message)),
      panel.onDidChangeViewState(() => controller.onVisibility?.(panel.visible)),
      panel.onDidDispose(() => this.dispose()),
    );
    controller.start(this.state);
  }

  reveal(): void {
    this.panel.reveal();
  }

  private receive(message: WebviewMessage): void {
    if (message?.type === 'ready') {
      this.ready = true;
      for (const m of this.state.snapshot()) void this.panel.webview.postMessage(m);
    } else if (message?.type === 'request' && typeof message.id === 'number') {
      void this.answer(message.id, message.request);
    }
  }

  private async answer(id: number, request: Request): Promise<void> {
    let error: string | undefined;
    try {
      await this.perform(request);
    } catch (err) {
      error = err instanceof Error ? err.message : String(err);
      this.deps.output.warn(`${this.controller.view.title}: ${request?.method} failed: ${error}`);
    }
    void this.panel.webview.postMessage({ type: 'response', id, ...(error === undefined ? {} : { error }) } satisfies HostMessage);
  }

  private async perform(request: Request): Promise<void> {
    switch (request?.method) {
      case 'openLink':
        return openLink(request.url);
      case 'openJson': {
        const doc = await vscode.workspace.openTextDocument({ language: 'json', content: String(request.json) });
        await vscode.window.showTextDocument(doc, { viewColumn: vscode.ViewColumn.Beside, preview: true });
        return;
      }
      case 'openLogs':
        if (!this.deps.openLogs) throw new Error('This panel has no logs.');
        await this.deps.openLogs();
        return;
      case 'openAnalytics':
        if (!this.deps.openAnalytics) throw new Error('This panel has no bot.');
        await this.deps.openAnalytics();
        return;
      default:
        return this.controller.handle(request);
    }
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.controller.dispose();
    for (const d of this.disposables.splice(0)) d.dispose();
    this.panel.dispose();
    this.disposeEmitter.fire();
    this.disposeEmitter.dispose();
  }
}

/** Opens a link from remote content after the user confirms it, http(s) and mailto only. */
async function openLink(raw: unknown): Promise<void> {
  const url = safeLinkUrl(raw);
  if (!url) throw new Error('Only http, https and mailto links can be opened.');
  const choice = await vscode.window.showWarningMessage('Open a link from this conversation?', { modal: true, detail: url }, 'Open Link');
  if (choice === 'Open Link') await vscode.env.openExternal(vscode.Uri.parse(url, true));
}
