import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const root = path.join(__dirname, '..', '..', '..');
const cli = path.join(root, 'dist', 'cli.js');
let dir: string;

const run = (...args: string[]) => spawnSync(process.execPath, [cli, ...args], { cwd: dir, encoding: 'utf8' });

before(() => {
  const build = spawnSync(process.execPath, ['esbuild.js'], { cwd: root, encoding: 'utf8' });
  assert.equal(build.status, 0, build.stderr);
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bp-validate-'));
  const write = (file: string, text: string) => {
    fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    fs.writeFileSync(path.join(dir, file), text);
  };
  write('good/bot.definition.yaml', 'name: good\ncode: index.ts\n');
  write('good/index.ts', 'export default {}\n');
  write('warn/integration.definition.json', '{"name": "w", "version": "1.0.0", "user": {"tags": {"id": {"title": "Id"}}}}');
  write(
    'bad/bot.definition.yml',
    'name: bad\nevnts: {}\nstates:\n  my_state: { type: user, schema: { type: object, title: S, description: S } }\n',
  );
  write('bad/node_modules/dep/bot.definition.yaml', 'bogus: 1\n');
  write('bad/.git/bot.definition.yaml', 'bogus: 1\n');
  write('latin1/bot.definition.yaml', '');
  fs.writeFileSync(path.join(dir, 'latin1/bot.definition.yaml'), Buffer.from([0x6e, 0x61, 0x6d, 0x65, 0x3a, 0x20, 0xe9, 0x0a]));
});

after(() => fs.rmSync(dir, { recursive: true, force: true }));

test('a valid file: exit 0 and a summary', () => {
  const r = run('validate', 'good/bot.definition.yaml');
  assert.equal(r.status, 0, r.stdout + r.stderr);
  assert.equal(r.stdout.trim(), '0 errors, 0 warnings in 1 file.');
});

test('warnings only: exit 0; errors: exit 1, one line per problem, 1-based, path as given', () => {
  const w = run('validate', 'warn');
  assert.equal(w.status, 0);
  assert.match(w.stdout, /^warn\/integration\.definition\.json:1:\d+: warning BP602 The tag "id" has no description\.$/m);
  const b = run('validate', './bad');
  assert.equal(b.status, 1);
  const lines = b.stdout.trim().split('\n');
  assert.deepEqual(lines, [
    './bad/bot.definition.yml:2:1: error BP201 Unknown key "evnts". Did you mean "events"?',
    './bad/bot.definition.yml:4:3: error BP401 The state name "my_state" must be camelCase ' +
      '(start with a lowercase letter; letters and digits only; no two capitals in a row): "myState".',
    '2 errors, 0 warnings in 1 file.',
  ]);
});

test('folders are searched, node_modules and .git skipped; --format json', () => {
  const r = run('validate', '.', '--format', 'json');
  assert.equal(r.status, 1);
  const report = JSON.parse(r.stdout);
  assert.deepEqual(report.files.map((f: { path: string }) => f.path).sort(), [
    './bad/bot.definition.yml',
    './good/bot.definition.yaml',
    './latin1/bot.definition.yaml',
    './warn/integration.definition.json',
  ]);
  const bad = report.files.find((f: { path: string }) => f.path.startsWith('./bad'));
  assert.deepEqual(bad.problems[0], {
    code: 'BP201',
    severity: 'error',
    message: 'Unknown key "evnts". Did you mean "events"?',
    line: 2,
    column: 1,
    endLine: 2,
    endColumn: 6,
  });
  assert.equal(report.errors, 3);
  assert.equal(report.warnings, 1);
  const latin1 = report.files.find((f: { path: string }) => f.path.startsWith('./latin1'));
  assert.match(latin1.problems[0].message, /not valid UTF-8/);
});

test('bad usage: exit 2 with the usage; --help: exit 0', () => {
  for (const args of [
    [],
    ['lint'],
    ['validate'],
    ['validate', 'missing'],
    ['validate', 'good', '--format', 'xml'],
    ['validate', 'good/index.ts'],
    ['validate', '--bogus', 'good'],
  ]) {
    const r = run(...args);
    assert.equal(r.status, 2, args.join(' '));
    assert.match(r.stderr, /usage: botpress-toolkit validate/);
  }
  fs.mkdirSync(path.join(dir, 'empty'));
  assert.equal(run('validate', 'empty').status, 2);
  const help = run('--help');
  assert.equal(help.status, 0);
  assert.match(help.stdout, /--format json/);
});

/**
 * Runs the validator as an unprivileged user where the tests run as root (root reads any file, so
 * permissions could not be tested otherwise): the scratch folder is made readable to everyone first.
 */
