/**
 * A bot's knowledge and files: Knowledge → its knowledge bases → their files (by the tags Botpress puts on
 * them: `source: knowledge-base`, `kbId`), and Files → the bot's other files. A file row shows its status,
 * size and last update; a failed one its reason.
 */
import * as vscode from 'vscode';
import type { ListItem } from '../../api/botpress';
import { formatBytes } from '../../core/deploy';
import { kbTag } from '../../core/knowledge/tags';
import { LoadingNode } from './folders';
import { relativeTime } from './format';
import { ExplorerNode, type ClientFactory } from './rows';
import { Command, ContextValue } from '../../ids';

export type FileSummary = ListItem<'listFiles'>;
export type KnowledgeBaseSummary = ListItem<'listKnowledgeBases'>;

/** Where a node sits: the bot's ids, for the commands run on it. */
interface BotPlace {
  readonly id: string;
  readonly workspaceId: string;
  readonly botId: string;
}

/** A bot's Knowledge and Files rows. */
export function knowledgeNodes(botNode: ExplorerNode & BotPlace, client: ClientFactory): ExplorerNode[] {
  return [new KnowledgeBasesNode(botNode, client), new OtherFilesNode(botNode, client)];
}

/** A list under a bot's row (`id`: under the parent's), with the bot's ids for the commands run on it. */
abstract class BotListNode<T> extends LoadingNode<T> {
  readonly id: string;
  constructor(
    parent: ExplorerNode,
    /** The bot's row. */
    readonly botNode: ExplorerNode & BotPlace,
    protected readonly client: ClientFactory,
    segment: string,
  ) {
    super(parent);
    this.id = `${parent.id}/${segment}`;
  }
  get workspaceId(): string {
    return this.botNode.workspaceId;
  }
  get botId(): string {
    return this.botNode.botId;
  }
}

/** Knowledge: the bot's knowledge bases. */
export class KnowledgeBasesNode extends BotListNode<KnowledgeBaseSummary> {
  readonly what = 'knowledge bases';
  constructor(botNode: ExplorerNode & BotPlace, client: ClientFactory) {
    super(botNode, botNode, client, 'knowledge');
  }
  treeItem(): vscode.TreeItem {
    return this.folder('Knowledge', 'book', ContextValue.knowledgeFolder, 'Knowledge bases of this bot, and their files');
  }
  protected async fetchPage(nextToken: string | undefined, signal: AbortSignal) {
    return (await this.client()).page('listKnowledgeBases', { nextToken }, { signal });
  }
  protected toNode(kb: KnowledgeBaseSummary): ExplorerNode {
    return new KnowledgeBaseNode(this, this.client, kb);
  }
  protected emptyText(): string {
    return 'No knowledge base yet: run "Botpress: Sync Folder to Knowledge Base…" on a folder of documents.';
  }
}

/** The bot's files whose tags match a filter, by key. */
abstract class FileListNode extends BotListNode<FileSummary> {
  readonly what = 'files';
  protected abstract readonly tags: Record<string, unknown>;
  /** Whether each file's row shows its tags. */
  protected readonly showTags: boolean = false;
  protected async fetchPage(nextToken: string | undefined, signal: AbortSignal) {
    const query = { nextToken, tags: this.tags, sortField: 'key', sortDirection: 'asc' } as const;
    return (await this.client()).page('listFiles', query as never, { signal });
  }
  protected toNode(file: FileSummary): ExplorerNode {
    return new FileNode(this, file, this.botId, this.workspaceId, this.showTags);
  }
}

