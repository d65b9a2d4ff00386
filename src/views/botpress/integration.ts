/** A workspace's own integrations and the Hub's public ones, with their channels, actions and events. */
import * as vscode from 'vscode';
import type { Integration, ListItem } from '../../api/botpress';
import { DetailNode, entries, GroupNode, LoadingNode, type ListFilter } from './folders';
import { relativeTime } from './format';
import type { BotpressResource, IntegrationPart } from './resources';
import { EntryNode, ExplorerNode, LogsNode, type ClientFactory } from './rows';
import type { WorkspaceNode } from './workspace';

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
  protected override filter(): ListFilter<ListItem<'listIntegrations'>> | undefined {
    const text = this.workspaceNode.filterText;
    return text ? { text, searchText: (i) => `${i.name}@${i.version} ${i.title ?? ''}`, owner: this.workspaceNode } : undefined;
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
