// A bot's tables from the explorer: open (the table editor), create (from a column form or a JSON Schema file),
// export (CSV/JSON, paged with findTableRows and streamed to the file), import (CSV/JSON: a preview webview maps
// and checks every row before anything is sent, insert or upsert by a key, in batches of 1000), duplicate, rename a
// column, delete (a modal naming the row count; Cancel is the default).
import * as vscode from 'vscode';
import { exportRows, fileWriter } from '../api/tables';
import { columnTypes, maxColumns, normalizeColumns, tableNameProblem, type TableSchema } from '../core/tables/columns';
import { planImport } from '../core/tables/transfer';
import { ImportPanel } from '../webviews/tableImport/panel';
import type { Services } from '../services';
import { handleApiError } from '../ui/errors';
import { TableNode, TablesNode } from '../views/botpress/tables';
import { registerTablePanels } from '../webviews/tables/panels';
import type { RowQuery, TableTarget } from '../webviews/tables/protocol';
import { escapeMarkdownLinks } from '../core/text';
import { Command } from '../ids';

export function registerTables(context: vscode.ExtensionContext, services: Services): void {
  const panels = registerTablePanels(context, services);
  const on =
    <N>(kind: abstract new (...a: never[]) => N, run: (node: N) => Promise<void>) =>
    (node?: unknown) =>
      node instanceof kind ? run(node as N) : undefined;
  context.subscriptions.push(
    vscode.commands.registerCommand(Command.openTable, async (target?: TableTarget | TableNode) => {
      const t = target instanceof TableNode ? targetOf(target) : target;
      if (t) await panels.open(t);
    }),
    vscode.commands.registerCommand(
      Command.createTable,
      on(TablesNode, (n) => createTable(services, n)),
    ),
    vscode.commands.registerCommand(Command.exportTable, (arg?: TableNode | { target?: TableTarget; query?: RowQuery }) => {
      if (arg instanceof TableNode) return exportTable(services, targetOf(arg));
      if (arg?.target) return exportTable(services, arg.target, arg.query);
    }),
    vscode.commands.registerCommand(
      Command.importTable,
      on(TableNode, (n) => importTable(services, n, context.extensionUri)),
    ),
    vscode.commands.registerCommand(
      Command.duplicateTable,
      on(TableNode, (n) => duplicateTable(services, n)),
    ),
    vscode.commands.registerCommand(
      Command.renameTableColumn,
      on(TableNode, (n) => renameColumn(services, n)),
    ),
    vscode.commands.registerCommand(
      Command.deleteTable,
      on(TableNode, (n) => deleteTable(services, n)),
    ),
  );
}

const targetOf = (node: TableNode): TableTarget => ({
  workspaceId: node.workspaceId,
  botId: node.botId,
  tableId: node.tableId,
  name: node.name,
});
const clientOf = (services: Services, node: { workspaceId: string; botId: string }) =>
  services.botpress({ workspaceId: node.workspaceId, botId: node.botId });
const refresh = (services: Services, node: TableNode | TablesNode) =>
  services.explorer.refresh(node instanceof TableNode ? node.tablesNode : node);

function checkTableName(name: string): string | undefined {
  return tableNameProblem(name.trim());
}

// ---- create --------------------------------------------------------------------------------------------

async function createTable(services: Services, node: TablesNode): Promise<void> {
  const name = await vscode.window.showInputBox({
    title: 'Create Table (1/2): name',
    prompt: 'Letters, digits and _; ending in "Table" (e.g. ordersTable)',
    validateInput: (v) => checkTableName(v),
  });
  if (!name) return;
  const how = await vscode.window.showQuickPick(
    [
      { label: '$(list-flat) Column by column', description: 'name, type, searchable', id: 'form' as const },
      { label: '$(json) From a JSON Schema file…', description: 'an object schema: its properties are the columns', id: 'file' as const },
    ],
    { title: 'Create Table (2/2): columns' },
  );
  if (!how) return;
  const schema = how.id === 'form' ? await columnForm() : await schemaFromFile();
  if (!schema) return;
  const { problems, columns } = normalizeColumns(schema);
  if (problems.length || !Object.keys(columns).length || Object.keys(columns).length > maxColumns) {
    const why = problems.map((p) => p.message).join('; ') || `A table has 1 to ${maxColumns} columns`;
    void vscode.window.showErrorMessage(escapeMarkdownLinks(`Table ${name} was not created: ${why}`));
    return;
  }
  try {
    const client = await clientOf(services, node);
    await client.createTable({ name: name.trim(), schema });
    services.output.info(`Created table ${name} with columns ${Object.keys(columns).join(', ')}.`);
    refresh(services, node);
  } catch (err) {
    handleApiError(services, err, `Could not create table ${name}`);
  }
}

