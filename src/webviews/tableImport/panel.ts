import * as vscode from 'vscode';
import type { BotpressClient } from '../../api/botpress';
import { describeError } from '../../api/errors';
import { sendImport, type ImportSummary } from '../../api/tables';
import { orderedColumns, type TableSchema } from '../../core/tables/columns';
import { csvChunk, type ImportPlan } from '../../core/tables/transfer';
import { TransientPanel } from '../../ids';
import { loadPage } from '../page';
import { importPageHtml } from './html';
import type { ImportHostMessage, ImportPreview, ImportViewMessage } from './protocol';

export interface ImportRequest {
  client: BotpressClient;
  table: { id: string; name: string; keyColumn?: string | null; schema: unknown };
  /** The file read, for the title and the summary. */
  file: vscode.Uri;
  format: 'csv' | 'json';
  plan: ImportPlan;
}

const SAMPLE = 20;
const LISTED = 1000;

/** The upsert keys offered: the table's key column, `id`, then the other columns. */
const keysOf = (columns: readonly string[], keyColumn?: string) => [
  ...(keyColumn ? [keyColumn] : []),
  'id',
  ...columns.filter((c) => c !== keyColumn),
];

/** What the preview page is given: the mapping, the first rows as read and as sent, every row's problems. */
export function importPreview({ table, file, format, plan }: Omit<ImportRequest, 'client'>): ImportPreview {
  const schema = table.schema as TableSchema;
  const order = orderedColumns(schema);
  const bad = plan.rows.filter((r) => r.problems.length);
  return {
    table: table.name,
    file: vscode.workspace.asRelativePath(file),
    format,
    columns: order.map((name) => ({ name, schema: schema.properties[name] })),
    mapped: plan.mapped,
    ignored: plan.ignored,
    missing: plan.missing,
    total: plan.rows.length,
    sample: plan.rows.slice(0, SAMPLE).map(({ line, source, data, problems }) => ({ line, source, data, problems })),
    problems: bad.slice(0, LISTED).map(({ line, problems }) => ({ line, problems })),
    bad: bad.length,
    keys: keysOf(order, table.keyColumn ?? undefined),
    keyColumn: table.keyColumn ?? undefined,
  };
}

/**
 * An import into a table, in a webview: the preview (nothing is sent until the user starts it, choosing insert
 * or upsert by a key), then progress with Cancel, then the summary with the failed rows and their reasons,
 * which can be saved as a CSV. `onImported` runs once rows were sent (to refresh the explorer).
 */
export class ImportPanel implements vscode.Disposable {
  private readonly disposables: vscode.Disposable[] = [];
  private running?: AbortController;
  private summary?: ImportSummary;

  constructor(
    readonly panel: vscode.WebviewPanel,
    private readonly request: ImportRequest,
    private readonly deps: { extensionUri: vscode.Uri; output: vscode.LogOutputChannel; onImported(): void },
  ) {
    panel.title = `Import into ${request.table.name}`;
    loadPage(panel.webview, deps.extensionUri, 'tableImport', importPageHtml);
    this.disposables.push(
      panel.webview.onDidReceiveMessage((m: ImportViewMessage) => void this.receive(m)),
      panel.onDidDispose(() => this.dispose()),
    );
  }

  static open(request: ImportRequest, deps: ConstructorParameters<typeof ImportPanel>[2]): ImportPanel {
    const panel = vscode.window.createWebviewPanel(
      TransientPanel.tableImport,
      `Import into ${request.table.name}`,
      vscode.ViewColumn.Active,
      {
        enableScripts: true,
        retainContextWhenHidden: true,
      },
    );
    return new ImportPanel(panel, request, deps);
  }

  dispose(): void {
    this.running?.abort();
    for (const d of this.disposables.splice(0)) d.dispose();
    this.panel.dispose();
  }

  private post(message: ImportHostMessage): void {
    void this.panel.webview.postMessage(message);
  }

  private async receive(m: ImportViewMessage): Promise<void> {
    switch (m.type) {
      case 'ready':
        return this.post({ type: 'preview', preview: importPreview(this.request) });
      case 'start':
        return this.start(m.key);
      case 'cancel':
        return this.running?.abort();
      case 'saveFailed':
        return this.saveFailed();
      case 'close':
        return this.dispose();
    }
  }

  private async start(key: string | undefined): Promise<void> {
    if (this.running || this.summary) return;
    const { client, table, plan } = this.request;
    const controller = (this.running = new AbortController());
    try {
      const summary = await sendImport(client, table.id, plan, key, {
        signal: controller.signal,
        progress: (done, total) => this.post({ type: 'progress', done, total }),
      });
      this.summary = summary;
      const text =
        `Import into ${table.name}${summary.cancelled ? ' (cancelled)' : ''}: ${summary.inserted} inserted, ${summary.updated} updated, ` +
        `${summary.failed.length} failed.`;
      this.deps.output.info([text, ...summary.failed.map((f) => `  row ${f.line}: ${f.reason}`)].join('\n'));
      const { inserted, updated, cancelled, failed } = summary;
      this.post({
        type: 'summary',
        outcome: { inserted, updated, cancelled, failed: failed.map(({ line, reason }) => ({ line, reason })) },
      });
      if (inserted || updated) this.deps.onImported();
    } catch (err) {
      this.deps.output.error(`Import into ${table.name}: ${describeError(err)}`);
      this.post({ type: 'failed', message: describeError(err) });
    } finally {
      this.running = undefined;
    }
  }

  /** The failed rows as read, with their line and reason, in a CSV the user can fix and import again. */
  private async saveFailed(): Promise<void> {
    const failed = this.summary?.failed ?? [];
    if (!failed.length) return;
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
    const file = await vscode.window.showSaveDialog({
      title: 'Failed rows (CSV, with their reason)',
      defaultUri: folder && vscode.Uri.joinPath(folder, `${this.request.table.name}-failed.csv`),
      filters: { CSV: ['csv'] },
    });
    if (!file) return;
    const rows = failed.map((f) => ({ ...f.source, _line: f.line, _reason: f.reason }));
    const fields = [...new Set(rows.flatMap((r) => Object.keys(r)))];
    await vscode.workspace.fs.writeFile(file, Buffer.from(csvChunk(rows, fields, true), 'utf8'));
    this.post({ type: 'saved', file: vscode.workspace.asRelativePath(file) });
  }
}
