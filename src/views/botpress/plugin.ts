/** A workspace's plugins and interfaces (SDK 5+), the Hub's public ones, and the plugins a bot installed. */
import * as vscode from 'vscode';
import type { Bot, ListItem, Output } from '../../api/botpress';
import { DetailNode, entries, GroupNode, LoadingNode, type ListFilter } from './folders';
import { relativeTime } from './format';
import type { BotpressResource } from './resources';
import { EntryNode, ExplorerNode, type ClientFactory } from './rows';
import type { WorkspaceNode } from './workspace';
import { ContextValue } from '../../ids';

type Plugin = Output<'getPlugin'>['plugin'];
type Interface = Output<'getInterface'>['interface'];
type PackageKind = 'plugin' | 'interface';
type Summary = { id: string; name: string; version: string; title?: string; description?: string; updatedAt?: string };

const kinds = {
  plugin: { label: 'Plugins', icon: 'symbol-module', row: ContextValue.plugin, hubRow: ContextValue.hubPlugin },
  interface: { label: 'Interfaces', icon: 'symbol-interface', row: ContextValue.interface, hubRow: ContextValue.hubInterface },
} as const;

/** The groups under a plugin or an interface: what its definition declares, each entry opening the whole as a document. */
function definitionGroups(parent: ExplorerNode, kind: PackageKind, d: Plugin | Interface, resource: BotpressResource): ExplorerNode[] {
  const at = () => resource;
  const group = (key: string, label: string, icon: string, defs: Parameters<typeof entries>[1], context: string) =>
    new GroupNode(parent, key, label, icon, (g) => entries(g, defs, context, icon, at), `No ${label.toLowerCase()}.`);
  const common = [
    group('actions', 'Actions', 'symbol-method', d.actions, ContextValue.action),
    group('events', 'Events', 'symbol-event', d.events, ContextValue.event),
  ];
  if (kind === 'interface') {
    const i = d as Interface;
    return [
      group('entities', 'Entities', 'symbol-class', i.entities, ContextValue.state),
      ...common,
      group('channels', 'Channels', 'broadcast', i.channels, ContextValue.channel),
    ];
  }
  const p = d as Plugin;
  const dependencies = (g: GroupNode) =>
    (['integrations', 'interfaces'] as const).flatMap((k) =>
      Object.entries(p.dependencies?.[k] ?? {})
        .sort(([a], [b]) => a.localeCompare(b))
        .map(
          ([alias, dep]) =>
            new EntryNode(
              g,
              `${k}/${alias}`,
              {
                contextValue: k === 'integrations' ? ContextValue.hubIntegration : ContextValue.hubInterface,
                icon: k === 'integrations' ? 'extensions' : 'symbol-interface',
                label: alias,
                description: `${k === 'integrations' ? 'integration' : 'interface'} ${dep.name}@${dep.version}`,
                tooltip: `${alias}: ${dep.name}@${dep.version}\nid: ${dep.id}`,
              },
              k === 'integrations'
                ? { kind: 'hubIntegration', name: dep.name, version: dep.version }
                : { kind: 'hubPackage', type: 'interface', name: dep.name, version: dep.version },
            ),
        ),
    );
  return [
    group('states', 'States', 'database', p.states, ContextValue.state),
    ...common,
    new GroupNode(parent, 'dependencies', 'Dependencies', 'references', dependencies, 'No dependencies.'),
  ];
}

/** One plugin or interface as a row "name@version", whose children are read from its definition. */
class PackageNode extends DetailNode<Plugin | Interface> {
  readonly id: string;
  readonly what: string;
  constructor(
    parent: ExplorerNode,
    private readonly client: ClientFactory,
    readonly kind: PackageKind,
    readonly summary: Summary & { visibility?: string; public?: boolean },
    override readonly resource: BotpressResource,
    private readonly hub: boolean,
  ) {
    super(parent);
    this.id = `${parent.id}/${summary.id}`;
    this.what = `this ${kind}`;
  }
  get name(): string {
    return this.summary.name;
  }
  get version(): string {
    return this.summary.version;
  }
  get workspaceId(): string | undefined {
    return this.resource.kind === 'package' ? this.resource.workspaceId : undefined;
  }
  treeItem(): vscode.TreeItem {
    const s = this.summary;
    const visibility = s.visibility ?? (s.public === undefined ? undefined : s.public ? 'public' : 'private');
    const description = [s.title && s.title !== s.name ? s.title : undefined, this.hub ? undefined : visibility]
      .filter(Boolean)
      .join(' · ');
    const tooltip = [
      `${s.title ?? s.name} (${this.kind})`,
      s.description,
      `id: ${s.id}`,
      s.updatedAt && `updated ${relativeTime(s.updatedAt) ?? '?'}`,
    ]
      .filter(Boolean)
      .join('\n');
    const context = this.hub ? kinds[this.kind].hubRow : kinds[this.kind].row;
    return this.row(
      `${s.name}@${s.version}`,
      { icon: kinds[this.kind].icon, contextValue: context, description, tooltip },
      vscode.TreeItemCollapsibleState.Collapsed,
    );
  }
  protected async fetchDetail(signal: AbortSignal): Promise<Plugin | Interface> {
    const client = await this.client();
    const { id, name, version } = this.summary;
    if (this.kind === 'plugin')
      return (this.hub ? await client.getPublicPlugin({ name, version }, { signal }) : await client.getPlugin({ id }, { signal })).plugin;
    return (this.hub ? await client.getPublicInterface({ name, version }, { signal }) : await client.getInterface({ id }, { signal }))
      .interface;
  }
  protected build(detail: Plugin | Interface): ExplorerNode[] {
    return definitionGroups(this, this.kind, detail, this.resource);
  }
}

