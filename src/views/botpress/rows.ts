/**
 * The nodes of the Botpress explorer (`botpress.explorer`).
 *
 * contextValues, for menus (`view == botpress.explorer && viewItem == …`). Each node object is what VS Code
 * passes to a command run from its menu, and carries the fields listed:
 *   account            the active account            { accountId }
 *   account.inactive   another signed-in account     { accountId }   (click switches to it)
 *   workspace          { workspaceId, name }
 *   bots | integrations | hub | conversations   paged folders (refreshable)
 *   bot                { workspaceId, botId, name, dev }
 *   integration        { workspaceId, integrationId, name, version }   (a workspace's own integration)
 *   hubIntegration     { name, version }
 *   botIntegration.enabled | botIntegration.disabled   an integration installed on a bot (its key as `name`)
 *   state | event | action | tag | channel   entries of a bot or integration definition
 *   plugins | interfaces   a workspace's own (paged), with the Hub's (`hub`) first
 *   plugin | interface | hubPlugin | hubInterface   { kind, name, version, workspaceId? }
 *   botPlugin          a plugin installed on a bot (its alias as `name`)
 *   conversation       { workspaceId, botId, conversationId }   (click runs botpress.openConversation)
 *   logs               { workspaceId, botId?, integrationId?, name }   (click runs botpress.openLogs)
 *   loadMore | error | message   the paging and status rows
 * Nodes with a `resource` can be opened as a document (`botpress.openResource`).
 */
import * as vscode from 'vscode';
import type { BotpressClient } from '../../api/botpress';
import { ApiError, describeError } from '../../api/errors';
import type { BotpressAccounts } from '../../auth/access';
import type { LoadingNode } from './folders';
import type { BotpressResource } from './resources';
import { Command } from '../../ids';

/** What every node needs from the explorer. */
export interface ExplorerEnv {
  readonly accounts: BotpressAccounts;
  /** The local SDK project folders linked to a bot (by `.botpress/project.cache.json`), for its row. */
  readonly localFolders?: (botId: string) => string[];
}

export abstract class ExplorerNode {
  abstract readonly id: string;
  /** The document this node stands for, when it can be opened as one. */
  readonly resource?: BotpressResource;

  constructor(readonly parent: ExplorerNode | undefined) {}

  abstract treeItem(): vscode.TreeItem;
  /** Present on nodes that can be expanded. */
  children?(): Promise<ExplorerNode[]>;
  /** Forgets what was loaded, so the next expansion fetches again. */
  reset(): void {}
  /** The children made so far, without loading anything. */
  loaded(): readonly ExplorerNode[] {
    return [];
  }

  /** This node's row: `label` and `look`, a leaf unless `state` says otherwise. */
  protected row(label: string, look: RowLook, state = vscode.TreeItemCollapsibleState.None): vscode.TreeItem {
    const item = new vscode.TreeItem(label, state);
    item.id = this.id;
    item.iconPath = typeof look.icon === 'string' ? new vscode.ThemeIcon(look.icon) : look.icon;
    item.contextValue = look.contextValue;
    item.description = look.description;
    item.tooltip = look.tooltip;
    item.command = look.command;
    return item;
  }

  /** A folder row: a fixed label and icon, collapsed unless `state` says otherwise. */
  protected folder(
    label: string,
    icon: string,
    contextValue: string,
    tooltip?: string,
    state = vscode.TreeItemCollapsibleState.Collapsed,
  ): vscode.TreeItem {
    return this.row(label, { icon, contextValue, tooltip }, state);
  }
}

/** How a row looks beside its label, and what a click on it runs. */
export interface RowLook {
  /** A codicon name, or an icon of its own (a colored one). */
  icon: string | vscode.ThemeIcon;
  /** For menus: see the list at the top of this file. */
  contextValue: string;
  description?: string;
  tooltip?: string | vscode.MarkdownString;
  command?: vscode.Command;
}

/** A plain row: "No bots yet…", "Loading failed" hints and the like. */
export class MessageNode extends ExplorerNode {
  readonly id: string;
  constructor(
    parent: ExplorerNode,
    private readonly text: string,
    private readonly icon = 'info',
  ) {
    super(parent);
    this.id = `${parent.id}/#message`;
  }
  treeItem(): vscode.TreeItem {
    return this.row(this.text, { icon: this.icon, contextValue: 'message', tooltip: this.text });
  }
}

/** "Load more…" at the end of a paged list: loads the next page of its parent. */
export class LoadMoreNode extends ExplorerNode {
  readonly id: string;
  constructor(readonly list: LoadingNode<unknown>) {
    super(list);
    this.id = `${list.id}/#more`;
  }
  treeItem(): vscode.TreeItem {
    return this.row('Load more…', {
      icon: 'ellipsis',
      contextValue: 'loadMore',
      command: { command: Command.loadMoreInExplorer, title: 'Load more', arguments: [this] },
    });
  }
}

/** A failed request: says what failed and retries on click. */
export class ErrorNode extends ExplorerNode {
  readonly id: string;
  constructor(
    readonly list: LoadingNode<unknown>,
    private readonly error: unknown,
  ) {
    super(list);
    this.id = `${list.id}/#error`;
  }
  treeItem(): vscode.TreeItem {
    const message = describeError(this.error);
    const refused = this.error instanceof ApiError && this.error.status === 401;
    const then = refused
      ? {
          tooltip: `${message}\n\nThe token was refused: click to sign in again.`,
          command: { command: Command.signIn, title: 'Sign In Again' },
        }
      : {
          tooltip: `${message}\n\nClick to try again.`,
          command: { command: Command.loadMoreInExplorer, title: 'Try again', arguments: [this] },
        };
    return this.row(`Could not load ${this.list.what}: ${message}`, {
      icon: new vscode.ThemeIcon('error', new vscode.ThemeColor('errorForeground')),
      contextValue: 'error',
      ...then,
    });
  }
}

/** One named entry of a definition: a state, event, action, tag, channel or installed integration. */
export class EntryNode extends ExplorerNode {
  readonly id: string;
  constructor(
    parent: ExplorerNode,
    readonly name: string,
    private readonly look: { contextValue: string; icon: string; label?: string; description?: string; tooltip?: string },
    override readonly resource: BotpressResource,
  ) {
    super(parent);
    this.id = `${parent.id}/${name}`;
  }
  treeItem(): vscode.TreeItem {
    const { label, icon, contextValue, description, tooltip } = this.look;
    return this.row(label ?? this.name, {
      icon,
      contextValue,
      description,
      tooltip: tooltip ?? description,
      command: { command: Command.openResource, title: 'Open', arguments: [this] },
    });
  }
}

/** A leaf that opens the log tail of a bot or an integration. */
export class LogsNode extends ExplorerNode {
  readonly id: string;
  constructor(
    parent: ExplorerNode,
    readonly target: { workspaceId: string; botId?: string; integrationId?: string; name: string },
  ) {
    super(parent);
    this.id = `${parent.id}/#logs`;
  }
  treeItem(): vscode.TreeItem {
    const command = { command: Command.openLogs, title: 'Open Logs', arguments: [this.target] };
    return this.row('Logs', { icon: 'output', contextValue: 'logs', tooltip: `Live logs of ${this.target.name}`, command });
  }
}

export type ClientFactory = () => Promise<BotpressClient>;
