// The bp CLI's output as the toolkit reads it: the problem matchers contributed in package.json and the
// line parser of the task terminal, against output recorded from the CLI's own formats
// (test/fixtures/bp-cli), and the validator's matcher against the validator's real output.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import {
  bpArgs,
  bpGenProcess,
  checkBpTask,
  credentialFlag,
  findBp,
  outputPatterns,
  parseLine,
  relocateLine,
  stripAnsi,
  windowsCommandLine,
} from '../../../src/sdk/bpCli';

const root = path.join(__dirname, '..', '..', '..');
const recording = (name: string) =>
  fs
    .readFileSync(path.join(root, 'test', 'fixtures', 'bp-cli', name), 'utf8')
    .split('\n')
    .filter((l, i, all) => l || i < all.length - 1);

interface Pattern {
  regexp: string;
  file: number;
  line: number;
  column: number;
  message: number;
  severity?: number;
  code?: number;
}
interface Matcher {
  name: string;
  pattern: string;
  fileLocation: unknown;
  background?: { activeOnStart: boolean; beginsPattern: string; endsPattern: string };
}
const manifest = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as {
  contributes: {
    problemPatterns: (Pattern & { name: string })[];
    problemMatchers: Matcher[];
    taskDefinitions: { type: string; properties: Record<string, { enum?: string[] }> }[];
  };
};
const matcher = (name: string) => {
  const m = manifest.contributes.problemMatchers.find((x) => x.name === name);
  assert.ok(m, `problem matcher ${name} is contributed`);
  const pattern = manifest.contributes.problemPatterns.find((p) => `$${p.name}` === m.pattern);
  assert.ok(pattern, `its pattern ${m.pattern} is contributed`);
  return { ...m, pattern };
};

/** What VS Code's line matcher makes of each line: one problem per matching line. */
function match(name: string, lines: string[]) {
  const { pattern } = matcher(name);
  const re = new RegExp(pattern.regexp);
  return lines.flatMap((l) => {
    const m = re.exec(l);
    if (!m) return [];
    return [
      {
        file: m[pattern.file],
        line: Number(m[pattern.line]),
        column: Number(m[pattern.column]),
        message: m[pattern.message],
        ...(pattern.code ? { code: m[pattern.code], severity: m[pattern.severity!] } : {}),
      },
    ];
  });
}

test('the esbuild matcher finds each bundle error at its file, line and column', () => {
  assert.deepEqual(match('bp-esbuild', recording('build-bundle-error.txt')), [
    { file: 'src/index.ts', line: 4, column: 22, message: 'Could not resolve "./handlers/message"' },
    { file: 'src/actions/order.ts', line: 12, column: 9, message: 'Expected ";" but found "const"' },
  ]);
  assert.deepEqual(match('bp-esbuild', recording('definition-syntax-error.txt')), [
    { file: 'integration.definition.ts', line: 18, column: 4, message: 'Expected "}" but found ")"' },
  ]);
  assert.deepEqual(match('bp-esbuild', recording('definition-plugin-error.txt')), [
    { file: 'bot.definition.ts', line: 2, column: 24, message: 'Could not resolve "./bp_modules/telegram"' },
  ]);
});

test('the esbuild matcher ignores every other line the CLI prints', () => {
  for (const name of [
    'deploy-bot.txt',
    'deploy-error.txt',
    'dev-integration.txt',
    'add.txt',
    'add-error.txt',
    'gen-secret-error.txt',
    'not-logged-in.txt',
  ]) {
    assert.deepEqual(match('bp-esbuild', recording(name)), [], name);
  }
});

test('the contributed patterns are the ones the task terminal parses with', () => {
  assert.equal(matcher('bp-esbuild').pattern.regexp, outputPatterns.esbuild.source);
  const dev = matcher('bp-dev');
  assert.equal(dev.pattern.regexp, outputPatterns.esbuild.source);
  assert.equal(dev.background?.beginsPattern, outputPatterns.devBegins.source);
  assert.equal(dev.background?.endsPattern, outputPatterns.devEnds.source);
  assert.equal(dev.background?.activeOnStart, true);
});

test('bp dev: each cycle begins on a rebuild and ends deployed, unchanged or failed, and its problems belong to it', () => {
  const { background } = matcher('bp-dev');
  const begins = new RegExp(background!.beginsPattern);
  const ends = new RegExp(background!.endsPattern);
  const cycles: { ended?: string; problems: number }[] = [{ problems: 0 }];
  const lines = recording('dev-bot.txt');
  const esbuild = new RegExp(matcher('bp-dev').pattern.regexp);
  for (const l of lines) {
    if (begins.test(l)) cycles.push({ problems: 0 });
    const cycle = cycles[cycles.length - 1];
    if (esbuild.test(l)) cycle.problems++;
    if (ends.test(l) && !cycle.ended) cycle.ended = l;
  }
  assert.deepEqual(
    cycles.map((c) => [c.ended?.slice(0, 28), c.problems]),
    [
      ['✓ Dev Bot deployed with id "', 0],
      ['× Build failed: Build failed', 1],
      ['Skipping deployment step. No', 0],
    ],
  );
  assert.ok(ends.test(recording('dev-integration.txt').at(-1)!));
});

