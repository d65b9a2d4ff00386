/** A workspace's bots, and what is inside each: installed integrations, states, tags, events, conversations, logs. */
import * as vscode from 'vscode';
import type { Bot, BotpressClient, ListItem } from '../../api/botpress';
import { DetailNode, entries, GroupNode, LoadingNode, type ListFilter } from './folders';
import { installedPlugins } from './plugin';
import { botDescription, conversationRow, relativeTime, type ConversationSummary } from './format';
import { chainPages, type Page } from './pagedList';
import type { BotpressResource, BotPart } from './resources';
import { EntryNode, ExplorerNode, LogsNode, type ClientFactory } from './rows';
import type { WorkspaceNode } from './workspace';
import { TablesNode } from './tables';
import { IssuesNode, withIssueCounts } from './issues';
import { VersionsNode } from './versions';
import { knowledgeNodes } from './knowledge';
import { Command, ContextValue, Setting } from '../../ids';
import { isTestUser } from '../../core/convo/run';

/** A bot of a list, with whether it came from the dev list (list items do not say). */
export type BotSummary = ListItem<'listBots'> & { dev: boolean; openIssues?: string };

/** The workspace's bots: production bots first, then dev bots (the API lists them separately). */
export class BotsNode extends LoadingNode<BotSummary> {
  readonly id: string;
  readonly what = 'bots';
  private readonly fetchBots: (token: string | undefined, signal: AbortSignal) => Promise<Page<BotSummary>>;
  constructor(
    readonly workspaceNode: WorkspaceNode,
    private readonly client: ClientFactory,
  ) {
    super(workspaceNode);
    this.id = `${workspaceNode.id}/bots`;
    const source = (dev: boolean) => async (nextToken: string | undefined, signal: AbortSignal) => {
      const client = await this.client();
      const page = await client.page('listBots', { nextToken, dev }, { signal });
      const items = await withIssueCounts(client, page.items, signal);
      return { items: items.map((bot) => ({ ...bot, dev })), nextToken: page.nextToken };
    };
    this.fetchBots = chainPages([source(false), source(true)]);
  }
  get workspaceId(): string {
    return this.workspaceNode.workspaceId;
  }
  treeItem(): vscode.TreeItem {
    return this.folder(
      'Bots',
      'hubot',
      ContextValue.botsFolder,
      'Bots of this workspace: deployed bots, then dev bots',
      vscode.TreeItemCollapsibleState.Expanded,
    );
  }
  protected fetchPage(nextToken: string | undefined, signal: AbortSignal) {
    return this.fetchBots(nextToken, signal);
  }
  protected override filter(): ListFilter<BotSummary> | undefined {
    const text = this.workspaceNode.filterText;
    return text ? { text, searchText: (bot) => bot.name, owner: this.workspaceNode } : undefined;
  }
  protected toNode(bot: BotSummary): ExplorerNode {
    return new BotNode(this, this.client, bot);
  }
  protected emptyText(): string {
    return 'No bots yet: open a bot.definition.yaml and run "Botpress: Deploy Bot", or create one in the dashboard.';
  }
}

