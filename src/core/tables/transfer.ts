// Rows in and out of files: CSV (papaparse) and JSON, mapped to a table's columns. An import is read whole
// first, every cell converted to its column's type, and each row's problems listed before anything is sent.
import Papa from 'papaparse';
import { valueProblem, type ColumnSchema } from './columns';
import { systemColumns } from './query';

type Dict = Record<string, unknown>;
export type TransferFormat = 'csv' | 'json';

/** The CSV header of an export: id, the columns in order, then the dates. */
export const exportFields = (columns: readonly string[]) => ['id', ...columns, 'createdAt', 'updatedAt'];

const cell = (v: unknown) =>
  v === null || v === undefined ? '' : typeof v === 'object' ? JSON.stringify(v) : (v as string | number | boolean);

/** A page of rows as CSV lines (the header only when asked), each ending with a newline. */
export function csvChunk(rows: readonly Dict[], fields: readonly string[], header: boolean): string {
  const text = Papa.unparse({ fields: [...fields], data: rows.map((r) => fields.map((f) => cell(r[f]))) }, { header, newline: '\n' });
  return text ? `${text}\n` : '';
}

/** A page of rows as the lines of a JSON array: `[` before the first, `,` between, `]` written by `jsonEnd`. */
export function jsonChunk(rows: readonly Dict[], first: boolean): string {
  return rows.map((r, i) => `${first && i === 0 ? '[\n' : ',\n'}  ${JSON.stringify(r)}`).join('');
}
export const jsonEnd = (wroteAny: boolean) => (wroteAny ? '\n]\n' : '[]\n');

export interface ImportRow {
  /** 1-based, as the file numbers records (a CSV's first data line is 1). */
  line: number;
  data: Dict;
  problems: string[];
  /** The record as read, for a file of the failed rows. */
  source: Dict;
}

export interface ImportPlan {
  /** Headers (or JSON keys) matched to a column, by the column's name. */
  mapped: Record<string, string>;
  /** Headers that match no column (their values are not sent). */
  ignored: string[];
  /** Required columns no header provides. */
  missing: string[];
  rows: ImportRow[];
}

/** Reads a CSV (header row) or JSON (array of objects, or `{ rows }`) file and maps it to the columns. */
export function planImport(
  text: string,
  format: TransferFormat,
  columns: Readonly<Record<string, ColumnSchema>>,
  required: readonly string[] = [],
): ImportPlan {
  let records: Dict[];
  if (format === 'json') {
    const parsed = JSON.parse(text) as unknown;
    const list = Array.isArray(parsed) ? parsed : (parsed as Dict | null)?.rows;
    if (!Array.isArray(list) || !list.every((r) => typeof r === 'object' && r !== null && !Array.isArray(r)))
      throw new Error('A JSON import is an array of row objects, or { "rows": [...] }');
    records = list as Dict[];
  } else {
    const parsed = Papa.parse<Dict>(text.replace(/^\uFEFF/, ''), { header: true, skipEmptyLines: 'greedy' });
    const fatal = parsed.errors.find((e) => e.type !== 'FieldMismatch');
    if (fatal) throw new Error(`CSV line ${(fatal.row ?? 0) + 2}: ${fatal.message}`);
    records = parsed.data;
  }
  const headers = [...new Set(records.flatMap((r) => Object.keys(r)))];
  const byLower = new Map(Object.keys(columns).map((c) => [c.toLowerCase(), c]));
  const mapped: Record<string, string> = {};
  const ignored: string[] = [];
  for (const h of headers) {
    const column = columns[h] ? h : byLower.get(h.trim().toLowerCase());
    if (column) mapped[h] = column;
    else if (!(h in systemColumns)) ignored.push(h);
  }
  const provided = new Set(Object.values(mapped));
  const missing = required.filter((r) => !provided.has(r));
  const rows = records.map((source, i) => {
    const data: Dict = {};
    const problems: string[] = [];
    for (const [header, column] of Object.entries(mapped)) {
      if (!(header in source)) continue;
      const converted = convertCell(columns[column], source[header], format === 'csv');
      if (converted.problem) problems.push(`${column}: ${converted.problem}`);
      else data[column] = converted.value;
    }
    for (const r of required) {
      if ((data[r] === undefined || data[r] === null) && !problems.some((p) => p.startsWith(`${r}:`)))
        problems.push(`${r}: required, and empty`);
    }
    if (format === 'json' && typeof source.id === 'number') data.id = source.id;
    if (format === 'csv' && typeof source.id === 'string' && /^\d+$/.test(source.id)) data.id = Number(source.id);
    return { line: i + 1, data, problems, source };
  });
  return { mapped, ignored, missing, rows };
}

/** A value for a column: CSV cells are text, so they are read into the column's type; JSON values are checked. */
export function convertCell(column: ColumnSchema, raw: unknown, fromText: boolean): { value?: unknown; problem?: string } {
  if (raw === undefined || raw === null || (fromText && raw === '')) {
    return column.nullable === false ? { problem: 'empty, and the column is not nullable' } : { value: null };
  }
  let value = raw;
  if (fromText && typeof raw === 'string') {
    const text = raw.trim();
    switch (column.type) {
      case 'number':
        value = text === '' || Number.isNaN(Number(text)) ? raw : Number(text);
        break;
      case 'boolean':
        value = /^(true|yes|1)$/i.test(text) ? true : /^(false|no|0)$/i.test(text) ? false : raw;
        break;
      case 'object':
      case 'array':
        try {
          value = JSON.parse(text);
        } catch {
          return { problem: `"${short(raw)}" is not JSON` };
        }
        break;
      default:
    }
  }
  const problem = valueProblem(column, value);
  return problem ? { problem } : { value };
}

const short = (s: string) => (s.length > 40 ? `${s.slice(0, 37)}…` : s);
