import * as vscode from 'vscode';
import type { BotpressAccounts } from '../../auth/access';
import type { LoadingNode } from './folders';
import { ErrorNode, ExplorerNode, LoadMoreNode } from './rows';
import { AccountNode } from './workspace';

const EXPLORER_VIEW_ID = 'botpress.explorer';

/** The Botpress tree: signed-in accounts (the active one expanded) → workspaces → bots, integrations, hub. */
export class BotpressTreeProvider implements vscode.TreeDataProvider<ExplorerNode>, vscode.Disposable {
  private readonly changes = new vscode.EventEmitter<ExplorerNode | undefined>();
  readonly onDidChangeTreeData = this.changes.event;
  private roots?: ExplorerNode[];
  /** Each node's TreeItem, made once: VS Code asks again for every row each time a list grows. */
  private readonly items = new WeakMap<ExplorerNode, vscode.TreeItem>();
  private readonly subscription: { dispose(): void };

  constructor(private readonly accounts: BotpressAccounts) {
    this.subscription = accounts.store.onDidChange(() => this.refresh());
  }

  getTreeItem(node: ExplorerNode): vscode.TreeItem {
    let item = this.items.get(node);
    if (!item) this.items.set(node, (item = node.treeItem()));
    return item;
  }

  getParent(node: ExplorerNode): ExplorerNode | undefined {
    return node.parent;
  }

  async getChildren(node?: ExplorerNode): Promise<ExplorerNode[]> {
    if (node) return node.children ? node.children() : [];
    if (!this.roots) {
      const active = this.accounts.store.active();
      this.roots = this.accounts.store.list().map((a) => new AccountNode({ accounts: this.accounts }, a, a.id === active?.id));
    }
    return this.roots;
  }

  /** Reloads one node's children, or the whole tree. */
  refresh(node?: ExplorerNode): void {
    if (node) {
      node.reset();
      this.items.delete(node);
    }
    else {
      for (const root of this.roots ?? []) root.reset();
      this.roots = undefined;
    }
    this.changes.fire(node);
  }

  /** Loads the next page of a list (from its "Load more…" row), or retries what failed (its error row). */
  async loadMore(row: LoadMoreNode | ErrorNode): Promise<void> {
    const list: LoadingNode<unknown> = row.list;
    const loading = list.list.loadMore();
    this.changes.fire(list);
    await vscode.window.withProgress({ location: { viewId: EXPLORER_VIEW_ID } }, () => loading);
  }

  dispose(): void {
    this.subscription.dispose();
    this.changes.dispose();
  }
}

export function registerBotpressExplorer(context: vscode.ExtensionContext, accounts: BotpressAccounts): BotpressTreeProvider {
  const provider = new BotpressTreeProvider(accounts);
  const view = vscode.window.createTreeView(EXPLORER_VIEW_ID, { treeDataProvider: provider, showCollapseAll: true });
  context.subscriptions.push(
    provider,
    view,
    vscode.commands.registerCommand('botpress.explorer.refresh', (node?: ExplorerNode) => provider.refresh(node instanceof ExplorerNode ? node : undefined)),
    vscode.commands.registerCommand('botpress.explorer.loadMore', (row: LoadMoreNode | ErrorNode) => provider.loadMore(row)),
  );
  return provider;
}
