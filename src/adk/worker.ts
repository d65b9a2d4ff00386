/**
 * The ADK evaluation worker: a child process (never the extension host) that bundles an agent with esbuild
 * and imports it, to read what the project's own `@botpress/runtime` makes of each primitive. One per
 * project, kept warm:
 *   - the runtime itself is bundled once (ESM, its dependencies resolvable: its nested `node_modules`, `llmz`
 *     included) into a file of its own, imported once per process;
 *   - the agent (agent.config.ts and each file of src/conversations, workflows, actions, tables, knowledge,
 *     triggers) is one incremental esbuild build whose entry imports each file on its own (`import()`, code
 *     splitting), the runtime left external to that file: a file that throws (a primitive's constructor)
 *     fails alone, and chunks are named by their content's hash, so a rebuild after a save re-imports only
 *     what changed.
 */
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { getHeapStatistics } from 'node:v8';
import { Worker as Thread } from 'node:worker_threads';
import { watchdogSource } from '../core/processes';
import { installArgs, packageManagerOf } from './install';
import { AGENT_CONFIG, findRuntime, primitiveFiles, primitiveFolders, type PrimitiveKind } from './project';
import type { AdkOutcome, AdkRequest, AdkResponse, BundleError, EvaluatedConfig, EvaluatedPrimitive, FileFailure } from './protocol';

interface OutputFile {
  path: string;
  contents: Uint8Array;
}
interface BuildResult {
  outputFiles?: OutputFile[];
  metafile?: { outputs: Record<string, { entryPoint?: string }> };
}
interface Incremental {
  rebuild(): Promise<BuildResult>;
  dispose(): Promise<void>;
}
/** esbuild ≥ 0.17 (`context()`) or older (`build({ incremental: true })`, the ^0.16 `@botpress/sdk` asks for). */
interface Esbuild {
  version: string;
  build(options: Record<string, unknown>): Promise<BuildResult & { rebuild?: (() => Promise<BuildResult>) & { dispose(): void } }>;
  context?(options: Record<string, unknown>): Promise<Incremental>;
}

const KINDS = new Set<string>(Object.values(primitiveFolders));
const ENTRY_NAME = 'adk-agent.js';
const BANNER = "import { createRequire as __adkCreateRequire } from 'node:module'; const require = __adkCreateRequire(import.meta.url);";

/**
 * The project's esbuild (hoisted, e.g. the peer of `@botpress/sdk`), else the one its runtime's `@botpress/sdk`
 * resolves, else the toolkit's own (none in the packaged extension: see src/deploy/bundle.ts).
 */
export function loadEsbuild(root: string): Esbuild | undefined {
  const from = (dir: string, name: string) => require.resolve(name, { paths: [dir] });
  const candidates = [
    () => from(root, 'esbuild'),
    () => {
      const runtime = findRuntime(root);
      if (!runtime) throw new Error('no runtime');
      return from(path.dirname(from(runtime.dir, '@botpress/sdk/package.json')), 'esbuild');
    },
    () => from(__dirname, 'esbuild'),
  ];
  for (const resolve of candidates) {
    try {
      return require(resolve()) as Esbuild;
    } catch {
      // next
    }
  }
  return undefined;
}

/** An incremental build with either API: `context()`, else `build({ incremental: true })` and its `rebuild()`. */
export async function incrementalBuild(esbuild: Esbuild, options: Record<string, unknown>): Promise<Incremental> {
  if (esbuild.context) return esbuild.context(options);
  let again: ((() => Promise<BuildResult>) & { dispose(): void }) | undefined;
  return {
    async rebuild() {
      if (again) return again();
      // The first build (or the first since one that failed, which leaves nothing to rebuild).
      const result = await esbuild.build({ ...options, incremental: true });
      again = result.rebuild;
      return result;
    },
    async dispose() {
      again?.dispose();
    },
  };
}

