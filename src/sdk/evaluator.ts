/**
 * Evaluates SDK definitions (`bot.definition.ts`, `integration.definition.ts`, `plugin.definition.ts`)
 * in child processes, one warm worker per project, with a time and a memory limit, and checks what they
 * evaluate to with the definition layers. Never in the calling process: a definition is the project's
 * code. No `vscode` here.
 */
import { fork, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Problem } from '../core/definitions/problems';
import { residentBytes, stopWithParent, WATCHDOG_MEMORY } from '../core/processes';
import { checkBody, entriesOf, SourceMap, type SdkEntry } from './checks';
import { detectSdkProject, sdkDefinitionKind, type SdkProject } from './project';
import { refuseWorkerMessage, type DefinitionExtras, type EvaluateRequest, type EvaluateResponse, type Range } from './protocol';

export type { SdkEntry } from './checks';

export interface SdkEvaluation {
  project: SdkProject;
  /** The body the official CLI would send (bot: updateBot; integration: createIntegration; without code, readme and icon as paths). */
  body?: Record<string, unknown>;
  problems: Problem[];
  /** Named entries written in the file (offsets of their keys), with the JSON Schema the SDK produced. */
  entries: SdkEntry[];
  /** What deploy needs beside the body: secrets, integrations to resolve, SDK version. */
  extras?: DefinitionExtras;
  /** Milliseconds per step in the worker. */
  timings?: Record<string, number>;
  /** Where the body's keys are written in the definition (to place a server's error, say). */
  sourceMap?: SourceMap;
}

export interface SdkEvaluatorOptions {
  /** Longest one evaluation may run (default 5 s); the worker is killed past it. */
  timeoutMs?: number;
  /**
   * The worker's memory limit in MB (default 512): its V8 heap (`--max-old-space-size`), and its resident
   * memory (Buffers and other memory outside the heap too) past this much over what the idle worker holds.
   */
  memoryMb?: number;
  log?: (line: string) => void;
  /** Workers idle this long are stopped (default 5 minutes). */
  idleMs?: number;
  /**
   * Most worker processes alive at once (default: the machine's cores): a folder of many projects is
   * evaluated a few at a time, the least recently used idle worker making room for the next project.
   */
  maxWorkers?: number;
}

/** Time for a new worker to load the project's SDK, esbuild and TypeScript before its first evaluation. */
const STARTUP_MS = 60_000;
/** Time to bundle a definition (with everything it imports) before it runs. */
const BUNDLE_MS = 60_000;

interface Job<Req = EvaluateRequest, Res = EvaluateResponse> {
  request: Req;
  resolve(r: Res | WorkerFailure): void;
  /** Its caller gave up waiting (cancelled): nobody needs its answer. */
  abandoned?: boolean;
}
/** `stale`: the process did not take the request (still busy with what an earlier definition left): a fresh one gets it. */
export type WorkerFailure = { failure: 'timeout' | 'memory' | 'exit' | 'message' | 'stale'; detail: string };

/** Resident memory of a worker with TypeScript, esbuild and the SDK loaded, before any definition runs (measured: about 160 MB). */
const BASELINE_MB = 256;
const SAMPLE_MS = 100;

/**
 * The program a worker runs: its bundle's name beside this file (`dist/<name>.js`), its TypeScript source
 * (under tsx), and the check of what it sends (it runs the project's code: nothing it sends is trusted).
 */
export interface WorkerProgram {
  bundle: string;
  source: string;
  refuse(m: unknown, size: () => number): string | undefined;
  /** The label of its log lines. */
  label: string;
  /**
   * From the sources (tests under tsx), run the repository's built bundle if there is one: tsx's loader would
   * transform every module the program imports (an agent's megabytes of bundled runtime: seconds).
   */
  preferBuilt?: boolean;
}
const sdkProgram: WorkerProgram = { bundle: 'sdk-worker.js', source: 'worker.ts', refuse: refuseWorkerMessage, label: 'sdk' };

