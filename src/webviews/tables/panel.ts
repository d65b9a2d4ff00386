import * as vscode from 'vscode';
import type { BotpressClient } from '../../api/botpress';
import { describeError } from '../../api/errors';
import { maxRowsPerCall, orderedColumns, type TableSchema } from '../../core/tables/columns';
import { PanelHost } from '../panels';
import { tablePageHtml } from './html';
import type { HostMessage, Row, RowQuery, TableInfo, TableTarget, ViewMessage } from './protocol';
import { escapeMarkdownLinks } from '../../core/text';
import { Command } from '../../ids';

export interface TablePanelDeps {
  readonly extensionUri: vscode.Uri;
  client(target: TableTarget): Promise<BotpressClient>;
  readonly output: vscode.LogOutputChannel;
}

/**
 * One table in a webview: the grid asks for pages of its query (findTableRows, by offset), groups, saves
 * (updateTableRows / createTableRows in batches of 1000, each refused row's reason sent back to its row)
 * and deletes (after a modal naming the count).
 */
export class TablePanel extends PanelHost<ViewMessage> {
  private info?: TableInfo;

  constructor(
    panel: vscode.WebviewPanel,
    readonly target: TableTarget,
    private readonly deps: TablePanelDeps,
  ) {
    super(panel, deps.extensionUri, 'tables', tablePageHtml);
    panel.title = `Table: ${target.name}`;
  }

  private post(message: HostMessage): void {
    void this.panel.webview.postMessage(message);
  }

  protected async receive(m: ViewMessage): Promise<void> {
    const client = () => this.deps.client(this.target);
    const seq = 'seq' in m ? m.seq : -1;
    try {
      switch (m.type) {
        case 'ready': {
          const { table } = await (await client()).getTable({ table: this.target.tableId });
          const schema = table.schema as unknown as TableSchema;
          this.info = {
            name: table.name,
            columns: schema.properties,
            order: orderedColumns(schema),
            required: schema.required ?? [],
            keyColumn: table.keyColumn ?? undefined,
            frozen: table.frozen === true,
            factor: table.factor ?? 1,
          };
          this.post({ type: 'init', target: this.target, table: this.info });
          break;
        }
        case 'query':
          return this.post(await this.query(await client(), seq, m.query, m.offset, m.limit, m.count));
        case 'group': {
          const started = Date.now();
          const { rows } = await (
            await client()
          ).findTableRows({ table: this.target.tableId, filter: m.filter, group: m.group, limit: 1000 });
          return this.post({ type: 'groups', seq, rows, ms: Date.now() - started });
        }
        case 'save':
          return this.post(await this.save(await client(), seq, m.updates, m.creates));
        case 'delete': {
          const n = m.ids.length;
          const answer = await vscode.window.showWarningMessage(
            escapeMarkdownLinks(`Delete ${n} row${n === 1 ? '' : 's'} of ${this.target.name}?`),
            { modal: true, detail: `Rows ${m.ids.slice(0, 20).join(', ')}${n > 20 ? '…' : ''} are deleted. This cannot be undone.` },
            `Delete ${n} Row${n === 1 ? '' : 's'}`,
          );
          if (!answer) return this.post({ type: 'deleted', seq, count: 0 });
          let count = 0;
          for (let i = 0; i < m.ids.length; i += maxRowsPerCall) {
            count += (await (await client()).deleteTableRows({ table: this.target.tableId, ids: m.ids.slice(i, i + maxRowsPerCall) }))
              .deletedRows;
          }
          return this.post({ type: 'deleted', seq, count });
        }
        case 'copy':
          await vscode.env.clipboard.writeText(m.text);
          vscode.window.setStatusBarMessage('Copied the query as code', 3000);
          return;
        case 'export':
          await vscode.commands.executeCommand(Command.exportTable, { target: this.target, query: m.query });
          return;
      }
    } catch (err) {
      this.deps.output.error(`Table ${this.target.name}: ${describeError(err)}`);
      this.post({ type: 'failed', seq, message: describeError(err) });
    }
  }

  private async query(
    client: BotpressClient,
    seq: number,
    q: RowQuery,
    offset: number,
    limit: number,
    count: boolean,
  ): Promise<HostMessage> {
    const started = Date.now();
    const table = this.target.tableId;
    const page = client.findTableRows({
      table,
      offset,
      limit,
      filter: q.filter,
      search: q.search || undefined,
      orderBy: q.orderBy,
      orderDirection: q.orderDirection,
    });
    // The number of matching rows: the table's count, or a count of ids over the filter.
    const total = !count
      ? Promise.resolve(-1)
      : q.search
        ? Promise.resolve(-1)
        : q.filter
          ? client.findTableRows({ table, filter: q.filter, group: { id: ['count'] } }).then((r) => Number(r.rows[0]?.idCount ?? 0))
          : client.getTable({ table }).then((t) => t.rows);
    const [result, n] = await Promise.all([page, total]);
    const rows = result.rows as Row[];
    return { type: 'rows', seq, offset, rows, total: n, hasMore: result.hasMore, ms: Date.now() - started, warnings: result.warnings };
  }

  private async save(
    client: BotpressClient,
    seq: number,
    updates: Array<{ key: string; id: number; changes: Record<string, unknown> }>,
    creates: Array<{ key: string; data: Record<string, unknown> }>,
  ): Promise<HostMessage> {
    const stored: Array<{ key: string; row: Row }> = [];
    const errors: Record<string, string> = {};
    const table = this.target.tableId;
    const batches = async <T extends { key: string }>(items: T[], send: (batch: T[]) => Promise<Row[]>) => {
      for (let i = 0; i < items.length; i += maxRowsPerCall) {
        const batch = items.slice(i, i + maxRowsPerCall);
        try {
          (await send(batch)).forEach((row, j) => stored.push({ key: batch[j].key, row }));
        } catch (err) {
          const message = describeError(err);
          const reasons = new Map<number, string>();
          for (const r of message.matchAll(/rows\[(\d+)\]: ([^;]+)/g)) reasons.set(Number(r[1]), r[2].trim());
          // A batch is refused whole: rows without a reason of their own were refused with it, not for themselves.
          batch.forEach(
            (b, j) => (errors[b.key] = reasons.get(j) ?? (reasons.size ? 'not saved: another row of the batch was refused' : message)),
          );
        }
      }
    };
    await batches(
      updates,
      async (b) => (await client.updateTableRows({ table, rows: b.map((u) => ({ ...u.changes, id: u.id })) })).rows as Row[],
    );
    await batches(creates, async (b) => (await client.createTableRows({ table, rows: b.map((c) => c.data) as never })).rows as Row[]);
    return { type: 'saved', seq, stored, errors };
  }
}
