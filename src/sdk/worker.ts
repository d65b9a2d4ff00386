/**
 * The evaluation worker: a child process (never the extension host) that bundles an SDK definition with
 * the project's own esbuild, runs it as the official CLI does (node, CommonJS, in memory, `_compile`),
 * and turns it into the request body with the project's own `@botpress/sdk`. One per project, kept warm:
 * the SDK, esbuild and TypeScript load once. Started with `--enable-source-maps`, so a thrown error's
 * stack points into the TypeScript source.
 */
import * as fs from 'node:fs';
import Module from 'node:module';
import * as path from 'node:path';
import { Worker as Thread } from 'node:worker_threads';
import type * as TS from 'typescript';
import { watchdogSource } from '../core/processes';
import { buildBody, SchemaError } from './body';
import { locateKeys } from './locate';
import { scanKeys } from './scanKeys';
import { MAX_RESULT_CHARS, type BundleError, type EvaluateRequest, type EvaluateResponse, type Located, type Outcome } from './protocol';

type Output = { outputFiles?: { text: string }[] };
interface Esbuild {
  build(options: Record<string, unknown>): Promise<Output & { rebuild?: (() => Promise<Output>) & { dispose(): void } }>;
  /** esbuild 0.17 and later. */
  context?(options: Record<string, unknown>): Promise<{ rebuild(): Promise<Output>; dispose(): Promise<void> }>;
}
interface Sdk {
  transforms?: { toJSONSchema(s: unknown): Record<string, unknown>; toJSONSchemaLegacy?(s: unknown, o: unknown): Record<string, unknown> };
  z?: { transforms?: Sdk['transforms'] };
}

/** Packages the bundle leaves to node's resolution: the project's SDK, loaded once and shared. */
const EXTERNAL = ['@botpress/sdk', '@botpress/client', '@bpinternal/zui'];

const loaded = new Map<string, unknown>();
function load<T>(name: string, fromDir: string): T | undefined {
  let resolved: string;
  try {
    resolved = require.resolve(name, { paths: [fromDir] });
  } catch {
    return undefined;
  }
  if (!loaded.has(resolved)) loaded.set(resolved, require(resolved));
  return loaded.get(resolved) as T;
}

/**
 * One incremental esbuild build per definition file, kept between edits (esbuild 0.17+ contexts, or
 * 0.16's `incremental` builds): only what changed is parsed again. The unsaved text goes in through a
 * plugin that reads the latest one.
 */
