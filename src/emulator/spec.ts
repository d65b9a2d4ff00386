// The official Botpress spec (@botpress/api) turned into what the emulator needs: a route table, request
// and response validators (ajv), the official error shape, and a filler that completes an object with
// the defaults its schema requires. Nothing here is copied from the spec: it is all read from it.
import Ajv, { type ValidateFunction } from 'ajv';
import { randomBytes } from 'node:crypto';
import { specJson } from '../generated/spec';
import { withNewerFields } from './newer-fields';

// The package has no type declarations; this is the part of its shape the emulator reads.
export interface JsonSchema {
  type?: string;
  properties?: Record<string, JsonSchema>;
  additionalProperties?: boolean | JsonSchema;
  items?: JsonSchema;
  required?: string[];
  enum?: unknown[];
  nullable?: boolean;
  minLength?: number;
  maxLength?: number;
  format?: string;
  default?: unknown;
  $ref?: string;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
  [key: string]: unknown;
}
interface SpecParameter {
  in: 'path' | 'query' | 'header';
  type: string;
  required?: boolean;
  enum?: string[];
  schema?: JsonSchema;
}
export interface SpecOperation {
  name: string;
  method: string;
  path: string;
  section: string;
  parameters?: Record<string, SpecParameter>;
  requestBody?: { schema: JsonSchema };
  response: { status?: number; schema: JsonSchema };
}
interface SpecError {
  status: number;
  type: string;
  description: string;
}
const spec: {
  operations: Record<string, SpecOperation>;
  schemas: Record<string, { schema: JsonSchema }>;
  errors: SpecError[];
} = withNewerFields(JSON.parse(specJson));

export const operations = spec.operations;

/** One of the official error types, thrown by handlers and sent as `{id, code, type, message}`. */
export class ApiError extends Error {
  readonly status: number;
  constructor(
    readonly type: string,
    message: string,
  ) {
    super(message);
    const known = spec.errors.find((e) => e.type === type);
    if (!known) throw new Error(`not an official error type: ${type}`);
    this.status = known.status;
  }
  body(): { id: string; code: number; type: string; message: string } {
    const stamp = new Date()
      .toISOString()
      .replace(/[-:TZ]/g, '')
      .split('.')[0];
    return {
      id: `err_${stamp}x${randomBytes(10).toString('hex').toUpperCase()}`,
      code: this.status,
      type: this.type,
      message: this.message,
    };
  }
}

/** ajv refuses `nullable` without `type` (the spec's `metadata` values: anything, null included): such a schema already allows null. */
function typelessNullable<T>(schema: T): T {
  if (Array.isArray(schema)) return schema.map(typelessNullable) as T;
  if (!schema || typeof schema !== 'object') return schema;
  const out = Object.fromEntries(Object.entries(schema).map(([k, v]) => [k, typelessNullable(v)]));
  if (out.nullable === true && out.type === undefined && out.$ref === undefined) delete out.nullable;
  return out as T;
}

const components = Object.fromEntries(Object.entries(spec.schemas).map(([name, s]) => [name, typelessNullable(s.schema)]));

/** Resolves a `#/components/schemas/X` reference to its schema. */
export function resolve(schema: JsonSchema): JsonSchema {
  if (!schema.$ref) return schema;
  const name = schema.$ref.replace('#/components/schemas/', '');
  const target = components[name];
  if (!target) throw new Error(`unknown schema reference ${schema.$ref}`);
  return resolve(target);
}

function createAjv(): Ajv {
  // `nullable` (OpenAPI) is understood by ajv; `strict: false` lets the spec's annotations through.
  const ajv = new Ajv({ strict: false, allErrors: false, coerceTypes: false });
  const dateTime = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;
  ajv.addFormat('date-time', (s: string) => dateTime.test(s) && !Number.isNaN(Date.parse(s)));
  ajv.addFormat('date', /^\d{4}-\d{2}-\d{2}$/);
  ajv.addFormat('uri', (s: string) => URL.canParse(s));
  ajv.addFormat('uuid', /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i);
  ajv.addFormat('email', /^[^\s@]+@[^\s@]+\.[^\s@]+$/);
  return ajv;
}

/** Query parameters as qs (`allowDots`, repeated arrays) sends them, typed by the spec's parameter types. */
function queryParamSchema(p: SpecParameter): JsonSchema {
  if (p.schema) return p.schema;
  switch (p.type) {
    case 'string[]':
      return { type: 'array', items: { type: 'string' } };
    case 'number':
    case 'integer':
    case 'boolean':
      return { type: p.type };
    default:
      return p.enum ? { type: 'string', enum: p.enum } : { type: 'string' };
  }
}

type Route = { name: string; method: string; pattern: RegExp; literals: number };

/** Every operation of the spec, the most literal paths first (`/conversations/get-or-create` before `/conversations/{id}`). */
export function routeTable(): Route[] {
  return Object.values(operations)
    .map((op) => ({
      name: op.name,
      method: op.method.toUpperCase(),
      pattern: new RegExp('^' + op.path.replace(/\{\w+\}/g, '([^/]+)') + '$'),
      literals: op.path.split('/').filter((s) => s && !s.startsWith('{')).length,
    }))
    .sort((a, b) => b.literals - a.literals);
}

