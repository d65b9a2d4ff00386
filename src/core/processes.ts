/**
 * Child processes that run someone else's code (SDK definitions, deployed bots): their resident memory as
 * the system counts it, a watchdog they carry, and their end when the process that started them ends.
 * No `vscode` here.
 */
import type { ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';

/**
 * The resident memory of a process in bytes, read from outside it (`/proc/<pid>/status`, Linux), so that
 * a process busy in a loop is measured too. Undefined where the system does not tell (the watchdog the
 * child carries measures itself there).
 */
export function residentBytes(pid: number | undefined): number | undefined {
  if (!pid || process.platform !== 'linux') return undefined;
  try {
    const kb = /^VmRSS:\s+(\d+) kB/m.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    return kb === undefined ? undefined : Number(kb) * 1024;
  } catch {
    return undefined;
  }
}

/**
 * The source of a watchdog thread for a child process (run with `new Worker(source, { eval: true, workerData })`):
 * on its own thread, so a main thread spinning in a loop does not stop it, it ends the process when its
 * parent is gone (reparented, or no such process) or when its resident memory passes `residentLimitBytes`, saying so
 * on stderr first (the parent reads that line: `WATCHDOG_MEMORY`).
 */
export const WATCHDOG_MEMORY = 'watchdog: resident memory over the limit';
export const watchdogSource = `
const { workerData } = require('node:worker_threads');
const fs = require('node:fs');
const { ppid, residentLimitBytes, intervalMs } = workerData;
// process.ppid is not live on a worker thread: the parent is read from /proc (Linux), else probed by signal 0.
const parentGone = () => {
  try {
    const now = /^PPid:\\s+(\\d+)/m.exec(fs.readFileSync('/proc/self/status', 'utf8'));
    if (now) return Number(now[1]) !== ppid;
  } catch {}
  try {
    process.kill(ppid, 0);
    return false;
  } catch (error) {
    return error.code === 'ESRCH';
  }
};
setInterval(() => {
  if (parentGone()) process.kill(process.pid, 'SIGKILL');
  const rss = process.memoryUsage.rss();
  if (residentLimitBytes && rss > residentLimitBytes) {
    try { fs.writeSync(2, '\\n${WATCHDOG_MEMORY} (' + Math.round(rss / 1048576) + ' MB)\\n'); } catch {}
    process.kill(process.pid, 'SIGKILL');
  }
}, intervalMs || 250);
`;

/** Children to stop when this process ends (exit, SIGINT, SIGTERM): nothing they run outlives what started them. */
const children = new Set<ChildProcess>();
let installed = false;

function stopAll(): void {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  children.clear();
}

function onSignal(signal: NodeJS.Signals): void {
  stopAll();
  // Alone in listening, this handler must not swallow the signal: the process ends as it would have.
  if (process.listenerCount(signal) === 1) {
    process.removeListener(signal, onSignal);
    process.kill(process.pid, signal);
  }
}

/** Stops `child` when this process ends; forgotten once the child has exited. */
export function stopWithParent(child: ChildProcess): void {
  if (!installed) {
    installed = true;
    process.on('exit', stopAll);
    // First in line, so that the listeners the process has of its own (a `once` included) are still counted.
    process.prependListener('SIGINT', onSignal);
    process.prependListener('SIGTERM', onSignal);
  }
  children.add(child);
  child.once('exit', () => children.delete(child));
}
