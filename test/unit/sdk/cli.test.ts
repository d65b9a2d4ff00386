import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fixtures, requireSdkFixtures } from './helpers';

const root = path.join(__dirname, '..', '..', '..');
const run = (...args: string[]) =>
  spawnSync(process.execPath, [path.join(root, 'dist', 'cli.js'), ...args], { cwd: fixtures, encoding: 'utf8' });

/** Every path under the fixture projects (not the shared node_modules), to prove the validator writes nothing. */
function listing(): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      if (e.name === 'node_modules') continue;
      const p = path.join(d, e.name);
      out.push(`${path.relative(fixtures, p)} ${e.isFile() ? fs.statSync(p).mtimeMs : ''}`);
      if (e.isDirectory()) walk(p);
    }
  };
  walk(fixtures);
  return out.sort();
}

before(() => {
  requireSdkFixtures();
  const build = spawnSync(process.execPath, ['esbuild.js'], { cwd: root, encoding: 'utf8' });
  assert.equal(build.status, 0, build.stderr);
});

test('validate: SDK definitions and folders holding them, same output contract, nothing written', () => {
  const before = listing();
  const ok = run('validate', 'bot', 'integration/integration.definition.ts', 'plugin');
  assert.equal(ok.status, 0, ok.stdout + ok.stderr);
  assert.equal(ok.stdout.trim(), '0 errors, 0 warnings in 3 files.');
  const bad = run('validate', 'broken-integration');
  assert.equal(bad.status, 1);
  assert.deepEqual(bad.stdout.trim().split('\n'), [
    'broken-integration/integration.definition.ts:6:3: error BP502 `readme` must name a .md file.',
    'broken-integration/integration.definition.ts:7:3: error BP501 `icon` names "missing.svg", which does not exist next to this file.',
    'broken-integration/integration.definition.ts:9:5: error BP401 The action name "do_it" must be camelCase ' +
      '(start with a lowercase letter; letters and digits only; no two capitals in a row): "doIt".',
    'broken-integration/integration.definition.ts:12:5: error BP403 The secret name "apiKey" must be SCREAMING_SNAKE_CASE ' +
      '(capital letters, digits and single underscores): "API_KEY".',
    '4 errors, 0 warnings in 1 file.',
  ]);
  const all = run('validate', '.', '--format', 'json');
  assert.equal(all.status, 1);
  assert.deepEqual(
    JSON.parse(all.stdout).files.map((f: { path: string }) => f.path),
    [
      './bot/bot.definition.ts',
      './broken-bot/bot.definition.ts',
      './broken-integration/integration.definition.ts',
      './deploy-plugin/plugin.definition.ts',
      './integration/integration.definition.ts',
      './leads-bot/bot.definition.ts',
      './plugin/plugin.definition.ts',
      './runtime-bot/bot.definition.ts',
    ],
  );
  assert.deepEqual(listing(), before);
  assert.equal(run('validate', 'bot/src/index.ts').status, 2);
});