export type WorkerOptions = Required<Pick<SdkEvaluatorOptions, 'timeoutMs' | 'memoryMb' | 'idleMs'>> & Pick<SdkEvaluatorOptions, 'log'>;

/** One child process for one project: jobs run one at a time, in order. */
export class Worker<Req extends { id: number } = EvaluateRequest, Res extends { id: number; leftovers?: string[] } = EvaluateResponse> {
  private readonly child: ChildProcess;
  private readonly queue: Job<Req, Res>[] = [];
  private current?: { job: Job<Req, Res>; timer?: NodeJS.Timeout; received?: boolean };
  /** Jobs it has answered: a worker that never did has nothing left over to be busy with. */
  private served = 0;
  private sampler?: NodeJS.Timeout;
  /** The highest resident memory seen, in bytes. */
  peakBytes = 0;
  private ready = false;
  private stderr = '';
  private dead = false;
  private idleTimer?: NodeJS.Timeout;
  private readonly startupTimer: NodeJS.Timeout;
  /** Settles when the process has really ended (not merely been told to). */
  readonly exited: Promise<void>;

  constructor(
    readonly root: string,
    private readonly options: WorkerOptions,
    private readonly onGone: (w: Worker<Req, Res>) => void,
    private readonly program: WorkerProgram = sdkProgram,
  ) {
    const { script, execArgv } = workerScript(program);
    this.child = fork(script, [root, String(this.residentLimit())], {
      cwd: root,
      execArgv: [...execArgv, `--max-old-space-size=${options.memoryMb}`, '--enable-source-maps'],
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
      serialization: 'json',
    });
    stopWithParent(this.child);
    this.exited = new Promise((resolve) => {
      this.child.once('exit', () => resolve());
      this.child.once('error', () => resolve());
    });
    this.child.stdout?.on('data', (d: Buffer) =>
      this.options.log?.(`[${this.program.label} ${path.basename(root)}] ${d.toString().trimEnd()}`),
    );
    this.child.stderr?.on('data', (d: Buffer) => {
      this.stderr = (this.stderr + d.toString()).slice(-4000);
      this.options.log?.(`[${this.program.label} ${path.basename(root)}] ${d.toString().trimEnd()}`);
    });
    this.child.on('message', (m: unknown) => {
      // The definition runs in that process and may send messages itself: none is trusted for its shape.
      const refused = this.program.refuse(m, () => JSON.stringify(m).length);
      const message = m as (Res & { type: 'result' }) | { type: 'ready' } | { type: 'received' | 'evaluating'; id: number };
      const id = this.current?.job.request.id;
      const why = refused ?? (message.type !== 'ready' && message.id !== id ? `one for evaluation ${message.id}, not ${id}` : undefined);
      if (why)
        return this.kill({
          failure: 'message',
          detail:
            `The evaluation process sent a message the toolkit does not accept (${why}): ` +
            'does the definition call process.send? Its process was stopped.',
        });
      if (message.type === 'ready') {
        this.ready = true;
        clearTimeout(this.startupTimer);
        this.next();
      } else if (message.type === 'received') this.current!.received = true;
      else if (message.type === 'evaluating') this.limit(this.options.timeoutMs, 'did not finish evaluating');
      else if (message.type === 'result') this.finish(message);
    });
    this.child.on('exit', (code, signal) => {
      const oom = /heap out of memory|Allocation failed/i.test(this.stderr) || this.stderr.includes(WATCHDOG_MEMORY);
      const held = new RegExp(`${WATCHDOG_MEMORY} \\((\\d+) MB\\)`).exec(this.stderr)?.[1];
      const stderrTail = this.stderr.trim() ? `: ${this.stderr.trim().split('\n').pop()}` : '';
      this.gone(
        oom
          ? {
              failure: 'memory',
              detail: `The definition ran out of memory (limit ${this.options.memoryMb} MB${held ? `; the process held ${held} MB` : ''}).`,
            }
          : {
              failure: 'exit',
              detail: `The evaluation process stopped (${signal ?? `exit code ${code}`})${stderrTail}.`,
            },
      );
    });
    this.child.on('error', (err) => this.gone({ failure: 'exit', detail: `The evaluation process could not run: ${err.message}` }));
    // Startup has its own, longer limit: loading TypeScript and the SDK cold takes seconds.
    this.startupTimer = setTimeout(() => {
      if (!this.ready) this.kill({ failure: 'timeout', detail: `The evaluation process did not start within ${STARTUP_MS / 1000} s.` });
    }, STARTUP_MS);
  }