/** The Hub's public plugins or interfaces, first under the workspace's own. */
export class HubPackagesNode extends LoadingNode<Summary> {
  readonly id: string;
  readonly what: string;
  constructor(
    parent: ExplorerNode,
    private readonly client: ClientFactory,
    readonly kind: PackageKind,
  ) {
    super(parent);
    this.id = `${parent.id}/hub`;
    this.what = `public ${kind}s`;
  }
  treeItem(): vscode.TreeItem {
    return this.folder('Hub', 'globe', ContextValue.hubFolder, `Public ${this.kind}s of the Botpress Hub`);
  }
  protected async fetchPage(nextToken: string | undefined, signal: AbortSignal) {
    const client = await this.client();
    return this.kind === 'plugin'
      ? client.page('listPublicPlugins', { nextToken }, { signal })
      : client.page('listPublicInterfaces', { nextToken }, { signal });
  }
  protected toNode(s: Summary): ExplorerNode {
    return new PackageNode(
      this,
      this.client,
      this.kind,
      s,
      { kind: 'hubPackage', type: this.kind, name: s.name, version: s.version },
      true,
    );
  }
  protected emptyText(): string {
    return `The Hub lists no public ${this.kind}s.`;
  }
}

/** A workspace's own plugins (or interfaces), with the Hub's as their first folder. */
export class PackagesNode extends LoadingNode<ListItem<'listPlugins'> | ListItem<'listInterfaces'>> {
  readonly id: string;
  readonly what: string;
  private readonly hub: HubPackagesNode;
  constructor(
    readonly workspaceNode: WorkspaceNode,
    private readonly client: ClientFactory,
    readonly kind: PackageKind,
  ) {
    super(workspaceNode);
    this.id = `${workspaceNode.id}/${kind}s`;
    this.what = `${kind}s`;
    this.hub = new HubPackagesNode(this, client, kind);
  }
  get workspaceId(): string {
    return this.workspaceNode.workspaceId;
  }
  treeItem(): vscode.TreeItem {
    const { label, icon } = kinds[this.kind];
    const context = this.kind === 'plugin' ? ContextValue.pluginsFolder : ContextValue.interfacesFolder;
    return this.folder(label, icon, context, `This workspace's own ${this.kind}s, and the Hub's`);
  }
  override async children(): Promise<ExplorerNode[]> {
    return [this.hub, ...(await super.children())];
  }
  override loaded(): readonly ExplorerNode[] {
    return [this.hub, ...super.loaded()];
  }
  override reset(): void {
    super.reset();
    this.hub.reset();
  }
  protected async fetchPage(nextToken: string | undefined, signal: AbortSignal) {
    const client = await this.client();
    return this.kind === 'plugin'
      ? client.page('listPlugins', { nextToken }, { signal })
      : client.page('listInterfaces', { nextToken }, { signal });
  }
  protected override filter(): ListFilter<Summary> | undefined {
    const text = this.workspaceNode.filterText;
    return text ? { text, searchText: (i) => `${i.name}@${i.version} ${i.title ?? ''}`, owner: this.workspaceNode } : undefined;
  }
  protected toNode(s: Summary): ExplorerNode {
    const resource: BotpressResource = { kind: 'package', type: this.kind, workspaceId: this.workspaceId, id: s.id };
    return new PackageNode(this, this.client, this.kind, s, resource, false);
  }
  protected emptyText(): string {
    return this.kind === 'plugin'
      ? 'No plugins: open a plugin.definition.ts and run "Botpress: Deploy Plugin".'
      : 'No interfaces: open an interface.definition.ts and run "Botpress: Deploy Plugin".';
  }
}

/** The plugins a bot installed (`bot.plugins`), by alias. */
export function installedPlugins(group: GroupNode, bot: Bot, resource: (name: string) => BotpressResource): ExplorerNode[] {
  return Object.entries(bot.plugins ?? {})
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([alias, p]) => {
      const backing = Object.entries({ ...p.interfaces, ...p.integrations }).map(([k, v]) => `${k} → ${v.integrationAlias}`);
      return new EntryNode(
        group,
        alias,
        {
          contextValue: ContextValue.botPlugin,
          icon: p.enabled ? 'symbol-module' : 'circle-slash',
          label: alias,
          description: `${alias !== p.name ? `${p.name}@` : ''}${p.version}${p.enabled ? '' : ' · disabled'}`,
          tooltip: [`${p.title || p.name}@${p.version}`, p.description, ...backing, `id: ${p.id}`].filter(Boolean).join('\n'),
        },
        resource(alias),
      );
    });
}
