// The knowledge search panel: a query runs searchFiles against a bot's knowledge bases (all or chosen ones) as
// the bot runs it, with breadcrumbs and context; the page shows the ranked passages and compares two runs. A
// passage opens its local source at its place when a botpress.knowledge.json mapping syncs its knowledge base.
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { BotpressClient } from '../../api/botpress';
import { describeError } from '../../api/errors';
import { isLoopbackHost } from '../../api/http';
import { resultPassages } from '../../core/knowledge/compare';
import { mappingFileName } from '../../core/knowledge/mapping';
import { pathOfKey } from '../../core/knowledge/sync';
import { kbTag } from '../../core/knowledge/tags';
import { escapeMarkdownLinks } from '../../core/text';
import type { Services } from '../../services';
import { workspaceMappings, type ResolvedMapping } from '../../workspace/knowledgeMappings';
import { hasStrings, PanelHost, registerPanels } from '../panels';
import { knowledgePageHtml } from './html';
import type { HostMessage, KnowledgeBaseInfo, ResultList, ResultPassage, SearchOptions, SearchTarget, ViewMessage } from './protocol';
import { WebviewPanel } from '../../ids';

const historyKey = 'botpress.knowledge.searchHistory';
const historySize = 10;

export interface KnowledgePanelDeps {
  readonly extensionUri: vscode.Uri;
  readonly output: vscode.LogOutputChannel;
  /** Where the last queries are kept (the workspace's state). */
  readonly state: vscode.Memento;
  client(target: SearchTarget): Promise<BotpressClient>;
}

/** The Local Cloud (the emulator) listens on a loopback address; Botpress Cloud never does. */
export const isLocalCloud = (apiUrl: string) => {
  try {
    return isLoopbackHost(new URL(apiUrl).hostname);
  } catch {
    return false;
  }
};

export class KnowledgePanel extends PanelHost<ViewMessage> {
  private kbs: KnowledgeBaseInfo[] = [];
  /** Knowledge bases to choose when the page (re)loads. */
  private select?: string[];

  constructor(
    panel: vscode.WebviewPanel,
    readonly target: SearchTarget,
    private readonly deps: KnowledgePanelDeps,
  ) {
    super(panel, deps.extensionUri, 'knowledge', knowledgePageHtml);
    panel.title = `Search Knowledge: ${target.name}`;
  }

  /** Chooses these knowledge bases in the page (opened from one of them). */
  choose(kbIds: string[]): void {
    this.select = kbIds;
    this.post({ type: 'select', kbIds });
  }

  private post(message: HostMessage): void {
    void this.panel.webview.postMessage(message);
  }

  private history(): string[] {
    return this.deps.state.get<string[]>(historyKey, []);
  }

  private async knowledgeBases(client: BotpressClient): Promise<KnowledgeBaseInfo[]> {
    const out: KnowledgeBaseInfo[] = [];
    for await (const kb of client.iterate('listKnowledgeBases', {})) out.push({ id: kb.id, name: kb.name });
    return (this.kbs = out);
  }

  protected async receive(m: ViewMessage): Promise<void> {
    const seq = m.type === 'search' ? m.seq : -1;
    try {
      switch (m.type) {
        case 'ready': {
          const client = await this.deps.client(this.target);
          const knowledgeBases = await this.knowledgeBases(client);
          const lexical = isLocalCloud(client.apiUrl);
          this.post({ type: 'init', target: this.target, knowledgeBases, history: this.history(), lexical, select: this.select });
          this.select = undefined;
          return;
        }
        case 'search':
          return this.post(await this.search(seq, m.query, m.options));
        case 'open':
          return await this.open(m.passage);
      }
    } catch (err) {
      this.deps.output.error(`Knowledge search of ${this.target.name}: ${describeError(err)}`);
      this.post({ type: 'failed', seq, message: describeError(err) });
    }
  }

