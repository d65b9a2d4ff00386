// A table's columns as the Tables API keeps them: the shapes a schema may be given in (a JSON Schema of an
// object, as the SDK's toJSONSchema writes it, or a plain object of columns), normalised into the `Table`
// schema of the official spec (type, format, description, pattern, enum, items, nullable, properties, x-zui).
import type { ColumnKind } from './query';

export const maxColumns = 20;
export const rowBytesPerFactor = 4096;
export const maxRowsPerCall = 1000;
export const columnTypes = ['string', 'number', 'boolean', 'object', 'array', 'null'] as const;
export type ColumnType = (typeof columnTypes)[number];

export interface ColumnZui {
  index: number;
  id?: string;
  searchable?: boolean;
  hidden?: boolean;
  order?: number;
  width?: number;
  schemaId?: string;
  computed?: Record<string, unknown> & { action: 'ai' | 'code' | 'workflow' };
  typings?: string;
}

export interface ColumnSchema {
  type: ColumnType;
  format?: 'date-time';
  description?: string;
  pattern?: string;
  enum?: string[];
  items?: { type: ColumnType; [key: string]: unknown };
  nullable?: boolean;
  properties?: Record<string, { type: ColumnType; [key: string]: unknown }>;
  'x-zui': ColumnZui;
}

export interface TableSchema {
  $schema?: string;
  type: 'object';
  properties: Record<string, ColumnSchema>;
  additionalProperties: true;
  required?: string[];
}

type Dict = Record<string, unknown>;
const isObject = (v: unknown): v is Dict => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Column names as the Tables API accepts them: 1–30 characters, a letter or underscore first, then letters, digits, underscores. */
export const columnNamePattern = /^[A-Za-z_][A-Za-z0-9_]{0,29}$/;

export interface SchemaProblem {
  /** The column concerned (absent: the schema as a whole). */
  column?: string;
  message: string;
}

/** The columns of a schema given to createTable / updateTable / getOrCreateTable, before normalising. */
export function inputColumns(input: unknown): Dict | undefined {
  if (!isObject(input)) return undefined;
  if (input.type === 'object' || isObject(input.properties)) return isObject(input.properties) ? input.properties : {};
  return input;
}

const zuiKeys = ['id', 'searchable', 'hidden', 'order', 'width', 'schemaId', 'computed', 'typings'] as const;

/** One column, normalised; a problem instead where the type is not one a table can hold. */
export function normalizeColumn(name: string, raw: unknown, index: number): ColumnSchema | SchemaProblem {
  if (!columnNamePattern.test(name))
    return { column: name, message: `Column name "${name}" must be 1–30 letters, digits or underscores, not starting with a digit` };
  if (!isObject(raw)) return { column: name, message: `Column "${name}" must be described by a JSON Schema object` };
  let schema: Dict = raw;
  let nullable = schema.nullable === undefined ? undefined : schema.nullable === true;
  // `{ anyOf: [X, { type: 'null' }] }` and `{ type: [X, 'null'] }` are how JSON Schema spells a nullable X.
  const union = (schema.anyOf ?? schema.oneOf) as unknown;
  if (Array.isArray(union)) {
    const others = union.filter((s) => !(isObject(s) && s.type === 'null'));
    if (others.length !== 1 || !isObject(others[0])) return { column: name, message: `Column "${name}" must have a single type` };
    nullable = others.length < union.length || nullable;
    schema = { ...others[0], ...(schema.description ? { description: schema.description } : {}), 'x-zui': schema['x-zui'] };
  }
  let type = schema.type;
  if (Array.isArray(type)) {
    const others = type.filter((t) => t !== 'null');
    if (others.length !== 1) return { column: name, message: `Column "${name}" must have a single type` };
    nullable = others.length < type.length || nullable;
    type = others[0];
  }
  if (type === 'integer') type = 'number';
  if (!(columnTypes as readonly unknown[]).includes(type))
    return { column: name, message: `Column "${name}" has type ${JSON.stringify(type)}; a column is one of ${columnTypes.join(', ')}` };
  const zuiIn = isObject(schema['x-zui']) ? schema['x-zui'] : {};
  const zui: ColumnZui = { index };
  for (const key of zuiKeys) if (zuiIn[key] !== undefined) (zui as unknown as Dict)[key] = zuiIn[key];
  if (typeof schema.searchable === 'boolean') zui.searchable = schema.searchable;
  const out: ColumnSchema = { type: type as ColumnType, 'x-zui': zui };
  if (schema.format === 'date-time') out.format = 'date-time';
  if (typeof schema.description === 'string') out.description = schema.description;
  if (typeof schema.pattern === 'string') {
    try {
      new RegExp(schema.pattern, 'u');
    } catch (e) {
      return { column: name, message: `Column "${name}" has an invalid pattern: ${(e as Error).message}` };
    }
    out.pattern = schema.pattern;
  }
  if (Array.isArray(schema.enum)) {
    if (schema.enum.some((v) => typeof v !== 'string')) return { column: name, message: `Column "${name}": enum values must be strings` };
    out.enum = schema.enum as string[];
  }
  if (type === 'array') {
    const items = isObject(schema.items) ? schema.items : { type: 'string' };
    if (!(columnTypes as readonly unknown[]).includes(items.type))
      return { column: name, message: `Column "${name}": items must have a type among ${columnTypes.join(', ')}` };
    out.items = items as ColumnSchema['items'];
  }
  if (type === 'object' && isObject(schema.properties)) {
    const props = Object.entries(schema.properties);
    const untyped = props.find(([, p]) => !isObject(p) || !(columnTypes as readonly unknown[]).includes(p.type));
    if (untyped)
      return { column: name, message: `Column "${name}": property "${untyped[0]}" must have a type among ${columnTypes.join(', ')}` };
    out.properties = schema.properties as ColumnSchema['properties'];
  }
  out.nullable = nullable ?? true;
  return out;
}

