import * as vscode from 'vscode';
import type { BotpressAccounts } from '../../auth/access';
import type { Services } from '../../services';
import type { LoadingNode } from './folders';
import { ErrorNode, ExplorerNode, LoadMoreNode, type ExplorerEnv } from './rows';
import { BotNode, BotsNode, ConversationsNode } from './bot';
import { IntegrationNode, IntegrationsNode } from './integration';
import { PackagesNode } from './plugin';
import { findBot } from './reveal';
import { AccountNode, WorkspaceNode } from './workspace';
import { Command, InternalCommand, Setting, View } from '../../ids';

/** What a deploy changed: a bot or an integration of a workspace, created or updated. */
export interface DeployedTarget {
  workspaceId: string;
  botId?: string;
  integrationId?: string;
  created: boolean;
  /** A plugin or interface was deployed (its folder of the workspace is read again). */
  packageType?: 'plugin' | 'interface';
}

/** Every node made so far under `roots`, parents before children; nothing is loaded. */
function* loadedNodes(roots: readonly ExplorerNode[]): Generator<ExplorerNode> {
  for (const node of roots) {
    yield node;
    yield* loadedNodes(node.loaded());
  }
}

/** The Botpress tree: signed-in accounts (the active one expanded) → workspaces → bots, integrations, hub. */
export class BotpressTreeProvider implements vscode.TreeDataProvider<ExplorerNode>, vscode.Disposable {
  private readonly changes = new vscode.EventEmitter<ExplorerNode | undefined>();
  readonly onDidChangeTreeData = this.changes.event;
  private roots?: ExplorerNode[];
  /** Each node's TreeItem, made once: VS Code asks again for every row each time a list grows. */
  private readonly items = new WeakMap<ExplorerNode, vscode.TreeItem>();
  private readonly subscriptions: { dispose(): void }[];
  /** The view showing this tree, once there is one (revealing a node needs it). */
  view?: vscode.TreeView<ExplorerNode>;

