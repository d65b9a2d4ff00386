// The Tables API (`/v1/tables`, runtime operations under `x-bot-id`): a bot's tables and rows, queried with
// the grammar of core/tables/query.ts, searched lexically (MiniSearch: Botpress ranks semantically), imported
// and exported as jobs whose files the emulator keeps and serves (`GET /files/tables/{fileId}`).
import Ajv, { type ValidateFunction } from 'ajv';
import MiniSearch from 'minisearch';
import Papa from 'papaparse';
import { gunzipSync, gzipSync } from 'node:zlib';
import type { Table } from '@botpress/client';
import {
  columnKinds,
  maxColumns,
  maxRowsPerCall,
  normalizeColumns,
  rowBytesPerFactor,
  rowSchema,
  tableNameProblem,
  type ColumnSchema,
  type TableSchema,
} from '../core/tables/columns';
import {
  checkFilter,
  checkGroup,
  compileFilter,
  extendedSource,
  groupRows,
  selectPaths,
  sortRows,
  systemColumns,
  type GroupOperation,
  type RegexCompiler,
  type Row,
} from '../core/tables/query';
import { RE2JS } from 're2js';
import type { CloudCall, CloudHandler } from './cloud';
import { ApiError } from './spec';
import type { Store } from './store';

type Dict = Record<string, unknown>;
type JobType = 'export' | 'import' | 'clear_column' | 'clear_vectors';
export interface TableJob {
  id: string;
  botId: string;
  tableId: string;
  type: JobType;
  status: 'pending' | 'in_progress' | 'finalizing' | 'completed' | 'failed';
  progress: number;
  inputFileId: string | null;
  outputFileId: string | null;
  createdAt: string;
  updatedAt: string;
}
export interface TableRecord {
  botId: string;
  table: Table & { schema: TableSchema };
  rows: Row[];
  nextId: number;
  jobs: TableJob[];
}
export interface TableFile {
  botId: string;
  name: string;
  contentType: string;
  content: Buffer;
}

/** Every bot's tables, and the files their import/export jobs read and write. */
export class TablesWorld {
  readonly byBot = new Map<string, TableRecord[]>();
  readonly files = new Map<string, TableFile>();
  of(botId: string): TableRecord[] {
    let list = this.byBot.get(botId);
    if (!list) this.byBot.set(botId, (list = []));
    return list;
  }
}

const now = () => new Date().toISOString();
/** Keys of a row that are not data. */
const systemKeys = new Set(['id', 'createdAt', 'updatedAt', 'computed', 'stale', 'similarity']);

const ajv = new Ajv({ strict: false, allErrors: true });
ajv.addFormat('date-time', (s: string) => /^\d{4}-\d{2}-\d{2}T/.test(s) && !Number.isNaN(Date.parse(s)));
const validators = new Map<string, ValidateFunction>();
function rowValidator(schema: TableSchema): ValidateFunction {
  const source = JSON.stringify(rowSchema(schema));
  let v = validators.get(source);
  if (!v) validators.set(source, (v = ajv.compile(JSON.parse(source) as object)));
  return v;
}

function tablesOf(call: CloudCall): TableRecord[] {
  return call.store.tables.of(call.bot!.bot.id);
}

/** A table by name or id, as the `table` path parameter names it. */
function tableOf(call: CloudCall, ref = call.params.table): TableRecord {
  const found = tablesOf(call).find((t) => t.table.id === ref || t.table.name === ref);
  if (!found) throw new ApiError('ResourceNotFound', `Table "${ref}" doesn't exist`);
  return found;
}

function refuseFrozen(record: TableRecord, what: string): void {
  if (record.table.frozen) throw new ApiError('ResourceLockedConflict', `Table "${record.table.name}" is frozen: ${what} is not allowed`);
}

/** Normalised columns for a new table, or the official error. */
function schemaFor(input: unknown): TableSchema {
  const { columns, required, problems } = normalizeColumns(input);
  if (problems.length) throw new ApiError('InvalidJsonSchema', problems.map((p) => p.message).join('; '));
  if (Object.keys(columns).length > maxColumns)
    throw new ApiError('LimitExceeded', `A table has at most ${maxColumns} columns, got ${Object.keys(columns).length}`);
  return { type: 'object', properties: columns, additionalProperties: true, ...(required.length ? { required } : {}) };
}

