/** A bot's versions (listBotVersions), the newest first: each can be opened as bot JSON, compared and deployed back. */
import * as vscode from 'vscode';
import type { BotpressClient, Output } from '../../api/botpress';
import { LoadingNode } from './folders';
import { ExplorerNode } from './rows';
import type { BotNode } from './bot';
import { Command, ContextValue } from '../../ids';

export type VersionSummary = Output<'listBotVersions'>['versions'][number];

export class VersionsNode extends LoadingNode<VersionSummary> {
  readonly id: string;
  readonly what = 'versions';
  constructor(
    readonly botNode: BotNode,
    private readonly client: () => Promise<BotpressClient>,
  ) {
    super(botNode);
    this.id = `${botNode.id}/versions`;
  }
  get workspaceId(): string {
    return this.botNode.workspaceId;
  }
  get botId(): string {
    return this.botNode.botId;
  }
  get name(): string {
    return this.botNode.name;
  }
  treeItem(): vscode.TreeItem {
    return this.folder('Versions', 'versions', ContextValue.versionsFolder, 'Snapshots of the bot: its definition, code and bot JSON');
  }
  protected async fetchPage(_token: string | undefined, signal: AbortSignal) {
    const { versions } = await (await this.client()).listBotVersions({ id: this.botId }, { signal });
    return { items: versions };
  }
  protected toNode(version: VersionSummary): ExplorerNode {
    return new VersionNode(this, version);
  }
  protected emptyText(): string {
    return 'No versions yet: "Create Version…" snapshots the bot as it is now.';
  }
}

export class VersionNode extends ExplorerNode {
  readonly id: string;
  constructor(
    readonly versionsNode: VersionsNode,
    readonly version: VersionSummary,
  ) {
    super(versionsNode);
    this.id = `${versionsNode.id}/${version.id}`;
  }
  get workspaceId(): string {
    return this.versionsNode.workspaceId;
  }
  get botId(): string {
    return this.versionsNode.botId;
  }
  get versionId(): string {
    return this.version.id;
  }
  get name(): string {
    return this.version.name;
  }
  treeItem(): vscode.TreeItem {
    const { version } = this;
    return this.row(version.name, {
      icon: 'tag',
      contextValue: ContextValue.botVersion,
      description: version.description,
      tooltip: `${version.name}${version.description ? `\n${version.description}` : ''}\nid: ${version.id}`,
      command: { command: Command.openBotVersionJson, title: 'Open Bot JSON', arguments: [this] },
    });
  }
}