  constructor(
    private readonly accounts: BotpressAccounts,
    private readonly extras: Omit<ExplorerEnv, 'accounts'> = {},
  ) {
    this.subscriptions = [
      accounts.store.onDidChange(() => this.refresh()),
      // An account's name arrived: its row changes, not what is under it.
      accounts.names.onDidChange(() => (this.roots ?? []).forEach((root) => this.refreshRow(root))),
      // Test conversations shown or hidden: the loaded lists are filtered again, not fetched again.
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (!e.affectsConfiguration(Setting.showTestConversations)) return;
        for (const node of loadedNodes(this.roots ?? [])) if (node instanceof ConversationsNode) this.changes.fire(node);
      }),
    ];
  }

  getTreeItem(node: ExplorerNode): vscode.TreeItem {
    let item = this.items.get(node);
    if (!item) this.items.set(node, (item = node.treeItem()));
    return item;
  }

  /** A row whose tooltip is read on hover (a workspace's usage). */
  async resolveTreeItem(item: vscode.TreeItem, node: ExplorerNode): Promise<vscode.TreeItem> {
    const resolve = (node as { resolveTooltip?: () => Promise<vscode.MarkdownString | string> }).resolveTooltip;
    if (resolve && item.tooltip === undefined) item.tooltip = await resolve.call(node);
    return item;
  }

  getParent(node: ExplorerNode): ExplorerNode | undefined {
    return node.parent;
  }

  async getChildren(node?: ExplorerNode): Promise<ExplorerNode[]> {
    if (node) return node.children ? node.children() : [];
    if (!this.roots) {
      const active = this.accounts.store.active();
      this.roots = this.accounts.store
        .list()
        .map((a) => new AccountNode({ ...this.extras, accounts: this.accounts }, a, a.id === active?.id));
    }
    return this.roots;
  }

  /** Reloads one node's children, or the whole tree. */
  refresh(node?: ExplorerNode): void {
    if (node) {
      node.reset();
      this.items.delete(node);
    } else {
      for (const root of this.roots ?? []) root.reset();
      this.roots = undefined;
    }
    this.changes.fire(node);
  }

  /**
   * Shows what a deploy changed: a deployed bot's row (its "deployed … ago") and what is inside it, an
   * updated integration's contents, and a new bot or integration in its workspace's list.
   */
  async deployed(target: DeployedTarget): Promise<void> {
    const client = await this.accounts.client({ workspaceId: target.workspaceId });
    const inWorkspace = (list: BotsNode | IntegrationsNode) => list.workspaceNode.workspaceId === target.workspaceId;
    for (const node of loadedNodes(this.roots ?? [])) {
      if (node instanceof WorkspaceNode && node.workspaceId === target.workspaceId && target.created && target.botId) {
        node.update(await client.getWorkspace({ id: target.workspaceId }));
        this.refreshRow(node);
      } else if (node instanceof BotNode && node.botId === target.botId && node.workspaceId === target.workspaceId) {
        node.update((await client.getBot({ id: node.botId })).bot);
        this.refresh(node);
      } else if (node instanceof IntegrationNode && node.integrationId === target.integrationId) {
        this.refresh(node);
      } else if (target.created && node instanceof BotsNode && target.botId && inWorkspace(node)) {
        this.refresh(node);
      } else if (target.created && node instanceof IntegrationsNode && target.integrationId && inWorkspace(node)) {
        this.refresh(node);
      } else if (node instanceof PackagesNode && node.kind === target.packageType && node.workspaceId === target.workspaceId) {
        this.refresh(node);
      }
    }
  }

  /** Shows only the bots and integrations of a workspace whose names contain `text` (empty: all of them). */
  setFilter(workspace: WorkspaceNode, text: string | undefined): void {
    workspace.filterText = text?.trim() || undefined;
    this.refreshRow(workspace);
  }

  /** Makes a node's row again (its label or description changed). */
  private refreshRow(node: ExplorerNode): void {
    this.items.delete(node);
    this.changes.fire(node);
  }

  /** Draws the loaded bot rows again (the local folders linked to them changed), without loading anything. */
  redrawBots(): void {
    for (const node of loadedNodes(this.roots ?? [])) if (node instanceof BotNode) this.refreshRow(node);
  }

  /** Selects a bot of the active account's workspace in the tree, loading what leads to it; false when it is not there. */
  async revealBot(workspaceId: string, botId: string): Promise<boolean> {
    const node = await findBot(this, workspaceId, botId);
    if (!node || !this.view) return false;
    // The pages loaded on the way are not in the view yet: VS Code keeps the rows it had and could not resolve the
    // bot's. Telling it the list changed makes the reveal wait for that refresh.
    this.changes.fire(node.botsNode);
    await this.view.reveal(node, { select: true, focus: false, expand: false });
    return true;
  }

  /** Loads the next page of a list (from its "Load more…" row), or retries what failed (its error row). */
  async loadMore(row: LoadMoreNode | ErrorNode): Promise<void> {
    const list: LoadingNode<unknown> = row.list;
    const loading = list.list.loadMore();
    this.changes.fire(list);
    await vscode.window.withProgress({ location: { viewId: View.botpressExplorer } }, () => loading);
  }

  dispose(): void {
    for (const s of this.subscriptions) s.dispose();
    this.changes.dispose();
  }
}

/** Draws the Botpress explorer (`services.explorer`) in its view and registers its commands. */
export function registerBotpressExplorer(context: vscode.ExtensionContext, services: Services): void {
  const provider = services.explorer;
  provider.view = services.contributions.treeView(View.botpressExplorer, provider);
  context.subscriptions.push(
    vscode.commands.registerCommand(Command.refreshExplorer, (node?: ExplorerNode) =>
      provider.refresh(node instanceof ExplorerNode ? node : undefined),
    ),
    vscode.commands.registerCommand(Command.loadMoreInExplorer, (row: LoadMoreNode | ErrorNode) => provider.loadMore(row)),
    vscode.commands.registerCommand(Command.filterExplorer, async (node?: ExplorerNode) => {
      if (!(node instanceof WorkspaceNode)) return;
      const text = await vscode.window.showInputBox({
        title: `Filter Bots and Integrations of ${node.name}`,
        prompt: 'Show only the bots and integrations whose name contains this text (empty: show all)',
        value: node.filterText ?? '',
      });
      if (text !== undefined) provider.setFilter(node, text);
    }),
    // Run by the deploy commands once a deploy succeeded.
    vscode.commands.registerCommand(InternalCommand.showDeployedInExplorer, (target: DeployedTarget) => provider.deployed(target)),
  );
}
