import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { BackgroundChecker } from '../../../src/core/definitions/background';
import { validateDefinition } from '../../../src/core/definitions';
import { bundleWorker } from '../worker';

let dir: string;
let script: string;

before(() => {
  // The worker as the extension ships it: bundled, plain JavaScript.
  ({ script, dir } = bundleWorker('src/core/definitions/worker.ts', 'definitionsWorker.js'));
});

after(() => fs.rmSync(dir, { recursive: true, force: true }));

const request = (text: string) => ({ text, kind: 'bot' as const, fileName: '/project/bot.definition.yaml', checkFiles: false });

function manyStates(n: number): string {
  const lines = ['name: big', 'states:'];
  for (let i = 0; i < n; i++)
    lines.push(
      `  state${i}:`,
      '    type: user',
      '    schema: { type: object, title: S, description: S, properties: { a: { type: string } } }',
    );
  return lines.join('\n') + '\n';
}

test('a check on the worker finds what the core finds', async () => {
  const checker = new BackgroundChecker(script);
  try {
    const text = 'name: x\nevnts: {}\nstates:\n  my_state: { type: user, schema: { type: object } }\n';
    assert.deepEqual(
      await checker.check('a', request(text)),
      validateDefinition(text, { kind: 'bot', fileName: '/project/bot.definition.yaml' }).problems,
    );
  } finally {
    checker.dispose();
  }
});

test('the caller never waits on a check: its timers run while a large file is checked', async () => {
  const checker = new BackgroundChecker(script);
  try {
    let ticks = 0;
    const timer = setInterval(() => ticks++, 5);
    const problems = await checker.check('big', request(manyStates(30_000)));
    clearInterval(timer);
    assert.deepEqual(problems, []);
    assert.ok(ticks > 3, `the caller's timers ran ${ticks} times during the check`);
  } finally {
    checker.dispose();
  }
});

test('a newer version of a document cancels the running check and a queued one; other documents wait their turn', async () => {
  const checker = new BackgroundChecker(script);
  try {
    const slow = checker.check('doc', request(manyStates(30_000)));
    const other = checker.check('other', request('name: o\nevnts: 1\n'));
    const queued = checker.check('doc', request('name: v2\n'));
    const latest = checker.check('doc', request('name: v3\nevnts: 1\n'));
    assert.equal(await slow, undefined, 'the running check was cancelled');
    assert.equal(await queued, undefined, 'the queued check was replaced');
    assert.deepEqual(
      (await latest)?.map((p) => p.code),
      ['BP201'],
    );
    assert.deepEqual(
      (await other)?.map((p) => p.code),
      ['BP201'],
    );
  } finally {
    checker.dispose();
  }
});

test('a closed document drops its check; after dispose, checks resolve at once', async () => {
  const checker = new BackgroundChecker(script);
  const slow = checker.check('doc', request(manyStates(30_000)));
  checker.cancel('doc');
  assert.equal(await slow, undefined);
  assert.deepEqual(await checker.check('doc', request('name: ok\n')), []);
  checker.dispose();
  assert.equal(await checker.check('doc', request('name: ok\n')), undefined);
});