/** Columns asked one at a time: a name, then a type; "Done" ends. */
async function columnForm(): Promise<Record<string, unknown> | undefined> {
  const columns: Record<string, Record<string, unknown>> = {};
  for (;;) {
    const count = Object.keys(columns).length;
    const name = await vscode.window.showInputBox({
      title: `Column ${count + 1}${count ? ` (so far: ${Object.keys(columns).join(', ')})` : ''}`,
      prompt: count ? 'Another column name, or leave empty and press Enter to create the table' : 'The first column name',
      validateInput: (v) => {
        if (!v && count) return undefined;
        const problem = normalizeColumns({ [v]: { type: 'string' } }).problems[0];
        if (problem) return problem.message;
        if (v in columns) return `"${v}" is already a column`;
        return count >= maxColumns ? `A table has at most ${maxColumns} columns` : undefined;
      },
    });
    if (name === undefined) return undefined;
    if (!name) return { type: 'object', properties: columns };
    const type = await vscode.window.showQuickPick(
      [...columnTypes.filter((t) => t !== 'null'), 'date-time'].map((t) => ({ label: t })),
      { title: `Type of "${name}"` },
    );
    if (!type) return undefined;
    const column: Record<string, unknown> = type.label === 'date-time' ? { type: 'string', format: 'date-time' } : { type: type.label };
    if (type.label === 'string') {
      const searchable = await vscode.window.showQuickPick(['No', 'Yes'], { title: `Is "${name}" searchable (free-text search)?` });
      if (!searchable) return undefined;
      if (searchable === 'Yes') column['x-zui'] = { searchable: true };
    }
    columns[name] = column;
  }
}

async function schemaFromFile(): Promise<Record<string, unknown> | undefined> {
  const [file] =
    (await vscode.window.showOpenDialog({
      title: 'JSON Schema of the table',
      filters: { 'JSON Schema': ['json'] },
      canSelectMany: false,
    })) ?? [];
  if (!file) return undefined;
  try {
    const schema = JSON.parse(Buffer.from(await vscode.workspace.fs.readFile(file)).toString('utf8')) as Record<string, unknown>;
    if (schema.type !== 'object' || typeof schema.properties !== 'object')
      throw new Error('it is not the schema of an object (type: object, properties)');
    return schema;
  } catch (err) {
    void vscode.window.showErrorMessage(escapeMarkdownLinks(`${file.fsPath} cannot be used: ${(err as Error).message}`));
    return undefined;
  }
}

// ---- export --------------------------------------------------------------------------------------------

/** Exports a table, or the rows of a query of the table editor (its filter and order; a search is not exported). */
async function exportTable(services: Services, node: TableTarget, query: Partial<RowQuery> = {}): Promise<void> {
  const name = node.name;
  const format = await vscode.window.showQuickPick(
    [
      { label: 'CSV', description: 'id, the columns, createdAt, updatedAt; objects as JSON', id: 'csv' as const },
      { label: 'JSON', description: 'an array of rows', id: 'json' as const },
    ],
    { title: `Export ${name}${query.filter ? ' (the current query)' : ''}` },
  );
  if (!format) return;
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
  const file = await vscode.window.showSaveDialog({
    title: `Export ${name}`,
    defaultUri: folder && vscode.Uri.joinPath(folder, `${name}.${format.id}`),
    filters: format.id === 'csv' ? { CSV: ['csv'] } : { JSON: ['json'] },
  });
  if (!file) return;
  try {
    const client = await clientOf(services, node);
    const { table, rows: total } = await client.getTable({ table: node.tableId });
    const out = fileWriter(file.fsPath);
    const controller = new AbortController();
    let written = 0;
    try {
      written = await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: `Exporting ${name}`, cancellable: true },
        async (progress, token) => {
          token.onCancellationRequested(() => controller.abort());
          let last = 0;
          return exportRows(client, table, format.id, out.write, {
            filter: query.filter,
            orderBy: query.orderBy,
            orderDirection: query.orderDirection,
            signal: controller.signal,
            progress: (n) => {
              progress.report({ message: `${n.toLocaleString('en-US')} rows`, increment: total ? ((n - last) / total) * 100 : undefined });
              last = n;
            },
          });
        },
      );
    } finally {
      await out.close();
    }
    const text = controller.signal.aborted
      ? `Export of ${name} cancelled after ${written.toLocaleString('en-US')} rows: ${file.fsPath} is incomplete.`
      : `Exported ${written.toLocaleString('en-US')} rows of ${name} to ${file.fsPath}.`;
    services.output.info(text);
    const open = await vscode.window.showInformationMessage(escapeMarkdownLinks(text), 'Open File');
    if (open) await vscode.window.showTextDocument(file);
  } catch (err) {
    if ((err as Error).name === 'AbortError') return;
    handleApiError(services, err, `Could not export ${name}`);
  }
}