  /** Someone waits for an answer from it. */
  get busy(): boolean {
    return (!!this.current && !this.current.job.abandoned) || this.queue.length > 0;
  }

  run(request: Req, signal?: AbortSignal): Promise<Res | WorkerFailure> {
    return new Promise((resolve, reject) => {
      if (signal?.aborted) return reject(abortError());
      const onAbort = () => {
        // A queued job is dropped; a running one finishes (or times out) unseen.
        const i = this.queue.indexOf(job);
        if (i >= 0) this.queue.splice(i, 1);
        job.resolve = () => {};
        job.abandoned = true;
        reject(abortError());
      };
      const job: Job<Req, Res> = {
        request,
        resolve: (r) => {
          signal?.removeEventListener('abort', onAbort);
          resolve(r);
        },
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.enqueue(job);
    });
  }

  private enqueue(job: Job<Req, Res>): void {
    if (this.dead) return job.resolve({ failure: 'exit', detail: 'The evaluation process has stopped.' });
    clearTimeout(this.idleTimer);
    this.queue.push(job);
    this.next();
  }

  private next(): void {
    if (!this.ready || this.current || this.dead) return;
    const job = this.queue.shift();
    if (!job) {
      this.idleTimer = setTimeout(() => this.dispose(), this.options.idleMs);
      this.idleTimer.unref();
      return;
    }
    this.current = { job };
    // Bundling (a cold project can take seconds) has a wider limit; evaluating starts the strict one.
    this.limit(Math.max(this.options.timeoutMs, BUNDLE_MS), 'did not bundle and evaluate');
    this.child.send(job.request);
    // A warm process answers `received` at once; one that does not is busy with an earlier definition's leftovers.
    const current = this.current;
    if (this.served > 0)
      setTimeout(() => {
        if (this.current === current && !current.received)
          this.kill({ failure: 'stale', detail: 'The evaluation process was still busy with what an earlier evaluation left running.' });
      }, this.options.timeoutMs).unref();
    this.sample();
  }

  /** The resident memory the process may reach (heap limit plus what the idle worker holds). */
  private residentLimit(): number {
    return (this.options.memoryMb + BASELINE_MB) * 1024 * 1024;
  }

  /** Measures the process from outside while it evaluates (a loop does not stop that), and stops it past the limit. */
  private sample(): void {
    clearInterval(this.sampler);
    this.sampler = setInterval(() => {
      if (!this.current) return clearInterval(this.sampler);
      const rss = residentBytes(this.child.pid);
      if (rss === undefined) return;
      this.peakBytes = Math.max(this.peakBytes, rss);
      if (rss > this.residentLimit())
        this.kill({
          failure: 'memory',
          detail: `The definition ran out of memory (limit ${this.options.memoryMb} MB; the process held ${Math.round(rss / 1048576)} MB).`,
        });
    }, SAMPLE_MS);
    this.sampler.unref();
  }

  private limit(ms: number, what: string): void {
    if (!this.current) return;
    clearTimeout(this.current.timer);
    this.current.timer = setTimeout(
      () =>
        this.kill({
          failure: 'timeout',
          detail: `The definition ${what} within ${ms / 1000} s (an endless loop?); its process was stopped.`,
        }),
      ms,
    );
  }

  private finish(r: Res): void {
    const { job, timer } = this.current!;
    clearTimeout(timer);
    clearInterval(this.sampler);
    this.current = undefined;
    this.served++;
    job.resolve(r);
    if (r.leftovers?.length) {
      // Its timers or sockets would run into the next evaluation: the next one gets a fresh process.
      this.options.log?.(
        `[${this.program.label} ${path.basename(this.root)}] The definition left ${r.leftovers.join(', ')} running: ` +
          'its process is replaced.',
      );
      return this.dispose();
    }
    this.next();
  }

  private kill(failure: WorkerFailure): void {
    this.gone(failure);
    this.child.kill('SIGKILL');
  }

  private gone(failure: WorkerFailure): void {
    if (this.dead) return;
    this.dead = true;
    clearTimeout(this.startupTimer);
    clearInterval(this.sampler);
    clearTimeout(this.idleTimer);
    if (this.current) {
      clearTimeout(this.current.timer);
      this.current.job.resolve(failure);
      this.current = undefined;
    }
    // Jobs waiting behind a failed one get the same answer (they would meet the same definition).
    for (const job of this.queue.splice(0)) job.resolve(failure);
    this.onGone(this);
  }

  dispose(): void {
    if (this.dead) return;
    this.gone({ failure: 'exit', detail: 'The evaluator was disposed.' });
    this.child.kill('SIGKILL');
  }
}

export function abortError(): Error {
  const e = new Error('The evaluation was cancelled.');
  e.name = 'AbortError';
  return e;
}

/** The worker program: built beside this file (`dist/sdk-worker.js`), or its TypeScript source under tsx. */
function workerScript(program: WorkerProgram): { script: string; execArgv: string[] } {
  const built = [
    path.join(__dirname, program.bundle),
    ...(program.preferBuilt ? [path.resolve(__dirname, '../../dist', program.bundle)] : []),
  ].find((f) => fs.existsSync(f));
  if (built) return { script: built, execArgv: [] };
  const source = path.resolve(__dirname, program.source);
  return {
    script: source,
    execArgv: ['--import', pathToFileURL(require.resolve('tsx', { paths: [__dirname] }).replace(/cjs[\\/]index\.cjs$/, 'loader.mjs')).href],
  };
}

export class SdkEvaluator {
  private readonly workers = new Map<string, Worker>();
  /** Every process not yet ended, including those stopped but still exiting. */
  private readonly processes = new Set<Worker>();
  private readonly options: Required<Pick<SdkEvaluatorOptions, 'timeoutMs' | 'memoryMb' | 'idleMs' | 'maxWorkers'>> &
    Pick<SdkEvaluatorOptions, 'log'>;
  private nextId = 1;
  private disposed = false;
  /** Evaluations under way (at most `maxWorkers`), and those waiting for one to end. */
  private running = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(options: SdkEvaluatorOptions = {}) {
    this.options = {
      timeoutMs: options.timeoutMs ?? 5000,
      memoryMb: options.memoryMb ?? 512,
      idleMs: options.idleMs ?? 5 * 60_000,
      maxWorkers: Math.max(1, options.maxWorkers ?? os.availableParallelism()),
      log: options.log,
    };
  }