interface Bundler {
  build(text: string | undefined): Promise<Output>;
}
const bundlers = new Map<string, Bundler>();
function bundler(esbuild: Esbuild, file: string, dir: string): Bundler {
  const existing = bundlers.get(file);
  if (existing) return existing;
  const state: { text?: string } = {};
  const options = {
    entryPoints: [file],
    absWorkingDir: dir,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'es2020',
    keepNames: true,
    legalComments: 'none',
    logLevel: 'silent',
    write: false,
    sourcemap: 'inline',
    external: EXTERNAL,
    plugins: [
      {
        name: 'unsaved-definition',
        setup(build: { onLoad(o: { filter: RegExp }, f: () => unknown): void }) {
          build.onLoad({ filter: new RegExp(`^${escape(file)}$`) }, () =>
            state.text === undefined ? undefined : { contents: state.text, loader: 'ts', resolveDir: dir },
          );
        },
      },
    ],
  };
  let rebuild: (() => Promise<Output>) | undefined;
  const b: Bundler = {
    async build(text) {
      state.text = text;
      if (rebuild) return rebuild();
      if (esbuild.context) {
        const ctx = await esbuild.context(options);
        rebuild = () => ctx.rebuild();
        return rebuild();
      }
      const first = await esbuild.build({ ...options, incremental: true });
      if (first.rebuild) rebuild = first.rebuild;
      return first;
    },
  };
  bundlers.set(file, b);
  return b;
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

async function evaluate(req: EvaluateRequest): Promise<EvaluateResponse> {
  const timings: Record<string, number> = {};
  const dir = path.dirname(req.file);
  let t = performance.now();
  const lap = (name: string) => {
    const now = performance.now();
    timings[name] = Math.round((now - t) * 10) / 10;
    t = now;
  };
  const text = req.text ?? fs.readFileSync(req.file, 'utf8');
  const resources: { before?: Map<string, number> } = {};
  const done = (outcome: Outcome, located: Located[] = [], call?: [number, number]): EvaluateResponse => ({
    type: 'result',
    id: req.id,
    outcome,
    located,
    call,
    timings,
    ...(resources.before && leftovers(resources.before).length ? { leftovers: leftovers(resources.before) } : {}),
  });

  const sdk = load<Sdk>('@botpress/sdk', dir);
  const esbuild = load<Esbuild>('esbuild', dir);
  // esbuild bundles in its own process while the definition's syntax is walked here.
  const bundled = esbuild && bundler(esbuild, req.file, dir).build(req.text);
  bundled?.catch(() => undefined);

  let located: Located[] = [];
  let call: [number, number] | undefined;
  const ts = load<typeof TS>('typescript', dir);
  try {
    // Without the project's TypeScript (not yet installed), the lighter scanner places the keys.
    ({ located, call } = ts ? locateKeys(ts, req.file, text) : scanKeys(text));
  } catch {
    // A file the parser cannot walk only loses precise ranges.
  }
  lap('syntax');
  if (!sdk) return done({ status: 'missing', packageName: '@botpress/sdk' }, located, call);
  if (!bundled) return done({ status: 'missing', packageName: 'esbuild' }, located, call);

  let code: string;
  try {
    const result = await bundled;
    code = result.outputFiles?.[0]?.text ?? '';
  } catch (err) {
    const errors = (
      err as { errors?: { text: string; location?: { file: string; line: number; column: number; length: number } | null }[] }
    ).errors;
    const list: BundleError[] = errors?.length
      ? errors.map((e) => ({
          message: e.text,
          ...(e.location
            ? { file: path.resolve(dir, e.location.file), line: e.location.line, column: e.location.column, length: e.location.length }
            : {}),
        }))
      : [{ message: err instanceof Error ? err.message : String(err) }];
    return done({ status: 'bundle', errors: list }, located, call);
  }
  lap('bundle');

  let definition: Record<string, unknown>;
  // The time limit starts here: running the project's code is what can loop forever.
  process.send?.({ type: 'evaluating', id: req.id });
  resources.before = activeResources();
  try {
    const m = new Module(req.file);
    m.filename = req.file;
    m.paths = (Module as unknown as { _nodeModulePaths(d: string): string[] })._nodeModulePaths(dir);
    (m as unknown as { _compile(code: string, file: string): void })._compile(code, req.file);
    const exported = (m.exports as { default?: unknown }).default;
    if (!exported || typeof exported !== 'object') {
      return done(
        {
          status: 'invalid',
          message:
            `${path.basename(req.file)} must export a ${kindClass(req.kind)} as its default export ` +
            `(export default new ${kindClass(req.kind)}({ … })).`,
        },
        located,
        call,
      );
    }
    definition = exported as Record<string, unknown>;
  } catch (err) {
    return done(thrown(err, req.file), located, call);
  }
  lap('evaluate');

  const transforms = sdk.transforms ?? sdk.z?.transforms;
  if (!transforms)
    return done(
      { status: 'invalid', message: 'This version of @botpress/sdk has no JSON Schema transform (sdk.transforms.toJSONSchema).' },
      located,
      call,
    );
  try {
    const { body, extras } = buildBody(req.kind, definition, (schema, legacy) =>
      legacy && transforms.toJSONSchemaLegacy
        ? transforms.toJSONSchemaLegacy(schema, { target: 'jsonSchema7' })
        : transforms.toJSONSchema(schema),
    );
    lap('body');
    // Chained `.addIntegration(…)` calls name integrations by alias once evaluated.
    for (const [kind, bodyKey] of [
      ['addIntegration', 'integrations'],
      ['addPlugin', 'plugins'],
    ]) {
      const aliases = Object.keys((definition[bodyKey] as object | undefined) ?? {});
      for (const l of located) {
        const m = /^#(\w+)\.(\d+)$/.exec(l[0]);
        if (m && m[1] === kind && aliases[Number(m[2])]) l[0] = `${bodyKey}.${aliases[Number(m[2])]}`;
      }
    }
    return done({ status: 'ok', body, extras }, located, call);
  } catch (err) {
    const outcome = thrown(err, req.file);
    if (err instanceof SchemaError && outcome.status === 'threw') outcome.path = err.path;
    return done(outcome, located, call);
  }
}

const kindClass = (kind: string) => `${kind[0].toUpperCase()}${kind.slice(1)}Definition`;

/** A thrown value: its message, and the first stack frame in the definition file itself. */
function thrown(err: unknown, file: string): Outcome & { status: 'threw' } {
  const message = err instanceof Error ? err.message : String(err);
  const stack = err instanceof Error ? (err.stack ?? '') : '';
  const frame = new RegExp(`${escape(file)}:(\\d+):(\\d+)`).exec(stack);
  return {
    status: 'threw',
    message: message || String(err),
    ...(frame ? { at: { line: Number(frame[1]), column: Number(frame[2]) } } : {}),
  };
}

/** What keeps the event loop alive now, by kind (timers, sockets, file requests…), counted. */
function activeResources(): Map<string, number> {
  const counts = new Map<string, number>();
  for (const kind of process.getActiveResourcesInfo()) counts.set(kind, (counts.get(kind) ?? 0) + 1);
  return counts;
}

/** What the definition left running (a timer, a socket…): the parent then gives the next evaluation a fresh process. */
function leftovers(before: Map<string, number>): string[] {
  return [...activeResources()].filter(([kind, n]) => n > (before.get(kind) ?? 0)).map(([kind]) => kind);
}

/** The response as sent: one too large to carry (descriptions of megabytes) becomes a problem instead. */
function bounded(res: EvaluateResponse): EvaluateResponse {
  const size = JSON.stringify(res).length;
  if (size <= MAX_RESULT_CHARS) return res;
  const mb = (n: number) => `${Math.round((n / 1048576) * 10) / 10} MB`;
  return {
    ...res,
    outcome: {
      status: 'invalid',
      message:
        `The definition evaluates to ${mb(size)} of JSON, more than the ${mb(MAX_RESULT_CHARS)} the toolkit accepts ` +
        '(huge descriptions or schemas?).',
    },
    located: [],
  };
}

// A thread of its own watches the parent and the process's memory: a definition looping on the main thread cannot stop it.
new Thread(watchdogSource, {
  eval: true,
  execArgv: [],
  workerData: { ppid: process.ppid, residentLimitBytes: Number(process.argv[3]) || 0, intervalMs: 100 },
}).unref();

// Load what every evaluation needs while the editor is still typing: the first one is then warm too.
const root = process.argv[2];
if (root) for (const name of ['typescript', '@botpress/sdk', 'esbuild']) load(name, root);
process.send?.({ type: 'ready' });

process.on('message', (req: EvaluateRequest) => {
  if (req?.type !== 'evaluate') return;
  // At once: a process still busy with what an earlier definition left behind would not say it.
  process.send?.({ type: 'received', id: req.id });
  evaluate(req).then(
    (res) => process.send?.(bounded(res)),
    (err) =>
      process.send?.({ type: 'result', id: req.id, outcome: thrown(err, req.file), located: [], timings: {} } satisfies EvaluateResponse),
  );
});
// A definition's stray timers or rejections must not end the worker.
process.on('unhandledRejection', () => {});
process.on('uncaughtException', () => {});
process.on('disconnect', () => process.exit(0));
