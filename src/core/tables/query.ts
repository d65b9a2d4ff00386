// The Tables API's query grammar (findTableRows / deleteTableRows `filter`, findTableRows `group`, `select`,
// `orderBy`): checked against a table's columns, and evaluated over rows. Pure: the emulator answers with it
// and the table editor checks a query with it before sending. Operators as botpress/botpress
// packages/sdk/src/bot/client/types.ts types them, plus `$regex`/`$options` from the docs. Regular expressions are
// compiled by the caller's engine (the emulator: RE2, linear time; the editor: a syntax check), so the grammar
// pulls no regex engine into a webview.

/** What a column holds, as the query grammar sees it (`date` is a string column of format date-time). */
export type ColumnKind = 'string' | 'number' | 'boolean' | 'object' | 'array' | 'date' | 'null';

export type Row = Record<string, unknown> & { id: number; createdAt?: string; updatedAt?: string };

/** The columns every row has besides its data. */
export const systemColumns: Readonly<Record<string, ColumnKind>> = { id: 'number', createdAt: 'date', updatedAt: 'date' };

export const comparisonOperators = [
  '$eq',
  '$ne',
  '$gt',
  '$gte',
  '$lt',
  '$lte',
  '$in',
  '$nin',
  '$exists',
  '$mod',
  '$size',
  '$regex',
  '$options',
] as const;
export const logicalOperators = ['$and', '$or', '$not'] as const;
export const groupOperations = ['key', 'count', 'sum', 'avg', 'min', 'max'] as const;
export type GroupOperation = (typeof groupOperations)[number];

/** Which column kinds an operator applies to (absent: every kind). */
const operatorKinds: Partial<Record<string, readonly ColumnKind[]>> = {
  $gt: ['number', 'date', 'string'],
  $gte: ['number', 'date', 'string'],
  $lt: ['number', 'date', 'string'],
  $lte: ['number', 'date', 'string'],
  $mod: ['number'],
  $size: ['array'],
  $regex: ['string', 'date'],
  $options: ['string', 'date'],
};

/** The operators a column of this kind accepts (for completions and the builder). */
export function operatorsFor(kind: ColumnKind | undefined): string[] {
  return comparisonOperators.filter((op) => !kind || !operatorKinds[op] || operatorKinds[op]!.includes(kind));
}

/** Which aggregates fit a column kind (`sum`/`avg` need numbers). */
export function groupOperationsFor(kind: ColumnKind | undefined): GroupOperation[] {
  return groupOperations.filter((op) => (op !== 'sum' && op !== 'avg') || !kind || kind === 'number');
}

export interface QueryProblem {
  /** Where, as a JSON path into the query (`filter.$and[1].price.$gt`). */
  path: string;
  message: string;
}

