import * as vscode from 'vscode';
import { exportLine } from '../../core/logs/line';
import { resolveRange, type LogRange } from '../../core/logs/range';
import { RingBuffer } from '../../core/logs/ring';
import { LogTail, type TailStatus } from '../../core/logs/tail';
import { BOT_LOG_FILTERS, INTEGRATION_LOG_FILTERS, type FetchPage, type LogEntry, type ServerFilters } from '../../core/logs/types';
import { loadPage } from '../page';
import { logsPageHtml } from './html';
import type { HostMessage, LogLine, LogsViewState, LogTarget, ViewMessage } from './protocol';
import { escapeMarkdownLinks } from '../../core/text';
import { Command, SettingSection } from '../../ids';

/** Lines per message when the whole buffer is sent to a (re)loaded webview. */
const CHUNK = 2_000;

export interface LogsPanelDeps {
  readonly extensionUri: vscode.Uri;
  /** getBotLogs / getIntegrationLogs of the target, a page at a time. */
  fetchPage(target: LogTarget): FetchPage;
  readonly output: vscode.LogOutputChannel;
}

function settings() {
  const config = vscode.workspace.getConfiguration(SettingSection.logs);
  return {
    maxLines: Math.max(1_000, config.get<number>('maxLines', 100_000)),
    pauseWhenHidden: config.get<boolean>('pauseWhenHidden', true),
    overlapMs: Math.max(0, config.get<number>('overlapSeconds', 15)) * 1000,
  };
}

export function targetKey(target: LogTarget): string {
  return `${target.workspaceId}/${target.botId ? `bot/${target.botId}` : `integration/${target.integrationId}`}`;
}

/**
 * One live log panel: a tail of one bot or integration, the newest `botpress.logs.maxLines` lines in a
 * ring buffer (sent again whole when the webview reloads), and the webview showing them.
 */
export class LogsPanel implements vscode.Disposable {
  private state: LogsViewState;
  private readonly lines: RingBuffer<LogLine>;
  private tail?: LogTail;
  private status?: TailStatus;
  private nextSeq = 0;
  private ready = false;
  private userPaused = false;
  private readonly disposables: vscode.Disposable[] = [];
  private readonly disposed = new vscode.EventEmitter<void>();
  readonly onDidDispose = this.disposed.event;