  /** Waits for a free slot; the returned function gives it back. */
  private async slot(): Promise<() => void> {
    if (this.running >= this.options.maxWorkers) await new Promise<void>((resolve) => this.waiting.push(resolve));
    this.running++;
    return () => {
      this.running--;
      this.waiting.shift()?.();
    };
  }

  /**
   * Runs the request in the project's worker. A new one starts only when fewer than `maxWorkers` processes exist: the
   * least recently used one nobody waits on is stopped first, and its exit awaited (one exists: the caller holds a slot).
   * The job is queued in the same turn the worker is chosen, so no other caller can stop it in between.
   */
  private async runIn(root: string, request: EvaluateRequest, signal?: AbortSignal): Promise<EvaluateResponse | WorkerFailure> {
    const response = await this.runOnce(root, request, signal);
    // A process still busy with an earlier definition's leftovers was stopped: a fresh one evaluates.
    return 'failure' in response && response.failure === 'stale' ? this.runOnce(root, request, signal) : response;
  }

  private async runOnce(root: string, request: EvaluateRequest, signal?: AbortSignal): Promise<EvaluateResponse | WorkerFailure> {
    for (;;) {
      if (this.disposed) throw new Error('The evaluator was disposed.');
      const existing = this.workers.get(root);
      if (existing) {
        this.workers.delete(root);
        this.workers.set(root, existing);
        return existing.run(request, signal);
      }
      if (this.processes.size < this.options.maxWorkers) break;
      [...this.workers.values()].find((w) => !w.busy)?.dispose();
      await Promise.race([...this.processes].map((w) => w.exited));
    }
    const worker = new Worker(root, this.options, (w) => {
      if (this.workers.get(w.root) === w) this.workers.delete(w.root);
    });
    this.processes.add(worker);
    void worker.exited.then(() => this.processes.delete(worker));
    this.workers.set(root, worker);
    return worker.run(request, signal);
  }

