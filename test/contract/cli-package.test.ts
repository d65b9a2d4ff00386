// The command line's npm package as a user gets it: `npm run pack:cli` makes the tarball, which is
// installed alone into a fresh folder; its `botpress-toolkit` then validates YAML and SDK fixtures (the
// SDK ones with the project's own @botpress/sdk) and runs conversation tests against the emulator; then the CI
// recipe offline with nothing but the package: cloud start, cloud deploy of an SDK bot, a passing and a failing
// conversation test against it, stop.
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, test } from 'node:test';
import { startEmulator, type Emulator } from '../../src/emulator';

const root = path.join(__dirname, '..', '..');
const fixtures = path.join(root, 'test', 'fixtures');
const version = (JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as { version: string }).version;
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const win = process.platform === 'win32';

let tarball: string;
let project: string;
let scratch: string;
let emu: Emulator;
let chatUrl: string;

/** The installed command, as `npx botpress-toolkit` runs it; async, so the in-process emulator keeps answering. */
function toolkit(cwd: string, ...args: string[]): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return toolkitWith({}, cwd, ...args);
}
function toolkitWith(env: NodeJS.ProcessEnv, cwd: string, ...args: string[]) {
  return new Promise<{ status: number | null; stdout: string; stderr: string }>((resolve) => {
    const child = spawn(bin(), args, { cwd, shell: win, env: { ...process.env, ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d));
    child.stderr.on('data', (d: Buffer) => (stderr += d));
    child.on('exit', (status) => resolve({ status, stdout, stderr }));
  });
}
const bin = () => path.join(project, 'node_modules', '.bin', win ? 'botpress-toolkit.cmd' : 'botpress-toolkit');
const lines = (text: string) => text.trim().split('\n');

/** Every file under a folder, relative and sorted. */
function tree(dir: string): string[] {
  return (fs.readdirSync(dir, { recursive: true }) as string[])
    .filter((f) => fs.statSync(path.join(dir, f)).isFile())
    .map((f) => f.split(path.sep).join('/'))
    .sort();
}

before(async () => {
  assert.ok(
    fs.existsSync(path.join(fixtures, 'sdk', 'node_modules', '@botpress', 'sdk', 'package.json')),
    'npm ci --prefix test/fixtures/sdk (npm test does it)',
  );
  const packed = spawnSync(process.execPath, [path.join(root, 'scripts', 'pack-cli.js')], { cwd: root, encoding: 'utf8' });
  assert.equal(packed.status, 0, packed.stderr);
  tarball = packed.stdout.trim().split('\n').pop()!;

  project = fs.mkdtempSync(path.join(os.tmpdir(), 'bp-cli-package-'));
  scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'bp-cli-scratch-'));
  fs.writeFileSync(path.join(project, 'package.json'), '{ "name": "ci-project", "private": true }\n');
  const installed = spawnSync(npm, ['install', tarball, '--no-audit', '--no-fund', '--prefer-offline'], {
    cwd: project,
    encoding: 'utf8',
    shell: win,
  });
  assert.equal(installed.status, 0, installed.stderr);

  emu = await startEmulator({ seed: 'demo', replyDelayMs: [20, 40] });
  const record = [...emu.store.bots.values()].find((b) => b.bot.name === 'support-bot')!;
  chatUrl = `${emu.url}/chat/${Object.values(record.bot.integrations).find((i) => i.name === 'chat')!.webhookId}`;
});

