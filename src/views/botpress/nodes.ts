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
 *   botIntegration | state | event | action | tag | channel   entries of a bot or integration definition
 *   conversation       { workspaceId, botId, conversationId }   (click runs botpress.openConversation)
 *   logs               { workspaceId, botId?, integrationId?, name }   (click runs botpress.openLogs)
 *   loadMore | error | message   the paging and status rows
 * Nodes with a `resource` can be opened as a document (`botpress.openResource`).
 */
import * as vscode from 'vscode';
import type { Bot, BotpressClient, Integration, ListItem } from '../../api/botpress';
import { ApiError, describeError } from '../../api/errors';
import type { BotpressAccounts } from '../../auth/access';
import type { Account } from '../../auth/accounts';
import { botDescription, relativeTime } from './format';
import { chainPages, PagedList, type Page } from './pagedList';
import type { BotpressResource, BotPart, IntegrationPart } from './resources';

/** What every node needs from the explorer. */
export interface ExplorerEnv {
  readonly accounts: BotpressAccounts;
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

  protected item(label: string | vscode.TreeItemLabel, state = vscode.TreeItemCollapsibleState.None): vscode.TreeItem {
    const item = new vscode.TreeItem(label, state);
    item.id = this.id;
    return item;
  }

  /** A folder row: a fixed label and icon, collapsed unless `state` says otherwise. */
  protected folder(label: string, icon: string, contextValue: string, tooltip?: string, state = vscode.TreeItemCollapsibleState.Collapsed): vscode.TreeItem {
    const item = this.item(label, state);
    item.iconPath = new vscode.ThemeIcon(icon);
    item.contextValue = contextValue;
    item.tooltip = tooltip;
    return item;
  }
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
    const item = this.item(this.text);
    item.iconPath = new vscode.ThemeIcon(this.icon);
    item.contextValue = 'message';
    item.tooltip = this.text;
    return item;
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
    const item = this.item('Load more…');
    item.iconPath = new vscode.ThemeIcon('ellipsis');
    item.contextValue = 'loadMore';
    item.command = { command: 'botpress.explorer.loadMore', title: 'Load more', arguments: [this] };
    return item;
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
    const item = this.item(`Could not load ${this.list.what}: ${message}`);
    item.iconPath = new vscode.ThemeIcon('error', new vscode.ThemeColor('errorForeground'));
    item.contextValue = 'error';
    if (refused) {
      item.tooltip = `${message}\n\nThe token was refused: click to sign in again.`;
      item.command = { command: 'botpress.signIn', title: 'Sign In Again' };
    } else {
      item.tooltip = `${message}\n\nClick to try again.`;
      item.command = { command: 'botpress.explorer.loadMore', title: 'Try again', arguments: [this] };
    }
    return item;
  }
}

/**
 * A node whose children come from the network, a page at a time. One request at a time per node; the
 * child node of each item is made once, so expanded children stay expanded when a page is added.
 */
export abstract class LoadingNode<T> extends ExplorerNode {
  readonly list = new PagedList<T>((token, signal) => this.fetchPage(token, signal));
  private readonly made = new Map<T, ExplorerNode>();
  /** What the list holds, for messages: "bots", "conversations", … */
  abstract readonly what: string;
  protected abstract fetchPage(nextToken: string | undefined, signal: AbortSignal): Promise<Page<T>>;
  protected abstract toNode(item: T): ExplorerNode;
  /** Shown when the list is empty: what it means and what to do next. */
  protected abstract emptyText(): string;

  override async children(): Promise<ExplorerNode[]> {
    await this.list.ensureLoaded();
    const nodes = this.list.items.map((item) => {
      let node = this.made.get(item);
      if (!node) this.made.set(item, (node = this.toNode(item)));
      return node;
    });
    if (this.list.state === 'failed') nodes.push(new ErrorNode(this, this.list.error));
    else if (this.list.hasMore) nodes.push(new LoadMoreNode(this));
    else if (!nodes.length) nodes.push(new MessageNode(this, this.emptyText()));
    return nodes;
  }

  override reset(): void {
    this.list.reset();
    this.made.clear();
  }
}

/** A node whose children are built from one fetched object (a bot, an integration). */
abstract class DetailNode<D> extends LoadingNode<ExplorerNode> {
  protected abstract fetchDetail(signal: AbortSignal): Promise<D>;
  protected abstract build(detail: D): ExplorerNode[];
  protected async fetchPage(_token: string | undefined, signal: AbortSignal): Promise<Page<ExplorerNode>> {
    return { items: this.build(await this.fetchDetail(signal)) };
  }
  protected toNode(node: ExplorerNode): ExplorerNode {
    return node;
  }
  /** Never shown: the built children are fixed folders and rows. */
  protected emptyText(): string {
    return '';
  }
}