/** Where a project's bundles go: outside the project (its `.adk/` is the ADK's). */
export function workDir(root: string): string {
  return path.join(os.tmpdir(), 'botpress-toolkit-adk', createHash('sha256').update(root).digest('hex').slice(0, 16));
}

/** The runtime bundled on its own (once per runtime and esbuild version): what every build of the agent imports. */
export async function bundleRuntime(esbuild: Esbuild, runtime: { dir: string; version: string }, dir: string): Promise<string> {
  const key = createHash('sha256').update(`${runtime.dir}\0${runtime.version}\0${esbuild.version}`).digest('hex').slice(0, 12);
  const file = path.join(dir, `runtime-${key}.mjs`);
  if (fs.existsSync(file)) return file;
  fs.mkdirSync(dir, { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  await esbuild.build({
    stdin: { contents: "export * from '@botpress/runtime';", resolveDir: runtime.dir, loader: 'js', sourcefile: 'adk-runtime.js' },
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    outfile: tmp,
    write: true,
    logLevel: 'silent',
    legalComments: 'none',
    nodePaths: [path.join(runtime.dir, 'node_modules')],
    banner: { js: BANNER },
  });
  fs.renameSync(tmp, file);
  return file;
}

/** The entry of the agent's bundle: each file imported on its own, and the runtime. */
export function agentEntry(root: string, files: string[]): string {
  const rel = (f: string) => `./${path.relative(root, f).split(path.sep).join('/')}`;
  return [
    "export * as runtime from '@botpress/runtime';",
    `export const files = [${files.map((f) => `[${JSON.stringify(f)}, () => import(${JSON.stringify(rel(f))})]`).join(', ')}];`,
  ].join('\n');
}

/** Build options of the agent, the runtime external (to the file bundled once). */
export function agentBuildOptions(root: string, files: string[], outdir: string, runtimeFile: string, runtimeDir: string) {
  const runtimeUrl = pathToFileURL(runtimeFile).href;
  return {
    stdin: { contents: agentEntry(root, files), resolveDir: root, loader: 'js', sourcefile: ENTRY_NAME },
    absWorkingDir: root,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    outdir,
    entryNames: '[name]-[hash]',
    chunkNames: 'chunk-[hash]',
    write: false,
    metafile: true,
    logLevel: 'silent',
    legalComments: 'none',
    nodePaths: [path.join(runtimeDir, 'node_modules')],
    banner: { js: BANNER },
    plugins: [
      {
        name: 'adk-runtime',
        setup(build: { onResolve(o: { filter: RegExp }, f: () => { path: string; external: boolean }): void }) {
          build.onResolve({ filter: /^@botpress\/runtime$/ }, () => ({ path: runtimeUrl, external: true }));
        },
      },
    ],
  };
}

/** Writes a build's files (unchanged ones keep their name, hence their loaded module) and returns the entry's path. */
export function writeOutputs(result: BuildResult, outdir: string, workingDir: string): string {
  fs.mkdirSync(outdir, { recursive: true });
  const keep = new Set<string>();
  for (const f of result.outputFiles ?? []) {
    keep.add(path.basename(f.path));
    if (!fs.existsSync(f.path)) fs.writeFileSync(f.path, f.contents);
  }
  for (const name of fs.readdirSync(outdir)) if (!keep.has(name)) fs.rmSync(path.join(outdir, name), { force: true });
  const entry = Object.entries(result.metafile?.outputs ?? {}).find(
    ([, o]) => o.entryPoint === '<stdin>' || o.entryPoint === ENTRY_NAME,
  )?.[0];
  if (!entry) throw new Error('esbuild produced no entry file');
  return path.resolve(workingDir, entry);
}

export function bundleErrors(err: unknown, root: string): BundleError[] {
  const errors = (err as { errors?: { text: string; location?: { file: string; line: number; column: number; length: number } | null }[] })
    .errors;
  return errors?.length
    ? errors.map((e) => ({
        message: e.text,
        ...(e.location
          ? { file: path.resolve(root, e.location.file), line: e.location.line, column: e.location.column, length: e.location.length }
          : {}),
      }))
    : [{ message: err instanceof Error ? err.message : String(err) }];
}

type Runtime = {
  z?: { transforms?: { toJSONSchemaLegacy?(s: unknown): unknown; toJSONSchema?(s: unknown): unknown } };
  Primitives?: { Definitions?: { isValidDefinition?(d: unknown): boolean } };
};
type Loaded = { runtime: Runtime; files: [string, () => Promise<Record<string, unknown>>][] };

/** JSON of a value, without functions, cycles or depth past 40. */
function plain(v: unknown, seen = new Set<unknown>(), depth = 0): unknown {
  if (v === null || typeof v !== 'object') return typeof v === 'function' || typeof v === 'symbol' || typeof v === 'bigint' ? undefined : v;
  if (seen.has(v) || depth > 40) return undefined;
  seen.add(v);
  try {
    if (Array.isArray(v)) return v.map((x) => plain(x, seen, depth + 1) ?? null);
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) {
      const p = plain(x, seen, depth + 1);
      if (p !== undefined) out[k] = p;
    }
    return out;
  } finally {
    seen.delete(v);
  }
}

function jsonSchemaOf(runtime: Runtime, schema: unknown): Record<string, unknown> | undefined {
  if (!schema || typeof schema !== 'object') return undefined;
  const s = schema as { toJsonSchema?(): unknown; toJSONSchema?(): unknown };
  const t = runtime.z?.transforms;
  for (const f of [
    () => t?.toJSONSchemaLegacy?.(schema),
    () => t?.toJSONSchema?.(schema),
    () => s.toJsonSchema?.(),
    () => s.toJSONSchema?.(),
  ]) {
    try {
      const r = f();
      if (r && typeof r === 'object') return plain(r) as Record<string, unknown>;
    } catch {
      // next
    }
  }
  return undefined;
}

function configOf(runtime: Runtime, c: Record<string, unknown>): EvaluatedConfig {
  const dict = (v: unknown) => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined);
  const schemas: EvaluatedConfig['schemas'] = {};
  const tags: EvaluatedConfig['tags'] = {};
  for (const owner of ['bot', 'user', 'conversation', 'message', 'workflow']) {
    const o = dict(c[owner]);
    const s = o && jsonSchemaOf(runtime, o.state);
    if (s) schemas[`${owner}.state`] = s;
    const t = dict(o?.tags);
    if (t) tags[owner] = plain(t) as EvaluatedConfig['tags'][string];
  }
  const configuration = jsonSchemaOf(runtime, dict(c.configuration)?.schema);
  if (configuration) schemas.configuration = configuration;
  for (const [name, e] of Object.entries(dict(c.events) ?? {})) {
    const s = jsonSchemaOf(runtime, dict(e)?.schema);
    if (s) schemas[`events.${name}`] = s;
  }
  const integrations: EvaluatedConfig['integrations'] = {};
  for (const [alias, d] of Object.entries(dict(dict(c.dependencies)?.integrations) ?? {})) {
    const dep = dict(d);
    integrations[alias] = {
      ...(typeof dep?.version === 'string' ? { version: dep.version } : {}),
      ...(typeof dep?.enabled === 'boolean' ? { enabled: dep.enabled } : {}),
    };
  }
  return {
    ...(typeof c.name === 'string' ? { name: c.name } : {}),
    ...(typeof c.description === 'string' ? { description: c.description } : {}),
    ...(c.defaultModels !== undefined ? { defaultModels: plain(c.defaultModels) } : {}),
    schemas,
    tags,
    integrations,
  };
}

