import * as vscode from 'vscode';
import { FileFollower } from '../../core/traces/follow';
import { matchesFilter, spanDetail, TraceViews, type TraceFilter, type TraceView } from '../../core/traces/model';
import { TraceStore } from '../../core/traces/store';
import { PanelHost } from '../panels';
import { tracesPageHtml } from './html';
import type { HostMessage, TraceStatus, ViewMessage } from './protocol';

/** Milliseconds between two redraws while spans arrive. */
const REDRAW_MS = 200;

/**
 * One trace view: an NDJSON file of spans read into a store (in chunks, capped), its traces listed through the
 * filter, the selected trace's tree and timeline, the selected span's attributes; in live mode, what the runtime
 * appends is read as it comes.
 */
export class TracesPanel extends PanelHost<ViewMessage> {
  private store = new TraceStore();
  private built = new TraceViews(this.store);
  private follower?: FileFollower;
  private views: TraceView[] = [];
  private builtVersion = -1;
  private filter: TraceFilter = {};
  private selectedTrace?: string;
  private loading = true;
  private live: boolean;
  private skippedBytes = 0;
  private error?: string;
  private redraw?: ReturnType<typeof setTimeout>;

  constructor(
    panel: vscode.WebviewPanel,
    readonly file: string,
    live: boolean,
    extensionUri: vscode.Uri,
  ) {
    super(panel, extensionUri, 'traces', tracesPageHtml);
    this.live = live;
    this.open();
  }

  override dispose(): void {
    this.follower?.stop();
    if (this.redraw) clearTimeout(this.redraw);
    super.dispose();
  }

  private open(): void {
    this.follower?.stop();
    this.reset();
    this.loading = true;
    this.error = undefined;
    const follower = new FileFollower(this.file, {
      follow: this.live,
      onText: (text) => {
        this.store.pushChunk(text);
        this.schedule();
      },
      onReset: () => {
        this.reset();
        this.schedule();
      },
      onLoaded: ({ skippedBytes }) => {
        this.skippedBytes = skippedBytes;
      },
      onError: (e) => this.fail(e),
    });
    this.follower = follower;
    follower.start().then(
      () => {
        if (this.follower !== follower) return;
        this.loading = false;
        if (this.live)
          follower.watch(); // asked for while the first read ran
        else this.store.end();
        this.schedule(0);
      },
      (e: unknown) => this.fail(e),
    );
  }

  private reset(): void {
    this.store = new TraceStore();
    this.built = new TraceViews(this.store);
    this.builtVersion = -1;
  }

  private fail(e: unknown): void {
    this.loading = false;
    this.error = e instanceof Error ? e.message : String(e);
    this.schedule(0);
  }

  private setLive(live: boolean): void {
    if (live === this.live) return;
    this.live = live;
    if (!this.follower || this.loading) return;
    if (live) this.follower.watch();
    else this.follower.unwatch();
    this.sendStatus();
  }

  private schedule(ms = REDRAW_MS): void {
    if (this.redraw && ms > 0) return;
    if (this.redraw) clearTimeout(this.redraw);
    this.redraw = setTimeout(() => {
      this.redraw = undefined;
      this.sendAll();
    }, ms);
  }

  private rebuild(): void {
    if (this.builtVersion === this.store.version) return;
    this.views = this.built.all();
    this.builtVersion = this.store.version;
  }

  private sendAll(): void {
    this.rebuild();
    this.sendStatus();
    this.sendList();
    this.sendTrace();
  }

  private sendStatus(): void {
    const status: TraceStatus = {
      file: this.file,
      live: this.live,
      loading: this.loading,
      lines: this.store.lines,
      spans: this.store.size,
      traces: this.views.length,
      dropped: this.store.droppedTraces,
      skippedBytes: this.skippedBytes,
      problems: this.store.problems,
      problemCount: this.store.problemCount,
      error: this.error,
    };
    this.post({ type: 'status', status });
  }

  private sendList(): void {
    const conversations = [...new Set(this.views.map((v) => v.summary.conversationId).filter((c): c is string => !!c))].sort();
    const workflows = [...new Set(this.views.map((v) => v.summary.workflowName).filter((w): w is string => !!w))].sort();
    const traces = this.views.filter((v) => matchesFilter(v, this.filter)).map((v) => v.summary);
    this.post({
      type: 'list',
      traces,
      total: this.views.length,
      conversations,
      workflows,
      filter: this.filter,
      selected: this.selectedTrace,
    });
  }

  private sendTrace(): void {
    const view = this.selectedTrace ? this.views.find((v) => v.summary.traceId === this.selectedTrace) : undefined;
    this.post({ type: 'trace', view });
  }

  protected receive(m: ViewMessage): void {
    switch (m.type) {
      case 'ready':
        this.sendAll();
        break;
      case 'filter':
        this.filter = m.filter;
        this.sendList();
        break;
      case 'selectTrace':
        this.selectedTrace = m.traceId;
        this.sendTrace();
        break;
      case 'selectSpan': {
        const span = this.store.span(m.traceId, m.spanId);
        this.post({ type: 'span', detail: span && spanDetail(span) });
        break;
      }
      case 'live':
        this.setLive(m.live);
        break;
    }
  }

  private post(message: HostMessage): void {
    void this.panel.webview.postMessage(message);
  }
}
