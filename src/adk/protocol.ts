/** Messages between the ADK evaluator (parent) and its worker process (`worker.ts`), over node's IPC channel. */
import type { PrimitiveKind } from './project';

export type Range = [start: number, end: number];

export interface AdkRequest {
  type: 'evaluate';
  id: number;
  root: string;
}

import type { BundleError } from '../sdk/protocol';
export type { BundleError };

/** A primitive as the runtime defines it: `getDefinition()` of an export of a file of a primitive folder. */
export interface EvaluatedPrimitive {
  kind: PrimitiveKind;
  /** Its name; a conversation's channel(s), joined by `,`. */
  name: string;
  file: string;
  /** The export it is (`default`, or a named export). */
  exportName: string;
  /** Its `getDefinition()`, as JSON. */
  definition: Record<string, unknown>;
  /** What the runtime's own definition check (`Definitions.isValidDefinition`) says of it. */
  invalid?: boolean;
  /** Index among the primitive objects of this evaluation: the same object exported by two files has one. */
  identity: number;
  /** Table columns: searchable and computed ones; knowledge sources; trigger events. */
  details?: {
    searchable?: string[];
    computed?: string[];
    sources?: { id: string; type: string; directoryPath?: string; url?: string }[];
  };
}

export interface EvaluatedConfig {
  name?: string;
  description?: string;
  defaultModels?: unknown;
  /** JSON Schemas the runtime's zod makes: `bot.state`, `user.state`, `configuration`, `events.<name>`. */
  schemas: Record<string, Record<string, unknown>>;
  /** Tags by owner (`bot`, `user`, `conversation`, `message`, `workflow`): name → title/description. */
  tags: Record<string, Record<string, { title?: string; description?: string }>>;
  /** Integration dependencies by alias. */
  integrations: Record<string, { version?: string; enabled?: boolean }>;
}

/** A file whose evaluation threw (a primitive's constructor, say). */
export interface FileFailure {
  file: string;
  message: string;
}

export type AdkOutcome =
  | { status: 'ok'; config?: EvaluatedConfig; primitives: EvaluatedPrimitive[]; failures: FileFailure[]; runtimeVersion?: string }
  | { status: 'missing'; packageName: string; message: string }
  | { status: 'bundle'; errors: BundleError[] };

export interface AdkResponse {
  type: 'result';
  id: number;
  outcome: AdkOutcome;
  /** Milliseconds per step: vendor (the runtime's bundle, once), bundle, import. */
  timings: Record<string, number>;
  leftovers?: string[];
}

/** The largest response accepted, as JSON characters. */
export const MAX_ADK_RESULT_CHARS = 16 * 1024 * 1024;

const isDict = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isString = (v: unknown) => typeof v === 'string';

/** A message from the worker, checked (the agent's code runs there): why it is refused, or undefined. */
export function refuseAdkMessage(m: unknown, size: () => number): string | undefined {
  if (!isDict(m)) return 'not an object';
  if (m.type === 'ready') return undefined;
  if (m.type === 'received' || m.type === 'evaluating') return typeof m.id === 'number' ? undefined : `a "${m.type}" without a numeric id`;
  if (m.type !== 'result') return `an unknown message type (${JSON.stringify(m.type)?.slice(0, 40)})`;
  if (typeof m.id !== 'number') return 'a result without a numeric id';
  const o = m.outcome;
  if (!isDict(o)) return 'a result without an outcome';
  if (o.status === 'ok') {
    if (!Array.isArray(o.primitives) || !o.primitives.every((p) => isDict(p) && isString(p.kind) && isString(p.name) && isString(p.file)))
      return 'a result whose primitives are malformed';
    if (!Array.isArray(o.failures) || !o.failures.every((f) => isDict(f) && isString(f.file) && isString(f.message)))
      return 'a result whose failures are malformed';
    if (o.config !== undefined && !isDict(o.config)) return 'a result whose config is malformed';
  } else if (o.status === 'bundle') {
    if (!Array.isArray(o.errors) || !o.errors.every((e) => isDict(e) && isString(e.message))) return 'a result whose errors are malformed';
  } else if (o.status !== 'missing' || !isString(o.packageName)) return 'a result without a valid outcome';
  if (!isDict(m.timings)) return 'a result without timings';
  if (m.leftovers !== undefined && !(Array.isArray(m.leftovers) && m.leftovers.every(isString)))
    return 'a result whose leftovers are malformed';
  const chars = size();
  if (chars > MAX_ADK_RESULT_CHARS) return `a result of ${Math.round(chars / 1048576)} MB`;
  return undefined;
}
