// Generates src/generated/api.ts from the official spec: a TypeScript type for every component schema and
// for each operation's input (path, query and header parameters merged with the body, as the official
// client takes them) and output; a table describing how to send each operation; the official error
// types with their status codes; and `Operations`, a base class with one method per operation.

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;
const REF = '#/components/schemas/';

const pascal = (name) => name[0].toUpperCase() + name.slice(1);
const key = (name) => (IDENTIFIER.test(name) ? name : JSON.stringify(name));
const doc = (text, pad) =>
  text
    ? `${pad}/** ${String(text)
        .replace(/\*\//g, '*\\/')
        .replace(/\s*\n\s*/g, ' ')} */\n`
    : '';

/** The TypeScript type of a JSON Schema (the subset the spec uses: no unions, so no anyOf/oneOf/allOf). */
function toType(schema, depth = 0) {
  if (!schema || typeof schema !== 'object') return 'unknown';
  const nullable = schema.nullable ? ' | null' : '';
  if (schema.$ref) {
    if (!schema.$ref.startsWith(REF)) throw new Error(`unsupported $ref ${schema.$ref}`);
    return schema.$ref.slice(REF.length) + nullable;
  }
  if (schema.enum) return schema.enum.map((v) => JSON.stringify(v)).join(' | ') + nullable;
  switch (schema.type) {
    case 'string':
      return 'string' + nullable;
    case 'number':
    case 'integer':
      return 'number' + nullable;
    case 'boolean':
      return 'boolean' + nullable;
    case 'null':
      return 'null';
    case 'array': {
      const item = toType(schema.items, depth);
      return (/^[\w.]+$/.test(item) ? `${item}[]` : `Array<${item}>`) + nullable;
    }
    case 'object':
    case undefined:
      if (schema.type === undefined && !schema.properties && schema.additionalProperties === undefined) return 'unknown';
      return objectType(schema, depth) + nullable;
    default:
      throw new Error(`unsupported schema type ${JSON.stringify(schema.type)}`);
  }
}

function objectType(schema, depth) {
  const pad = '  '.repeat(depth + 1);
  const required = new Set(schema.required ?? []);
  const lines = Object.entries(schema.properties ?? {}).map(
    ([name, prop]) => `${doc(prop.description, pad)}${pad}${key(name)}${required.has(name) ? '' : '?'}: ${toType(prop, depth + 1)};\n`,
  );
  const extra = schema.additionalProperties;
  if (extra === true || (extra && typeof extra === 'object')) {
    // Declared properties must fit the index signature, so it widens to unknown when both exist.
    const value = extra === true || lines.length ? 'unknown' : toType(extra, depth + 1);
    lines.push(`${pad}[key: string]: ${value};\n`);
  }
  return lines.length ? `{\n${lines.join('')}${'  '.repeat(depth)}}` : 'Record<string, never>';
}

/** A parameter of the spec as a JSON Schema. */
function parameterSchema(p) {
  if (p.type === 'object') return { ...p.schema, description: p.description };
  if (p.type === 'string[]') return { type: 'array', items: { type: 'string' }, description: p.description };
  return { type: p.type, enum: p.enum, description: p.description };
}

/** The merged input of an operation as one object schema: parameters first, then the body's fields. */
function inputSchema(op) {
  const params = Object.entries(op.parameters ?? {});
  const body = op.requestBody?.schema ?? {};
  return {
    type: 'object',
    properties: { ...Object.fromEntries(params.map(([n, p]) => [n, parameterSchema(p)])), ...body.properties },
    required: [...params.filter(([, p]) => p.in === 'path' || p.required).map(([n]) => n), ...(body.required ?? [])],
  };
}

/** How an operation is sent: the part of the spec a client needs at run time. */
function describe(op) {
  const params = Object.entries(op.parameters ?? {});
  const names = (where) => params.filter(([, p]) => p.in === where).map(([n]) => n);
  const response = op.response?.schema?.properties ?? {};
  const info = {
    method: op.method.toUpperCase(),
    path: op.path,
    pathParams: names('path'),
    queryParams: names('query'),
    headerParams: names('header'),
    bodyParams: op.requestBody ? Object.keys(op.requestBody.schema.properties ?? {}) : null,
  };
  if (op.disableDefaultParameters?.['x-workspace-id']) info.withoutWorkspace = true;
  if (op.parameters?.nextToken) {
    const items = Object.keys(response).find((k) => response[k].type === 'array');
    info.list = { items, tokenAt: response.meta ? 'meta' : 'root' };
  }
  return info;
}