  private async search(seq: number, text: string, options: SearchOptions): Promise<HostMessage> {
    const query = text.trim();
    if (!query) return { type: 'failed', seq, message: 'Type a question to search for.' };
    const history = [query, ...this.history().filter((h) => h !== query)].slice(0, historySize);
    await this.deps.state.update(historyKey, history);
    const client = await this.deps.client(this.target);
    const kbs = await this.knowledgeBases(client);
    const chosen = kbs.filter((k) => options.kbIds.includes(k.id));
    const all = !chosen.length || chosen.length === kbs.length;
    const tags = all ? { [kbTag.source]: kbTag.sourceValue } : { [kbTag.kbId]: chosen.map((k) => k.id) };
    const started = Date.now();
    const { passages } = await client.searchFiles({
      query,
      tags: tags as never,
      limit: Math.min(50, Math.max(1, Math.round(options.limit) || 10)),
      contextDepth: Math.min(10, Math.max(0, Math.round(options.contextDepth) || 0)),
      withContext: true,
      includeBreadcrumb: true,
    });
    const ms = Date.now() - started;
    const mappings = await workspaceMappings();
    const list: ResultList = {
      query,
      at: new Date().toISOString(),
      scope: all ? 'all knowledge bases' : chosen.map((k) => k.name).join(', '),
      ms,
      passages: resultPassages(passages, kbs, (p) => {
        const local = this.localSource(mappings, p.file.tags[kbTag.kbId], p.file.key);
        return local && vscode.workspace.asRelativePath(local);
      }),
    };
    return { type: 'results', seq, list, history };
  }

  /** The workspace file a knowledge base's file was synced from, when a mapping says so and it is there. */
  private localSource(mappings: ResolvedMapping[], kbId: string | undefined, key: string): string | undefined {
    const kb = this.kbs.find((k) => k.id === kbId);
    const rel = kbId ? pathOfKey(kbId, key) : undefined;
    const mapping = kb && rel ? mappings.find((m) => m.bot === this.target.botId && m.kb === kb.name) : undefined;
    const local = mapping && rel ? path.join(mapping.folderPath, rel) : undefined;
    return local && fs.existsSync(local) ? local : undefined;
  }

  /** Opens the passage's local source with the passage's first words selected. */
  private async open(p: ResultPassage): Promise<void> {
    const local = this.localSource(await workspaceMappings(), p.kbId, p.fileKey);
    if (!local) {
      void vscode.window.showInformationMessage(
        escapeMarkdownLinks(`${p.fileKey} is not synced from a folder of this workspace (no ${mappingFileName} mapping).`),
      );
      return;
    }
    const doc = await vscode.workspace.openTextDocument(local);
    const first = (p.text.split('\n').find((l) => l.trim()) ?? '')
      .replace(/^[-*>#|\s\d.]+/, '')
      .slice(0, 40)
      .trim();
    const at = first ? doc.getText().indexOf(first) : -1;
    const start = doc.positionAt(Math.max(0, at));
    const end = at >= 0 ? doc.positionAt(at + first.length) : start;
    await vscode.window.showTextDocument(doc, { selection: new vscode.Range(start, end), viewColumn: vscode.ViewColumn.Beside });
  }
}

/** One search panel per bot (opening it again reveals it); panels come back after a window reload. */
export function registerKnowledgePanels(
  context: vscode.ExtensionContext,
  services: Services,
): { open(target: SearchTarget, kbIds?: string[]): void } {
  const deps: KnowledgePanelDeps = {
    extensionUri: context.extensionUri,
    output: services.output,
    state: context.workspaceState,
    client: (t) => services.botpress({ workspaceId: t.workspaceId, botId: t.botId }),
  };
  const panels = registerPanels(context, services, {
    viewType: WebviewPanel.knowledgeSearch,
    keyOf: (t: SearchTarget) => `${t.workspaceId}/${t.botId}`,
    isTarget: (v): v is SearchTarget => hasStrings(v, ['workspaceId', 'botId', 'name']),
    title: (t) => `Search Knowledge: ${t.name}`,
    create: (webviewPanel, target) => new KnowledgePanel(webviewPanel, target, deps),
  });
  return {
    open(target, kbIds) {
      const { panel } = panels.open(target);
      if (kbIds) panel.choose(kbIds);
      panel.reveal();
    },
  };
}