after(async () => {
  await emu?.close();
  for (const dir of [project, scratch]) if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

test('the tarball: named by the extension version, the command and its worker bundled, nothing else installed', () => {
  assert.equal(path.basename(tarball), `botpress-toolkit-${version}.tgz`);
  assert.equal(path.dirname(tarball), path.join(root, 'cli'));
  assert.deepEqual(fs.readdirSync(path.join(project, 'node_modules')).sort(), ['.bin', '.package-lock.json', 'botpress-toolkit']);
  const pkgDir = path.join(project, 'node_modules', 'botpress-toolkit');
  assert.deepEqual(tree(pkgDir), [
    'LICENSE',
    'README.md',
    'dist/THIRD-PARTY-NOTICES.txt',
    'dist/adk-worker.js',
    'dist/bot-host.cjs',
    'dist/cli.js',
    'dist/emulator.js',
    'dist/sdk-worker.js',
    'package.json',
  ]);
  const manifest = JSON.parse(fs.readFileSync(path.join(pkgDir, 'package.json'), 'utf8')) as Record<string, unknown>;
  assert.equal(manifest.name, 'botpress-toolkit');
  assert.equal(manifest.version, version);
  assert.deepEqual(manifest.bin, { 'botpress-toolkit': 'dist/cli.js' });
  assert.equal(manifest.dependencies, undefined);
  assert.match(fs.readFileSync(path.join(pkgDir, 'dist', 'THIRD-PARTY-NOTICES.txt'), 'utf8'), /^undici@\d/m);
});

test('validate: the YAML fixtures pass; a broken definition fails with path:line:col lines', async () => {
  const ok = await toolkit(path.join(fixtures, 'yaml-projects'), 'validate', '.');
  assert.equal(ok.status, 0, ok.stdout + ok.stderr);
  assert.equal(ok.stdout.trim(), '0 errors, 0 warnings in 2 files.');

  fs.mkdirSync(path.join(scratch, 'broken'));
  fs.writeFileSync(
    path.join(scratch, 'broken', 'bot.definition.yaml'),
    'name: broken\nstates:\n  my_state:\n    type: user\n    schema: { type: object }\n',
  );
  fs.writeFileSync(path.join(scratch, 'broken', 'integration.definition.yaml'), 'name: [unclosed\n');
  const bad = await toolkit(scratch, 'validate', 'broken');
  assert.equal(bad.status, 1, bad.stderr);
  const out = lines(bad.stdout);
  assert.deepEqual(out.slice(0, 3), [
    'broken/bot.definition.yaml:3:3: error BP401 The state name "my_state" must be camelCase ' +
      '(start with a lowercase letter; letters and digits only; no two capitals in a row): "myState".',
    'broken/bot.definition.yaml:3:3: warning BP601 The state "my_state" has no title.',
    'broken/bot.definition.yaml:3:3: warning BP602 The state "my_state" has no description.',
  ]);
  assert.match(out[3]!, /^broken\/integration\.definition\.yaml:\d+:\d+: error BP101 /);
  assert.match(out.at(-1)!, /^\d+ errors, 2 warnings in 2 files\.$/);
});

test("validate: SDK definitions are evaluated with the project's own @botpress/sdk", async () => {
  const sdk = path.join(fixtures, 'sdk');
  const ok = await toolkit(sdk, 'validate', 'bot', 'integration', 'plugin');
  assert.equal(ok.status, 0, ok.stdout + ok.stderr);
  assert.equal(ok.stdout.trim(), '0 errors, 0 warnings in 3 files.');
  const bad = await toolkit(sdk, 'validate', path.join('broken-integration', 'integration.definition.ts'));
  assert.equal(bad.status, 1, bad.stderr);
  assert.deepEqual(lines(bad.stdout), [
    'broken-integration/integration.definition.ts:6:3: error BP502 `readme` must name a .md file.',
    'broken-integration/integration.definition.ts:7:3: error BP501 `icon` names "missing.svg", which does not exist next to this file.',
    'broken-integration/integration.definition.ts:9:5: error BP401 The action name "do_it" must be camelCase ' +
      '(start with a lowercase letter; letters and digits only; no two capitals in a row): "doIt".',
    'broken-integration/integration.definition.ts:12:5: error BP403 The secret name "apiKey" must be SCREAMING_SNAKE_CASE ' +
      '(capital letters, digits and single underscores): "API_KEY".',
    '4 errors, 0 warnings in 1 file.',
  ]);
  // The same project where no SDK is installed: the package brings none of its own.
  fs.cpSync(path.join(sdk, 'bot'), path.join(scratch, 'no-sdk'), { recursive: true });
  const missing = await toolkit(scratch, 'validate', 'no-sdk');
  assert.equal(missing.status, 1);
  assert.deepEqual(lines(missing.stdout), [
    'no-sdk/bot.definition.ts:1:1: error BP110 @botpress/sdk is not installed: run npm install',
    '1 error, 0 warnings in 1 file.',
  ]);
});

test('test: --list parses the convo fixtures offline; a run against the emulator passes and fails as the bot answers', async () => {
  const convo = path.join(fixtures, 'convo');
  const listed = await toolkit(convo, 'test', 'echo', '--list');
  assert.equal(listed.status, 0, listed.stderr);
  assert.deepEqual(lines(listed.stdout), [
    'Greeting (echo/greeting.convo.txt, 2 turns)',
    'Any greeting/UTT_GREET-L1 (echo/utterances.convo.txt, 2 turns)',
    'Any greeting/UTT_GREET-L2 (echo/utterances.convo.txt, 2 turns)',
    'Deliberately wrong (echo/wrong.convo.txt, 2 turns)',
    '4 tests, 0 problems',
  ]);

  const report = path.join(scratch, 'report.xml');
  const run = await toolkit(convo, 'test', 'echo', '--chat-url', chatUrl, '--timeout', '5', '--junit', report);
  assert.equal(run.status, 1, run.stdout + run.stderr);
  assert.deepEqual(lines(run.stdout).sort(), [
    '3 passed, 1 failed',
    'not ok - Deliberately wrong (echo/wrong.convo.txt:7): expected "Goodbye", actual "You said: hi"',
    'ok - Any greeting/UTT_GREET-L1 (echo/utterances.convo.txt)',
    'ok - Any greeting/UTT_GREET-L2 (echo/utterances.convo.txt)',
    'ok - Greeting (echo/greeting.convo.txt)',
  ]);
  assert.match(fs.readFileSync(report, 'utf8'), /<testsuite name="conversation tests" tests="4" failures="1" errors="0"/);

  const unreachable = await toolkit(convo, 'test', 'echo', '--chat-url', `${emu.url}/chat/not-a-webhook`);
  assert.equal(unreachable.status, 2);
  assert.match(unreachable.stderr, /^botpress-toolkit: cannot reach the bot at /);
});

test('cloud: the CI recipe offline (start, deploy an SDK bot, a passing and a failing conversation test, stop)', async () => {
  const cloud = spawn(bin(), ['cloud', 'start', '--port', '0'], { cwd: scratch, shell: win, env: { ...process.env, BP_TOKEN: '' } });
  try {
    let out = '';
    const [url, token] = await new Promise<[string, string]>((resolve, reject) => {
      cloud.stdout.on('data', (d: Buffer) => {
        out += d.toString();
        const m = /^Local Cloud listening on (\S+)\ntoken: (\S+)\n/.exec(out);
        if (m) resolve([m[1], m[2]]);
      });
      cloud.once('exit', (code) => reject(new Error(`cloud start exited with ${code}: ${out}`)));
    });
    assert.match(url, /^http:\/\/127\.0\.0\.1:\d+$/);

    const deployed = await toolkitWith(
      { BP_TOKEN: token },
      fixtures,
      'cloud',
      'deploy',
      path.join('sdk', 'runtime-bot'),
      '--url',
      url,
      '--json',
    );
    assert.equal(deployed.status, 0, deployed.stderr);
    const { botId, chatUrl } = JSON.parse(deployed.stdout) as { botId: string; chatUrl: string };
    assert.match(botId, /^[0-9a-f-]{36}$/);
    assert.ok(chatUrl.startsWith(`${url}/chat/`), chatUrl);

    const tests = path.join(fixtures, 'convo', 'runtime-bot');
    const passing = await toolkit(tests, 'test', 'reverse.convo.txt', '--chat-url', chatUrl, '--timeout', '20');
    assert.equal(passing.status, 0, passing.stdout + passing.stderr);
    assert.deepEqual(lines(passing.stdout), ['ok - Reverses the words (reverse.convo.txt)', '1 passed, 0 failed']);
    const both = await toolkit(tests, 'test', '.', '--chat-url', chatUrl, '--timeout', '20');
    assert.equal(both.status, 1, both.stdout + both.stderr);
    assert.deepEqual(lines(both.stdout).sort(), [
      '1 passed, 1 failed',
      'not ok - Expects an echo (wrong.convo.txt:7): expected "hello there (#1)", actual "there hello (#1)"',
      'ok - Reverses the words (reverse.convo.txt)',
    ]);
  } finally {
    cloud.kill('SIGTERM');
    const [code] = (await once(cloud, 'exit')) as [number | null];
    assert.equal(code, 0);
  }
});
