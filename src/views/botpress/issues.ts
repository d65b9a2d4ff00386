/** A bot's runtime issues (listBotIssues): the most recently seen first, each opening as a read-only document. */
import * as vscode from 'vscode';
import type { BotpressClient, ListItem } from '../../api/botpress';
import { LoadingNode } from './folders';
import { relativeTime } from './format';
import type { BotpressResource } from './resources';
import { ExplorerNode } from './rows';
import type { BotNode } from './bot';
import { Command, ContextValue } from '../../ids';

export type IssueSummary = ListItem<'listBotIssues'>;

const categoryIcon: Record<string, string> = { user_code: 'bug', limits: 'dashboard', configuration: 'settings-gear', other: 'warning' };

/**
 * How many open issues each bot has, for its row (`3 issues`; `20+` past the first page), read with the list's page:
 * one request per bot, in parallel; a bot whose count fails shows none.
 */
export async function withIssueCounts<T extends { id: string }>(
  client: BotpressClient,
  bots: T[],
  signal: AbortSignal,
): Promise<(T & { openIssues?: string })[]> {
  return Promise.all(
    bots.map(async (bot) => {
      const page = await client.page('listBotIssues', { id: bot.id }, { signal }).catch(() => undefined);
      if (!page?.items.length) return bot;
      return { ...bot, openIssues: `${page.items.length}${page.nextToken ? '+' : ''}` };
    }),
  );
}

export class IssuesNode extends LoadingNode<IssueSummary> {
  readonly id: string;
  readonly what = 'issues';
  /** The open count once known here (after a resolve), else the bot row's. */
  private count?: string;
  constructor(
    readonly botNode: BotNode,
    private readonly client: () => Promise<BotpressClient>,
  ) {
    super(botNode);
    this.id = `${botNode.id}/issues`;
  }
  get workspaceId(): string {
    return this.botNode.workspaceId;
  }
  get botId(): string {
    return this.botNode.botId;
  }
  treeItem(): vscode.TreeItem {
    const count = this.count ?? this.botNode.summary.openIssues;
    const item = this.folder(
      'Issues',
      'bug',
      ContextValue.issuesFolder,
      'What went wrong while the bot ran, grouped; the most recent first',
    );
    item.description = count ? `${count} open` : undefined;
    return item;
  }
  protected async fetchPage(nextToken: string | undefined, signal: AbortSignal) {
    const page = await (await this.client()).page('listBotIssues', { id: this.botId, nextToken }, { signal });
    return { items: [...page.items].sort((a, b) => b.lastSeenAt.localeCompare(a.lastSeenAt)), nextToken: page.nextToken };
  }
  protected toNode(issue: IssueSummary): ExplorerNode {
    return new IssueNode(this, issue);
  }
  /** One of its issues was resolved: the count drops before the list is read again. */
  resolved(): void {
    const left = this.list.items.length - 1;
    this.count = left > 0 ? `${left}${this.list.hasMore ? '+' : ''}` : '';
  }
  protected emptyText(): string {
    return 'No open issues: errors, timeouts and misconfigurations of the running bot show here.';
  }
}

export class IssueNode extends ExplorerNode {
  readonly id: string;
  override readonly resource: BotpressResource;
  constructor(
    readonly issuesNode: IssuesNode,
    readonly issue: IssueSummary,
  ) {
    super(issuesNode);
    this.id = `${issuesNode.id}/${issue.id}`;
    this.resource = { kind: 'issue', workspaceId: this.workspaceId, botId: this.botId, issueId: issue.id };
  }
  get workspaceId(): string {
    return this.issuesNode.workspaceId;
  }
  get botId(): string {
    return this.issuesNode.botId;
  }
  get issueId(): string {
    return this.issue.id;
  }
  get name(): string {
    return this.issue.title;
  }
  treeItem(): vscode.TreeItem {
    const { issue } = this;
    const events = `${issue.eventsCount} event${issue.eventsCount === 1 ? '' : 's'}`;
    const description = [issue.category.replace(/_/g, ' '), events, `last seen ${relativeTime(issue.lastSeenAt) ?? issue.lastSeenAt}`].join(
      ' · ',
    );
    const tooltip = new vscode.MarkdownString(undefined, true);
    tooltip.appendMarkdown('**').appendText(issue.title).appendMarkdown('**\n\n').appendText(issue.description);
    tooltip.appendMarkdown('\n\n').appendText(`${issue.code} · ${events} · first seen ${issue.createdAt}, last seen ${issue.lastSeenAt}`);
    return this.row(issue.title, {
      icon: new vscode.ThemeIcon(categoryIcon[issue.category] ?? 'warning', new vscode.ThemeColor('problemsWarningIcon.foreground')),
      contextValue: ContextValue.issue,
      description,
      tooltip,
      command: { command: Command.openResource, title: 'Open Issue', arguments: [this] },
    });
  }
}