  /** Never throws for a bad definition (problems instead); rejects with an `AbortError` when `signal` aborts. */
  async evaluate(definitionFile: string, options: { text?: string; signal?: AbortSignal } = {}): Promise<SdkEvaluation> {
    const file = path.resolve(definitionFile);
    const kind = sdkDefinitionKind(file);
    if (!kind)
      throw new Error(
        `${path.basename(file)} is not an SDK definition file ` +
          `(${['bot', 'integration', 'plugin', 'interface'].map((k) => `${k}.definition.ts`).join(', ')}).`,
      );
    if (this.disposed) throw new Error('The evaluator was disposed.');
    const root = path.dirname(file);
    const detected = detectSdkProject(root);
    const project: SdkProject = { ...(detected ?? { root }), root, kind, definitionFile: file };
    let text = options.text;
    if (text === undefined) {
      try {
        text = fs.readFileSync(file, 'utf8');
      } catch (err) {
        return {
          project,
          problems: [fileProblem('BP112', [0, 0], `Cannot read ${path.basename(file)}: ${(err as Error).message}`)],
          entries: [],
        };
      }
    }
    const request: EvaluateRequest = {
      type: 'evaluate',
      id: this.nextId++,
      file,
      kind,
      ...(options.text !== undefined ? { text: options.text } : {}),
    };
    const release = await this.slot();
    try {
      if (options.signal?.aborted) throw abortError();
      if (this.disposed) throw new Error('The evaluator was disposed.');
      const response = await this.runIn(root, request, options.signal);
      return this.assemble(project, text, response);
    } finally {
      release();
    }
  }