type Dict = Record<string, unknown>;
const isObject = (v: unknown): v is Dict => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The kind of a column path (`attributes.price`: an object column's inside is not typed, so undefined). */
function kindOf(columns: Readonly<Record<string, ColumnKind>>, path: string): ColumnKind | undefined | false {
  const [head, ...rest] = path.split('.');
  const kind = columns[head] ?? systemColumns[head];
  if (!kind) return false;
  if (rest.length === 0) return kind;
  return kind === 'object' || kind === 'array' ? undefined : false;
}

function fitsKind(kind: ColumnKind | undefined, value: unknown): boolean {
  if (value === null || kind === undefined) return true;
  switch (kind) {
    case 'number':
      return typeof value === 'number' && Number.isFinite(value);
    case 'boolean':
      return typeof value === 'boolean';
    case 'string':
      return typeof value === 'string';
    case 'date':
      return typeof value === 'string' && !Number.isNaN(Date.parse(value));
    case 'object':
      return isObject(value);
    case 'array':
      return Array.isArray(value);
    default:
      return true;
  }
}

const describe = (v: unknown) => (v === null ? 'null' : Array.isArray(v) ? 'an array' : typeof v === 'object' ? 'an object' : typeof v);

/** Every problem of a filter against a table's columns: unknown column or operator, operator unfit for the type, malformed value. */
export function checkFilter(
  filter: unknown,
  columns: Readonly<Record<string, ColumnKind>>,
  regex: RegexCompiler = jsRegex,
  path = 'filter',
): QueryProblem[] {
  const problems: QueryProblem[] = [];
  if (!isObject(filter)) return [{ path, message: `A filter is an object, not ${describe(filter)}` }];
  for (const [key, value] of Object.entries(filter)) {
    const at = `${path}.${key}`;
    if (key === '$and' || key === '$or') {
      if (!Array.isArray(value) || value.length === 0) problems.push({ path: at, message: `${key} takes a non-empty array of filters` });
      else value.forEach((f, i) => problems.push(...checkFilter(f, columns, regex, `${at}[${i}]`)));
    } else if (key === '$not') {
      problems.push(...checkFilter(value, columns, regex, at));
    } else if (key.startsWith('$')) {
      problems.push({ path: at, message: `Unknown logical operator "${key}" (expected one of ${logicalOperators.join(', ')})` });
    } else {
      const kind = kindOf(columns, key);
      if (kind === false) {
        const known = [...Object.keys(columns), ...Object.keys(systemColumns)];
        problems.push({ path: at, message: `Unknown column "${key}" (columns: ${known.join(', ')})` });
        continue;
      }
      problems.push(...checkCondition(value, kind, at, key, regex));
    }
  }
  return problems;
}

function checkCondition(
  condition: unknown,
  kind: ColumnKind | undefined,
  at: string,
  column: string,
  regex: RegexCompiler,
): QueryProblem[] {
  // A bare value means $eq.
  if (!isObject(condition) || !Object.keys(condition).some((k) => k.startsWith('$'))) {
    return fitsKind(kind, condition)
      ? []
      : [{ path: at, message: `"${column}" is a ${kind} column; ${describe(condition)} never equals it` }];
  }
  const problems: QueryProblem[] = [];
  for (const [op, value] of Object.entries(condition)) {
    const where = `${at}.${op}`;
    if (!(comparisonOperators as readonly string[]).includes(op)) {
      problems.push({ path: where, message: `Unknown operator "${op}" (expected one of ${comparisonOperators.join(', ')})` });
      continue;
    }
    if (kind && operatorKinds[op] && !operatorKinds[op]!.includes(kind)) {
      problems.push({
        path: where,
        message: `${op} does not apply to "${column}", a ${kind} column (it applies to ${operatorKinds[op]!.join(', ')})`,
      });
      continue;
    }
    const bad = (message: string) => problems.push({ path: where, message });
    switch (op) {
      case '$in':
      case '$nin':
        if (!Array.isArray(value) || value.length === 0) bad(`${op} takes a non-empty array of values`);
        else if (value.some((v) => !fitsKind(kind, v))) bad(`${op} values must be ${kind} values like "${column}"`);
        break;
      case '$exists':
        if (typeof value !== 'boolean') bad('$exists takes true or false');
        break;
      case '$mod':
        if (!Array.isArray(value) || value.length !== 2 || value.some((v) => typeof v !== 'number') || value[0] === 0)
          bad('$mod takes [divisor, remainder], two numbers, the divisor not 0');
        break;
      case '$size':
        if (!Number.isInteger(value) || (value as number) < 0) bad('$size takes a whole number ≥ 0');
        break;
      case '$regex':
        if (typeof value !== 'string') bad('$regex takes a string');
        else {
          const error = regexError(regex, value, typeof condition.$options === 'string' ? condition.$options : '');
          if (error) bad(`$regex is not a valid expression: ${error}`);
        }
        break;
      case '$options':
        if (typeof value !== 'string' || !/^[imsx]*$/.test(value)) bad('$options takes flags among i, m, s, x');
        else if (!('$regex' in condition)) bad('$options goes with $regex');
        break;
      default:
        if (!fitsKind(kind, value)) bad(`"${column}" is a ${kind} column; ${op} needs a ${kind} value, got ${describe(value)}`);
    }
  }
  return problems;
}

/** Problems of a `group` against the columns: unknown column, unknown operation, sum/avg on a non-number. */
export function checkGroup(group: unknown, columns: Readonly<Record<string, ColumnKind>>): QueryProblem[] {
  if (!isObject(group)) return [{ path: 'group', message: `group is an object, not ${describe(group)}` }];
  const problems: QueryProblem[] = [];
  for (const [column, ops] of Object.entries(group)) {
    const at = `group.${column}`;
    const kind = kindOf(columns, column);
    if (kind === false) {
      problems.push({ path: at, message: `Unknown column "${column}"` });
      continue;
    }
    for (const op of Array.isArray(ops) ? ops : [ops]) {
      if (!(groupOperations as readonly unknown[]).includes(op))
        problems.push({ path: at, message: `Unknown aggregate ${JSON.stringify(op)} (expected one of ${groupOperations.join(', ')})` });
      else if (!groupOperationsFor(kind).includes(op as GroupOperation))
        problems.push({ path: at, message: `${String(op)} needs a number column; "${column}" is a ${kind} column` });
    }
  }
  return problems;
}

/** Compiles `$regex` with its `$options` into a test, or throws with what is wrong. */
export type RegexCompiler = (pattern: string, options: string) => { test(s: string): boolean };

/** `x` (extended) options: whitespace and # comments are not part of the expression. */
export const extendedSource = (pattern: string, options: string) =>
  options.includes('x')
    ? pattern
        .replace(/\\#/g, '\u0000')
        .replace(/#.*$/gm, '')
        .replace(/\s+/g, '')
        .replace(/\u0000/g, '\\#')
    : pattern;

/** JavaScript's engine: enough to check the syntax of most expressions (RE2 refuses back-references and lookarounds too). */
export const jsRegex: RegexCompiler = (pattern, options) => new RegExp(extendedSource(pattern, options), options.replace(/x/g, '') + 'u');

function regexError(regex: RegexCompiler, pattern: string, options: string): string | undefined {
  try {
    regex(pattern, options);
    return undefined;
  } catch (e) {
    return (e as Error).message;
  }
}

/** The value at a dot path (`attributes.price`). */
export function valueAt(row: unknown, path: string): unknown {
  let value: unknown = row;
  for (const key of path.split('.')) {
    if (!isObject(value)) return undefined;
    value = value[key];
  }
  return value;
}

const isoLike = /^\d{4}-\d{2}-\d{2}T/;

/** A total order over the values rows hold: null/undefined first, then numbers, strings (dates by instant), booleans. */
export function compareValues(a: unknown, b: unknown): number {
  if (a === b) return 0;
  if (a === undefined || a === null) return b === undefined || b === null ? 0 : -1;
  if (b === undefined || b === null) return 1;
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  if (typeof a === 'string' && typeof b === 'string') {
    if (isoLike.test(a) && isoLike.test(b)) {
      const d = Date.parse(a) - Date.parse(b);
      if (!Number.isNaN(d)) return d;
    }
    return a < b ? -1 : a > b ? 1 : 0;
  }
  if (typeof a === 'boolean' && typeof b === 'boolean') return Number(a) - Number(b);
  const rank = (v: unknown) => ['number', 'string', 'boolean', 'object'].indexOf(typeof v);
  if (rank(a) !== rank(b)) return rank(a) - rank(b);
  return JSON.stringify(a) < JSON.stringify(b) ? -1 : 1;
}

const equal = (a: unknown, b: unknown) =>
  (a ?? null) === (b ?? null) ||
  (typeof a === 'object' && a !== null && compareValues(a, b) === 0 && JSON.stringify(a) === JSON.stringify(b));

export type RowPredicate = (row: Row) => boolean;

/** Compiles a filter (checked beforehand) into a predicate; regular expressions are compiled once (RE2: linear time). */
export function compileFilter(filter: unknown, regex: RegexCompiler = jsRegex): RowPredicate {
  if (!isObject(filter) || Object.keys(filter).length === 0) return () => true;
  const parts: RowPredicate[] = Object.entries(filter).map(([key, value]) => {
    if (key === '$and') {
      const all = (value as unknown[]).map((f) => compileFilter(f, regex));
      return (row) => all.every((p) => p(row));
    }
    if (key === '$or') {
      const any = (value as unknown[]).map((f) => compileFilter(f, regex));
      return (row) => any.some((p) => p(row));
    }
    if (key === '$not') {
      const inner = compileFilter(value, regex);
      return (row) => !inner(row);
    }
    const test = compileCondition(value, regex);
    return (row) => test(valueAt(row, key));
  });
  return (row) => parts.every((p) => p(row));
}

function compileCondition(condition: unknown, regex: RegexCompiler): (value: unknown) => boolean {
  if (!isObject(condition) || !Object.keys(condition).some((k) => k.startsWith('$'))) return (v) => equal(v, condition);
  const tests: Array<(v: unknown) => boolean> = [];
  for (const [op, arg] of Object.entries(condition)) {
    const present = (v: unknown) => v !== undefined && v !== null;
    switch (op) {
      case '$eq':
        tests.push((v) => equal(v, arg));
        break;
      case '$ne':
        tests.push((v) => !equal(v, arg));
        break;
      case '$gt':
        tests.push((v) => present(v) && compareValues(v, arg) > 0);
        break;
      case '$gte':
        tests.push((v) => present(v) && compareValues(v, arg) >= 0);
        break;
      case '$lt':
        tests.push((v) => present(v) && compareValues(v, arg) < 0);
        break;
      case '$lte':
        tests.push((v) => present(v) && compareValues(v, arg) <= 0);
        break;
      case '$in':
        tests.push((v) => (arg as unknown[]).some((a) => equal(v, a) || (Array.isArray(v) && v.some((x) => equal(x, a)))));
        break;
      case '$nin':
        tests.push((v) => !(arg as unknown[]).some((a) => equal(v, a) || (Array.isArray(v) && v.some((x) => equal(x, a)))));
        break;
      case '$exists':
        tests.push((v) => present(v) === arg);
        break;
      case '$mod': {
        const [divisor, remainder] = arg as [number, number];
        tests.push((v) => typeof v === 'number' && Math.trunc(v) % divisor === remainder);
        break;
      }
      case '$size':
        tests.push((v) => Array.isArray(v) && v.length === arg);
        break;
      case '$regex': {
        const re = regex(String(arg), typeof condition.$options === 'string' ? condition.$options : '');
        tests.push((v) => typeof v === 'string' && re.test(v));
        break;
      }
      default: // $options: read with $regex
    }
  }
  return (v) => tests.every((t) => t(v));
}

/** Rows sorted by a column (or system column), ties broken by id. */
export function sortRows<T extends Row>(rows: T[], orderBy: string, direction: 'asc' | 'desc'): T[] {
  const sign = direction === 'desc' ? -1 : 1;
  return [...rows].sort((a, b) => sign * (compareValues(valueAt(a, orderBy), valueAt(b, orderBy)) || a.id - b.id));
}

/** A row with only the system columns and the selected (dot) paths. */
export function selectPaths(row: Row, paths: readonly string[], keep: readonly string[]): Row {
  const out: Dict = {};
  for (const key of keep) if (key in row) out[key] = row[key];
  for (const path of paths) {
    const value = valueAt(row, path);
    if (value === undefined) continue;
    const keys = path.split('.');
    let target = out;
    for (const key of keys.slice(0, -1)) target = (target[key] = isObject(target[key]) ? target[key] : {}) as Dict;
    target[keys[keys.length - 1]] = value;
  }
  return out as Row;
}

/**
 * Groups rows by every column marked `key`, and aggregates the others; each result is named column + Op
 * (`statusKey`, `totalSum`, `idCount`). `count` counts non-null values; `avg`, `sum`, `min`, `max` skip nulls.
 */
export function groupRows(rows: readonly Row[], group: Readonly<Record<string, GroupOperation | GroupOperation[]>>): Dict[] {
  const specs = Object.entries(group).flatMap(([column, ops]) => (Array.isArray(ops) ? ops : [ops]).map((op) => ({ column, op })));
  const keys = specs.filter((s) => s.op === 'key').map((s) => s.column);
  const buckets = new Map<string, Row[]>();
  for (const row of rows) {
    const id = JSON.stringify(keys.map((k) => valueAt(row, k) ?? null));
    let bucket = buckets.get(id);
    if (!bucket) buckets.set(id, (bucket = []));
    bucket.push(row);
  }
  const name = (column: string, op: string) =>
    `${column.replace(/\.(\w)/g, (_, c: string) => c.toUpperCase())}${op[0].toUpperCase()}${op.slice(1)}`;
  return [...buckets.values()].map((bucket) => {
    const out: Dict = {};
    for (const { column, op } of specs) {
      const values = bucket.map((r) => valueAt(r, column)).filter((v) => v !== undefined && v !== null);
      const numbers = values.filter((v): v is number => typeof v === 'number');
      let result: unknown;
      switch (op) {
        case 'key':
          result = valueAt(bucket[0], column) ?? null;
          break;
        case 'count':
          result = values.length;
          break;
        case 'sum':
          result = numbers.reduce((s, n) => s + n, 0);
          break;
        case 'avg':
          result = numbers.length ? numbers.reduce((s, n) => s + n, 0) / numbers.length : null;
          break;
        case 'min':
          result = values.length ? values.reduce((m, v) => (compareValues(v, m) < 0 ? v : m)) : null;
          break;
        case 'max':
          result = values.length ? values.reduce((m, v) => (compareValues(v, m) > 0 ? v : m)) : null;
          break;
      }
      out[name(column, op)] = result;
    }
    return out;
  });
}
