/** Folder nodes: lists fetched a page at a time, objects fetched once, and fixed groups of entries. */
import * as vscode from 'vscode';
import { PagedList, type Page } from './pagedList';
import type { BotpressResource } from './resources';
import { EntryNode, ErrorNode, ExplorerNode, LoadMoreNode, MessageNode } from './rows';
import { Command } from '../../ids';

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
  /** The text rows must contain to be shown (case-insensitive); every page is loaded to apply it. */
  protected filter(): ListFilter<T> | undefined {
    return undefined;
  }

  override async children(): Promise<ExplorerNode[]> {
    await this.list.ensureLoaded();
    const filter = this.filter();
    while (filter && this.list.hasMore && this.list.state !== 'failed') await this.list.loadMore();
    const wanted = filter?.text.toLowerCase();
    const items = wanted ? this.list.items.filter((item) => filter!.searchText(item).toLowerCase().includes(wanted)) : this.list.items;
    const nodes = items.map((item) => {
      let node = this.made.get(item);
      if (!node) this.made.set(item, (node = this.toNode(item)));
      return node;
    });
    if (filter) nodes.unshift(new FilterNode(this, filter.text, items.length, this.list.items.length, filter.owner));
    if (this.list.state === 'failed') nodes.push(new ErrorNode(this, this.list.error));
    else if (this.list.hasMore) nodes.push(new LoadMoreNode(this));
    else if (!this.list.items.length) nodes.push(new MessageNode(this, this.emptyText()));
    return nodes;
  }

  override reset(): void {
    this.list.reset();
    this.made.clear();
  }

  override loaded(): readonly ExplorerNode[] {
    return [...this.made.values()];
  }
}

/** A filter on a list: its text, what of each item it searches, and the node that holds it. */
export interface ListFilter<T> {
  text: string;
  searchText(item: T): string;
  owner: ExplorerNode;
}

/** The first row of a filtered list: what matches; a click edits or clears the filter. */
export class FilterNode extends ExplorerNode {
  readonly id: string;
  constructor(
    list: LoadingNode<unknown>,
    private readonly text: string,
    private readonly shown: number,
    private readonly total: number,
    private readonly owner: ExplorerNode,
  ) {
    super(list);
    this.id = `${list.id}/#filter`;
  }
  treeItem(): vscode.TreeItem {
    const command = { command: Command.filterExplorer, title: 'Filter', arguments: [this.owner] };
    return this.row(`${this.shown} of ${this.total} match “${this.text}”`, {
      icon: 'filter',
      contextValue: 'filter',
      tooltip: 'Click to change or clear the filter',
      command,
    });
  }
}

/** A node whose children are built from one fetched object (a bot, an integration). */
export abstract class DetailNode<D> extends LoadingNode<ExplorerNode> {
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
    item.description = String(this.count);
    return item;
  }
  /** How many entries it holds, those of its sub-groups included (Tags: the tags, not the kinds of tags). */
  get count(): number {
    return this.kids.reduce((n, kid) => n + (kid instanceof GroupNode ? kid.count : 1), 0);
  }
  override async children(): Promise<ExplorerNode[]> {
    return this.kids.length ? this.kids : [new MessageNode(this, this.emptyText)];
  }
  override loaded(): readonly ExplorerNode[] {
    return this.kids;
  }
}

type Definitions = Record<string, { title?: string; description?: string; type?: string } | undefined> | undefined;

/** Entries of a record of definitions (states, events, …) as EntryNodes, sorted by name. */
export function entries(
  group: GroupNode,
  defs: Definitions,
  contextValue: string,
  icon: string,
  resource: (name: string) => BotpressResource,
): ExplorerNode[] {
  return Object.entries(defs ?? {})
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([name, def]) => {
      const description = def?.title ?? def?.type;
      const tooltip = [def?.title, def?.description, def?.type && `type: ${def.type}`].filter(Boolean).join('\n') || undefined;
      return new EntryNode(group, name, { contextValue, icon, description, tooltip }, resource(name));
    });
}
