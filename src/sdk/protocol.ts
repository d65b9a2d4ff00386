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
  /** Where the definition's keys are, from the file's syntax (empty when the project has no `typescript`). */
  located: Located[];
  /** The `new BotDefinition(` (or Integration/Plugin/Interface) expression, if found. */
  call?: Range;
  /** Milliseconds spent: bundle, evaluation, body, syntax. */
  timings: Record<string, number>;
}