/** A fixed folder of already known children ("States", "Events", …). */
export class GroupNode extends ExplorerNode {
  readonly id: string;
  private readonly kids: ExplorerNode[];
  constructor(
    parent: ExplorerNode,
    key: string,
    private readonly label: string,
    private readonly icon: string,
    makeChildren: (group: GroupNode) => ExplorerNode[],
    private readonly emptyText: string,
  ) {
    super(parent);
    this.id = `${parent.id}/${key}`;
    this.kids = makeChildren(this);
  }
  treeItem(): vscode.TreeItem {
    const item = this.folder(this.label, this.icon, 'group');
    item.description = String(this.kids.length);
    return item;
  }
  override async children(): Promise<ExplorerNode[]> {
    return this.kids.length ? this.kids : [new MessageNode(this, this.emptyText)];
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
    const item = this.item(this.look.label ?? this.name);
    item.description = this.look.description;
    item.tooltip = this.look.tooltip ?? this.look.description;
    item.iconPath = new vscode.ThemeIcon(this.look.icon);
    item.contextValue = this.look.contextValue;
    item.command = { command: 'botpress.openResource', title: 'Open', arguments: [this] };
    return item;
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
    const item = this.item('Logs');
    item.iconPath = new vscode.ThemeIcon('output');
    item.contextValue = 'logs';
    item.tooltip = `Live logs of ${this.target.name}`;
    item.command = { command: 'botpress.openLogs', title: 'Open Logs', arguments: [this.target] };
    return item;
  }
}

type Definitions = Record<string, { title?: string; description?: string; type?: string } | undefined> | undefined;

/** Entries of a record of definitions (states, events, …) as EntryNodes, sorted by name. */
function entries(group: GroupNode, defs: Definitions, contextValue: string, icon: string, resource: (name: string) => BotpressResource): ExplorerNode[] {
  return Object.entries(defs ?? {})
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([name, def]) => {
      const description = def?.title ?? def?.type;
      const tooltip = [def?.title, def?.description, def?.type && `type: ${def.type}`].filter(Boolean).join('\n') || undefined;
      return new EntryNode(group, name, { contextValue, icon, description, tooltip }, resource(name));
    });
}

// ---- Accounts and workspaces

