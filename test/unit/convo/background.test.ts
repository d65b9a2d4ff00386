// Conversation test discovery off the caller's thread: the worker as the extension ships it (bundled),
// each file within a time budget and failing alone.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { buildSuite, type SuiteFile } from '../../../src/core/convo';
import { SuiteReader } from '../../../src/core/convo/background';
import { bundleWorker } from '../worker';

let dir: string;
let script: string;
const readers: SuiteReader[] = [];
const reader = (options?: ConstructorParameters<typeof SuiteReader>[1]) => {
  const r = new SuiteReader(script, options);
  readers.push(r);
  return r;
};

before(() => {
  ({ script, dir } = bundleWorker('src/core/convo/worker.ts', 'convoWorker.js'));
});

after(() => {
  for (const r of readers) r.dispose();
  fs.rmSync(dir, { recursive: true, force: true });
});

const plain = (turns: number) => 'Big\n' + Array.from({ length: turns / 2 }, (_, i) => `#me\nhello ${i}\n#bot\nhi ${i}\n`).join('');
const folder: SuiteFile[] = [
  { file: 'a.convo.txt', text: 'A\n#include Login\n#me\nUTT_HI\n#bot\nok\n' },
  { file: 'login.pconvo.txt', text: 'Login\n#me\nlog in\n#bot\nwelcome\n' },
  { file: 'hi.utterances.txt', text: 'UTT_HI\nhi\nhello\n' },
  { file: 'b.convo.txt', text: 'B\n#me\nx\n#bot\nTEXT_REGEXP_ANY (a)\\1\n' },
];

test('the worker reads a suite as buildSuite does', async () => {
  assert.deepEqual(await reader().read(folder), buildSuite(folder));
});

test('a file past its time budget fails alone, with a problem of its own; the folder still lists', async () => {
  const big = { file: 'big.convo.txt', text: plain(200_000) };
  const started = performance.now();
  const suite = (await reader({ fileBudgetMs: 20 }).read([...folder, big]))!;
  const ms = performance.now() - started;
  const bigEntry = suite.entries.find((e) => e.file === 'big.convo.txt')!;
  assert.deepEqual(bigEntry.problems, [
    { file: 'big.convo.txt', line: 1, message: 'Reading this file took longer than 0.02 s: it was stopped (no file may slow the editor).' },
  ]);
  assert.deepEqual(
    suite.entries.filter((e) => e !== bigEntry),
    buildSuite(folder).entries,
  );
  assert.ok(ms < 10_000, `took ${ms.toFixed(0)} ms`);
});

test('a file that runs the worker out of memory fails alone', async () => {
  const huge = { file: 'huge.convo.txt', text: plain(100_000) };
  const suite = (await reader({ maxHeapMb: 8, fileBudgetMs: 60_000 }).read([...folder, huge]))!;
  const hugeEntry = suite.entries.find((e) => e.file === 'huge.convo.txt')!;
  assert.match(hugeEntry.problems[0]!.message, /Reading this file stopped its reader \(out of memory\)/);
  assert.equal(suite.entries.find((e) => e.file === 'a.convo.txt')!.tests.length, 2);
});

test('a newer read replaces one running, which resolves undefined', async () => {
  const r = reader();
  const first = r.read([{ file: 'big.convo.txt', text: plain(100_000) }]);
  const second = r.read(folder);
  assert.equal(await first, undefined);
  assert.deepEqual(await second, buildSuite(folder));
});

test('the 20,000-step convo of the issue: discovery through the worker', async () => {
  const r = reader();
  await r.read(folder); // The worker started.
  const started = performance.now();
  const suite = (await r.read([{ file: 'big.convo.txt', text: plain(20_000) }]))!;
  const ms = performance.now() - started;
  assert.equal(suite.tests[0]!.steps.length, 20_000);
  assert.ok(ms < 5_000, `took ${ms.toFixed(0)} ms`);
  console.log(`# discovery of a 20,000-step convo through the worker: ${ms.toFixed(0)} ms`);
});
