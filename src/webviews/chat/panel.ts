import * as vscode from 'vscode';
import { safeLinkUrl } from '../../core/render/url';
import { panelHtml } from './html';
import type { BoardView, ChatItem, HostMessage, PanelView, Request, Status, WebviewMessage } from './protocol';

/** What a conversation panel shows: a live chat, a stored conversation, or a Botmock board. */
export interface PanelController {
  readonly view: PanelView;
  /** Starts loading; called once, with the state the controller fills in. */
  start(state: TranscriptState): void;
  /** A request from the webview other than the ones every panel answers (links, JSON, logs). */
  handle(request: Request): Promise<void>;
  /** Whether the panel is visible changed (e.g. to pause polling). */
  onVisibility?(visible: boolean): void;
  dispose(): void;
}

/**
 * The panel's state on the host: the transcript, the status banner, the typing indicator and the
 * board. Updates are forwarded to the webview once it is ready; a webview that (re)loads gets all of it.
 */
export class TranscriptState {
  private readonly items = new Map<string, ChatItem>();
  private status: Status | null = null;
  private typing = false;
  private board: BoardView | undefined;

  constructor(
    private readonly view: PanelView,
    private readonly post: (message: HostMessage) => void,
  ) {}

  /** Adds or replaces messages by id; `reset` clears the transcript first. */
  upsert(items: readonly ChatItem[], reset = false): void {
    if (reset) this.items.clear();
    for (const item of items) this.items.set(item.id, item);
    this.post({ type: 'messages', items, reset });
  }

  /** Replaces a message (e.g. a pending one by the server's copy). */
  replace(oldId: string, item: ChatItem): void {
    this.items.delete(oldId);
    this.items.set(item.id, item);
    this.post({ type: 'messages', items: [...this.items.values()], reset: true });
  }

  remove(id: string): void {
    if (this.items.delete(id)) this.post({ type: 'messages', items: [...this.items.values()], reset: true });
  }

  has(id: string): boolean {
    return this.items.has(id);
  }

  setStatus(status: Status | null): void {
    this.status = status;
    this.post({ type: 'status', status });
  }

  setTyping(on: boolean): void {
    if (this.typing === on) return;
    this.typing = on;
    this.post({ type: 'typing', on });
  }

  setBoard(board: BoardView): void {
    this.board = board;
    this.post({ type: 'board', board });
  }

  /** Everything, for a webview that just became ready. */
  snapshot(): HostMessage[] {
    const all: HostMessage[] = [
      { type: 'init', view: this.view },
      { type: 'messages', items: [...this.items.values()], reset: true },
      { type: 'status', status: this.status },
      { type: 'typing', on: this.typing },
    ];
    if (this.board) all.push({ type: 'board', board: this.board });
    return all;
  }
}

export interface PanelDeps {
  readonly extensionUri: vscode.Uri;
  readonly output: vscode.LogOutputChannel;
  /** Opens the logs of this panel's conversation (absent: the panel has no logs). */
  readonly openLogs?: () => Thenable<unknown>;
}

export const CONVERSATION_VIEW_TYPE = 'botpress.conversation';

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
    const media = vscode.Uri.joinPath(deps.extensionUri, 'dist', 'media');
    webview.options = { enableScripts: true, enableCommandUris: false, localResourceRoots: [media] };
    webview.html = panelHtml({
      cspSource: webview.cspSource,
      scriptUri: webview.asWebviewUri(vscode.Uri.joinPath(media, 'chat.js')).toString(),
      styleUri: webview.asWebviewUri(vscode.Uri.joinPath(media, 'chat.css')).toString(),
      nonce: nonce(),
    });
    this.state = new TranscriptState(controller.view, (message) => {
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
      this.answer(message.id, message.request);
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
  const choice = await vscode.window.showWarningMessage(
    'Open a link from this conversation?',
    { modal: true, detail: url },
    'Open Link',
  );
  if (choice === 'Open Link') await vscode.env.openExternal(vscode.Uri.parse(url, true));
}

function nonce(): string {
  const bytes = new Uint8Array(24);
  globalThis.crypto.getRandomValues(bytes);
  return Buffer.from(bytes).toString('base64url');
}
