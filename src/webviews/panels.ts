// What the panels of one kind share: the host of one panel (its page loaded, its messages handed to `receive`,
// disposed with its webview) and the registry of a kind's panels (one per target, revealed when opened again,
// restored by its serializer after a window reload).
import * as vscode from 'vscode';
import type { Services } from '../services';
import type { PageResources } from './html';
import { loadPage } from './page';

export abstract class PanelHost<M> implements vscode.Disposable {
  protected readonly disposables: vscode.Disposable[] = [];
  private readonly disposed = new vscode.EventEmitter<void>();
  readonly onDidDispose = this.disposed.event;

  /** Loads dist/media/<name>.js into the panel's webview (see loadPage). */
  constructor(
    readonly panel: vscode.WebviewPanel,
    extensionUri: vscode.Uri,
    name: string,
    page: (resources: PageResources) => string,
  ) {
    loadPage(panel.webview, extensionUri, name, page);
    this.disposables.push(
      panel.webview.onDidReceiveMessage((m: M) => void this.receive(m)),
      panel.onDidDispose(() => this.dispose()),
    );
  }

  protected abstract receive(message: M): void | Promise<void>;

  reveal(): void {
    this.panel.reveal();
  }

  dispose(): void {
    for (const d of this.disposables.splice(0)) d.dispose();
    this.disposed.fire();
    this.disposed.dispose();
    this.panel.dispose();
  }
}

export interface PanelKind<T, P> {
  viewType: string;
  /** One panel per key. */
  keyOf(target: T): string;
  /** Whether a restored panel's state holds a target. */
  isTarget(value: unknown): value is T;
  title(target: T): string;
  create(webviewPanel: vscode.WebviewPanel, target: T): P;
}

/** The open panels of a kind; its serializer brings them back after a window reload (their state's `target`). */
export function registerPanels<T, P extends PanelHost<unknown>>(
  context: vscode.ExtensionContext,
  services: Services,
  kind: PanelKind<T, P>,
): { open(target: T): { panel: P; created: boolean } } {
  const panels = new Map<string, P>();
  const attach = (webviewPanel: vscode.WebviewPanel, target: T) => {
    const panel = kind.create(webviewPanel, target);
    const key = kind.keyOf(target);
    panels.set(key, panel);
    panel.onDidDispose(() => panels.get(key) === panel && panels.delete(key));
    return panel;
  };
  services.contributions.webviewPanelSerializer(kind.viewType, {
    async deserializeWebviewPanel(webviewPanel: vscode.WebviewPanel, state: unknown) {
      const target = (state as { target?: unknown } | undefined)?.target;
      if (!kind.isTarget(target) || panels.has(kind.keyOf(target))) return webviewPanel.dispose();
      attach(webviewPanel, target);
    },
  });
  context.subscriptions.push({ dispose: () => [...panels.values()].forEach((p) => p.dispose()) });
  return {
    open(target) {
      const existing = panels.get(kind.keyOf(target));
      if (existing) return { panel: existing, created: false };
      const webviewPanel = vscode.window.createWebviewPanel(kind.viewType, kind.title(target), vscode.ViewColumn.Active, {
        enableScripts: true,
        retainContextWhenHidden: true,
      });
      return { panel: attach(webviewPanel, target), created: true };
    },
  };
}

/** Whether `value` is an object whose `keys` are all strings (a panel's target read back from its state). */
export const hasStrings = (value: unknown, keys: string[]): boolean =>
  typeof value === 'object' && value !== null && keys.every((k) => typeof (value as Record<string, unknown>)[k] === 'string');
