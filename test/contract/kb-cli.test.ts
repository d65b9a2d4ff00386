// `botpress-toolkit kb sync` and `kb test` against the emulator, in process: the token from BP_TOKEN only,
// a dry run changes nothing, a sync then a second one that sends nothing, retrieval tests that pass and
// fail (with what came back), a JUnit report, and the exit codes.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, test } from 'node:test';
import { kbCommand } from '../../src/cli/kb';
import { startEmulator, type Emulator } from '../../src/emulator';

let emu: Emulator;
let dir: string;
let botId: string;
let env: NodeJS.ProcessEnv;

async function run(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await kbCommand(
    argv,
    (l) => out.push(l),
    (l) => err.push(l),
    env,
  );
  return { code, out: out.join('\n'), err: err.join('\n') };
}

before(async () => {
  emu = await startEmulator({ seed: 'demo' });
  botId = [...emu.store.bots.values()].find((b) => b.bot.name === 'support-bot')!.bot.id;
  env = { BP_TOKEN: emu.token, BP_API_URL: emu.url };
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kb-cli-'));
  fs.mkdirSync(path.join(dir, 'docs'));
  fs.writeFileSync(path.join(dir, 'docs', 'warranty.md'), '# Warranty\n\nThe espresso machine is covered for three years.\n');
  fs.writeFileSync(path.join(dir, 'docs', 'cleaning.md'), '# Cleaning\n\nDescale the machine every month with citric acid.\n');
  fs.writeFileSync(
    path.join(dir, 'machine.retrieval.yaml'),
    [
      'knowledgeBase: Machine Docs',
      'k: 2',
      'tests:',
      '  - query: how long is the espresso machine covered',
      '    expect: { file: warranty.md }',
      '  - query: descale with citric acid',
      '    expect: { text: every month }',
      '  - name: a test that fails',
      '    query: descale with citric acid',
      '    expect: { file: warranty.md }',
      '    k: 1',
    ].join('\n'),
  );
});
after(async () => {
  await emu.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

test('bad usage is exit 2: no BP_TOKEN, a --token flag, no --bot', async () => {
  const saved = env;
  env = {};
  assert.equal((await run('sync', dir, '--bot', botId, '--kb', 'X')).code, 2);
  env = saved;
  const flag = await run('sync', dir, '--bot', botId, '--kb', 'X', '--token', 'abc');
  assert.equal(flag.code, 2);
  assert.match(flag.err, /never a flag: set BP_TOKEN/);
  assert.equal((await run('test', dir)).code, 2);
});

test('kb sync --dry-run prints the plan and changes nothing', async () => {
  const r = await run('sync', path.join(dir, 'docs'), '--bot', botId, '--kb', 'Machine Docs', '--dry-run');
  assert.equal(r.code, 0);
  assert.match(r.out, /would create knowledge base "Machine Docs"/);
  assert.match(r.out, /add {6}cleaning\.md/);
  assert.match(r.out, /2 to add, 0 to replace, 0 to delete, 0 unchanged/);
  assert.ok(!emu.store.files.of(botId).knowledgeBases.some((k) => k.name === 'Machine Docs'));
});

test('kb sync creates the knowledge base, uploads, awaits indexing; the second run sends nothing', async () => {
  const first = await run('sync', path.join(dir, 'docs'), '--bot', botId, '--kb', 'Machine Docs');
  assert.equal(first.code, 0, first.out + first.err);
  assert.match(first.out, /created knowledge base "Machine Docs"/);
  assert.match(first.out, /indexed {2}cleaning\.md/);
  assert.match(first.out, /knowledge base in sync/);
  const second = await run('sync', path.join(dir, 'docs'), '--bot', botId, '--kb', 'Machine Docs');
  assert.equal(second.code, 0);
  assert.match(second.out, /0 to add, 0 to replace, 0 to delete, 2 unchanged/);
});

test('kb test: passes and a failure with what came back; --junit writes the report; exit 1', async () => {
  const report = path.join(dir, 'report.xml');
  const r = await run('test', dir, '--bot', botId, '--junit', report);
  assert.equal(r.code, 1, r.out + r.err);
  assert.match(r.out, /^ok {7}how long is the espresso machine covered .*found file warranty\.md at rank 1/m);
  assert.match(r.out, /^not ok {3}a test that fails/m);
  assert.match(r.out, /expected file warranty\.md in the top 1; returned:\n {4} {2}1\. [\d.]+ kb-[0-9a-f]+\/cleaning\.md: Descale/);
  assert.match(r.out, /2 passed, 1 failed/);
  const xml = fs.readFileSync(report, 'utf8');
  assert.match(xml, /<testsuite name="retrieval tests" tests="3" failures="1" errors="0">/);
  assert.match(xml, /<failure message="expected file warranty\.md in the top 1; returned:">/);
});