// ---- import --------------------------------------------------------------------------------------------

async function importTable(services: Services, node: TableNode, extensionUri: vscode.Uri): Promise<void> {
  const [file] =
    (await vscode.window.showOpenDialog({
      title: `Import into ${node.name}`,
      filters: { 'CSV or JSON': ['csv', 'json'] },
      canSelectMany: false,
    })) ?? [];
  if (!file) return;
  try {
    const client = await clientOf(services, node);
    const { table } = await client.getTable({ table: node.tableId });
    const schema = table.schema as unknown as TableSchema;
    const text = Buffer.from(await vscode.workspace.fs.readFile(file)).toString('utf8');
    const format = /\.json$/i.test(file.path) ? 'json' : 'csv';
    const plan = planImport(text, format, schema.properties, schema.required);
    // The preview, then the import itself, in a webview: nothing is sent before the user starts it there.
    ImportPanel.open(
      { client, table, file, format, plan },
      { extensionUri, output: services.output, onImported: () => refresh(services, node) },
    );
  } catch (err) {
    handleApiError(services, err, `Could not import into ${node.name}`);
  }
}

// ---- duplicate, rename, delete --------------------------------------------------------------------------

async function duplicateTable(services: Services, node: TableNode): Promise<void> {
  const tableName = await vscode.window.showInputBox({
    title: `Duplicate ${node.name}`,
    value: `${node.name.replace(/Table$/, '')}CopyTable`,
    prompt: 'The new table name',
    validateInput: checkTableName,
  });
  if (!tableName) return;
  const what = await vscode.window.showQuickPick(
    [
      { label: 'Schema and rows', description: node.rows === undefined ? '' : `${node.rows} rows`, schemaOnly: false },
      { label: 'Schema only', description: 'an empty table with the same columns', schemaOnly: true },
    ],
    { title: `Duplicate ${node.name} as ${tableName}` },
  );
  if (!what) return;
  try {
    const client = await clientOf(services, node);
    const { rows } = await client.duplicateTable({ sourceTableId: node.tableId, tableName, schemaOnly: what.schemaOnly });
    services.output.info(`Duplicated ${node.name} as ${tableName} (${rows} rows).`);
    refresh(services, node);
  } catch (err) {
    handleApiError(services, err, `Could not duplicate ${node.name}`);
  }
}

async function renameColumn(services: Services, node: TableNode): Promise<void> {
  if (node.summary.table.frozen) {
    void vscode.window.showInformationMessage(
      escapeMarkdownLinks(`${node.name} is frozen: its columns cannot be renamed. Duplicate it to change its schema.`),
    );
    return;
  }
  const column = await vscode.window.showQuickPick(node.columns, { title: `Rename a column of ${node.name}` });
  if (!column) return;
  const newName = await vscode.window.showInputBox({
    title: `Rename column ${column}`,
    value: column,
    validateInput: (v) =>
      v === column
        ? 'Type the new name'
        : node.columns.includes(v)
          ? `"${v}" is already a column`
          : normalizeColumns({ [v]: { type: 'string' } }).problems[0]?.message,
  });
  if (!newName) return;
  try {
    const client = await clientOf(services, node);
    await client.renameTableColumn({ table: node.tableId, name: column, newName });
    services.output.info(`Renamed column ${column} of ${node.name} to ${newName}.`);
    refresh(services, node);
  } catch (err) {
    handleApiError(services, err, `Could not rename ${column}`);
  }
}

async function deleteTable(services: Services, node: TableNode): Promise<void> {
  const rows = node.rows === undefined ? 'all its rows' : `its ${node.rows.toLocaleString('en-US')} row${node.rows === 1 ? '' : 's'}`;
  const answer = await vscode.window.showWarningMessage(
    escapeMarkdownLinks(`Delete table "${node.name}" and ${rows}?`),
    {
      modal: true,
      detail: `Table ${node.tableId} is deleted with ${rows}. The bot's code that reads it will fail. This cannot be undone.`,
    },
    'Delete Table',
  );
  if (answer !== 'Delete Table') return;
  try {
    const client = await clientOf(services, node);
    await client.deleteTable({ table: node.tableId });
    services.output.info(`Deleted table ${node.name} (${node.tableId}).`);
    refresh(services, node);
  } catch (err) {
    handleApiError(services, err, `Could not delete ${node.name}`);
  }
}
