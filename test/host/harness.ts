// The host-test harness: `test(name, fn, { timeout })` registers a test that runs inside a real extension
// host, with the real `vscode` API. The bundled suite exports `run()`, called either by the test-runner
// extension (code-server: `runAll` with a reporter streaming to the test process) or by
// @vscode/test-electron (desktop: `run()`, printing to the console).
import * as vscode from 'vscode';

export interface HostTestOptions {
  /** Milliseconds before the test fails as timed out (default 10 000). */
  timeout?: number;
}

export interface HostTestResult {
  name: string;
  ok: boolean;
  ms: number;
  error?: string;
}

interface HostTest {
  name: string;
  fn: () => unknown | Promise<unknown>;
  timeout: number;
}

/** The suite's tests in declaration order: filled as the bundled *.host.ts modules load. */
const registered: HostTest[] = [];

export function test(name: string, fn: () => unknown | Promise<unknown>, options: HostTestOptions = {}): void {
  if (registered.some((t) => t.name === name)) throw new Error(`duplicate host test name: ${name}`);
  registered.push({ name, fn, timeout: options.timeout ?? 10_000 });
}

declare const HOST_FIXTURES_DIR: string;
/** The repository's test/fixtures folder (set when the suite is bundled), for fixtures too heavy to copy. */
export const fixturesDir: string = HOST_FIXTURES_DIR;

const productId = 'botpress-toolkit.botpress-toolkit';

/** The product extension, activated (activation is lazy: tests ask for it explicitly). */
export async function activateProduct(): Promise<vscode.Extension<unknown>> {
  const extension = vscode.extensions.getExtension(productId);
  if (!extension) throw new Error(`extension ${productId} is not installed in this host`);
  await extension.activate();
  return extension;
}

/** Polls `condition` until it returns a truthy value (returned) or `timeout` ms pass. */
export async function waitFor<T>(condition: () => T | Promise<T>, timeout = 5_000, what = 'condition'): Promise<T> {
  const deadline = Date.now() + timeout;
  for (;;) {
    const value = await condition();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeout} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

function withTimeout(work: Promise<unknown>, ms: number): Promise<unknown> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms`)), ms);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

const describeError = (error: unknown) => (error instanceof Error ? (error.stack ?? error.message) : String(error));

/**
 * Runs every registered test in order, reporting each result as it finishes. Resolves with all results;
 * rejects when any failed (so @vscode/test-electron exits non-zero).
 */
export async function runAll(onResult: (result: HostTestResult) => void | Promise<void>): Promise<HostTestResult[]> {
  const results: HostTestResult[] = [];
  for (const t of registered) {
    const started = performance.now();
    let result: HostTestResult;
    try {
      await withTimeout(Promise.resolve().then(t.fn), t.timeout);
      result = { name: t.name, ok: true, ms: performance.now() - started };
    } catch (error) {
      result = { name: t.name, ok: false, ms: performance.now() - started, error: describeError(error) };
    }
    results.push(result);
    await onResult(result);
  }
  const failed = results.filter((r) => !r.ok).length;
  if (failed) throw new Error(`${failed} of ${results.length} host test(s) failed`);
  return results;
}

export function printResult(result: HostTestResult): void {
  const line = `${result.ok ? 'ok' : 'not ok'} - ${result.name} (${Math.round(result.ms)} ms)`;
  console.log(result.error ? `${line}\n${result.error}` : line);
}
