// What every emulated list and update shares: offset paging with an opaque `nextToken`, projection onto a
// list's item schema, and the official partial-update rule (a key sent as null is removed).
import { ApiError, operations, project, type JsonSchema } from './spec';

type Dict = Record<string, unknown>;
const pageSize = 20;

/** Offset paging with an opaque `nextToken`, as `meta` carries it. */
export function page<T>(items: T[], query: Dict): { items: T[]; meta: { nextToken?: string } } {
  const offset = query.nextToken === undefined ? 0 : decodeToken(String(query.nextToken));
  const limit = typeof query.limit === 'number' && query.limit > 0 ? Math.min(query.limit, 100) : pageSize;
  const slice = items.slice(offset, offset + limit);
  const next = offset + limit < items.length ? encodeToken(offset + limit) : undefined;
  return { items: slice, meta: next ? { nextToken: next } : {} };
}
const encodeToken = (n: number) => Buffer.from(JSON.stringify({ o: n })).toString('base64url');
function decodeToken(token: string): number {
  try {
    const o = JSON.parse(Buffer.from(token, 'base64url').toString()).o;
    if (Number.isInteger(o) && o >= 0) return o;
  } catch {
    // reported below
  }
  throw new ApiError('InvalidPayload', `nextToken "${token}" is not a token this API issued`);
}

/** The item schema of a list operation's array property, to project full resources onto it. */
const itemSchema = (op: string, key: string) => operations[op].response.schema.properties![key].items as JsonSchema;
export const listOf = <T extends object>(op: string, key: string, all: T[], query: Dict) => {
  const { items, meta } = page(all, query);
  return { [key]: items.map((i) => project(itemSchema(op, key), i)), meta };
};

/** Applies a partial update the way the official API does: a key sent as null is removed. */
export function patch(target: Dict, changes: Dict): void {
  for (const [key, value] of Object.entries(changes)) {
    if (value === null || value === undefined) delete target[key];
    else target[key] = value;
  }
}
/** Same, for an object of named definitions (`states`, `events`, tags…). */
export const patchRecord = (target: unknown, changes: unknown) => {
  const out = { ...(target as Dict) };
  patch(out, changes as Dict);
  return out;
};

export function notFound(what: string, id: string): never {
  throw new ApiError('ResourceNotFound', `${what} "${id}" doesn't exist`);
}