export class AccountNode extends LoadingNode<ListItem<'listWorkspaces'>> {
  readonly id: string;
  readonly what = 'workspaces';
  constructor(
    private readonly env: ExplorerEnv,
    readonly account: Account,
    private readonly active: boolean,
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
    const item = this.item(account.label, state);
    item.description = this.active ? new URL(account.apiUrl).host : 'click to switch';
    item.tooltip = `${account.label}\n${account.apiUrl}${account.source === 'environment' ? '\nFrom the BP_TOKEN environment variable (not stored)' : ''}`;
    item.iconPath = new vscode.ThemeIcon(this.active ? 'account' : 'circle-outline');
    item.contextValue = this.active ? 'account' : 'account.inactive';
    if (!this.active) item.command = { command: 'botpress.switchAccount', title: 'Switch Account', arguments: [{ accountId: account.id }] };
    return item;
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
  constructor(
    readonly accountNode: AccountNode,
    env: ExplorerEnv,
    private readonly workspace: ListItem<'listWorkspaces'>,
    private readonly current: boolean,
  ) {
    super(accountNode);
    this.id = `${accountNode.id}/${workspace.id}`;
    this.resource = { kind: 'workspace', workspaceId: workspace.id };
    const client = () => env.accounts.client({ workspaceId: workspace.id }, accountNode.account);
    this.folders = [
      new BotsNode(this, client),
      new IntegrationsNode(this, client),
      new HubNode(this, client),
    ];
  }
  get workspaceId(): string {
    return this.workspace.id;
  }
  get name(): string {
    return this.workspace.name;
  }
  treeItem(): vscode.TreeItem {
    const w = this.workspace;
    const item = this.item(w.name, this.current ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.Collapsed);
    item.description = [this.current ? 'current' : undefined, w.plan, `${w.botCount} bot${w.botCount === 1 ? '' : 's'}`].filter(Boolean).join(' · ');
    item.tooltip = `${w.name}\nid: ${w.id}\nplan: ${w.plan}`;
    item.iconPath = new vscode.ThemeIcon('organization');
    item.contextValue = 'workspace';
    return item;
  }
  override async children(): Promise<ExplorerNode[]> {
    return this.folders;
  }
}

type ClientFactory = () => Promise<BotpressClient>;

// ---- Bots

/** A bot of a list, with whether it came from the dev list (list items do not say). */
export type BotSummary = ListItem<'listBots'> & { dev: boolean };

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
      const page = await (await this.client()).page('listBots', { nextToken, dev }, { signal });
      return { items: page.items.map((bot) => ({ ...bot, dev })), nextToken: page.nextToken };
    };
    this.fetchBots = chainPages([source(false), source(true)]);
  }
  get workspaceId(): string {
    return this.workspaceNode.workspaceId;
  }
  treeItem(): vscode.TreeItem {
    return this.folder('Bots', 'hubot', 'bots', 'Bots of this workspace: deployed bots, then dev bots', vscode.TreeItemCollapsibleState.Expanded);
  }
  protected fetchPage(nextToken: string | undefined, signal: AbortSignal) {
    return this.fetchBots(nextToken, signal);
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
    readonly summary: BotSummary,
  ) {
    super(botsNode);
    this.id = `${botsNode.id}/${summary.id}`;
    this.resource = { kind: 'bot', workspaceId: botsNode.workspaceId, botId: summary.id };
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
  treeItem(): vscode.TreeItem {
    const bot = this.summary;
    const item = this.item(bot.name, vscode.TreeItemCollapsibleState.Collapsed);
    item.description = botDescription(bot, this.dev);
    item.tooltip = new vscode.MarkdownString(undefined, false);
    item.tooltip.appendMarkdown('**').appendText(bot.name).appendMarkdown('**').appendMarkdown(this.dev ? ' (dev)\n\n' : '\n\n');
    item.tooltip.appendText(`id: ${bot.id}\ncreated ${relativeTime(bot.createdAt) ?? '?'}, updated ${relativeTime(bot.updatedAt) ?? '?'}`);
    if (bot.deployedAt) item.tooltip.appendText(`, deployed ${relativeTime(bot.deployedAt)}`);
    item.iconPath = new vscode.ThemeIcon('hubot');
    item.contextValue = 'bot';
    return item;
  }
  protected async fetchDetail(signal: AbortSignal): Promise<Bot> {
    return (await (await this.client()).getBot({ id: this.botId }, { signal })).bot;
  }
  protected build(bot: Bot): ExplorerNode[] {
    const at = (part: BotPart) => (name: string): BotpressResource => ({ kind: 'botPart', workspaceId: this.workspaceId, botId: this.botId, part, name });
    const tagGroup = (tags: GroupNode, key: 'user' | 'conversation' | 'message', label: string) =>
      new GroupNode(tags, key, label, 'tag', (g) => entries(g, bot[key]?.tags, 'tag', 'tag', at(`${key}Tags`)), `No ${key} tags declared.`);
    return [
      new GroupNode(this, 'integrations', 'Integrations', 'plug', (g) => installedIntegrations(g, bot, at('integrations')), 'No integrations installed.'),
      new GroupNode(this, 'states', 'States', 'database', (g) => entries(g, bot.states, 'state', 'symbol-field', at('states')), 'No states declared.'),
      new GroupNode(
        this,
        'tags',
        'Tags',
        'tag',
        (g) => [tagGroup(g, 'user', 'User tags'), tagGroup(g, 'conversation', 'Conversation tags'), tagGroup(g, 'message', 'Message tags')],
        '',
      ),
      new GroupNode(this, 'events', 'Events', 'symbol-event', (g) => entries(g, bot.events, 'event', 'symbol-event', at('events')), 'No events declared.'),
      new ConversationsNode(this, () => this.client().then((c) => c.withBot(this.botId))),
      new LogsNode(this, { workspaceId: this.workspaceId, botId: this.botId, name: bot.name }),
    ];
  }
}