/** Runs the CLI as `nobody` when run as root (root reads everything), from a copy `nobody` can read wherever the clone is. */
function runUnprivileged(cwd: string, ...args: string[]) {
  if (process.getuid?.() !== 0) return spawnSync(process.execPath, [cli, ...args], { cwd, encoding: 'utf8' });
  const readable = fs.mkdtempSync(path.join(os.tmpdir(), 'bp-cli-copy-'));
  try {
    fs.chmodSync(readable, 0o755);
    fs.copyFileSync(cli, path.join(readable, 'cli.js'));
    fs.chmodSync(path.join(readable, 'cli.js'), 0o644);
    const command = ['--reuid=nobody', '--regid=nogroup', '--clear-groups', process.execPath, path.join(readable, 'cli.js'), ...args];
    return spawnSync('setpriv', command, { cwd, encoding: 'utf8' });
  } finally {
    fs.rmSync(readable, { recursive: true, force: true });
  }
}

test('unreadable files and folders are problem rows; the run goes on and exits 1', () => {
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'bp-validate-perm-'));
  try {
    fs.chmodSync(scratch, 0o755);
    for (const sub of ['a', 'locked', 'z']) fs.mkdirSync(path.join(scratch, sub), { mode: 0o755 });
    fs.writeFileSync(path.join(scratch, 'a', 'bot.definition.yaml'), 'name: a\n', { mode: 0o000 });
    fs.writeFileSync(path.join(scratch, 'locked', 'bot.definition.yaml'), 'name: hidden\n');
    fs.chmodSync(path.join(scratch, 'locked'), 0o000);
    fs.writeFileSync(path.join(scratch, 'z', 'bot.definition.yaml'), 'name: z\nevnts: {}\n', { mode: 0o644 });
    fs.chmodSync(path.join(scratch, 'a', 'bot.definition.yaml'), 0o000);
    const r = runUnprivileged(scratch, 'validate', '.');
    assert.equal(r.stderr, '');
    assert.equal(r.status, 1);
    assert.deepEqual(r.stdout.trim().split('\n'), [
      './locked: error cannot read folder: permission denied',
      './a/bot.definition.yaml: error cannot read: permission denied',
      './z/bot.definition.yaml:2:1: error BP201 Unknown key "evnts". Did you mean "events"?',
      '3 errors, 0 warnings in 2 files.',
    ]);
    const json = JSON.parse(runUnprivileged(scratch, 'validate', 'a/bot.definition.yaml', '--format', 'json').stdout);
    assert.deepEqual(json.files, [
      { path: 'a/bot.definition.yaml', problems: [{ severity: 'error', message: 'cannot read: permission denied' }] },
    ]);
    assert.equal(json.errors, 1);
  } finally {
    fs.chmodSync(path.join(scratch, 'locked'), 0o755);
    fs.rmSync(scratch, { recursive: true, force: true });
  }
});

test('symlinks: loops and broken links are reported, a file reached twice is checked once', () => {
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'bp-validate-links-'));
  try {
    fs.mkdirSync(path.join(scratch, 'bot'));
    fs.writeFileSync(path.join(scratch, 'bot', 'bot.definition.yaml'), 'name: b\n');
    fs.symlinkSync('..', path.join(scratch, 'bot', 'up'));
    fs.symlinkSync('bot', path.join(scratch, 'same'));
    fs.symlinkSync('missing.yaml', path.join(scratch, 'bot', 'integration.definition.yaml'));
    fs.symlinkSync('self', path.join(scratch, 'self'));
    const r = spawnSync(process.execPath, [cli, 'validate', '.'], { cwd: scratch, encoding: 'utf8' });
    assert.equal(r.stderr, '');
    assert.equal(r.status, 0, r.stdout);
    assert.deepEqual(r.stdout.trim().split('\n'), [
      './bot/integration.definition.yaml: warning skipped symlink: its target does not exist',
      './bot/up: warning skipped: symlink loop (back to .)',
      './same: info skipped: the same folder as ./bot',
      './self: warning skipped symlink: symlink loop',
      '0 errors, 3 warnings, 1 notice in 1 file.',
    ]);
  } finally {
    fs.rmSync(scratch, { recursive: true, force: true });
  }
});

test('text output escapes control characters and line breaks read from the file', () => {
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'bp-validate-escape-'));
  try {
    fs.writeFileSync(path.join(scratch, 'bot.definition.yaml'), 'name: x\n"evil\\nfake.yaml:1:1: error BP000 forged\\u001b[2J": 1\n');
    const r = spawnSync(process.execPath, [cli, 'validate', 'bot.definition.yaml'], { cwd: scratch, encoding: 'utf8' });
    assert.equal(r.status, 1);
    const lines = r.stdout.trim().split('\n');
    assert.equal(lines.length, 2, r.stdout);
    assert.equal(
      lines[0],
      'bot.definition.yaml:2:1: error BP201 Unknown key "evil\\nfake.yaml:1:1: error BP000 forged\\u001b[2J". Allowed: ' +
        lines[0].split('Allowed: ')[1],
    );
    assert.doesNotMatch(r.stdout, /\u001b/);
  } finally {
    fs.rmSync(scratch, { recursive: true, force: true });
  }
});