test('the task terminal reads the dev bot and integration ids, the CLI errors and the rebuilds', () => {
  const events = (name: string) => recording(name).map(parseLine).filter(Boolean);
  const dev = events('dev-bot.txt');
  assert.deepEqual(dev[0], { kind: 'devDeployed', what: 'bot', id: '8f1d2c3b-4a5e-4f60-8a7b-9c0d1e2f3a4b' });
  assert.deepEqual(
    dev.map((e) => e!.kind),
    ['devDeployed', 'devBegins', 'error', 'esbuild', 'devBegins'],
  );
  assert.deepEqual(events('dev-integration.txt'), [
    { kind: 'devDeployed', what: 'integration', id: 'a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d' },
  ]);
  assert.deepEqual(events('deploy-error.txt'), [
    { kind: 'error', message: 'Could not update bot "support-bot": Invalid state schema for "cart": the schema must describe an object' },
  ]);
  assert.deepEqual(events('not-logged-in.txt'), [{ kind: 'error', message: 'Not logged in. Please run `bp login` first.' }]);
  assert.deepEqual(events('deploy-bot.txt'), []);
});

test('colours and line clears of a terminal do not hide a line', () => {
  const coloured = '\x1b[2K\x1b[1G\x1b[32m✓\x1b[39m Dev Bot deployed with id "abc" at "https://tunnel.botpress.cloud/x"\r';
  assert.deepEqual(parseLine(coloured), { kind: 'devDeployed', what: 'bot', id: 'abc' });
  assert.deepEqual(parseLine('\x1b[31m×\x1b[39m Not logged in.'), { kind: 'error', message: 'Not logged in.' });
  assert.equal(stripAnsi('\x1b]633;A\x07plain\x1b[0m'), 'plain');
});

test('compiler lines of a project in a subfolder are rewritten relative to the workspace folder', () => {
  assert.equal(
    relocateLine('src/index.ts:4:22: ERROR: Could not resolve "x"', 'bots/support'),
    'bots/support/src/index.ts:4:22: ERROR: Could not resolve "x"',
  );
  assert.equal(relocateLine('src/index.ts(3,5): error TS2322: nope', 'bots/support'), 'bots/support/src/index.ts(3,5): error TS2322: nope');
  assert.equal(relocateLine('src/index.ts:3:5 - error TS2322: nope', 'bots/support'), 'bots/support/src/index.ts:3:5 - error TS2322: nope');
  for (const unchanged of [
    '× Build failed with 1 error:',
    '✓ Bundle available at .botpress',
    '/abs/file.ts:1:2: ERROR: x',
    '  indented.ts:1:2: ERROR: x',
    'Build completed in 3ms',
  ]) {
    assert.equal(relocateLine(unchanged, 'bots/support'), unchanged);
  }
  assert.equal(relocateLine('src/a.ts:1:1: ERROR: x', ''), 'src/a.ts:1:1: ERROR: x');
});

test('bp commands: add takes its package, and credentials never go on the command line', () => {
  assert.deepEqual(bpArgs('build'), ['build']);
  assert.deepEqual(bpArgs('dev', { args: ['--port', '8080'] }), ['dev', '--port', '8080']);
  assert.deepEqual(bpArgs('add', { package: ' telegram@1.0.0 ' }), ['add', 'telegram@1.0.0']);
  assert.throws(() => bpArgs('add'), /needs the package/);
  assert.equal(credentialFlag(['--token', 'x']), '--token');
  assert.equal(credentialFlag(['--workspaceId=w']), '--workspaceId=w');
  assert.equal(credentialFlag(['--apiUrl', 'u', '-y']), '--apiUrl');
  assert.equal(credentialFlag(['--confirm', '--tokenize']), undefined);
  const definition = manifest.contributes.taskDefinitions.find((d) => d.type === 'bp');
  assert.deepEqual(definition?.properties.command.enum, ['build', 'gen', 'deploy', 'dev', 'add']);
});