function installedIntegrations(group: GroupNode, bot: Bot, resource: (name: string) => BotpressResource): ExplorerNode[] {
  return Object.entries(bot.integrations ?? {})
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([key, i]) => {
      const status = i.enabled ? i.status.replace(/_/g, ' ') : 'disabled';
      const failed = /failed/.test(i.status);
      // Installed under its id, or under an alias of the user's choosing.
      const aliased = key !== i.id;
      return new EntryNode(
        group,
        key,
        {
          contextValue: 'botIntegration',
          icon: failed ? 'warning' : i.enabled ? 'plug' : 'circle-slash',
          label: aliased ? key : i.name,
          description: `${aliased ? `${i.name}@` : ''}${i.version} · ${status}`,
          tooltip: `${i.title ?? i.name}@${i.version}\nstatus: ${status}${i.statusReason ? `\n${i.statusReason}` : ''}\nid: ${i.id}`,
        },
        resource(key),
      );
    });
}

export class ConversationsNode extends LoadingNode<ListItem<'listConversations'>> {
  readonly id: string;
  readonly what = 'conversations';
  constructor(
    readonly botNode: BotNode,
    private readonly client: ClientFactory,
  ) {
    super(botNode);
    this.id = `${botNode.id}/conversations`;
  }
  treeItem(): vscode.TreeItem {
    return this.folder('Conversations', 'comment-discussion', 'conversations');
  }
  protected async fetchPage(nextToken: string | undefined, signal: AbortSignal) {
    return (await this.client()).page('listConversations', { nextToken, sortField: 'updatedAt', sortDirection: 'desc' }, { signal });
  }
  protected toNode(conversation: ListItem<'listConversations'>): ExplorerNode {
    return new ConversationNode(this, conversation);
  }
  protected emptyText(): string {
    return 'No conversations yet: chat with the bot to start one.';
  }
}

export class ConversationNode extends ExplorerNode {
  readonly id: string;
  override readonly resource: BotpressResource;
  constructor(
    readonly conversations: ConversationsNode,
    readonly conversation: ListItem<'listConversations'>,
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
    const c = this.conversation;
    const item = this.item(`${c.integration} · ${c.channel}`);
    item.description = `updated ${relativeTime(c.updatedAt) ?? '?'}`;
    item.tooltip = `Conversation ${c.id}\n${c.integration} / ${c.channel}\ncreated ${c.createdAt}\nupdated ${c.updatedAt}`;
    item.iconPath = new vscode.ThemeIcon('comment');
    item.contextValue = 'conversation';
    const target = { workspaceId: this.workspaceId, botId: this.botId, conversationId: c.id };
    item.command = { command: 'botpress.openConversation', title: 'Open Conversation', arguments: [target] };
    return item;
  }
}

// ---- Integrations

type IntegrationShape = Pick<Integration, 'channels' | 'actions' | 'events'>;

function integrationGroups(
  parent: ExplorerNode,
  integration: IntegrationShape,
  resource: (part: IntegrationPart) => (name: string) => BotpressResource,
): ExplorerNode[] {
  const channels = (g: GroupNode) =>
    Object.entries(integration.channels ?? {})
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([name, ch]) => {
        const messages = Object.keys(ch.messages ?? {});
        const description = ch.title ?? `${messages.length} message type${messages.length === 1 ? '' : 's'}`;
        const tooltip = [ch.title, ch.description, messages.length ? `messages: ${messages.join(', ')}` : undefined].filter(Boolean).join('\n');
        return new EntryNode(g, name, { contextValue: 'channel', icon: 'broadcast', description, tooltip }, resource('channels')(name));
      });
  return [
    new GroupNode(parent, 'channels', 'Channels', 'broadcast', channels, 'No channels.'),
    new GroupNode(parent, 'actions', 'Actions', 'symbol-method', (g) => entries(g, integration.actions, 'action', 'symbol-method', resource('actions')), 'No actions.'),
    new GroupNode(parent, 'events', 'Events', 'symbol-event', (g) => entries(g, integration.events, 'event', 'symbol-event', resource('events')), 'No events.'),
  ];
}

export class IntegrationsNode extends LoadingNode<ListItem<'listIntegrations'>> {
  readonly id: string;
  readonly what = 'integrations';
  constructor(
    readonly workspaceNode: WorkspaceNode,
    private readonly client: ClientFactory,
  ) {
    super(workspaceNode);
    this.id = `${workspaceNode.id}/integrations`;
  }
  treeItem(): vscode.TreeItem {
    return this.folder('Integrations', 'extensions', 'integrations', "This workspace's own integrations");
  }
  protected async fetchPage(nextToken: string | undefined, signal: AbortSignal) {
    return (await this.client()).page('listIntegrations', { nextToken }, { signal });
  }
  protected toNode(integration: ListItem<'listIntegrations'>): ExplorerNode {
    return new IntegrationNode(this, this.client, integration);
  }
  protected emptyText(): string {
    return 'No integrations: open an integration.definition.yaml and run "Botpress: Deploy Integration".';
  }
}

