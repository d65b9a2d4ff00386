/** A workspace's own integrations and the Hub's public ones, with their channels, actions and events. */
import * as vscode from 'vscode';
import type { Integration, ListItem } from '../../api/botpress';
import { DetailNode, entries, GroupNode, LoadingNode, type ListFilter } from './folders';
import { relativeTime } from './format';
import type { BotpressResource, IntegrationPart } from './resources';
import { EntryNode, ExplorerNode, LogsNode, type ClientFactory, type RowLook } from './rows';
import type { WorkspaceNode } from './workspace';
import { ContextValue } from '../../ids';

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
        const tooltip = [ch.title, ch.description, messages.length ? `messages: ${messages.join(', ')}` : undefined]
          .filter(Boolean)
          .join('\n');
        return new EntryNode(
          g,
          name,
          { contextValue: ContextValue.channel, icon: 'broadcast', description, tooltip },
          resource('channels')(name),
        );
      });
  return [
    new GroupNode(parent, 'channels', 'Channels', 'broadcast', channels, 'No channels.'),
    new GroupNode(
      parent,
      'actions',
      'Actions',
      'symbol-method',
      (g) => entries(g, integration.actions, ContextValue.action, 'symbol-method', resource('actions')),
      'No actions.',
    ),
    new GroupNode(
      parent,
      'events',
      'Events',
      'symbol-event',
      (g) => entries(g, integration.events, ContextValue.event, 'symbol-event', resource('events')),
      'No events.',
    ),
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
    return this.folder('Integrations', 'extensions', ContextValue.integrationsFolder, "This workspace's own integrations");
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

/** What an integration's row shows, as both lists give it. */
type IntegrationSummary = Pick<ListItem<'listIntegrations'>, 'id' | 'name' | 'version' | 'title' | 'description'>;

/** An integration as a row "name@version", whose children are built from its definition. */
abstract class IntegrationRowNode<S extends IntegrationSummary, D extends IntegrationShape> extends DetailNode<D> {
  readonly id: string;
  readonly what = 'this integration';
  constructor(
    parent: ExplorerNode,
    protected readonly client: ClientFactory,
    readonly summary: S,
  ) {
    super(parent);
    this.id = `${parent.id}/${summary.id}`;
  }
  get name(): string {
    return this.summary.name;
  }
  get version(): string {
    return this.summary.version;
  }
  /** The row, with the tooltip's title, description and id, then `moreTooltip`. */
  protected integrationRow(look: Omit<RowLook, 'tooltip'>, moreTooltip = ''): vscode.TreeItem {
    const i = this.summary;
    const tooltip = `${i.title ?? i.name}\n${i.description ?? ''}\nid: ${i.id}${moreTooltip}`;
    return this.row(`${i.name}@${i.version}`, { ...look, tooltip }, vscode.TreeItemCollapsibleState.Collapsed);
  }
}

export class IntegrationNode extends IntegrationRowNode<ListItem<'listIntegrations'>, Integration> {
  override readonly resource: BotpressResource;
  constructor(
    readonly integrationsNode: IntegrationsNode,
    client: ClientFactory,
    summary: ListItem<'listIntegrations'>,
  ) {
    super(integrationsNode, client, summary);
    this.resource = { kind: 'integration', workspaceId: this.workspaceId, integrationId: summary.id };
  }
  get workspaceId(): string {
    return this.integrationsNode.workspaceNode.workspaceId;
  }
  get integrationId(): string {
    return this.summary.id;
  }
  treeItem(): vscode.TreeItem {
    const i = this.summary;
    const description = [i.title, i.visibility].filter(Boolean).join(' · ');
    return this.integrationRow(
      { icon: 'extensions', contextValue: ContextValue.integration, description },
      `\nupdated ${relativeTime(i.updatedAt) ?? '?'}`,
    );
  }
  protected async fetchDetail(signal: AbortSignal): Promise<Integration> {
    return (await (await this.client()).getIntegration({ id: this.integrationId }, { signal })).integration;
  }
  protected build(integration: Integration): ExplorerNode[] {
    const at =
      (part: IntegrationPart) =>
      (name: string): BotpressResource => ({
        kind: 'integrationPart',
        workspaceId: this.workspaceId,
        integrationId: this.integrationId,
        part,
        name,
      });
    return [
      ...integrationGroups(this, integration, at),
      new LogsNode(this, {
        workspaceId: this.workspaceId,
        integrationId: this.integrationId,
        name: `${integration.name}@${integration.version}`,
      }),
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
    return this.folder('Hub', 'globe', ContextValue.hubFolder, 'Public integrations any bot can install');
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

export class HubIntegrationNode extends IntegrationRowNode<ListItem<'listPublicIntegrations'>, IntegrationShape> {
  override readonly resource: BotpressResource;
  constructor(parent: HubNode, client: ClientFactory, summary: ListItem<'listPublicIntegrations'>) {
    super(parent, client, summary);
    this.resource = { kind: 'hubIntegration', name: summary.name, version: summary.version };
  }
  treeItem(): vscode.TreeItem {
    return this.integrationRow({ icon: 'package', contextValue: ContextValue.hubIntegration, description: this.summary.title });
  }
  protected async fetchDetail(signal: AbortSignal): Promise<IntegrationShape> {
    return (await (await this.client()).getPublicIntegration({ name: this.name, version: this.version }, { signal })).integration;
  }
  protected build(integration: IntegrationShape): ExplorerNode[] {
    // Hub entries are documents of the public integration as a whole.
    return integrationGroups(this, integration, () => () => this.resource);
  }
}