/** Columns of a schema, normalised and numbered in order, or the problems that refuse it. */
export function normalizeColumns(
  input: unknown,
  firstIndex = 0,
): { columns: Record<string, ColumnSchema>; required: string[]; problems: SchemaProblem[] } {
  const raw = inputColumns(input);
  if (!raw)
    return { columns: {}, required: [], problems: [{ message: 'The schema must be an object of columns or a JSON Schema of an object' }] };
  const columns: Record<string, ColumnSchema> = {};
  const problems: SchemaProblem[] = [];
  let index = firstIndex;
  for (const [name, column] of Object.entries(raw)) {
    if (column === null) continue; // a removal, for updateTable
    const result = normalizeColumn(name, column, index++);
    if ('type' in result) columns[name] = result;
    else problems.push(result);
  }
  const required =
    isObject(input) && Array.isArray(input.required)
      ? (input.required as unknown[]).filter((r): r is string => typeof r === 'string' && r in columns)
      : [];
  return { columns, required, problems };
}

/** The kind the query grammar gives each column. */
export function columnKinds(schema: { properties: Record<string, { type: string; format?: string }> }): Record<string, ColumnKind> {
  return Object.fromEntries(
    Object.entries(schema.properties).map(([name, c]) => [name, (c.format === 'date-time' ? 'date' : c.type) as ColumnKind]),
  );
}

/** A JSON Schema (draft-07, for ajv) a row's data must satisfy: each column's type, nullable unless required. */
export function rowSchema(schema: TableSchema): Dict {
  const required = new Set(schema.required ?? []);
  const properties = Object.fromEntries(
    Object.entries(schema.properties).map(([name, c]) => {
      const { 'x-zui': _zui, nullable, ...rest } = c;
      const typed: Dict = { ...rest };
      if (c.type === 'object' && c.properties) typed.properties = c.properties;
      return [name, nullable !== false && !required.has(name) ? { anyOf: [typed, { type: 'null' }] } : typed];
    }),
  );
  return { type: 'object', properties, required: [...required] };
}

/** The column order a table shows (x-zui order, else index). */
export function orderedColumns(schema: { properties: Record<string, ColumnSchema> }): string[] {
  const rank = (c: ColumnSchema) => c['x-zui']?.order ?? c['x-zui']?.index ?? 0;
  return Object.keys(schema.properties).sort((a, b) => rank(schema.properties[a]) - rank(schema.properties[b]));
}

/** Table names as Botpress documents them: a letter, `_` or `$` first, then letters, digits, `_`; ≤ 35; ending in `Table`; no UUID. */
export function tableNameProblem(name: string): string | undefined {
  if (/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(name)) return `Table name "${name}" cannot be a UUID`;
  if (!/^[A-Za-z_$][A-Za-z0-9_]*$/.test(name))
    return `Table name "${name}" must start with a letter, "_" or "$" and hold only letters, digits and "_"`;
  if (name.length > 35) return `Table name "${name}" is ${name.length} characters; at most 35`;
  if (!name.endsWith('Table')) return `Table name "${name}" must end with "Table"`;
  return undefined;
}

/** Why a value does not fit a column (type, enum, pattern, date-time), or undefined. */
export function valueProblem(column: ColumnSchema, value: unknown): string | undefined {
  if (value === null) return column.nullable === false ? 'must not be empty' : undefined;
  const is =
    column.type === 'array'
      ? Array.isArray(value)
      : column.type === 'object'
        ? typeof value === 'object' && value !== null && !Array.isArray(value)
        : column.type === 'number'
          ? typeof value === 'number' && Number.isFinite(value)
          : typeof value === column.type;
  if (!is)
    return `"${short(typeof value === 'string' ? value : JSON.stringify(value))}" is not ${/^[aeiou]/.test(column.type) ? 'an' : 'a'} ${column.type}`;
  if (typeof value === 'string') {
    if (column.enum && !column.enum.includes(value)) return `"${short(value)}" is not one of ${column.enum.join(', ')}`;
    if (column.format === 'date-time' && (!/^\d{4}-\d{2}-\d{2}T/.test(value) || Number.isNaN(Date.parse(value))))
      return `"${short(value)}" is not a date-time (ISO 8601, e.g. 2026-01-05T09:00:00Z)`;
    if (column.pattern && !new RegExp(column.pattern, 'u').test(value)) return `"${short(value)}" does not match ${column.pattern}`;
  }
  return undefined;
}

const short = (s: string) => (s.length > 40 ? `${s.slice(0, 37)}…` : s);