function checkKeyColumn(schema: TableSchema, key: unknown): void {
  if (typeof key === 'string' && !(key in schema.properties))
    throw new ApiError(
      'InvalidPayload',
      `keyColumn "${key}" is not a column of the table (columns: ${Object.keys(schema.properties).join(', ')})`,
    );
}

function newTable(call: CloudCall, name: string, body: Dict): TableRecord {
  return addTable(call.store, call.bot!.bot.id, name, body, Date.now());
}

/** A new table of a bot (createTable's checks and errors); the demo seed uses it too, with its own clock. */
export function addTable(store: Store, botId: string, name: string, body: Dict, time: number): TableRecord {
  const problem = tableNameProblem(name);
  if (problem) throw new ApiError('InvalidPayload', problem);
  const tables = store.tables.of(botId);
  if (tables.some((t) => t.table.name === name)) throw new ApiError('AlreadyExists', `Table "${name}" already exists`);
  const schema = schemaFor(body.schema);
  checkKeyColumn(schema, body.keyColumn);
  const at = new Date(time).toISOString();
  const record: TableRecord = {
    botId,
    table: {
      id: store.ids.ulid('table', time),
      name,
      factor: typeof body.factor === 'number' ? body.factor : 1,
      frozen: body.frozen === true,
      keyColumn: typeof body.keyColumn === 'string' ? body.keyColumn : undefined,
      schema,
      tags: (body.tags as Record<string, string> | undefined) ?? {},
      isComputeEnabled: body.isComputeEnabled === true,
      createdAt: at,
      updatedAt: at,
    },
    rows: [],
    nextId: 1,
    jobs: [],
  };
  if (record.table.keyColumn === undefined) delete record.table.keyColumn;
  tables.push(record);
  return record;
}

/** Rows added as createTableRows adds them (validated, nothing stored on a bad row), stamped with `time`. */
export function addRows(record: TableRecord, rows: Dict[], time: number): void {
  const warnings = new Set<string>();
  const items = rows.map((r, index) => ({ index, data: dataOf(record, r, warnings) }));
  refuseRows([...items.flatMap((i) => rowProblems(record, i.data, i.index)), ...keyConflicts(record, items)]);
  const at = new Date(time).toISOString();
  for (const row of insertRows(record, items)) Object.assign(row, { createdAt: at, updatedAt: at });
  record.table.updatedAt = at;
}

const counts = (record: TableRecord) => ({
  rows: record.rows.length,
  stale: record.rows.filter((r) => (r.stale as string[] | undefined)?.length).length,
  indexing: 0,
});

interface RowProblem {
  index: number;
  message: string;
}

/** A row's data: its columns only (what matches no column is ignored, with a warning, as the API says). */
function dataOf(record: TableRecord, row: Dict, warnings: Set<string>): Dict {
  const out: Dict = {};
  for (const [key, value] of Object.entries(row)) {
    if (systemKeys.has(key)) continue;
    if (key in record.table.schema.properties) out[key] = value;
    else warnings.add(`Column "${key}" doesn't exist in table "${record.table.name}": its values were ignored`);
  }
  return out;
}

function rowProblems(record: TableRecord, data: Dict, index: number): RowProblem[] {
  const problems: RowProblem[] = [];
  const limit = (record.table.factor ?? 1) * rowBytesPerFactor;
  const size = Buffer.byteLength(JSON.stringify(data));
  if (size > limit)
    problems.push({ index, message: `is ${size} bytes; rows of this table (factor ${record.table.factor ?? 1}) hold at most ${limit}` });
  const validate = rowValidator(record.table.schema);
  if (!validate(data)) {
    for (const e of validate.errors ?? []) {
      if (e.keyword === 'anyOf') continue; // its branches say what is wrong
      const column = e.instancePath.split('/')[1] ?? (e.params as { missingProperty?: string }).missingProperty;
      problems.push({ index, message: `${column ? `column "${column}" ` : ''}${e.message ?? 'is invalid'}` });
    }
  }
  return problems;
}

