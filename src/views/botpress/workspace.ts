/** Accounts and their workspaces, each with its Bots, Integrations and Hub folders. */
import * as vscode from 'vscode';
import type { BotpressClient, ListItem } from '../../api/botpress';
import type { Account } from '../../auth/accounts';
import { BotsNode } from './bot';
import { LoadingNode } from './folders';
import { HubNode, IntegrationsNode } from './integration';
import { PackagesNode } from './plugin';
import { UsageNode, usageTooltip } from './usage';
import type { BotpressResource } from './resources';
import { ExplorerNode, type ExplorerEnv } from './rows';
import { Command, ContextValue } from '../../ids';

export class AccountNode extends LoadingNode<ListItem<'listWorkspaces'>> {
  readonly id: string;
  readonly what = 'workspaces';
  constructor(
    private readonly env: ExplorerEnv,
    readonly account: Account,
    readonly active: boolean,
  ) {
    super(undefined);
    this.id = `account:${account.id}`;
  }
  get accountId(): string {
    return this.account.id;
  }
  treeItem(): vscode.TreeItem {
    const { account } = this;
    const state = this.active ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.None;
    const name = this.env.accounts.names.of(account);
    const host = new URL(account.apiUrl).host;
    const origin = { environment: 'BP_TOKEN', local: 'running locally', stored: undefined }[account.source];
    const description = [origin, this.active ? host : 'click to switch'].filter(Boolean).join(' · ');
    const tooltip = [
      name !== account.label && account.source !== 'environment' ? `${name} (${account.label})` : name,
      account.apiUrl,
      account.workspaceId && `workspace: ${account.workspaceName ?? account.workspaceId}`,
      account.source === 'environment' && 'From the BP_TOKEN environment variable (not stored)',
      account.source === 'local' && 'The Local Cloud started by "Botpress: Start Local Cloud" (its token is kept in memory only)',
    ]
      .filter(Boolean)
      .join('\n');
    const look = this.active
      ? { icon: 'account', contextValue: ContextValue.account }
      : {
          icon: 'circle-outline',
          contextValue: ContextValue.inactiveAccount,
          command: { command: Command.switchAccount, title: 'Switch Account', arguments: [{ accountId: account.id }] },
        };
    return this.row(name, { ...look, description, tooltip }, state);
  }
  protected async fetchPage(nextToken: string | undefined, signal: AbortSignal) {
    return (await this.env.accounts.client({}, this.account)).page('listWorkspaces', { nextToken }, { signal });
  }
  protected toNode(workspace: ListItem<'listWorkspaces'>): ExplorerNode {
    return new WorkspaceNode(this, this.env, workspace, workspace.id === this.account.workspaceId);
  }
  protected emptyText(): string {
    return 'No workspaces: create one in the Botpress dashboard (app.botpress.cloud), then refresh.';
  }
}

export class WorkspaceNode extends ExplorerNode {
  readonly id: string;
  override readonly resource: BotpressResource;
  private readonly folders: ExplorerNode[];
  private readonly client: () => Promise<BotpressClient>;
  /** What the names of its bots and integrations must contain to be shown ("Filter Bots and Integrations…"). */
  filterText?: string;
  constructor(
    readonly accountNode: AccountNode,
    readonly env: ExplorerEnv,
    private workspace: ListItem<'listWorkspaces'>,
    private readonly current: boolean,
  ) {
    super(accountNode);
    this.id = `${accountNode.id}/${workspace.id}`;
    this.resource = { kind: 'workspace', workspaceId: workspace.id };
    const client = () => env.accounts.client({ workspaceId: workspace.id }, accountNode.account);
    this.folders = [
      new BotsNode(this, client),
      new IntegrationsNode(this, client),
      new PackagesNode(this, client, 'plugin'),
      new PackagesNode(this, client, 'interface'),
      new HubNode(this, client),
      new UsageNode(this, client),
    ];
    this.client = client;
  }
  get workspaceId(): string {
    return this.workspace.id;
  }
  get name(): string {
    return this.workspace.name;
  }
  treeItem(): vscode.TreeItem {
    const w = this.workspace;
    const filter = this.filterText && `filter “${this.filterText}”`;
    const description = [this.current ? 'current' : undefined, w.plan, `${w.botCount} bot${w.botCount === 1 ? '' : 's'}`, filter]
      .filter(Boolean)
      .join(' · ');
    const state = this.current ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.Collapsed;
    return this.row(
      w.name,
      // The tooltip, with the quotas' usage, is read when the row is hovered (resolveTooltip).
      { icon: 'organization', contextValue: ContextValue.workspace, description },
      state,
    );
  }
  override async children(): Promise<ExplorerNode[]> {
    return this.folders;
  }
  /** The row's tooltip: its name, id and plan, and this month's usage of each quota. */
  async resolveTooltip(): Promise<vscode.MarkdownString> {
    const w = this.workspace;
    const md = new vscode.MarkdownString(undefined, true);
    md.appendMarkdown('**').appendText(w.name).appendMarkdown('**\n\n').appendText(`id: ${w.id} · plan: ${w.plan}`);
    md.appendMarkdown((await usageTooltip(await this.client(), w.id)).value);
    return md;
  }
  override loaded(): readonly ExplorerNode[] {
    return this.folders;
  }
  /** Takes the workspace as the API returns it now (its bot count, after a bot was created). */
  update(workspace: ListItem<'listWorkspaces'>): void {
    this.workspace = workspace;
  }
}
