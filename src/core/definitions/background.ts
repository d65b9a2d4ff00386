import { Worker } from 'node:worker_threads';
import type { Problem } from './problems';
import type { DefinitionKind } from './validate';

/** One check the worker runs: a definition's text, and whether referenced files are looked up on disk. */
export interface CheckRequest {
  text: string;
  kind: DefinitionKind;
  fileName: string;
  checkFiles: boolean;
}

/** What the worker posts: once `ready` when it has loaded, then one reply per check. */
export type CheckReply = { ready: true } | { id: number; problems: Problem[] } | { id: number; error: string };

const MAX_WORKER_HEAP_MB = 512;

/** Past this size (UTF-8), a file is checked when opened and saved, not as you type. */
export const MAX_TYPING_BYTES = 5 * 1024 * 1024;

/** The notice (BP104) for a file too large to check as you type, or undefined. */
export function tooLargeToType(text: string): Problem | undefined {
  // A UTF-16 unit is at most three bytes of UTF-8: only texts that may be over the limit are measured.
  if (text.length * 3 <= MAX_TYPING_BYTES || Buffer.byteLength(text) <= MAX_TYPING_BYTES) return undefined;
  return {
    code: 'BP104',
    severity: 'info',
    start: 0,
    end: 0,
    message:
      `This file is larger than ${MAX_TYPING_BYTES / 1024 / 1024} MB: it is checked when opened and saved, ` +
      'and by `npx botpress-toolkit validate`, not as you type.',
  };
}

/**
 * A running check replaced by a newer one is stopped (the worker restarted) only past this: a worker
 * takes longer to start than most checks take to finish, so a short one finishes, its result dropped.
 */
const CANCEL_AFTER_MS = 300;

interface Pending {
  id: number;
  key: string;
  /** When the worker, loaded, was given it (or finished loading with it waiting). */
  started?: number;
  request: CheckRequest;
  resolve: (problems: Problem[] | undefined) => void;
  reject: (err: Error) => void;
}

/**
 * Checks definitions on a worker thread, so no file (however large or hostile) blocks the caller's
 * thread. One check runs at a time; per key (a document) only the newest request counts: a newer one
 * replaces a queued one, and cancels a running one by restarting the worker. A replaced check
 * resolves `undefined`.
 */
export class BackgroundChecker {
  private worker: Worker | undefined;
  /** Whether the worker has loaded: one still loading is never restarted (that would only start over). */
  private ready = false;
  private running: Pending | undefined;
  private readonly queue = new Map<string, Pending>();
  private nextId = 1;
  private disposed = false;

  constructor(
    private readonly script: string,
    private readonly execArgv: string[] = [],
  ) {}

  check(key: string, request: CheckRequest): Promise<Problem[] | undefined> {
    if (this.disposed) return Promise.resolve(undefined);
    return new Promise((resolve, reject) => {
      this.queue.get(key)?.resolve(undefined);
      this.queue.set(key, { id: this.nextId++, key, request, resolve, reject });
      if (this.running?.key === key) this.supersede();
      this.pump();
    });
  }

  /** Drops what is queued or running for a key (a closed document). */
  cancel(key: string): void {
    this.queue.get(key)?.resolve(undefined);
    this.queue.delete(key);
    if (this.running?.key === key) this.supersede();
    this.pump();
  }

  /** The running check no longer counts: it resolves as replaced now, and is stopped if it runs long. */
  private supersede(): void {
    const running = this.running!;
    running.resolve(undefined);
    if (this.ready && running.started !== undefined && Date.now() - running.started >= CANCEL_AFTER_MS) this.restart();
  }

  dispose(): void {
    this.disposed = true;
    for (const p of this.queue.values()) p.resolve(undefined);
    this.queue.clear();
    this.restart();
  }

  /** Stops the worker and whatever it was running (resolved as replaced); the next check starts a new one. */
  private restart(): void {
    const running = this.running;
    this.running = undefined;
    running?.resolve(undefined);
    void this.worker?.terminate();
    this.worker = undefined;
  }

  private pump(): void {
    if (this.running || this.disposed) return;
    const next = this.queue.values().next();
    if (next.done) return;
    const pending = next.value;
    this.queue.delete(pending.key);
    this.running = pending;
    const worker = this.ensureWorker();
    if (this.ready) pending.started = Date.now();
    worker.postMessage({ id: pending.id, ...pending.request });
  }

  private ensureWorker(): Worker {
    if (this.worker) return this.worker;
    // A memory limit of its own: an input that would exhaust it stops the worker, not the caller.
    const worker = new Worker(this.script, { execArgv: this.execArgv, resourceLimits: { maxOldGenerationSizeMb: MAX_WORKER_HEAP_MB } });
    worker.unref();
    this.ready = false;
    worker.on('message', (reply: CheckReply) => {
      if (worker !== this.worker) return;
      const running = this.running;
      if ('ready' in reply) {
        this.ready = true;
        if (running) running.started = Date.now();
        return;
      }
      if (!running || reply.id !== running.id) return;
      this.running = undefined;
      if ('problems' in reply) running.resolve(reply.problems);
      else running.reject(new Error(reply.error));
      this.pump();
    });
    const fail = (err: Error) => {
      if (worker !== this.worker) return;
      const running = this.running;
      this.running = undefined;
      this.worker = undefined;
      running?.reject(err);
      this.pump();
    };
    worker.on('error', fail);
    worker.on('exit', (code) => fail(new Error(`The definition checker stopped (exit code ${code}).`)));
    this.worker = worker;
    return worker;
  }
}