/** Refuses the whole call, naming every bad row (nothing is stored half-valid). */
function refuseRows(problems: RowProblem[], kind: 'InvalidPayload' | 'LimitExceeded' = 'InvalidPayload'): void {
  if (!problems.length) return;
  const seen = new Set<string>();
  const lines = problems
    .map((p) => `rows[${p.index}]: ${p.message}`)
    .filter((l) => !seen.has(l) && seen.add(l))
    .slice(0, 50);
  const more = seen.size > 50 ? `; and ${seen.size - 50} more` : '';
  throw new ApiError(problems.some((p) => p.message.includes('bytes;')) ? 'LimitExceeded' : kind, `${lines.join('; ')}${more}`);
}

function checkBatch(rows: unknown[]): void {
  if (rows.length < 1 || rows.length > maxRowsPerCall)
    throw new ApiError('InvalidPayload', `Send 1 to ${maxRowsPerCall} rows a call, got ${rows.length}`);
}

/** The keyColumn must stay unique: the first row (index) whose value is already taken, if any. */
function keyConflicts(record: TableRecord, candidates: Array<{ index: number; id?: number; data: Dict }>): RowProblem[] {
  const key = record.table.keyColumn;
  if (!key) return [];
  const taken = new Map<unknown, number>();
  const changing = new Set(candidates.map((c) => c.id));
  for (const row of record.rows) if (!changing.has(row.id) && row[key] !== undefined && row[key] !== null) taken.set(row[key], row.id);
  const problems: RowProblem[] = [];
  for (const c of candidates) {
    const value = c.data[key];
    if (value === undefined || value === null) continue;
    if (taken.has(value))
      problems.push({ index: c.index, message: `keyColumn "${key}" must be unique; ${JSON.stringify(value)} is already used` });
    else taken.set(value, c.id ?? -1);
  }
  return problems;
}

function insertRows(record: TableRecord, items: Array<{ data: Dict }>): Row[] {
  const at = now();
  const created = items.map(({ data }) => ({ id: record.nextId++, createdAt: at, updatedAt: at, computed: {}, ...data }) as Row);
  record.rows.push(...created);
  touch(record);
  return created;
}

function touch(record: TableRecord): void {
  record.table.updatedAt = now();
}

/** A stored row as the API returns it: every column present (null when unset). */
function present(record: TableRecord, row: Row): Row {
  const out: Dict = { id: row.id, createdAt: row.createdAt, updatedAt: row.updatedAt, computed: row.computed ?? {} };
  if ((row.stale as string[] | undefined)?.length) out.stale = row.stale;
  for (const column of Object.keys(record.table.schema.properties)) out[column] = row[column] ?? null;
  return out as Row;
}

/** `$regex` as Botpress evaluates it here: RE2 (linear time, whatever the pattern). */
const re2: RegexCompiler = (pattern, options) => {
  let flags = 0;
  if (options.includes('i')) flags |= RE2JS.CASE_INSENSITIVE;
  if (options.includes('m')) flags |= RE2JS.MULTILINE;
  if (options.includes('s')) flags |= RE2JS.DOTALL;
  return RE2JS.compile(extendedSource(pattern, options), flags);
};

function checkedFilter(record: TableRecord, filter: unknown): (row: Row) => boolean {
  const problems = checkFilter(filter, columnKinds(record.table.schema), re2);
  if (problems.length) throw new ApiError('InvalidQuery', problems.map((p) => `${p.path}: ${p.message}`).join('; '));
  return compileFilter(filter, re2);
}

function searchable(record: TableRecord): string[] {
  return Object.entries(record.table.schema.properties)
    .filter(([, c]) => c['x-zui']?.searchable)
    .map(([name]) => name);
}

/** Ranks rows by a lexical match of the terms in their searchable columns (fuzzy and prefix, so near matches count). */
function searchRows(record: TableRecord, rows: Row[], search: string, warnings: string[]): Array<Row & { similarity: number }> {
  const fields = searchable(record);
  if (!fields.length) {
    warnings.push(`Table "${record.table.name}" has no searchable column: the search term was ignored`);
    return rows.map((r) => ({ ...r, similarity: 0 }));
  }
  const index = new MiniSearch<Row>({
    fields,
    idField: 'id',
    extractField: (row, field) => {
      if (field === 'id') return row.id as never;
      const v = row[field];
      return v === undefined || v === null ? '' : typeof v === 'string' ? v : JSON.stringify(v);
    },
  });
  index.addAll(rows);
  const hits = index.search(search, { fuzzy: 0.2, prefix: true, combineWith: 'OR' });
  const top = hits[0]?.score ?? 1;
  const byId = new Map(rows.map((r) => [r.id, r]));
  return hits.map((h) => ({ ...byId.get(h.id as number)!, similarity: Math.round((h.score / top) * 1e4) / 1e4 }));
}