export class IntegrationNode extends DetailNode<Integration> {
  readonly id: string;
  readonly what = 'this integration';
  override readonly resource: BotpressResource;
  constructor(
    readonly integrationsNode: IntegrationsNode,
    private readonly client: ClientFactory,
    readonly summary: ListItem<'listIntegrations'>,
  ) {
    super(integrationsNode);
    this.id = `${integrationsNode.id}/${summary.id}`;
    this.resource = { kind: 'integration', workspaceId: this.workspaceId, integrationId: summary.id };
  }
  get workspaceId(): string {
    return this.integrationsNode.workspaceNode.workspaceId;
  }
  get integrationId(): string {
    return this.summary.id;
  }
  get name(): string {
    return this.summary.name;
  }
  get version(): string {
    return this.summary.version;
  }
  treeItem(): vscode.TreeItem {
    const i = this.summary;
    const item = this.item(`${i.name}@${i.version}`, vscode.TreeItemCollapsibleState.Collapsed);
    item.description = [i.title, i.visibility].filter(Boolean).join(' · ');
    item.tooltip = `${i.title ?? i.name}\n${i.description ?? ''}\nid: ${i.id}\nupdated ${relativeTime(i.updatedAt) ?? '?'}`;
    item.iconPath = new vscode.ThemeIcon('extensions');
    item.contextValue = 'integration';
    return item;
  }
  protected async fetchDetail(signal: AbortSignal): Promise<Integration> {
    return (await (await this.client()).getIntegration({ id: this.integrationId }, { signal })).integration;
  }
  protected build(integration: Integration): ExplorerNode[] {
    const at = (part: IntegrationPart) => (name: string): BotpressResource => ({ kind: 'integrationPart', workspaceId: this.workspaceId, integrationId: this.integrationId, part, name });
    return [
      ...integrationGroups(this, integration, at),
      new LogsNode(this, { workspaceId: this.workspaceId, integrationId: this.integrationId, name: `${integration.name}@${integration.version}` }),
    ];
  }
}

export class HubNode extends LoadingNode<ListItem<'listPublicIntegrations'>> {
  readonly id: string;
  readonly what = 'public integrations';
  constructor(
    parent: WorkspaceNode,
    private readonly client: ClientFactory,
  ) {
    super(parent);
    this.id = `${parent.id}/hub`;
  }
  treeItem(): vscode.TreeItem {
    return this.folder('Hub', 'globe', 'hub', 'Public integrations any bot can install');
  }
  protected async fetchPage(nextToken: string | undefined, signal: AbortSignal) {
    return (await this.client()).page('listPublicIntegrations', { nextToken }, { signal });
  }
  protected toNode(integration: ListItem<'listPublicIntegrations'>): ExplorerNode {
    return new HubIntegrationNode(this, this.client, integration);
  }
  protected emptyText(): string {
    return 'The hub lists no public integrations.';
  }
}

export class HubIntegrationNode extends DetailNode<IntegrationShape> {
  readonly id: string;
  readonly what = 'this integration';
  override readonly resource: BotpressResource;
  constructor(
    parent: HubNode,
    private readonly client: ClientFactory,
    readonly summary: ListItem<'listPublicIntegrations'>,
  ) {
    super(parent);
    this.id = `${parent.id}/${summary.id}`;
    this.resource = { kind: 'hubIntegration', name: summary.name, version: summary.version };
  }
  get name(): string {
    return this.summary.name;
  }
  get version(): string {
    return this.summary.version;
  }
  treeItem(): vscode.TreeItem {
    const i = this.summary;
    const item = this.item(`${i.name}@${i.version}`, vscode.TreeItemCollapsibleState.Collapsed);
    item.description = i.title;
    item.tooltip = `${i.title ?? i.name}\n${i.description ?? ''}\nid: ${i.id}`;
    item.iconPath = new vscode.ThemeIcon('package');
    item.contextValue = 'hubIntegration';
    return item;
  }
  protected async fetchDetail(signal: AbortSignal): Promise<IntegrationShape> {
    return (await (await this.client()).getPublicIntegration({ name: this.name, version: this.version }, { signal })).integration;
  }
  protected build(integration: IntegrationShape): ExplorerNode[] {
    // Hub entries are documents of the public integration as a whole.
    return integrationGroups(this, integration, () => () => this.resource);
  }
}