function primitiveName(kind: PrimitiveKind, d: Record<string, unknown>): string {
  if (kind === 'conversation') return Array.isArray(d.channel) ? d.channel.map(String).join(',') : String(d.channel ?? '');
  return String(d.name ?? '');
}

function detailsOf(kind: PrimitiveKind, value: Record<string, unknown>, d: Record<string, unknown>): EvaluatedPrimitive['details'] {
  if (kind === 'table') {
    // The runtime keeps these in each column's zui metadata (`x-zui`).
    const props = ((d.schema as { properties?: Record<string, { 'x-zui'?: { searchable?: boolean; computed?: unknown } }> })?.properties ??
      {}) as Record<string, { 'x-zui'?: { searchable?: boolean; computed?: unknown } }>;
    const computed = value.computedColumns instanceof Set ? [...value.computedColumns].map(String) : [];
    return {
      searchable: Object.keys(props).filter((c) => props[c]?.['x-zui']?.searchable === true),
      computed: [...new Set([...computed, ...Object.keys(props).filter((c) => props[c]?.['x-zui']?.computed)])],
    };
  }
  if (kind === 'knowledge' && Array.isArray(d.sources)) {
    return {
      sources: (d.sources as Record<string, unknown>[]).map((s) => ({
        id: String(s?.id ?? ''),
        type: String(s?.type ?? ''),
        ...(typeof s?.directoryPath === 'string' ? { directoryPath: s.directoryPath } : {}),
        ...(typeof (s?.url ?? s?.baseUrl ?? s?.sitemapUrl) === 'string' ? { url: String(s.url ?? s.baseUrl ?? s.sitemapUrl) } : {}),
      })),
    };
  }
  return undefined;
}

