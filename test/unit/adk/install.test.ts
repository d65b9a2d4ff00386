import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { installArgs, packageManagerOf } from '../../../src/adk/install';

test('the package manager comes from the nearest lockfile, the project folder first, then its parents', (t) => {
  const top = fs.mkdtempSync(path.join(os.tmpdir(), 'adk-install-'));
  t.after(() => fs.rmSync(top, { recursive: true, force: true }));
  const agent = path.join(top, 'agents', 'order-agent');
  fs.mkdirSync(agent, { recursive: true });
  assert.equal(packageManagerOf(agent), 'npm', 'no lockfile anywhere: npm');
  fs.writeFileSync(path.join(top, 'pnpm-lock.yaml'), '');
  assert.equal(packageManagerOf(agent), 'pnpm', 'the monorepo root’s');
  fs.writeFileSync(path.join(agent, 'bun.lock'), '');
  assert.equal(packageManagerOf(agent), 'bun', 'the project’s own wins');
  fs.rmSync(path.join(agent, 'bun.lock'));
  fs.writeFileSync(path.join(agent, 'yarn.lock'), '');
  assert.equal(packageManagerOf(agent), 'yarn');
});

test('install everything, or add one development package, in each manager’s words', () => {
  assert.deepEqual(installArgs('npm'), ['install']);
  assert.deepEqual(installArgs('bun'), ['install']);
  assert.deepEqual(installArgs('npm', 'esbuild'), ['install', '--save-dev', 'esbuild']);
  assert.deepEqual(installArgs('bun', 'esbuild'), ['add', '--dev', 'esbuild']);
  assert.deepEqual(installArgs('pnpm', 'esbuild'), ['add', '--save-dev', 'esbuild']);
  assert.deepEqual(installArgs('yarn', 'esbuild'), ['add', '--dev', 'esbuild']);
});