/** The operation a request names, with its path parameter values in path order. */
export function findRoute(routes: Route[], method: string, path: string): [string, string[]] | undefined {
  for (const r of routes) {
    if (r.method !== method) continue;
    const m = r.pattern.exec(path);
    if (m) return [r.name, m.slice(1)];
  }
  return undefined;
}

export interface CompiledOperation {
  op: SpecOperation;
  pathParams: string[];
  validateParams: ValidateFunction;
  validateQuery: ValidateFunction;
  validateBody?: ValidateFunction;
  validateResponse: ValidateFunction;
}

/** Compiles the validators of an operation on first use (ajv compiles are not free; most routes go unused). */
export class SpecValidators {
  private readonly ajv = createAjv();
  private readonly cache = new Map<string, CompiledOperation>();

  compiled(name: string): CompiledOperation {
    let c = this.cache.get(name);
    if (!c) {
      c = this.compile(spec.operations[name]);
      this.cache.set(name, c);
    }
    return c;
  }

  private withComponents(schema: JsonSchema): ValidateFunction {
    return this.ajv.compile({ ...typelessNullable(schema), components: { schemas: components } });
  }

  private compile(op: SpecOperation): CompiledOperation {
    const params = Object.entries(op.parameters ?? {});
    const pathParams = [...op.path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]);
    const query = params.filter(([, p]) => p.in === 'query');
    return {
      op,
      pathParams,
      validateParams: this.ajv.compile({
        type: 'object',
        properties: Object.fromEntries(
          pathParams.map((k) => [k, { type: 'string', minLength: 1, ...(op.parameters![k].enum ? { enum: op.parameters![k].enum } : {}) }]),
        ),
      }),
      validateQuery: this.ajv.compile({
        type: 'object',
        properties: Object.fromEntries(query.map(([k, p]) => [k, queryParamSchema(p)])),
        required: query.filter(([, p]) => p.required).map(([k]) => k),
      }),
      validateBody: op.requestBody ? this.withComponents(op.requestBody.schema) : undefined,
      validateResponse: this.withComponents(op.response.schema),
    };
  }

  /** Types a parsed query string by the operation's parameter types, so it can be validated. */
  typedQuery(op: SpecOperation, raw: Record<string, unknown>): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (const [k, p] of Object.entries(op.parameters ?? {})) {
      if (p.in !== 'query' || raw[k] === undefined) continue;
      const v = raw[k];
      // Some parameters carry their type in `schema` (`type: 'object'`): getTableRow's `id`, exportTable's `compress`.
      const type = p.type === 'object' && typeof p.schema?.type === 'string' ? p.schema.type : p.type;
      if (type === 'string[]' || type === 'array') out[k] = Array.isArray(v) ? v : [v];
      else if ((type === 'number' || type === 'integer') && typeof v === 'string' && v.trim() !== '' && !Number.isNaN(Number(v)))
        out[k] = Number(v);
      else if (type === 'boolean' && (v === 'true' || v === 'false')) out[k] = v === 'true';
      else out[k] = v;
    }
    return out;
  }
}

/** ajv errors as one readable sentence. */
export function describeErrors(validate: ValidateFunction, where: string): string {
  return (validate.errors ?? [])
    .map((e) => {
      const property = e.params && 'additionalProperty' in e.params ? ` (${String(e.params.additionalProperty)})` : '';
      return `${where}${e.instancePath || ''} ${e.message ?? 'is invalid'}${property}`;
    })
    .join('; ');
}

/**
 * Completes `value` with what its schema requires and it lacks: the first enum value, empty strings,
 * objects and arrays, zero, false, null where nullable, the current time for dates. The emulator builds
 * its resources from a few meaningful fields and lets the spec decide the rest.
 */
export function complete<T>(schema: JsonSchema, value: unknown, now: string): T {
  return fill(resolve(schema), value, now) as T;
}

function fill(schema: JsonSchema, value: unknown, now: string): unknown {
  schema = resolve(schema);
  if (Array.isArray(value)) return schema.items ? value.map((v) => fill(schema.items!, v, now)) : value;
  if (value !== null && typeof value === 'object') {
    const props = schema.properties ?? {};
    const rest = typeof schema.additionalProperties === 'object' ? schema.additionalProperties : undefined;
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      const sub = props[k] ?? rest;
      out[k] = sub && v !== null ? fill(sub, v, now) : v;
    }
    for (const key of schema.required ?? []) {
      if (!(key in out)) out[key] = fill(props[key] ?? {}, undefined, now);
    }
    return out;
  }
  if (value !== undefined) return value;
  if (schema.nullable) return null;
  if (schema.default !== undefined) return structuredClone(schema.default);
  if (schema.enum) return schema.enum[0];
  const variant = schema.anyOf?.[0] ?? schema.oneOf?.[0];
  if (variant) return fill(variant, undefined, now);
  switch (schema.type) {
    case 'object':
      return fill(schema, {}, now);
    case 'array':
      return [];
    case 'number':
    case 'integer':
      return 0;
    case 'boolean':
      return false;
    case 'string':
      return schema.format === 'date-time' ? now : '';
    default:
      return {};
  }
}

/** Keeps only the properties a (list item) schema declares. */
export function project<T>(schema: JsonSchema, value: object): T {
  const props = resolve(schema).properties ?? {};
  return Object.fromEntries(Object.entries(value).filter(([k]) => k in props)) as T;
}
