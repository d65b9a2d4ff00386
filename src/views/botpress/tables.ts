/** A bot's tables: each with its row and column counts; frozen, key column, factor and tags in the tooltip. */
import * as vscode from 'vscode';
import type { BotpressClient, Output } from '../../api/botpress';
import { LoadingNode } from './folders';
import { ExplorerNode } from './rows';
import type { BotNode } from './bot';
import { Command, ContextValue } from '../../ids';

export type Table = Output<'getTable'>['table'];
/** A table and its row count (getTable's `rows`; the list does not give it). */
export interface TableSummary {
  table: Table;
  rows?: number;
}

export class TablesNode extends LoadingNode<TableSummary> {
  readonly id: string;
  readonly what = 'tables';
  constructor(
    readonly botNode: BotNode,
    private readonly client: () => Promise<BotpressClient>,
  ) {
    super(botNode);
    this.id = `${botNode.id}/tables`;
  }
  get workspaceId(): string {
    return this.botNode.workspaceId;
  }
  get botId(): string {
    return this.botNode.botId;
  }
  treeItem(): vscode.TreeItem {
    return this.folder('Tables', 'table', ContextValue.tablesFolder, "The bot's tables: structured rows its code reads and writes");
  }
  protected async fetchPage(_token: string | undefined, signal: AbortSignal) {
    const client = await this.client();
    const { tables } = await client.listTables({}, { signal });
    const sorted = [...tables].sort((a, b) => a.name.localeCompare(b.name));
    // Row counts one request per table, in parallel; a table whose count fails still shows.
    const items = await Promise.all(
      sorted.map(async (table) => ({
        table,
        rows: await client.getTable({ table: table.id }, { signal }).then(
          (t) => t.rows,
          () => undefined,
        ),
      })),
    );
    return { items };
  }
  protected toNode(summary: TableSummary): ExplorerNode {
    return new TableNode(this, summary);
  }
  protected emptyText(): string {
    return 'No tables: declare `tables` in bot.definition.ts and deploy, or run "Create Table…".';
  }
}

export class TableNode extends ExplorerNode {
  readonly id: string;
  constructor(
    readonly tablesNode: TablesNode,
    readonly summary: TableSummary,
  ) {
    super(tablesNode);
    this.id = `${tablesNode.id}/${summary.table.id}`;
  }
  get workspaceId(): string {
    return this.tablesNode.workspaceId;
  }
  get botId(): string {
    return this.tablesNode.botId;
  }
  get tableId(): string {
    return this.summary.table.id;
  }
  get name(): string {
    return this.summary.table.name;
  }
  get rows(): number | undefined {
    return this.summary.rows;
  }
  get columns(): string[] {
    return Object.keys(this.summary.table.schema.properties);
  }
  treeItem(): vscode.TreeItem {
    const { table, rows } = this.summary;
    const columns = this.columns.length;
    const count = (n: number, what: string) => `${n.toLocaleString('en-US')} ${what}${n === 1 ? '' : 's'}`;
    const description = [rows === undefined ? '? rows' : count(rows, 'row'), count(columns, 'column'), table.frozen ? 'frozen' : '']
      .filter(Boolean)
      .join(' · ');
    const tooltip = new vscode.MarkdownString(undefined, true);
    tooltip.appendMarkdown('**').appendText(table.name).appendMarkdown('**');
    if (table.frozen) tooltip.appendMarkdown(' $(lock) frozen: its schema cannot change');
    tooltip.appendMarkdown('\n\n').appendText(`id: ${table.id}\n`);
    if (table.keyColumn) tooltip.appendText(`key column: ${table.keyColumn}\n`);
    tooltip.appendText(`factor: ${table.factor ?? 1} (rows up to ${(table.factor ?? 1) * 4} KB)\n`);
    const tags = Object.entries(table.tags ?? {});
    if (tags.length) tooltip.appendText(`tags: ${tags.map(([k, v]) => `${k}=${v}`).join(', ')}\n`);
    tooltip.appendText(`columns: ${this.columns.join(', ')}`);
    const target = { workspaceId: this.workspaceId, botId: this.botId, tableId: table.id, name: table.name };
    return this.row(table.name, {
      icon: table.frozen ? 'lock' : 'table',
      contextValue: ContextValue.table,
      description,
      tooltip,
      command: { command: Command.openTable, title: 'Open Table', arguments: [target] },
    });
  }
}
