/** Messages between the evaluator (parent) and its worker process (`worker.ts`), over node's IPC channel. */
import type { SdkProjectKind } from './project';

export type Range = [start: number, end: number];

/** A body path (keys joined by `.`, as `states.cart.schema`) and where its key is written in the definition. */
export type Located = [path: string, start: number, end: number];

export interface EvaluateRequest {
  type: 'evaluate';
  id: number;
  file: string;
  kind: SdkProjectKind;
  /** The editor's unsaved text of `file`; absent: read from disk. */
  text?: string;
}

export interface BundleError {
  file?: string;
  line?: number;
  column?: number;
  length?: number;
  message: string;
}

/** What the definition declares beside the body: needed at deploy, not sent as they are. */
export interface DefinitionExtras {
  /** Integration secrets: name → whether optional, and the description. */
  secrets?: Record<string, { optional: boolean; description?: string }>;
  /** Integrations a bot installs (`addIntegration`), by alias: the package's name and version. */
  integrations?: Record<string, { name: string; version: string; id?: string }>;
  /** Plugins a bot installs (`addPlugin`), by alias. */
  plugins?: Record<string, { name: string; version: string }>;
  /** Interfaces an integration implements, by alias. */
  interfaces?: Record<
    string,
    { name: string; version: string; id?: string; entities?: unknown; actions?: unknown; events?: unknown; channels?: unknown }
  >;
  sdkVersion?: string;
  /** A bot's `tables`, each schema as JSON Schema: synced after the bot deploys (core/deploy/tables.ts). */
  tables?: Record<string, Record<string, unknown> & { schema: Record<string, unknown> }>;
  /** `__advanced.esbuild` of an integration: options `bp bundle` passes to esbuild. */
  esbuild?: Record<string, unknown>;
}

export type Outcome =
  | { status: 'ok'; body: Record<string, unknown>; extras: DefinitionExtras }
  | { status: 'missing'; packageName: string }
  | { status: 'bundle'; errors: BundleError[] }
  | { status: 'threw'; message: string; at?: { line: number; column: number }; path?: string }
  | { status: 'invalid'; message: string };

export interface EvaluateResponse {
  type: 'result';
  id: number;
  outcome: Outcome;
  /** Where the definition's keys are, from the file's syntax (the project's `typescript`, else `scanKeys`). */
  located: Located[];
  /** The `new BotDefinition(` (or Integration/Plugin/Interface) expression, if found. */
  call?: Range;
  /** Milliseconds spent: bundle, evaluation, body, syntax. */
  timings: Record<string, number>;
  /** What the definition left running (kinds of `process.getActiveResourcesInfo()`): its process is not reused. */
  leftovers?: string[];
}

/** What the worker may send. */
export type WorkerMessage = EvaluateResponse | { type: 'ready' } | { type: 'received' | 'evaluating'; id: number };

/** The largest response accepted, as JSON characters: a definition is a few hundred kilobytes at most. */
export const MAX_RESULT_CHARS = 8 * 1024 * 1024;

const isDict = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isRange = (v: unknown) => Array.isArray(v) && v.length === 2 && v.every((n) => Number.isFinite(n));
const optional = (v: unknown, check: (v: unknown) => boolean) => v === undefined || check(v);
const isString = (v: unknown) => typeof v === 'string';
const isNumber = (v: unknown) => typeof v === 'number' && Number.isFinite(v);

function validOutcome(o: unknown): boolean {
  if (!isDict(o)) return false;
  switch (o.status) {
    case 'ok':
      return isDict(o.body) && isDict(o.extras);
    case 'missing':
      return isString(o.packageName);
    case 'bundle':
      return (
        Array.isArray(o.errors) &&
        o.errors.every(
          (e) =>
            isDict(e) &&
            isString(e.message) &&
            optional(e.file, isString) &&
            optional(e.line, isNumber) &&
            optional(e.column, isNumber) &&
            optional(e.length, isNumber),
        )
      );
    case 'threw':
      return (
        isString(o.message) && optional(o.path, isString) && optional(o.at, (at) => isDict(at) && isNumber(at.line) && isNumber(at.column))
      );
    case 'invalid':
      return isString(o.message);
    default:
      return false;
  }
}

/**
 * A message from the worker, checked: the definition runs in that process and can call `process.send`
 * itself, so nothing is trusted for its shape. Returns why a message is refused, or undefined.
 */
export function refuseWorkerMessage(m: unknown, size: () => number): string | undefined {
  if (!isDict(m)) return 'not an object';
  if (m.type === 'ready') return undefined;
  if (m.type === 'received' || m.type === 'evaluating') return isNumber(m.id) ? undefined : `a "${m.type}" without a numeric id`;
  if (m.type !== 'result') return `an unknown message type (${JSON.stringify(m.type)?.slice(0, 40)})`;
  if (!isNumber(m.id)) return 'a result without a numeric id';
  if (!validOutcome(m.outcome)) return 'a result without a valid outcome';
  if (!Array.isArray(m.located) || !m.located.every((l) => Array.isArray(l) && isString(l[0]) && isRange(l.slice(1))))
    return 'a result whose key locations are malformed';
  if (!optional(m.call, isRange)) return 'a result whose call range is malformed';
  if (!isDict(m.timings) || !Object.values(m.timings).every(isNumber)) return 'a result whose timings are malformed';
  if (!optional(m.leftovers, (l) => Array.isArray(l) && l.every(isString))) return 'a result whose leftovers are malformed';
  const chars = size();
  if (chars > MAX_RESULT_CHARS) return `a result of ${Math.round(chars / 1048576)} MB (at most ${MAX_RESULT_CHARS / 1048576} MB)`;
  return undefined;
}