/** Imports each file of the bundle and reads what the runtime made of it. */
export async function readAgent(loaded: Loaded, root: string): Promise<AdkOutcome & { status: 'ok' }> {
  const runtime = loaded.runtime;
  const failures: FileFailure[] = [];
  const primitives: EvaluatedPrimitive[] = [];
  const identities = new Map<object, number>();
  let config: EvaluatedConfig | undefined;
  const configFile = path.join(root, AGENT_CONFIG);
  for (const [file, load] of loaded.files) {
    let ns: Record<string, unknown>;
    try {
      ns = await load();
    } catch (err) {
      failures.push({ file, message: err instanceof Error ? err.message : String(err) });
      continue;
    }
    if (file === configFile) {
      const c = ns.default;
      if (c && typeof c === 'object') config = configOf(runtime, c as Record<string, unknown>);
      else
        failures.push({
          file,
          message: 'agent.config.ts must export its configuration as its default export (export default defineConfig({ … })).',
        });
      continue;
    }
    for (const [exportName, value] of Object.entries(ns)) {
      if (!value || typeof value !== 'object' || typeof (value as { getDefinition?: unknown }).getDefinition !== 'function') continue;
      let raw: unknown;
      try {
        raw = (value as { getDefinition(): unknown }).getDefinition();
      } catch (err) {
        failures.push({ file, message: err instanceof Error ? err.message : String(err) });
        continue;
      }
      const definition = plain(raw) as Record<string, unknown> | undefined;
      if (!definition || !KINDS.has(String(definition.type))) continue;
      const kind = definition.type as PrimitiveKind;
      if (!identities.has(value)) identities.set(value, identities.size);
      const valid = runtime.Primitives?.Definitions?.isValidDefinition?.(raw);
      primitives.push({
        kind,
        name: primitiveName(kind, definition),
        file,
        exportName,
        definition,
        identity: identities.get(value)!,
        ...(valid === false ? { invalid: true } : {}),
        ...(detailsOf(kind, value as Record<string, unknown>, raw as Record<string, unknown>)
          ? { details: detailsOf(kind, value as Record<string, unknown>, raw as Record<string, unknown>) }
          : {}),
      });
    }
  }
  return { status: 'ok', config, primitives, failures };
}

/** One project's warm state: its runtime bundle and its incremental build (remade when the list of files changes). */
interface Project {
  runtime?: Promise<{ file: string; runtime: { dir: string; version: string } }>;
  context?: { files: string; ctx: Incremental };
}
const projects = new Map<string, Project>();

