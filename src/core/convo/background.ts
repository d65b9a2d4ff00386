import { Worker } from 'node:worker_threads';
import type { Suite, SuiteFile } from './suite';

/** What the host posts: a folder's files; `failed` files are not read again, their problem given instead. */
export interface ReadRequest {
  readonly id: number;
  readonly files: SuiteFile[];
}

/** What the worker posts: `ready` once loaded; the file it starts on (progress), then the suite or why not. */
export type ReadReply = { ready: true } | { id: number; at: string } | { id: number; suite: Suite } | { id: number; error: string };

export interface SuiteReaderOptions {
  /** How long one file may take to read and expand. */
  readonly fileBudgetMs?: number;
  /** The worker's heap. */
  readonly maxHeapMb?: number;
  /** For tests running the TypeScript entry. */
  readonly execArgv?: string[];
}

const FILE_BUDGET_MS = 10_000;
/** Before the worker says which file it is on (it may be loading, or receiving a large folder), no file is blamed. */
const START_BUDGET_MS = 10_000;
const OUT_OF_MEMORY = 'ERR_WORKER_OUT_OF_MEMORY';
const MAX_HEAP_MB = 512;

/**
 * Reads conversation test suites on a worker thread (`dist/convoWorker.js`), so no file, however large
 * or hostile, blocks the caller's thread. Each file has a time budget: a file past it, or one that
 * takes the worker down (out of memory), is stopped and given a problem of its own, and the rest of the
 * folder is read again without it. A newer read replaces one running (which resolves undefined).
 */
export class SuiteReader {
  private worker: Worker | undefined;
  private nextId = 1;
  private current: { id: number; cancel(): void } | undefined;
  private disposed = false;

  constructor(
    private readonly script: string,
    private readonly options: SuiteReaderOptions = {},
  ) {}

  async read(files: readonly SuiteFile[]): Promise<Suite | undefined> {
    this.current?.cancel();
    const failed = new Map<string, string>();
    for (;;) {
      if (this.disposed) return undefined;
      const why = (f: SuiteFile) => failed.get(f.file);
      const outcome = await this.once(files.map((f) => (why(f) ? { file: f.file, text: '', unreadable: why(f) } : f)));
      if (outcome === undefined || 'suite' in outcome) return outcome?.suite;
      // The file being read when the worker was stopped fails alone; the others are read again.
      if (!outcome.at || failed.has(outcome.at)) throw new Error(outcome.why);
      failed.set(outcome.at, outcome.why);
    }
  }

  /** One pass over the files: the suite, or the file the worker was on when it was stopped and why. */
  private once(files: SuiteFile[]): Promise<{ suite: Suite } | { at?: string; why: string } | undefined> {
    const budget = this.options.fileBudgetMs ?? FILE_BUDGET_MS;
    const id = this.nextId++;
    const worker = this.ensureWorker();
    return new Promise((resolve) => {
      let at: string | undefined;
      let timer: ReturnType<typeof setTimeout> | undefined;
      const arm = () => {
        clearTimeout(timer);
        const why = `Reading this file took longer than ${budget / 1000} s: it was stopped (no file may slow the editor).`;
        timer = setTimeout(() => stop({ at, why }), at ? budget : Math.max(budget, START_BUDGET_MS));
      };
      const stop = (result: { suite: Suite } | { at?: string; why: string } | undefined, restart = true) => {
        clearTimeout(timer);
        worker.off('message', onMessage);
        worker.off('error', onError);
        worker.off('exit', onExit);
        if (this.current?.id === id) this.current = undefined;
        if (restart) this.restart(worker);
        resolve(result);
      };
      const onMessage = (reply: ReadReply) => {
        if ('ready' in reply) return arm();
        if (reply.id !== id) return;
        if ('at' in reply) {
          at = reply.at;
          arm();
        } else if ('suite' in reply) stop({ suite: reply.suite }, false);
        else stop({ at, why: `Reading this file failed: ${reply.error}` });
      };
      const onError = (err: Error & { code?: string }) =>
        stop({ at, why: `Reading this file stopped its reader (${err.code === OUT_OF_MEMORY ? 'out of memory' : err.message}).` });
      const onExit = (code: number) => stop({ at, why: `Reading this file stopped its reader (exit code ${code}).` }, false);
      worker.on('message', onMessage);
      worker.on('error', onError);
      worker.on('exit', onExit);
      this.current = { id, cancel: () => stop(undefined) };
      arm();
      worker.postMessage({ id, files } satisfies ReadRequest);
    });
  }

  private ensureWorker(): Worker {
    if (this.worker) return this.worker;
    const worker = new Worker(this.script, {
      execArgv: this.options.execArgv ?? [],
      resourceLimits: { maxOldGenerationSizeMb: this.options.maxHeapMb ?? MAX_HEAP_MB },
    });
    worker.unref();
    worker.on('error', () => undefined); // Told to the read running, if any.
    worker.on('exit', () => {
      if (this.worker === worker) this.worker = undefined;
    });
    this.worker = worker;
    return worker;
  }

  private restart(worker: Worker): void {
    if (this.worker === worker) this.worker = undefined;
    void worker.terminate();
  }

  dispose(): void {
    this.disposed = true;
    this.current?.cancel();
    if (this.worker) this.restart(this.worker);
  }
}
