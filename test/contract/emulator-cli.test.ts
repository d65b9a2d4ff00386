// The emulator's command line: `npm run emulator -- …` prints the ready line, serves, and stops on
// SIGTERM; bad arguments get a clear message.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import path from 'node:path';
import { test } from 'node:test';

const root = path.join(__dirname, '..', '..');
const run = (args: string[]) =>
  spawn(process.execPath, ['scripts/run-ts.js', 'src/emulator/main.ts', ...args], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });

test('prints exactly the ready line, answers with its token, stops cleanly on SIGTERM', async () => {
  const child = run(['--port', '0', '--token', 'cli-token', '--seed', 'empty', '--faults', 'latency=1', '--log-rate', '5']);
  let out = '';
  const ready = await new Promise<string>((resolve, reject) => {
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /^listening on (http:\/\/127\.0\.0\.1:\d+)\n/.exec(out);
      if (m) resolve(m[1]);
    });
    child.once('exit', (code) => reject(new Error(`exited early with ${code}: ${out}`)));
  });
  const res = await fetch(`${ready}/v1/admin/workspaces`, { headers: { authorization: 'Bearer cli-token' } });
  const { workspaces } = (await res.json()) as { workspaces: { name: string }[] };
  assert.deepEqual(
    workspaces.map((w) => w.name),
    ['Local Workspace'],
  );
  assert.equal((await fetch(`${ready}/v1/admin/workspaces`)).status, 401);
  child.kill('SIGTERM');
  const [code] = await once(child, 'exit');
  assert.equal(code, 0);
});

test('bad arguments exit with a clear message', async () => {
  const child = run(['--seed', 'galaxy']);
  let err = '';
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  const [code] = await once(child, 'exit');
  assert.equal(code, 2);
  assert.match(err, /--seed must be demo or empty, got "galaxy"/);
});