/** A knowledge base: its files (by the tags Botpress puts on them). */
export class KnowledgeBaseNode extends FileListNode {
  protected readonly tags: Record<string, unknown>;
  constructor(
    readonly parentNode: KnowledgeBasesNode,
    client: ClientFactory,
    readonly kb: KnowledgeBaseSummary,
  ) {
    super(parentNode, parentNode.botNode, client, kb.id);
    this.tags = { [kbTag.source]: kbTag.sourceValue, [kbTag.kbId]: kb.id };
  }
  get knowledgeBaseId(): string {
    return this.kb.id;
  }
  get name(): string {
    return this.kb.name;
  }
  treeItem(): vscode.TreeItem {
    const tags = Object.entries(this.kb.tags)
      .map(([k, v]) => `${k}: ${v}`)
      .join(', ');
    return this.row(
      this.kb.name,
      {
        icon: 'library',
        contextValue: ContextValue.knowledgeBase,
        description: tags,
        tooltip: `${this.kb.name}\nid: ${this.kb.id}\ncreated ${relativeTime(this.kb.createdAt) ?? '?'}${tags ? `\ntags: ${tags}` : ''}`,
      },
      vscode.TreeItemCollapsibleState.Collapsed,
    );
  }
  protected emptyText(): string {
    return 'No files in this knowledge base.';
  }
}

/** Files: the bot's files outside its knowledge bases, with their tags. */
export class OtherFilesNode extends FileListNode {
  protected readonly tags = { [kbTag.source]: { not: kbTag.sourceValue } };
  protected override readonly showTags = true;
  constructor(botNode: ExplorerNode & BotPlace, client: ClientFactory) {
    super(botNode, botNode, client, 'files');
  }
  treeItem(): vscode.TreeItem {
    return this.folder('Files', 'files', ContextValue.filesFolder, "The bot's files outside its knowledge bases, with their tags");
  }
  protected emptyText(): string {
    return 'No other files.';
  }
}

const statusLook: Record<FileSummary['status'], { icon: string; color?: string; text: string }> = {
  upload_pending: { icon: 'cloud-upload', text: 'upload pending' },
  upload_failed: { icon: 'error', color: 'errorForeground', text: 'upload failed' },
  upload_completed: { icon: 'file', text: 'uploaded' },
  indexing_pending: { icon: 'sync', text: 'indexing' },
  indexing_failed: { icon: 'error', color: 'errorForeground', text: 'indexing failed' },
  indexing_completed: { icon: 'pass', color: 'testing.iconPassed', text: 'indexed' },
};

/** A file: its title (or key), status icon, size and last update; click opens it read-only. */
export class FileNode extends ExplorerNode {
  readonly id: string;
  constructor(
    parent: ExplorerNode,
    readonly file: FileSummary,
    readonly botId: string,
    readonly workspaceId: string,
    private readonly showTags = false,
  ) {
    super(parent);
    this.id = `${parent.id}/${file.id}`;
  }
  get fileId(): string {
    return this.file.id;
  }
  get key(): string {
    return this.file.key;
  }
  get failed(): boolean {
    return this.file.status.endsWith('_failed');
  }
  treeItem(): vscode.TreeItem {
    const f = this.file;
    const look = statusLook[f.status];
    const title = f.tags[kbTag.title] || f.key.split('/').pop() || f.key;
    const tags = Object.entries(f.tags)
      .map(([k, v]) => `${k}=${v}`)
      .join(' ');
    const description = this.failed
      ? `${look.text}: ${f.failedStatusReason ?? 'no reason given'}`
      : [f.size === null ? undefined : formatBytes(f.size), relativeTime(f.updatedAt), this.showTags ? tags : undefined]
          .filter(Boolean)
          .join(' · ');
    const tooltip = [
      f.key,
      `status: ${look.text}${f.failedStatusReason ? ` (${f.failedStatusReason})` : ''}`,
      `${f.contentType}${f.size === null ? '' : `, ${formatBytes(f.size)}`}`,
      `updated ${relativeTime(f.updatedAt) ?? '?'}`,
      `id: ${f.id}`,
      tags && `tags: ${tags}`,
    ]
      .filter(Boolean)
      .join('\n');
    return this.row(title, {
      icon: new vscode.ThemeIcon(look.icon, look.color ? new vscode.ThemeColor(look.color) : undefined),
      contextValue: f.index ? ContextValue.indexedFile : ContextValue.file,
      description,
      tooltip,
      command: { command: Command.openFile, title: 'Open File', arguments: [this] },
    });
  }
}