function isDict(v: unknown): v is Dict {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function job(call: CloudCall, record: TableRecord, type: JobType, fields: Partial<TableJob>): TableJob {
  const at = now();
  const j: TableJob = {
    id: call.store.ids.ulid('job', Date.now()),
    botId: record.botId,
    tableId: record.table.id,
    type,
    status: 'pending',
    progress: 0,
    inputFileId: null,
    outputFileId: null,
    createdAt: at,
    updatedAt: at,
    ...fields,
  };
  record.jobs.push(j);
  return j;
}

const finish = (j: TableJob, status: 'completed' | 'failed') =>
  Object.assign(j, { status, progress: status === 'completed' ? 1 : j.progress, updatedAt: now() });

/** The rows of an import file: CSV with a header row, a JSON array of rows, `{ rows }` or an export (`{ table, rows }`); gzipped or not. */
function importedRows(file: TableFile): Dict[] {
  const bytes = file.content[0] === 0x1f && file.content[1] === 0x8b ? gunzipSync(file.content) : file.content;
  const text = bytes.toString('utf8');
  if (/json/.test(file.contentType) || /^\s*[[{]/.test(text)) {
    const parsed = JSON.parse(text) as unknown;
    const rows = Array.isArray(parsed) ? parsed : isDict(parsed) && Array.isArray(parsed.rows) ? parsed.rows : undefined;
    if (!rows || !rows.every(isDict)) throw new Error('a JSON import is an array of row objects, or { rows: [...] }');
    return rows;
  }
  const parsed = Papa.parse<Dict>(text, { header: true, skipEmptyLines: true, dynamicTyping: false });
  if (parsed.errors.length) throw new Error(`CSV line ${(parsed.errors[0].row ?? 0) + 2}: ${parsed.errors[0].message}`);
  return parsed.data;
}

/** A CSV cell read into its column's type ('' is null). */
function fromCell(column: ColumnSchema | undefined, cell: unknown): unknown {
  if (typeof cell !== 'string' || !column) return cell;
  if (cell === '') return null;
  switch (column.type) {
    case 'number':
      return Number.isNaN(Number(cell)) ? cell : Number(cell);
    case 'boolean':
      return cell === 'true' ? true : cell === 'false' ? false : cell;
    case 'object':
    case 'array':
      try {
        return JSON.parse(cell);
      } catch {
        return cell;
      }
    default:
      return cell;
  }
}

export const tableHandlers: Record<string, CloudHandler> = {
  listTables: (call) => {
    const tags = call.query.tags as Record<string, string> | undefined;
    const tables = tablesOf(call)
      .filter((t) => !tags || Object.entries(tags).every(([k, v]) => t.table.tags?.[k] === v))
      .map((t) => t.table);
    return { tables };
  },
  getTable: (call) => {
    const record = tableOf(call);
    return { table: record.table, ...counts(record) };
  },
  getOrCreateTable: (call) => {
    const existing = tablesOf(call).find((t) => t.table.id === call.params.table || t.table.name === call.params.table);
    const record = existing ?? newTable(call, call.params.table, call.body);
    return { table: record.table, created: !existing, ...counts(record) };
  },
  createTable: (call) => ({ table: newTable(call, String(call.body.name), call.body).table }),
  updateTable: (call) => {
    const record = tableOf(call);
    const body = call.body;
    const table = record.table;
    if (record.table.frozen && ['name', 'schema', 'keyColumn'].some((k) => k in body))
      refuseFrozen(record, 'changing its name, schema or key column');
    if (typeof body.factor === 'number' && body.factor < (table.factor ?? 1))
      throw new ApiError('InvalidPayload', `factor can only be increased (it is ${table.factor ?? 1})`);
    if (typeof body.name === 'string' && body.name !== table.name) {
      const problem = tableNameProblem(body.name);
      if (problem) throw new ApiError('InvalidPayload', problem);
      if (tablesOf(call).some((t) => t.table.name === body.name))
        throw new ApiError('AlreadyExists', `Table "${body.name}" already exists`);
    }
    const staleColumns: string[] = [];
    let schema = table.schema;
    if (isDict(body.schema)) {
      // Columns given are added or replaced, columns sent as null removed, the others kept.
      const given = (
        isDict(body.schema.properties) && (body.schema.type === 'object' || !('type' in body.schema)) ? body.schema.properties : body.schema
      ) as Dict;
      const next = normalizeColumns(
        Object.fromEntries(
          [
            ...Object.entries(table.schema.properties).map(([name, c]) => [name, name in given ? given[name] : c]),
            ...Object.entries(given),
          ].filter(([, c]) => c !== null),
        ),
      );
      if (next.problems.length) throw new ApiError('InvalidJsonSchema', next.problems.map((p) => p.message).join('; '));
      if (Object.keys(next.columns).length > maxColumns)
        throw new ApiError('LimitExceeded', `A table has at most ${maxColumns} columns, got ${Object.keys(next.columns).length}`);
      for (const [name, column] of Object.entries(next.columns)) {
        const before = table.schema.properties[name];
        if (before && (before.type !== column.type || before.format !== column.format)) staleColumns.push(name);
      }
      const required = Array.isArray(body.schema.required)
        ? (body.schema.required as string[]).filter((r) => r in next.columns)
        : (table.schema.required ?? []).filter((r) => r in next.columns);
      schema = { type: 'object', properties: next.columns, additionalProperties: true, ...(required.length ? { required } : {}) };
    }
    const keyColumn = 'keyColumn' in body ? (body.keyColumn as string | null) : table.keyColumn;
    checkKeyColumn(schema, keyColumn);
    if (keyColumn && keyColumn !== table.keyColumn) {
      const seen = new Set<unknown>();
      for (const row of record.rows) {
        const v = row[keyColumn];
        if (v === undefined || v === null) continue;
        if (seen.has(v))
          throw new ApiError('InvalidPayload', `keyColumn "${keyColumn}" must be unique, and ${JSON.stringify(v)} is in several rows`);
        seen.add(v);
      }
    }
    // Applied only once every check passed.
    const removed = Object.keys(table.schema.properties).filter((c) => !(c in schema.properties));
    for (const row of record.rows) {
      for (const c of [...removed, ...staleColumns]) delete row[c];
    }
    table.schema = schema;
    if (keyColumn) table.keyColumn = keyColumn;
    else delete table.keyColumn;
    if (typeof body.name === 'string') table.name = body.name;
    if (typeof body.factor === 'number') table.factor = body.factor;
    if (typeof body.frozen === 'boolean') table.frozen = body.frozen;
    if (typeof body.isComputeEnabled === 'boolean') table.isComputeEnabled = body.isComputeEnabled;
    if (isDict(body.tags)) {
      const tags = { ...table.tags };
      for (const [k, v] of Object.entries(body.tags)) {
        if (v === null || v === '') delete tags[k];
        else tags[k] = String(v);
      }
      table.tags = tags;
    }
    touch(record);
    return staleColumns.length ? { table, staleColumns } : { table };
  },
  renameTableColumn: (call) => {
    const record = tableOf(call);
    refuseFrozen(record, 'renaming a column');
    const { name, newName } = call.body as { name: string; newName: string };
    const columns = record.table.schema.properties;
    if (!(name in columns)) throw new ApiError('ResourceNotFound', `Column "${name}" doesn't exist in table "${record.table.name}"`);
    if (newName in columns || newName in systemColumns) throw new ApiError('AlreadyExists', `Column "${newName}" already exists`);
    const problem = normalizeColumns({ [newName]: { type: 'string' } }).problems[0];
    if (problem) throw new ApiError('InvalidPayload', problem.message);
    record.table.schema.properties = Object.fromEntries(Object.entries(columns).map(([k, v]) => [k === name ? newName : k, v]));
    record.table.schema.required = record.table.schema.required?.map((r) => (r === name ? newName : r));
    if (!record.table.schema.required) delete record.table.schema.required;
    if (record.table.keyColumn === name) record.table.keyColumn = newName;
    for (const row of record.rows) {
      if (name in row) {
        row[newName] = row[name];
        delete row[name];
      }
    }
    touch(record);
    return { table: record.table };
  },
  deleteTable: (call) => {
    const record = tableOf(call);
    const list = tablesOf(call);
    list.splice(list.indexOf(record), 1);
    return {};
  },
  duplicateTable: (call) => {
    const source = tableOf(call, call.params.sourceTableId);
    const body = call.body as { tableName?: string; schemaOnly?: boolean; factor?: number };
    let name = body.tableName;
    if (!name) {
      const stem = source.table.name.replace(/Table$/, '');
      for (let n = 1; !name || tablesOf(call).some((t) => t.table.name === name); n++) name = `${stem}Copy${n > 1 ? n : ''}Table`;
    }
    const copy = newTable(call, name, {
      schema: structuredClone(source.table.schema),
      factor: body.factor ?? source.table.factor,
      keyColumn: source.table.keyColumn,
      tags: { ...source.table.tags },
      isComputeEnabled: source.table.isComputeEnabled,
    });
    if (!body.schemaOnly) {
      copy.rows = source.rows.map((r) => structuredClone(r));
      copy.nextId = source.nextId;
      const limit = (copy.table.factor ?? 1) * rowBytesPerFactor;
      const tooBig = copy.rows.find((r) => Buffer.byteLength(JSON.stringify(dataOf(copy, r, new Set()))) > limit);
      if (tooBig) {
        tablesOf(call).pop();
        throw new ApiError('LimitExceeded', `Row ${tooBig.id} does not fit the factor ${copy.table.factor} of the copy`);
      }
    }
    return { table: copy.table, rows: copy.rows.length };
  },

  getTableRow: (call) => {
    const record = tableOf(call);
    const id = Number(call.query.id);
    const row = record.rows.find((r) => r.id === id);
    if (!row) throw new ApiError('ResourceNotFound', `Row ${id} doesn't exist in table "${record.table.name}"`);
    return { row: present(record, row) };
  },
  findTableRows: (call) => {
    const record = tableOf(call);
    const body = call.body as {
      limit?: number;
      offset?: number;
      filter?: Dict;
      group?: Record<string, GroupOperation | GroupOperation[]>;
      search?: string;
      select?: string[];
      orderBy?: string;
      orderDirection?: 'asc' | 'desc';
    };
    const limit = body.limit ?? 100;
    const offset = body.offset ?? 0;
    const warnings: string[] = [];
    const kinds = columnKinds(record.table.schema);
    const orderBy = body.orderBy ?? 'id';
    const direction = body.orderDirection ?? 'asc';
    const keep = (r: Row) => r;
    let rows = record.rows.filter(body.filter ? checkedFilter(record, body.filter) : keep);
    if (body.group) {
      const problems = checkGroup(body.group, kinds);
      if (problems.length) throw new ApiError('InvalidQuery', problems.map((p) => `${p.path}: ${p.message}`).join('; '));
      let groups = groupRows(rows, body.group).map((g, i) => ({ id: i + 1, computed: {}, ...g }) as Row);
      if (body.orderBy && body.orderBy !== 'id') groups = sortRows(groups, orderBy, direction);
      else if (direction === 'desc') groups.reverse();
      return { rows: groups.slice(offset, offset + limit), hasMore: offset + limit < groups.length, offset, limit };
    }
    if (!(orderBy.split('.')[0] in kinds) && !(orderBy in systemColumns))
      throw new ApiError('InvalidQuery', `orderBy: unknown column "${orderBy}"`);
    if (body.search) {
      const ranked = searchRows(record, rows, body.search, warnings);
      rows = body.orderBy && body.orderBy !== 'id' ? sortRows(ranked, orderBy, direction) : ranked;
    } else if (orderBy === 'id') {
      rows = direction === 'asc' ? rows : [...rows].reverse(); // stored in id order (ids only grow)
    } else rows = sortRows(rows, orderBy, direction);
    const unknown = (body.select ?? []).filter((p) => !(p.split('.')[0] in kinds) && !(p in systemColumns));
    if (unknown.length) warnings.push(`select: no column ${unknown.map((u) => `"${u}"`).join(', ')}`);
    const page = rows.slice(offset, offset + limit).map((r) => {
      const full = { ...present(record, r), ...('similarity' in r ? { similarity: r.similarity } : {}) } as Row;
      return body.select ? selectPaths(full, body.select, ['id', 'createdAt', 'updatedAt', 'computed', 'stale', 'similarity']) : full;
    });
    return { rows: page, hasMore: offset + limit < rows.length, offset, limit, ...(warnings.length ? { warnings } : {}) };
  },
  createTableRows: (call) => {
    const record = tableOf(call);
    const rows = call.body.rows as Dict[];
    checkBatch(rows);
    const warnings = new Set<string>();
    const items = rows.map((r, index) => ({ index, data: dataOf(record, r, warnings) }));
    refuseRows(items.flatMap((i) => rowProblems(record, i.data, i.index)));
    refuseRows(keyConflicts(record, items), 'InvalidPayload');
    const created = insertRows(record, items);
    return { rows: created.map((r) => present(record, r)), ...(warnings.size ? { warnings: [...warnings] } : {}) };
  },
  updateTableRows: (call) => {
    const record = tableOf(call);
    const rows = call.body.rows as Array<Dict & { id: number }>;
    checkBatch(rows);
    const warnings = new Set<string>();
    const byId = new Map(record.rows.map((r) => [r.id, r]));
    const missing = rows.filter((r) => !byId.has(r.id));
    if (missing.length)
      throw new ApiError('ResourceNotFound', `Rows ${missing.map((r) => r.id).join(', ')} don't exist in table "${record.table.name}"`);
    const items = rows.map((r, index) => {
      const current = byId.get(r.id)!;
      return { index, id: r.id, data: { ...dataOf(record, current, new Set()), ...dataOf(record, r, warnings) } };
    });
    refuseRows(items.flatMap((i) => rowProblems(record, i.data, i.index)));
    refuseRows(keyConflicts(record, items));
    const at = now();
    const updated = items.map((i) => {
      const row = byId.get(i.id)!;
      Object.assign(row, i.data, { updatedAt: at });
      return present(record, row);
    });
    touch(record);
    return { rows: updated, ...(warnings.size ? { warnings: [...warnings] } : {}) };
  },
  upsertTableRows: (call) => {
    const record = tableOf(call);
    const rows = call.body.rows as Dict[];
    checkBatch(rows);
    const key = (call.body.keyColumn as string | undefined) ?? 'id'; // the spec's default, whatever the table's keyColumn
    if (key !== 'id' && !(key in record.table.schema.properties))
      throw new ApiError('InvalidPayload', `keyColumn "${key}" is not a column of the table`);
    const warnings = new Set<string>();
    const index = new Map<unknown, Row>(record.rows.map((r) => [r[key], r]));
    const problems: RowProblem[] = [];
    const plans = rows.map((r, i) => {
      const value = r[key];
      if (key !== 'id' && (value === undefined || value === null))
        problems.push({ index: i, message: `has no value for keyColumn "${key}"` });
      const current = value === undefined ? undefined : index.get(value);
      const data = { ...(current ? dataOf(record, current, new Set()) : {}), ...dataOf(record, r, warnings) };
      problems.push(...rowProblems(record, data, i));
      return { index: i, id: current?.id, data, current };
    });
    refuseRows(problems);
    const keyOf = (p: (typeof plans)[number]) => (key === 'id' ? p.id : p.data[key]);
    const dup = plans.find((p, i) => keyOf(p) !== undefined && plans.findIndex((q) => keyOf(q) === keyOf(p)) !== i);
    if (dup) throw new ApiError('InvalidPayload', `rows[${dup.index}]: ${key} ${JSON.stringify(keyOf(dup))} appears twice in this call`);
    refuseRows(keyConflicts(record, plans));
    const at = now();
    const updated = plans.filter((p) => p.current).map((p) => present(record, Object.assign(p.current!, p.data, { updatedAt: at })));
    const inserted = insertRows(
      record,
      plans.filter((p) => !p.current),
    ).map((r) => present(record, r));
    return { inserted, updated, ...(warnings.size ? { warnings: [...warnings] } : {}) };
  },
  deleteTableRows: (call) => {
    const record = tableOf(call);
    const body = call.body as { ids?: number[]; filter?: Dict; deleteAllRows?: boolean };
    const ways = [body.ids !== undefined, body.filter !== undefined, body.deleteAllRows === true].filter(Boolean).length;
    if (ways !== 1) throw new ApiError('InvalidPayload', 'Give exactly one of ids, filter or deleteAllRows: true');
    let doomed: (row: Row) => boolean;
    if (body.ids) {
      const ids = new Set(body.ids);
      doomed = (r) => ids.has(r.id);
    } else if (body.filter) doomed = checkedFilter(record, body.filter);
    else doomed = () => true;
    const before = record.rows.length;
    record.rows = record.rows.filter((r) => !doomed(r));
    if (record.rows.length !== before) touch(record);
    return { deletedRows: before - record.rows.length };
  },

  exportTable: (call) => {
    const record = tableOf(call);
    const format = (call.query.format as string | undefined) ?? 'csv';
    const compress = call.query.compress !== false && call.query.compress !== 'false';
    const j = job(call, record, 'export', { status: 'in_progress' });
    const columns = Object.keys(record.table.schema.properties);
    const rows = sortRows(record.rows, 'id', 'asc').map((r) => present(record, r));
    let text: string;
    if (format === 'json') text = JSON.stringify({ table: record.table, rows });
    else {
      const cell = (v: unknown) => (v === null || v === undefined ? '' : typeof v === 'object' ? JSON.stringify(v) : v);
      text = Papa.unparse({
        fields: ['id', ...columns, 'createdAt', 'updatedAt'],
        data: rows.map((r) => ['id', ...columns, 'createdAt', 'updatedAt'].map((c) => cell(r[c]))),
      });
    }
    const fileId = call.store.ids.ulid('file', Date.now());
    const raw = Buffer.from(text, 'utf8');
    call.store.tables.files.set(fileId, {
      botId: record.botId,
      name: `${record.table.name}.${format}${compress ? '.gz' : ''}`,
      contentType: compress ? 'application/gzip' : format === 'json' ? 'application/json' : 'text/csv',
      content: compress ? gzipSync(raw) : raw,
    });
    return { job: finish(Object.assign(j, { outputFileId: fileId }), 'completed') };
  },
  importTable: (call) => {
    const record = tableOf(call);
    const fileId = String(call.body.fileId);
    const file = call.store.tables.files.get(fileId);
    if (!file || file.botId !== record.botId) throw new ApiError('ReferenceNotFound', `File "${fileId}" doesn't exist`);
    const j = job(call, record, 'import', { status: 'in_progress', inputFileId: fileId });
    try {
      const raw = importedRows(file);
      const warnings = new Set<string>();
      const items = raw.map((r, index) => {
        const typed = Object.fromEntries(Object.entries(r).map(([k, v]) => [k, fromCell(record.table.schema.properties[k], v)]));
        return { index, data: dataOf(record, typed, warnings) };
      });
      refuseRows([...items.flatMap((i) => rowProblems(record, i.data, i.index)), ...keyConflicts(record, items)]);
      insertRows(record, items);
      return { job: finish(j, 'completed') };
    } catch {
      // The job carries the failure: the official shape has no room for its reason.
      return { job: finish(j, 'failed') };
    }
  },
  getTableJobs: (call) => ({ jobs: [...tableOf(call).jobs].reverse().slice(0, 20) }),
};

/** `GET /files/tables/{fileId}`: the bytes of an export (or an import's input), as a download URL would give them. */
export function tableFile(store: Store, pathname: string): TableFile | undefined {
  const match = /^\/files\/tables\/([^/]+)$/.exec(pathname);
  return match ? store.tables.files.get(decodeURIComponent(match[1])) : undefined;
}

/** Tables operations are runtime operations: they name their bot with `x-bot-id`, and a bot's own token may call them. */
export const isTablesPath = (path: string) => path === '/v1/tables' || path.startsWith('/v1/tables/');