  constructor(
    readonly panel: vscode.WebviewPanel,
    state: LogsViewState,
    private readonly deps: LogsPanelDeps,
  ) {
    this.state = state;
    this.lines = new RingBuffer(settings().maxLines);
    panel.title = `Logs: ${state.target.name}`;
    loadPage(panel.webview, deps.extensionUri, 'logs', logsPageHtml);
    this.disposables.push(
      panel.webview.onDidReceiveMessage((m: ViewMessage) => this.receive(m)),
      panel.onDidChangeViewState(() => {
        if (!panel.visible) this.ready = false; // its page is dropped; it says `ready` again when shown
        this.applyRunState();
        if (panel.active) this.tail?.wake();
      }),
      vscode.window.onDidChangeWindowState((w) => w.focused && panel.visible && this.tail?.wake()),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (!e.affectsConfiguration(SettingSection.logs)) return;
        const { maxLines } = settings();
        if (maxLines !== this.lines.capacity) {
          this.lines.resize(maxLines);
          this.post({ type: 'maxLines', maxLines });
        }
        this.applyRunState();
      }),
      panel.onDidDispose(() => this.dispose()),
    );
    this.restart();
  }

  /**
   * Shows the panel; with server-side filters (a conversation's logs), starts the tail again with those
   * filters only: what was filtered before would hide that conversation's lines.
   */
  reveal(filters?: ServerFilters, range?: LogRange): void {
    if (filters || range) {
      this.state = {
        ...this.state,
        filters: filters ?? this.state.filters,
        range: range ?? this.state.range,
        clientFilter: { ...this.state.clientFilter, text: '' },
      };
      this.userPaused = false; // asked for other lines: show them
      this.restart();
      if (this.ready) this.sendInit();
    }
    this.panel.reveal();
  }

  dispose(): void {
    this.tail?.dispose();
    this.tail = undefined;
    for (const d of this.disposables.splice(0)) d.dispose();
    this.disposed.fire();
    this.disposed.dispose();
    this.panel.dispose();
  }

  private filterNames(): readonly string[] {
    return this.state.target.botId ? BOT_LOG_FILTERS : INTEGRATION_LOG_FILTERS;
  }

  /** Drops every line and starts a new tail over the current range and server-side filters. */
  private restart(): void {
    this.tail?.dispose();
    this.tail = undefined;
    this.lines.clear();
    this.post({ type: 'reset' });
    const range = resolveRange(this.state.range, Date.now());
    if (!range.ok) {
      this.setStatus({ state: 'failed', error: range.error });
      return;
    }
    const filters: ServerFilters = {};
    for (const name of this.filterNames()) {
      const value: unknown = this.state.filters[name as keyof ServerFilters];
      if (typeof value === 'string' && value.trim()) filters[name as keyof ServerFilters] = value.trim();
    }
    this.tail = new LogTail({
      fetchPage: this.deps.fetchPage(this.state.target),
      filters,
      since: range.since,
      until: range.until,
      overlapMs: settings().overlapMs,
      onLines: (entries) => this.append(entries),
      onStatus: (status) => this.setStatus(status),
    });
    this.applyRunState();
    this.tail.start();
  }

  /** Polls only when the user has not paused and, unless configured otherwise, while the panel shows. */
  private applyRunState(): void {
    if (!this.tail) return;
    const hidden = !this.panel.visible && settings().pauseWhenHidden;
    if (this.userPaused || hidden) this.tail.pause();
    else this.tail.resume();
  }

  private append(entries: LogEntry[]): void {
    const batch: LogLine[] = entries.map((entry) => ({ seq: this.nextSeq++, entry }));
    for (const line of batch) this.lines.push(line);
    this.post({ type: 'lines', lines: batch });
  }

  private setStatus(status: TailStatus): void {
    this.status = status;
    if (status.state === 'failed' || status.state === 'retrying')
      this.deps.output.warn(`Logs of ${this.state.target.name}: ${status.error}`);
    this.post({ type: 'status', status, paused: this.userPaused });
  }

  private post(message: HostMessage): void {
    if (this.ready) void this.panel.webview.postMessage(message);
  }

  private sendInit(): void {
    this.post({
      type: 'init',
      state: this.state,
      filterNames: this.filterNames(),
      maxLines: this.lines.capacity,
      paused: this.userPaused,
      conversationLinks: !!this.state.target.botId,
    });
    const all = this.lines.toArray();
    for (let i = 0; i < all.length; i += CHUNK) this.post({ type: 'lines', lines: all.slice(i, i + CHUNK) });
    if (this.status) this.post({ type: 'status', status: this.status, paused: this.userPaused });
  }

  private receive(message: ViewMessage): void {
    switch (message?.type) {
      case 'ready':
        this.ready = true;
        this.sendInit();
        break;
      case 'query':
        this.state = { ...this.state, filters: message.filters ?? {}, range: message.range ?? this.state.range };
        this.userPaused = false;
        this.restart();
        break;
      case 'pause':
      case 'resume':
        this.userPaused = message.type === 'pause';
        this.applyRunState();
        if (!this.userPaused) this.tail?.wake();
        break;
      case 'retry':
        if (this.tail) this.tail.wake();
        else this.restart();
        break;
      case 'clear':
        this.lines.clear();
        this.post({ type: 'reset' });
        break;
      case 'copy':
        if (typeof message.text === 'string') {
          void vscode.env.clipboard.writeText(message.text);
          vscode.window.setStatusBarMessage('Log line copied', 2_000);
        }
        break;
      case 'openConversation':
        void this.openConversation(message.conversationId);
        break;
      case 'export':
        void this.export(message.seqs);
        break;
      case 'clientFilter':
        this.state = { ...this.state, clientFilter: message.filter };
        break;
      case 'timeZone':
        this.state = { ...this.state, timeZone: message.timeZone === 'utc' ? 'utc' : 'local' };
        break;
    }
  }

  private async openConversation(conversationId: string): Promise<void> {
    const { workspaceId, botId } = this.state.target;
    if (!botId || typeof conversationId !== 'string') return;
    try {
      await vscode.commands.executeCommand(Command.openConversation, { workspaceId, botId, conversationId });
    } catch (err) {
      void vscode.window.showErrorMessage(escapeMarkdownLinks(`Could not open conversation ${conversationId}: ${(err as Error).message}`));
    }
  }

  /** Writes the lines the panel shows (these sequence numbers, or all) to a `.bplog` file the user picks, and opens it. */
  private async export(seqs: unknown): Promise<void> {
    const wanted = Array.isArray(seqs) ? new Set(seqs) : undefined;
    const shown = this.lines.toArray().filter((l) => !wanted || wanted.has(l.seq));
    const { target, range } = this.state;
    const source = target.botId ? `bot ${target.botId}` : `integration ${target.integrationId}`;
    const period = range.preset === 'custom' ? `${range.since} to ${range.until ?? 'now'}` : range.preset;
    const header = [
      `# Botpress logs of ${source} (${target.name}), workspace ${target.workspaceId}`,
      `# range ${period}, exported ${new Date().toISOString()}, ${shown.length} lines`,
    ];
    const text = [...header, ...shown.map((l) => exportLine(l.entry))].join('\n') + '\n';
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
    const fileName = `${target.name.replace(/[^\w.@-]+/g, '-')}-${new Date().toISOString().slice(0, 19).replace(/[:T]/g, '-')}.bplog`;
    const uri = await vscode.window.showSaveDialog({
      defaultUri: folder ? vscode.Uri.joinPath(folder, fileName) : undefined,
      filters: { 'Botpress logs': ['bplog'] },
      saveLabel: 'Export Logs',
      title: `Export ${shown.length} log lines`,
    });
    if (!uri) return;
    try {
      await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(text));
      await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
    } catch (err) {
      void vscode.window.showErrorMessage(escapeMarkdownLinks(`Could not export the logs to ${uri.fsPath}: ${(err as Error).message}`));
    }
  }
}