test("the project's own bp is found in node_modules/.bin (its folder or a parent), else on PATH", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bp-find-'));
  try {
    const project = path.join(dir, 'repo', 'bots', 'support');
    fs.mkdirSync(project, { recursive: true });
    const onPath = path.join(dir, 'bin');
    fs.mkdirSync(onPath);
    fs.writeFileSync(path.join(onPath, 'bp'), '');
    assert.equal(findBp(project, { PATH: '' }, 'linux'), undefined);
    assert.equal(findBp(project, { PATH: onPath }, 'linux'), path.join(onPath, 'bp'));
    const hoisted = path.join(dir, 'repo', 'node_modules', '.bin');
    fs.mkdirSync(hoisted, { recursive: true });
    fs.writeFileSync(path.join(hoisted, 'bp'), '');
    assert.equal(findBp(project, { PATH: onPath }, 'linux'), path.join(hoisted, 'bp'));
    fs.mkdirSync(path.join(project, 'node_modules', '.bin'), { recursive: true });
    fs.writeFileSync(path.join(project, 'node_modules', '.bin', 'bp.cmd'), '');
    assert.equal(findBp(project, { PATH: onPath }, 'win32'), path.join(project, 'node_modules', '.bin', 'bp.cmd'));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test("the botpress-toolkit matcher reads the validator's own output", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bp-matcher-'));
  try {
    fs.writeFileSync(
      path.join(dir, 'bot.definition.yaml'),
      'name: bad\nevnts: {}\nstates:\n  my_state: { type: user, schema: { type: object, title: S, description: S } }\n',
    );
    const build = spawnSync(process.execPath, ['esbuild.js'], { cwd: root, encoding: 'utf8' });
    assert.equal(build.status, 0, build.stderr);
    const run = spawnSync(process.execPath, [path.join(root, 'dist', 'cli.js'), 'validate', dir], { cwd: root, encoding: 'utf8' });
    assert.equal(run.status, 1, run.stderr);
    const problems = match('botpress-toolkit', run.stdout.split('\n'));
    assert.deepEqual(
      problems.map((p) => [p.file, p.line, p.column, p.severity, p.code]),
      [
        [path.join(dir, 'bot.definition.yaml'), 2, 1, 'error', 'BP201'],
        [path.join(dir, 'bot.definition.yaml'), 4, 3, 'error', 'BP401'],
      ],
    );
    assert.match(problems[1].message, /camelCase/);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('a bp task: each field reaching the command line checked; options moving the token or the project refused in every spelling', () => {
  assert.equal(checkBpTask({ command: 'add', package: 'telegram@1.0.0', args: ['-y'] }), undefined);
  assert.equal(checkBpTask({ command: 'dev', project: 'bots/support', args: ['--port', '8080'] }), undefined);
  assert.equal(checkBpTask({ command: 'add', package: 'interface:hitl@1.0.0' }), undefined);
  // The audit's case: the package field carried the option.
  assert.match(
    checkBpTask({ command: 'add', package: '--apiUrl=https://elsewhere.example' })!,
    /"package" must name a package, not an option/,
  );
  assert.match(checkBpTask({ command: 'add', package: ' -p' })!, /not an option/);
  assert.match(checkBpTask({ command: 'add', package: 'telegram --token=x' })!, /without spaces/);
  assert.match(checkBpTask({ command: 'build', project: '--workDir=/elsewhere' })!, /"project" must be a folder/);
  assert.match(checkBpTask({ command: 'build', args: '--token x' })!, /list of strings/);
  assert.match(checkBpTask({ command: 'rm' })!, /"command" must be one of/);
  for (const flag of [
    '--apiUrl=https://elsewhere.example',
    '--api-url',
    '--token',
    '--workspace-id=w',
    '--workspaceId',
    '--profile=other',
    '-p',
    '-yp',
    '--botpressHome=/tmp/home',
    '--botpress-home',
    '--workDir',
    '--work-dir=..',
    '--no-token',
  ]) {
    assert.equal(credentialFlag(['-y', flag]), flag, flag);
    assert.match(checkBpTask({ command: 'deploy', args: ['-y', flag] })!, /is not accepted/, flag);
  }
  for (const harmless of ['--port', '-y', '-v', '--confirm', '--tokenize', '--', '-1', 'profile'])
    assert.equal(credentialFlag([harmless]), undefined, harmless);
});

test('on Windows every argument is quoted for cmd.exe: none of its metacharacters reaches the shell', () => {
  assert.equal(windowsCommandLine('C:\\p\\bp.cmd', ['add', 'telegram']), 'C:\\p\\bp.cmd ^^^"add^^^" ^^^"telegram^^^"');
  const line = windowsCommandLine('C:\\a b\\bp.cmd', ['add', 'x&calc|y%PATH%"^']);
  // Outside the escapes (^x), no metacharacter of cmd is left bare.
  assert.doesNotMatch(line.replace(/\^./g, ''), /[&|%"^<>()!]/);
});

test(
  '"Run bp gen" runs the project\'s bp as a process: a folder named like a command stays a name',
  { skip: process.platform === 'win32' },
  () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bp-gen-'));
    try {
      const project = path.join(dir, 'bot $(touch pwned) `touch pwned2`');
      const bin = path.join(project, 'node_modules', '.bin');
      fs.mkdirSync(bin, { recursive: true });
      assert.equal(bpGenProcess(project), undefined);
      fs.writeFileSync(path.join(bin, 'bp'), '#!/bin/sh\nprintf "%s|" "$@"\n', { mode: 0o755 });
      const gen = bpGenProcess(project)!;
      assert.deepEqual(gen, { file: path.join(bin, 'bp'), args: ['gen'] });
      const out = spawnSync(gen.file, gen.args, { cwd: dir, encoding: 'utf8' });
      assert.equal(out.stdout, 'gen|');
      assert.deepEqual(fs.readdirSync(dir), [path.basename(project)]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  },
);