async function evaluate(req: AdkRequest): Promise<AdkResponse> {
  const timings: Record<string, number> = {};
  let t = performance.now();
  const lap = (name: string) => {
    const now = performance.now();
    timings[name] = Math.round((now - t) * 10) / 10;
    t = now;
  };
  const done = (outcome: AdkOutcome): AdkResponse => {
    // Modules imported stay loaded: past half its heap, the process asks to be replaced (as one a definition left busy is).
    const heap = process.memoryUsage().heapUsed;
    const full = heap > getHeapStatistics().heap_size_limit / 2;
    return { type: 'result', id: req.id, outcome, timings, ...(full ? { leftovers: [`a heap of ${Math.round(heap / 1048576)} MB`] } : {}) };
  };
  const root = req.root;
  const project = projects.get(root) ?? {};
  projects.set(root, project);
  // What is missing, with the command that installs it in the project's package manager (the quick fix runs it).
  const manager = packageManagerOf(root);
  const install = (devPackage?: string) => [manager, ...installArgs(manager, devPackage)].join(' ');
  const runtime = findRuntime(root);
  if (!runtime)
    return done({
      status: 'missing',
      packageName: '@botpress/runtime',
      message: `@botpress/runtime is not installed: run ${install()}`,
    });
  const esbuild = loadEsbuild(root);
  if (!esbuild)
    return done({
      status: 'missing',
      packageName: 'esbuild',
      message: `esbuild was found neither in the project nor beside its @botpress/runtime: run ${install('esbuild')}`,
    });
  project.runtime ??= bundleRuntime(esbuild, runtime, workDir(root)).then((file) => ({ file, runtime }));
  let prepared: Awaited<NonNullable<Project['runtime']>>;
  try {
    prepared = await project.runtime;
  } catch (err) {
    project.runtime = undefined;
    return done({
      status: 'bundle',
      errors: bundleErrors(err, root).map((e) => ({ message: `@botpress/runtime does not bundle: ${e.message}` })),
    });
  }
  lap('runtime');

  const files = [path.join(root, AGENT_CONFIG), ...primitiveFiles(root).map((p) => p.file)];
  const key = files.join('\n');
  const outdir = path.join(workDir(root), 'agent');
  if (project.context?.files !== key) {
    await project.context?.ctx.dispose();
    project.context = {
      files: key,
      ctx: await incrementalBuild(esbuild, agentBuildOptions(root, files, outdir, prepared.file, prepared.runtime.dir)),
    };
  }
  let entry: string;
  try {
    entry = writeOutputs(await project.context.ctx.rebuild(), outdir, root);
  } catch (err) {
    return done({ status: 'bundle', errors: bundleErrors(err, root) });
  }
  lap('bundle');
  process.send?.({ type: 'evaluating', id: req.id });
  const loaded = (await import(pathToFileURL(entry).href)) as Loaded;
  const outcome = await readAgent(loaded, root);
  lap('import');
  return done({ ...outcome, runtimeVersion: prepared.runtime.version });
}

if (require.main === module || process.env.BOTPRESS_ADK_WORKER === '1') {
  new Thread(watchdogSource, {
    eval: true,
    execArgv: [],
    workerData: { ppid: process.ppid, residentLimitBytes: Number(process.argv[3]) || 0, intervalMs: 100 },
  }).unref();
  process.send?.({ type: 'ready' });
  // One evaluation at a time (the parent queues them too): imports of two builds must not interleave.
  let chain = Promise.resolve();
  process.on('message', (req: AdkRequest) => {
    if (req?.type !== 'evaluate') return;
    process.send?.({ type: 'received', id: req.id });
    chain = chain.then(() =>
      evaluate(req).then(
        (res) => void process.send?.(res),
        (err: unknown) =>
          void process.send?.({
            type: 'result',
            id: req.id,
            outcome: { status: 'bundle', errors: [{ message: err instanceof Error ? err.message : String(err) }] },
            timings: {},
          } satisfies AdkResponse),
      ),
    );
  });
  process.on('unhandledRejection', () => {});
  process.on('uncaughtException', () => {});
  process.on('disconnect', () => process.exit(0));
}
