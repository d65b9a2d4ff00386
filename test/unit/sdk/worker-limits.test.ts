// The SDK evaluation worker against hostile definitions: memory held outside the V8 heap (Buffers), timers
// left running into the next evaluation, a parent that dies or is told to stop, messages forged with
// `process.send`, and a result too large to carry.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { SdkEvaluator } from '../../../src/sdk/evaluator';
import { fixture, requireSdkFixtures } from './helpers';

const botFile = fixture('bot', 'bot.definition.ts');
const pluginFile = fixture('plugin', 'plugin.definition.ts');
const botText = () => fs.readFileSync(botFile, 'utf8');
const withCode = (code: string) => botText().replace('export default', `${code}\nexport default`);
const codes = (r: { problems: { code: string; severity: string }[] }) =>
  r.problems.filter((p) => p.severity === 'error').map((p) => p.code);
const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return !/^State:\s+Z/m.test(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
  } catch {
    return false;
  }
};
/** The evaluation workers (worker.ts) whose parent is `pid`: not tsx's esbuild service beside them. */
const workersOf = (pid: number): number[] => {
  try {
    return execFileSync('ps', ['-o', 'pid=,args=', '--ppid', String(pid)], { encoding: 'utf8' })
      .split('\n')
      .filter((l) => /worker\.ts|sdk-worker\.js/.test(l))
      .map((l) => Number(l.trim().split(/\s+/)[0]));
  } catch {
    return [];
  }
};
async function until(what: string, ms: number, condition: () => boolean): Promise<void> {
  const deadline = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

before(() => requireSdkFixtures());

let evaluator: SdkEvaluator;
before(() => (evaluator = new SdkEvaluator({ timeoutMs: 3000 })));
after(() => evaluator.dispose());

test('a definition filling memory with Buffers (outside the V8 heap) is stopped by its resident size', { timeout: 60_000 }, async () => {
  const small = new SdkEvaluator({ memoryMb: 96, timeoutMs: 30_000 });
  try {
    await small.evaluate(botFile); // warm
    const started = Date.now();
    const r = await small.evaluate(botFile, {
      text: withCode('const hoard: Buffer[] = []\nfor (;;) hoard.push(Buffer.alloc(16 * 1024 * 1024, 1))'),
    });
    const took = Date.now() - started;
    assert.deepEqual(codes(r), ['BP113'], r.problems.map((p) => p.message).join('; '));
    assert.match(r.problems[0].message, /ran out of memory \(limit 96 MB/);
    console.log(`Buffer hoard stopped after ${took} ms: ${r.problems[0].message}`);
    assert.ok(took < 10_000, `stopped in ${took} ms, long before the 30 s time limit`);
    assert.deepEqual((await small.evaluate(botFile)).problems, []);
  } finally {
    small.dispose();
  }
});

for (const [name, timer] of [
  ['a timer', 'setTimeout(() => { for (;;) {} }, 300)'],
  ['an unreferenced timer', 'setTimeout(() => { for (;;) {} }, 300).unref()'],
] as const) {
  test(`${name} a definition leaves behind never reaches the next evaluation`, { timeout: 30_000 }, async () => {
    const r = await evaluator.evaluate(botFile, { text: withCode(timer) });
    assert.deepEqual(r.problems, []);
    await new Promise((resolve) => setTimeout(resolve, 600)); // the timer has fired: a reused process would spin
    const started = Date.now();
    const next = await evaluator.evaluate(botFile);
    assert.deepEqual(next.problems, []);
    assert.ok(Date.now() - started < 15_000, `the next evaluation answered in ${Date.now() - started} ms`);
  });
}

test('a forged result sent with process.send fails that project alone, saying so', { timeout: 30_000 }, async () => {
  const fresh = new SdkEvaluator({ timeoutMs: 5000 });
  try {
    const [forged, other] = await Promise.all([
      fresh.evaluate(botFile, { text: withCode("process.send!({ type: 'result', id: 1 })") }),
      fresh.evaluate(pluginFile),
    ]);
    assert.deepEqual(codes(forged), ['BP113']);
    assert.match(forged.problems[0].message, /sent a message the toolkit does not accept \(a result without a valid outcome\)/);
    assert.match(forged.problems[0].message, /process\.send/);
    assert.deepEqual(codes(other), []);
    assert.deepEqual((await fresh.evaluate(botFile)).problems, []);
  } finally {
    fresh.dispose();
  }
});

test('a result too large to carry (25 descriptions of 4 MB) becomes a problem, not 100 MB in the caller', { timeout: 60_000 }, async () => {
  const events = Array.from({ length: 25 }, (_, i) => `e${i}: { description: huge + ${i}, schema: z.object({}) }`).join(', ');
  const text = botText()
    .replace('export default', "const huge = 'x'.repeat(4 * 1024 * 1024)\nexport default")
    .replace(/events: \{/, `events: { ${events},`);
  const patient = new SdkEvaluator({ timeoutMs: 30_000, memoryMb: 1024 });
  const started = Date.now();
  const r = await patient.evaluate(botFile, { text }).finally(() => patient.dispose());
  console.log(`25 × 4 MB descriptions answered in ${Date.now() - started} ms: ${r.problems[0]?.message}`);
  assert.deepEqual(codes(r), ['BP114'], r.problems.map((p) => p.message.slice(0, 200)).join('; '));
  assert.match(r.problems[0].message, /evaluates to 100(\.\d)? MB of JSON, more than the 8 MB the toolkit accepts/);
  assert.equal(r.body, undefined);
});

/** A parent process with its evaluator busy in a looping definition; returns its pid and its worker's. */
async function parentWithLoopingWorker(): Promise<{ parent: ReturnType<typeof spawn>; worker: number }> {
  const script = `
    const { SdkEvaluator } = require(${JSON.stringify(path.resolve(__dirname, '../../../src/sdk/evaluator.ts'))});
    const e = new SdkEvaluator({ timeoutMs: 120000 });
    const fs = require('node:fs');
    const file = ${JSON.stringify(botFile)};
    e.evaluate(file, { text: fs.readFileSync(file, 'utf8').replace('export default', 'for (;;) {}\\nexport default') });
    setInterval(() => {}, 1000);
  `;
  const parent = spawn(process.execPath, ['--import', 'tsx', '-e', script], { stdio: 'ignore' });
  let worker = 0;
  await until('the worker to start', 30_000, () => ((worker = workersOf(parent.pid!)[0]), !!worker));
  await new Promise((r) => setTimeout(r, 3000)); // loaded and looping
  assert.ok(alive(worker));
  return { parent, worker };
}

test(
  'a worker busy in a loop ends when its parent is killed (no orphan at ppid 1)',
  { timeout: 60_000, skip: process.platform !== 'linux' },
  async () => {
    const { parent, worker } = await parentWithLoopingWorker();
    parent.kill('SIGKILL');
    await until('the orphaned worker to end', 5000, () => !alive(worker));
  },
);

test(
  'the parent stops its workers on SIGTERM and SIGINT, and still ends',
  { timeout: 90_000, skip: process.platform !== 'linux' },
  async () => {
    for (const signal of ['SIGTERM', 'SIGINT'] as const) {
      const { parent, worker } = await parentWithLoopingWorker();
      const exited = new Promise((resolve) => parent.once('exit', (code, sig) => resolve(sig ?? code)));
      parent.kill(signal);
      assert.equal(await exited, signal);
      await until(`the worker to end after ${signal}`, 2000, () => !alive(worker));
    }
  },
);