  private assemble(project: SdkProject, text: string, response: EvaluateResponse | WorkerFailure): SdkEvaluation {
    const firstLine: Range = [0, Math.max(0, text.search(/\r?\n|$/))];
    if ('failure' in response) return { project, problems: [fileProblem('BP113', firstLine, response.detail)], entries: [] };
    const { outcome, located, call, timings } = response;
    const map = new SourceMap(located, call ?? firstLine);
    const whole = call ?? firstLine;
    const offsetOf = offsets(text);
    const base = { project, entries: [] as SdkEntry[], timings };
    switch (outcome.status) {
      case 'missing': {
        const message =
          outcome.packageName === '@botpress/sdk'
            ? '@botpress/sdk is not installed: run npm install'
            : `${outcome.packageName} (a peer of @botpress/sdk) is not installed: ` +
              `run npm install, or npm install --save-dev ${outcome.packageName}`;
        return { ...base, problems: [fileProblem('BP110', firstLine, message)] };
      }
      case 'bundle': {
        // Errors in the definition sit where esbuild found them; those in other files make one problem.
        const own = outcome.errors.filter((e) => e.file && path.resolve(e.file) === project.definitionFile && e.line);
        const elsewhere = outcome.errors.filter((e) => !own.includes(e));
        const problems = own.map((e) => {
          const start = offsetOf(e.line!, e.column ?? 0);
          return fileProblem('BP111', [start, Math.min(text.length, start + Math.max(1, e.length ?? 1))], explainBundleError(e.message));
        });
        if (elsewhere.length) {
          const shown = elsewhere.slice(0, 3).map((e) => {
            const position = e.line ? `:${e.line}:${(e.column ?? 0) + 1}` : '';
            const location = e.file ? `${path.relative(project.root, e.file)}${position}: ` : '';
            return `${location}${explainBundleError(e.message)}`;
          });
          const more = elsewhere.length > shown.length ? ` (and ${elsewhere.length - shown.length} more)` : '';
          problems.push(fileProblem('BP111', firstLine, `The definition does not bundle: ${shown.join('; ')}${more}.`));
        }
        return { ...base, problems };
      }
      case 'threw': {
        let range = outcome.path ? map.at(outcome.path.split('.')) : firstLine;
        if (!outcome.path && outcome.at) {
          const start = offsetOf(outcome.at.line, outcome.at.column - 1);
          const lineEnd = text.indexOf('\n', start);
          range = [start, lineEnd < 0 ? text.length : lineEnd];
        }
        return { ...base, problems: [fileProblem('BP112', range, `The definition threw: ${outcome.message}`)] };
      }
      case 'invalid':
        return { ...base, problems: [fileProblem('BP114', whole, outcome.message)] };
      case 'ok': {
        const fileExists = (p: string) => fs.statSync(p, { throwIfNoEntry: false })?.isFile() ?? false;
        const problems = checkBody(project.kind, project.definitionFile, outcome.body, outcome.extras, map, fileExists);
        for (const p of problems) {
          p.start = Math.max(0, Math.min(p.start, text.length));
          p.end = Math.max(p.start, Math.min(p.end, text.length));
        }
        problems.sort((a, b) => a.start - b.start || a.end - b.end);
        return {
          ...base,
          body: outcome.body,
          extras: outcome.extras,
          problems,
          entries: entriesOf(outcome.body, outcome.extras, map),
          sourceMap: map,
        };
      }
    }
  }

  /** Stops every worker. */
  dispose(): void {
    this.disposed = true;
    for (const w of [...this.workers.values()]) w.dispose();
    this.workers.clear();
    for (const resume of this.waiting.splice(0)) resume(); // each then finds the evaluator disposed
  }
}

/** esbuild's message, with what to do when an import is missing. */
function explainBundleError(message: string): string {
  const missing = /^Could not resolve "([^"]+)"/.exec(message)?.[1];
  if (!missing) return message;
  if (/(^|\/)bp_modules\//.test(missing))
    return `${message}: bp_modules/ is written by the Botpress CLI from the package.json's bpDependencies: run bp add`;
  if (!missing.startsWith('.') && !path.isAbsolute(missing))
    return `${message}: the package is not installed: run npm install (and list it in package.json)`;
  return message;
}

function fileProblem(code: Problem['code'], [start, end]: Range, message: string): Problem {
  return { code, severity: 'error', start, end, message };
}

/** 1-based line and 0-based column (UTF-16) to an offset. */
function offsets(text: string): (line: number, column: number) => number {
  const starts = [0];
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return (line, column) => {
    const s = starts[Math.max(0, Math.min(line - 1, starts.length - 1))];
    const lineEnd = line < starts.length ? starts[line] - 1 : text.length;
    return Math.min(s + Math.max(0, column), lineEnd);
  };
}