module.exports = ({ write, spec }) => {
  const ops = Object.values(spec.operations).sort((a, b) => a.name.localeCompare(b.name));
  const out = [];
  out.push("import type { CallOptions } from '../api/http';\n");

  out.push('\n// ---- Components\n');
  for (const [name, { schema }] of Object.entries(spec.schemas)) {
    out.push(`\n${doc(schema.description, '')}export type ${name} = ${toType(schema)};\n`);
  }

  out.push('\n// ---- Operations: inputs and outputs\n');
  for (const op of ops) {
    const T = pascal(op.name);
    out.push(`\n/** Input of \`${op.name}\` (${op.method.toUpperCase()} ${op.path}). */\n`);
    out.push(`export type ${T}Input = ${toType(inputSchema(op))};\n`);
    out.push(`/** Output of \`${op.name}\`. */\nexport type ${T}Output = ${toType(op.response?.schema)};\n`);
  }

  out.push('\n/** Every operation of the spec with its input and output types. */\nexport interface OperationTypes {\n');
  for (const op of ops) out.push(`  ${op.name}: { input: ${pascal(op.name)}Input; output: ${pascal(op.name)}Output };\n`);
  out.push('}\nexport type OperationName = keyof OperationTypes;\n');

  const lists = ops.filter((op) => describe(op).list);
  out.push('\n/** The operations that return pages, with the type of one item. */\nexport interface ListItemTypes {\n');
  for (const op of lists) out.push(`  ${op.name}: ${pascal(op.name)}Output[${JSON.stringify(describe(op).list.items)}][number];\n`);
  out.push('}\nexport type ListOperationName = keyof ListItemTypes;\n');

  out.push(`
/** How to send one operation. */
export interface OperationInfo {
  readonly method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  readonly path: string;
  readonly pathParams: readonly string[];
  readonly queryParams: readonly string[];
  readonly headerParams: readonly string[];
  /** The body's fields, or null when the operation sends no body. */
  readonly bodyParams: readonly string[] | null;
  /** Set on the few admin operations that take no \`x-workspace-id\` (account, hub, workspaces). */
  readonly withoutWorkspace?: true;
  /** Set on paged operations: the array holding the items, and where \`nextToken\` comes back. */
  readonly list?: { readonly items: string; readonly tokenAt: 'meta' | 'root' };
}

export const operations: { readonly [K in OperationName]: OperationInfo } = {
`);
  for (const op of ops) out.push(`  ${op.name}: ${JSON.stringify(describe(op))},\n`);
  out.push('};\n');

  out.push('\n/** The official error types, with their HTTP status and description. */\nexport const errorTypes = {\n');
  for (const e of spec.errors) out.push(`  ${e.type}: { status: ${e.status}, description: ${JSON.stringify(e.description)} },\n`);
  out.push('} as const;\nexport type ErrorType = keyof typeof errorTypes;\n');

  out.push(`
/** One method per operation, named as the official operation; a client supplies \`call\`. */
export abstract class Operations {
`);
  out.push(
    "  protected abstract call<K extends OperationName>(name: K, input: OperationTypes[K]['input'], options?: CallOptions): " +
      "Promise<OperationTypes[K]['output']>;\n",
  );
  for (const op of ops) {
    const T = pascal(op.name);
    const optional = inputSchema(op).required.length === 0;
    out.push(
      `${doc(op.description, '  ')}  ${op.name}(input: ${T}Input${optional ? ' = {}' : ''}, ` +
        `options?: CallOptions): Promise<${T}Output> {\n` +
        `    return this.call('${op.name}', input, options);\n  }\n`,
    );
  }
  out.push('}\n');

  write('api.ts', out.join(''));
};