export class BotNode extends DetailNode<Bot> {
  readonly id: string;
  readonly what = 'this bot';
  override readonly resource: BotpressResource;
  constructor(
    readonly botsNode: BotsNode,
    private readonly client: ClientFactory,
    private bot: BotSummary,
  ) {
    super(botsNode);
    this.id = `${botsNode.id}/${bot.id}`;
    this.resource = { kind: 'bot', workspaceId: botsNode.workspaceId, botId: bot.id };
  }
  get workspaceId(): string {
    return this.botsNode.workspaceId;
  }
  get botId(): string {
    return this.summary.id;
  }
  get name(): string {
    return this.summary.name;
  }
  get dev(): boolean {
    return this.summary.dev;
  }
  /** The bot as its list row knows it. */
  get summary(): BotSummary {
    return this.bot;
  }
  /** Takes the bot as the API returns it now (after a deploy: its name, dates). */
  update(bot: Bot): void {
    this.bot = { ...this.bot, name: bot.name, updatedAt: bot.updatedAt, deployedAt: bot.deployedAt };
  }
  treeItem(): vscode.TreeItem {
    const bot = this.summary;
    const local = this.botsNode.workspaceNode.env.localFolders?.(bot.id) ?? [];
    const issues = bot.openIssues ? [`${bot.openIssues} issue${bot.openIssues === '1' ? '' : 's'}`] : [];
    const description = [botDescription(bot, this.dev), ...issues, ...local.map((f) => `local: ${f}`)].join(' · ');
    const tooltip = new vscode.MarkdownString(undefined, true);
    tooltip
      .appendMarkdown('**')
      .appendText(bot.name)
      .appendMarkdown('**')
      .appendMarkdown(this.dev ? ' (dev)\n\n' : '\n\n');
    tooltip.appendText(`id: ${bot.id}\ncreated ${relativeTime(bot.createdAt) ?? '?'}, updated ${relativeTime(bot.updatedAt) ?? '?'}`);
    if (bot.deployedAt) tooltip.appendText(`, deployed ${relativeTime(bot.deployedAt)}`);
    for (const f of local) tooltip.appendMarkdown('\n\n$(folder) local project: ').appendText(f);
    return this.row(
      bot.name,
      { icon: 'hubot', contextValue: ContextValue.bot, description, tooltip },
      vscode.TreeItemCollapsibleState.Collapsed,
    );
  }
  protected async fetchDetail(signal: AbortSignal): Promise<Bot> {
    return (await (await this.client()).getBot({ id: this.botId }, { signal })).bot;
  }
  protected build(bot: Bot): ExplorerNode[] {
    const at =
      (part: BotPart) =>
      (name: string): BotpressResource => ({ kind: 'botPart', workspaceId: this.workspaceId, botId: this.botId, part, name });
    const tagGroup = (tags: GroupNode, key: 'user' | 'conversation' | 'message', label: string) =>
      new GroupNode(
        tags,
        key,
        label,
        'tag',
        (g) => entries(g, bot[key]?.tags, ContextValue.tag, 'tag', at(`${key}Tags`)),
        `No ${key} tags declared.`,
      );
    return [
      new GroupNode(
        this,
        'integrations',
        'Integrations',
        'plug',
        (g) => installedIntegrations(g, bot, at('integrations')),
        'No integrations installed.',
      ),
      new GroupNode(this, 'plugins', 'Plugins', 'symbol-module', (g) => installedPlugins(g, bot, at('plugins')), 'No plugins installed.'),
      new GroupNode(
        this,
        'states',
        'States',
        'database',
        (g) => entries(g, bot.states, ContextValue.state, 'symbol-field', at('states')),
        'No states declared.',
      ),
      new GroupNode(
        this,
        'tags',
        'Tags',
        'tag',
        (g) => [tagGroup(g, 'user', 'User tags'), tagGroup(g, 'conversation', 'Conversation tags'), tagGroup(g, 'message', 'Message tags')],
        '',
      ),
      new GroupNode(
        this,
        'events',
        'Events',
        'symbol-event',
        (g) => entries(g, bot.events, ContextValue.event, 'symbol-event', at('events')),
        'No events declared.',
      ),
      new TablesNode(this, () => this.client().then((c) => c.withBot(this.botId))),
      new ConversationsNode(this, () => this.client().then((c) => c.withBot(this.botId))),
      new LogsNode(this, { workspaceId: this.workspaceId, botId: this.botId, name: bot.name }),
      ...knowledgeNodes(this, () => this.client().then((c) => c.withBot(this.botId))),
      new IssuesNode(this, this.client),
      new VersionsNode(this, this.client),
    ];
  }
}

function installedIntegrations(group: GroupNode, bot: Bot, resource: (name: string) => BotpressResource): ExplorerNode[] {
  return Object.entries(bot.integrations ?? {})
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([key, i]) => {
      const status = i.enabled ? i.status.replace(/_/g, ' ') : 'disabled';
      const failed = /failed/.test(i.status);
      // Installed under its id or its name (x-multiple-integrations), or under an alias of the user's choosing.
      const aliased = key !== i.id && key !== i.name;
      return new EntryNode(
        group,
        key,
        {
          contextValue: i.enabled ? ContextValue.enabledBotIntegration : ContextValue.disabledBotIntegration,
          icon: failed ? 'warning' : i.enabled ? 'plug' : 'circle-slash',
          label: key === i.id ? i.name : key,
          description: `${aliased ? `${i.name}@` : ''}${i.version} · ${status}`,
          tooltip: `${i.title ?? i.name}@${i.version}\nstatus: ${status}${i.statusReason ? `\n${i.statusReason}` : ''}\nid: ${i.id}`,
        },
        resource(key),
      );
    });
}

/**
 * A bot's conversations, most recently updated first. Each row shows who talks and what was said last,
 * read with the page (the list says neither): the newest messages of each conversation and its user,
 * each user fetched once.
 */
export class ConversationsNode extends LoadingNode<ConversationSummary> {
  readonly id: string;
  readonly what = 'conversations';
  private readonly users = new Map<string, Promise<ConversationSummary['user']>>();
  constructor(
    readonly botNode: BotNode,
    private readonly client: ClientFactory,
  ) {
    super(botNode);
    this.id = `${botNode.id}/conversations`;
  }
  treeItem(): vscode.TreeItem {
    return this.folder('Conversations', 'comment-discussion', ContextValue.conversationsFolder);
  }
  protected async fetchPage(nextToken: string | undefined, signal: AbortSignal) {
    const client = await this.client();
    const page = await client.page('listConversations', { nextToken, sortField: 'updatedAt', sortDirection: 'desc' }, { signal });
    const items = await Promise.all(page.items.map((c) => this.summarize(client, c, signal)));
    return { items, nextToken: page.nextToken };
  }
  private summarize(client: BotpressClient, c: ListItem<'listConversations'>, signal: AbortSignal): Promise<ConversationSummary> {
    return summarizeConversation(client, c, (id) => this.user(client, id, signal), signal);
  }
  private user(client: BotpressClient, id: string, signal: AbortSignal): Promise<ConversationSummary['user']> {
    let found = this.users.get(id);
    if (!found) {
      found = client.getUser({ id }, { signal }).then(
        ({ user }) => ({ id: user.id, name: user.name, test: isTestUser(user.tags) }),
        () => ({ id }),
      );
      this.users.set(id, found);
    }
    return found;
  }
  override reset(): void {
    super.reset();
    this.users.clear();
  }
  protected toNode(conversation: ConversationSummary): ExplorerNode {
    return new ConversationNode(this, conversation);
  }
  /** Conversation tests' conversations are left out unless the setting shows them; a first row counts them. */
  override async children(): Promise<ExplorerNode[]> {
    const nodes = await super.children();
    if (vscode.workspace.getConfiguration().get<boolean>(Setting.showTestConversations)) return nodes;
    const shown = nodes.filter((n) => !(n instanceof ConversationNode && n.conversation.user?.test));
    const hidden = nodes.length - shown.length;
    return hidden ? [new HiddenTestsNode(this, hidden, this.list.hasMore), ...shown] : nodes;
  }
  protected emptyText(): string {
    return 'No conversations yet: chat with the bot to start one.';
  }
}

/** "3 test conversations hidden": a click opens the setting that shows them. */
class HiddenTestsNode extends ExplorerNode {
  readonly id: string;
  constructor(
    parent: ConversationsNode,
    private readonly count: number,
    private readonly more: boolean,
  ) {
    super(parent);
    this.id = `${parent.id}/#hiddenTests`;
  }
  treeItem(): vscode.TreeItem {
    const what = `${this.count}${this.more ? '+' : ''} test conversation${this.count === 1 ? '' : 's'} hidden`;
    return this.row(what, {
      icon: 'eye-closed',
      contextValue: 'message',
      tooltip: `Started by conversation tests (their user is "Conversation test"). Click to change ${Setting.showTestConversations}.`,
      command: { command: 'workbench.action.openSettings', title: 'Show Test Conversations', arguments: [Setting.showTestConversations] },
    });
  }
}

/** A conversation as its row shows it: without its last message and user when they cannot be read. */
export async function summarizeConversation(
  client: BotpressClient,
  c: ListItem<'listConversations'>,
  user: (id: string) => Promise<{ id: string; name?: string } | undefined>,
  signal?: AbortSignal,
): Promise<ConversationSummary> {
  const summary = { id: c.id, integration: c.integration, channel: c.channel, createdAt: c.createdAt, updatedAt: c.updatedAt };
  const page = await client.page('listMessages', { conversationId: c.id }, { signal }).catch(() => undefined);
  if (!page) return summary;
  const newest = [...page.items].sort((a, b) => b.createdAt.localeCompare(a.createdAt));
  const userId = newest.find((m) => m.direction === 'incoming')?.userId;
  // The type is the message's, not its payload's: the preview reads it from the payload.
  const payload = newest[0] && { type: newest[0].type, ...newest[0].payload };
  const last = newest[0] && { payload, createdAt: newest[0].createdAt, direction: newest[0].direction };
  return { ...summary, user: userId ? await user(userId) : undefined, last };
}

/** A bot's latest conversations named as the explorer names them (who talks, what was said last), for a picker. */
export async function conversationItems(client: BotpressClient): Promise<{ id: string; label: string; description: string }[]> {
  const users = new Map<string, Promise<{ id: string; name?: string }>>();
  const user = (id: string) => {
    if (!users.has(id))
      users.set(
        id,
        client.getUser({ id }).then(
          ({ user: u }) => ({ id: u.id, name: u.name }),
          () => ({ id }),
        ),
      );
    return users.get(id)!;
  };
  const { items } = await client.page('listConversations', { sortField: 'updatedAt', sortDirection: 'desc' });
  const summaries = await Promise.all(items.map((c) => summarizeConversation(client, c, user)));
  return summaries.map((s) => ({ id: s.id, ...conversationRow(s) }));
}

export class ConversationNode extends ExplorerNode {
  readonly id: string;
  override readonly resource: BotpressResource;
  constructor(
    readonly conversations: ConversationsNode,
    readonly conversation: ConversationSummary,
  ) {
    super(conversations);
    this.id = `${conversations.id}/${conversation.id}`;
    this.resource = { kind: 'conversation', workspaceId: this.workspaceId, botId: this.botId, conversationId: conversation.id };
  }
  get workspaceId(): string {
    return this.conversations.botNode.workspaceId;
  }
  get botId(): string {
    return this.conversations.botNode.botId;
  }
  get conversationId(): string {
    return this.conversation.id;
  }
  treeItem(): vscode.TreeItem {
    const { label, description, tooltip } = conversationRow(this.conversation);
    const target = { workspaceId: this.workspaceId, botId: this.botId, conversationId: this.conversation.id, title: label };
    const command = { command: Command.openConversation, title: 'Open Conversation', arguments: [target] };
    return this.row(label, { icon: 'comment', contextValue: ContextValue.conversation, description, tooltip, command });
  }
}
