// ADK agents evaluated with the real @botpress/runtime 1.14.0 (test/fixtures/adk): a valid agent with every
// primitive kind, broken ones (names the runtime refuses, duplicates, a re-export, a bundling error), a save
// re-evaluated warm, the command line's JSON, and the real examples of botpress/adk with no false error.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { AdkEvaluator, type AdkEvaluation } from '../../../src/adk/evaluator';
import { loadEsbuild } from '../../../src/adk/worker';

const fixtures = path.join(__dirname, '..', '..', 'fixtures', 'adk');
const installed = fs.existsSync(path.join(fixtures, 'node_modules', '@botpress', 'runtime', 'package.json'));
const skip = installed ? false : 'the ADK fixtures are not installed (npm ci --prefix test/fixtures/adk)';
const evaluator = new AdkEvaluator({ timeoutMs: 120_000 });
after(() => evaluator.dispose());

const problemsOf = (e: AdkEvaluation) =>
  e.problems.map((p) => {
    const text = e.texts?.get(p.file) ?? fs.readFileSync(p.file, 'utf8');
    return {
      file: path.relative(e.project.root, p.file),
      code: p.problem.code,
      severity: p.problem.severity,
      at: text.slice(p.problem.start, p.problem.end),
      line: text.slice(0, p.problem.start).split('\n').length,
      message: p.problem.message,
    };
  });

test('a valid agent: every primitive kind outlined at its definition, the config read, no problem', { skip }, async () => {
  const e = await evaluator.evaluate(path.join(fixtures, 'valid'));
  assert.deepEqual(problemsOf(e), []);
  const o = e.outline!;
  assert.equal(o.name, 'order-desk');
  assert.equal(o.runtimeVersion, '1.14.0');
  assert.deepEqual(
    o.primitives.map((p) => [p.kind, p.name, path.relative(e.project.root, p.file), p.line]),
    [
      ['action', 'lookupOrder', path.join('src', 'actions', 'lookup-order.ts'), 4],
      ['conversation', 'webchat.channel,chat.channel', path.join('src', 'conversations', 'chat.ts'), 4],
      ['knowledge', 'policies', path.join('src', 'knowledge', 'docs.ts'), 4],
      ['table', 'OrdersTable', path.join('src', 'tables', 'orders.ts'), 4],
      ['trigger', 'orderCreated', path.join('src', 'triggers', 'order-created.ts'), 4],
      ['workflow', 'syncOrders', path.join('src', 'workflows', 'sync-orders.ts'), 4],
    ],
  );
  const byKind = Object.fromEntries(o.primitives.map((p) => [p.kind, p]));
  assert.equal(byKind.action.exportName, 'lookupOrder');
  assert.equal(byKind.workflow.definition.schedule, '0 * * * *');
  assert.equal(byKind.workflow.definition.timeout, 30 * 60_000);
  assert.equal(byKind.table.definition.keyColumn, 'orderId');
  assert.deepEqual(byKind.table.details, { searchable: ['customer'], computed: ['total'] });
  assert.deepEqual(byKind.trigger.definition.events, ['conversation.started']);
  assert.deepEqual(byKind.knowledge.details?.sources, [{ id: 'policy-files', type: 'document', directoryPath: 'kb' }]);
  assert.deepEqual(Object.keys(o.config!.schemas).sort(), ['bot.state', 'configuration', 'user.state']);
  assert.deepEqual(o.config!.tags.bot, { team: { title: 'Team', description: 'Who runs the bot' } });
  assert.deepEqual(o.config!.integrations, {
    webchat: { version: 'webchat@0.3.0', enabled: true },
    chat: { version: 'chat@0.7.7', enabled: true },
  });

  // Hovers: the JSON Schema on the keys that hold one.
  const hover = (file: string, key: string) => {
    const text = fs.readFileSync(path.join(e.project.root, file), 'utf8');
    const at = text.indexOf(key);
    return e.hovers.find((h) => h.file === path.join(e.project.root, file) && h.start <= at && at < h.end);
  };
  const state = hover('agent.config.ts', 'state: z.object({ ordersSeen');
  assert.deepEqual((state?.json as { properties: object }).properties, { ordersSeen: { type: 'number', default: 0 } });
  const configuration = hover('agent.config.ts', 'schema: z.object({ supportEmail');
  assert.deepEqual(Object.keys((configuration?.json as { properties: object }).properties), ['supportEmail', 'maxRefund']);
  assert.equal((hover('src/workflows/sync-orders.ts', 'output:')?.json as { properties: object }).properties.toString(), '[object Object]');
  assert.deepEqual(hover('src/tables/orders.ts', 'customer:')?.json, { type: 'string', 'x-zui': { searchable: true } });
});

test('broken names: what the runtime refuses, at the name; what it lets through, as a warning from the docs', { skip }, async () => {
  const e = await evaluator.evaluate(path.join(fixtures, 'broken'));
  const problems = problemsOf(e).map(({ message, ...p }) => ({ ...p, message: message.split('\n')[0] }));
  assert.deepEqual(
    problems.sort((a, b) => a.file.localeCompare(b.file)),
    [
      {
        file: path.join('src', 'actions', 'bad-name.ts'),
        code: 'BP122',
        severity: 'error',
        at: "'look-up'",
        line: 4,
        message: 'Action name "look-up" must be alphanumeric with no special characters or spaces',
      },
      {
        file: path.join('src', 'tables', 'items.ts'),
        code: 'BP127',
        severity: 'warning',
        at: 'id',
        line: 6,
        message: '"id" is the column Botpress adds to every row: the ADK documentation says not to define it (the runtime does not check).',
      },
      {
        file: path.join('src', 'tables', 'orders.ts'),
        code: 'BP122',
        severity: 'error',
        at: "'orders'",
        line: 5,
        message: "Invalid table name 'orders'",
      },
      {
        file: path.join('src', 'workflows', 'spaced.ts'),
        code: 'BP124',
        severity: 'error',
        at: "'sync orders'",
        line: 4,
        message: `The runtime's definition check refuses this workflow ("sync orders"): a name is letters, digits, '_' and '-' (1 to 255).`,
      },
    ],
  );
});

test('duplicate names across files, and a file re-exporting another file’s primitive', { skip }, async () => {
  const e = await evaluator.evaluate(path.join(fixtures, 'duplicates'));
  assert.deepEqual(
    problemsOf(e).map((p) => [p.file, p.code, p.at]),
    [
      [path.join('src', 'tables', 'index.ts'), 'BP126', "export { default as Notes } from './a';"],
      [path.join('src', 'tables', 'a.ts'), 'BP125', "'NotesTable'"],
      [path.join('src', 'tables', 'b.ts'), 'BP125', "'NotesTable'"],
    ],
  );
  assert.equal(e.outline?.primitives.length, 2, 'the re-exported table is one primitive');
});

test('a bundling error: esbuild’s errors at their lines, in their files', { skip }, async () => {
  const e = await evaluator.evaluate(path.join(fixtures, 'bundle-error'));
  assert.deepEqual(
    problemsOf(e).map((p) => [p.file, p.code, p.line, p.message]),
    [
      [path.join('src', 'actions', 'broken.ts'), 'BP121', 7, 'Expected identifier but found ")"'],
      [path.join('src', 'conversations', 'chat.ts'), 'BP121', 2, 'Could not resolve "../lib/missing-helper"'],
    ],
  );
  assert.equal(e.outline, undefined);
});

test('a save: the warm process rebuilds and re-imports what changed', { skip }, async () => {
  const dir = path.join(fixtures, `.tmp-${process.pid}`);
  fs.rmSync(dir, { recursive: true, force: true });
  fs.cpSync(path.join(fixtures, 'valid'), dir, { recursive: true });
  try {
    const first = await evaluator.evaluate(dir);
    assert.deepEqual(first.problems, []);
    const file = path.join(dir, 'src', 'tables', 'orders.ts');
    fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace("name: 'OrdersTable'", "name: 'Orders'"));
    const second = await evaluator.evaluate(dir);
    assert.deepEqual(
      problemsOf(second).map((p) => [p.file, p.code, p.at]),
      [[path.join('src', 'tables', 'orders.ts'), 'BP122', "'Orders'"]],
    );
    assert.equal(second.outline?.primitives.length, 5, 'the other primitives are still outlined');
    fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace("name: 'Orders'", "name: 'RenamedTable'"));
    const third = await evaluator.evaluate(dir);
    assert.deepEqual(third.problems, []);
    assert.ok(third.outline?.primitives.some((p) => p.name === 'RenamedTable'));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('botpress-toolkit validate --format json: the agent entry carries its outline', { skip }, () => {
  const cli = path.join(__dirname, '..', '..', '..', 'dist', 'cli.js');
  if (!fs.existsSync(cli)) execFileSync(process.execPath, ['esbuild.js'], { cwd: path.join(__dirname, '..', '..', '..') });
  const run = spawnSync(process.execPath, [cli, 'validate', path.join(fixtures, 'duplicates'), '--format', 'json'], { encoding: 'utf8' });
  assert.equal(run.status, 1, run.stderr);
  const out = JSON.parse(run.stdout) as { files: { path: string; agent?: unknown; problems: { code: string }[] }[]; errors: number };
  const entry = out.files.find((f) => f.agent)!;
  assert.equal(entry.path, path.join(fixtures, 'duplicates', 'agent.config.ts'));
  assert.deepEqual(entry.agent, {
    name: 'duplicates',
    runtimeVersion: '1.14.0',
    primitives: [
      { kind: 'table', name: 'NotesTable', file: 'src/tables/a.ts', line: 3 },
      { kind: 'table', name: 'NotesTable', file: 'src/tables/b.ts', line: 3 },
    ],
  });
  assert.equal(out.errors, 2);
  const text = spawnSync(process.execPath, [cli, 'validate', path.join(fixtures, 'valid')], { encoding: 'utf8' });
  assert.equal(text.status, 0, text.stdout);
  assert.match(
    text.stdout,
    /agent order-desk: 1 action, 1 conversation, 1 knowledge, 1 table, 1 trigger, 1 workflow \(@botpress\/runtime 1\.14\.0\)/,
  );
});

// The real agents of github.com/botpress/adk: copied from the local mirror, where there is one.
const mirror = '/work/.mirror/botpress+adk/repo';
const examplesSkip = skip || (fs.existsSync(mirror) ? false : `no mirror of botpress/adk at ${mirror}: the examples cannot be read`);
test('the examples of botpress/adk are all outlined with no problem', { skip: examplesSkip, timeout: 600_000 }, async () => {
  const dir = path.join(fixtures, '.examples');
  const configs = execFileSync('git', ['-C', mirror, 'ls-tree', '-r', '--name-only', 'HEAD', 'examples'], { encoding: 'utf8' })
    .split('\n')
    .filter((f) => f.endsWith('/agent.config.ts'));
  assert.ok(configs.length >= 14, `${configs.length} examples`);
  const roots: string[] = [];
  for (const config of configs) {
    const from = path.dirname(config);
    const to = path.join(dir, from.split('/')[1]);
    fs.rmSync(to, { recursive: true, force: true });
    fs.mkdirSync(to, { recursive: true });
    for (const f of execFileSync('git', ['-C', mirror, 'ls-tree', '-r', '--name-only', 'HEAD', from], { encoding: 'utf8' }).split('\n')) {
      if (!/\.(ts|tsx|json|md)$/.test(f)) continue;
      const target = path.join(to, path.relative(from, f));
      fs.mkdirSync(path.dirname(target), { recursive: true });
      fs.writeFileSync(target, execFileSync('git', ['-C', mirror, 'show', `HEAD:${f}`]));
    }
    roots.push(to);
  }
  for (const root of roots) {
    const e = await evaluator.evaluate(root);
    assert.deepEqual(problemsOf(e), [], path.basename(root));
    assert.ok(e.outline?.name, `${path.basename(root)} has a name`);
  }
});

// @botpress/sdk lists esbuild as an optional peer (^0.16.12): npm leaves it out, other installs bring 0.16, which has
// no context() API. test/fixtures/adk-esbuild-0.16 holds that version (npm ci --prefix test/fixtures/adk-esbuild-0.16).
const esbuild016 = path.join(__dirname, '..', '..', 'fixtures', 'adk-esbuild-0.16', 'node_modules', 'esbuild');
const skip016 =
  skip || (fs.existsSync(esbuild016) ? false : 'esbuild 0.16 is not installed (npm ci --prefix test/fixtures/adk-esbuild-0.16)');

test('a project whose only esbuild is the 0.16 its runtime asks for: evaluated, then rebuilt after a save', { skip: skip016 }, async () => {
  // Outside the repository, so that no other esbuild is found above the project.
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'adk-esbuild016-'));
  try {
    fs.cpSync(path.join(fixtures, 'valid'), dir, { recursive: true });
    fs.mkdirSync(path.join(dir, 'node_modules', '@botpress'), { recursive: true });
    fs.symlinkSync(path.join(fixtures, 'node_modules', '@botpress', 'runtime'), path.join(dir, 'node_modules', '@botpress', 'runtime'));
    fs.symlinkSync(esbuild016, path.join(dir, 'node_modules', 'esbuild'));
    assert.equal(loadEsbuild(dir)?.version, '0.16.17');
    assert.equal(loadEsbuild(dir)?.context, undefined, 'the old API only');
    const own = new AdkEvaluator({ timeoutMs: 120_000 });
    try {
      const first = await own.evaluate(dir);
      assert.deepEqual(problemsOf(first), []);
      assert.equal(first.outline?.primitives.length, 6);
      const file = path.join(dir, 'src', 'tables', 'orders.ts');
      fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace("name: 'OrdersTable'", "name: 'RenamedTable'"));
      const second = await own.evaluate(dir);
      assert.deepEqual(problemsOf(second), []);
      assert.ok(second.outline?.primitives.some((p) => p.name === 'RenamedTable'));
      // A rebuild that fails, then one that succeeds again.
      const good = fs.readFileSync(file, 'utf8');
      fs.writeFileSync(file, good.replace("name: 'RenamedTable'", "name: 'RenamedTable' +"));
      const third = await own.evaluate(dir);
      assert.deepEqual(
        problemsOf(third).map((p) => [p.file, p.code]),
        [[path.join('src', 'tables', 'orders.ts'), 'BP121']],
      );
      fs.writeFileSync(file, good.replace("name: 'RenamedTable'", "name: 'OrdersTable'"));
      const fourth = await own.evaluate(dir);
      assert.deepEqual(problemsOf(fourth), []);
      assert.ok(fourth.outline?.primitives.some((p) => p.name === 'OrdersTable'));
    } finally {
      own.dispose();
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('esbuild not hoisted: the one beside the runtime’s @botpress/sdk is found', { skip: skip016 }, () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'adk-esbuild-sdk-'));
  try {
    const runtime = path.join(dir, 'node_modules', '@botpress', 'runtime');
    const sdk = path.join(runtime, 'node_modules', '@botpress', 'sdk');
    fs.mkdirSync(path.join(sdk, 'node_modules'), { recursive: true });
    fs.writeFileSync(path.join(runtime, 'package.json'), JSON.stringify({ name: '@botpress/runtime', version: '1.14.0' }));
    fs.writeFileSync(path.join(sdk, 'package.json'), JSON.stringify({ name: '@botpress/sdk', version: '5.4.3', main: 'index.js' }));
    fs.writeFileSync(path.join(sdk, 'index.js'), '');
    // Without the SDK's candidate, the toolkit's own (a newer one) would be found.
    fs.symlinkSync(esbuild016, path.join(sdk, 'node_modules', 'esbuild'));
    assert.equal(loadEsbuild(dir)?.version, '0.16.17');
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('an agent whose packages are not installed: BP120 names what is missing and the install command of its package manager', async (t) => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'adk-missing-'));
  t.after(() => fs.rmSync(root, { recursive: true, force: true }));
  fs.writeFileSync(
    path.join(root, 'agent.config.ts'),
    "import { defineConfig } from '@botpress/runtime';\n\nexport default defineConfig({ name: 'x' });\n",
  );
  fs.writeFileSync(path.join(root, 'package.json'), JSON.stringify({ dependencies: { '@botpress/runtime': '1.14.0' } }));
  const npm = await evaluator.evaluate(root);
  assert.equal(npm.missing, '@botpress/runtime');
  assert.deepEqual(
    problemsOf(npm).map((p) => [p.file, p.code, p.line, p.message]),
    [['agent.config.ts', 'BP120', 1, '@botpress/runtime is not installed: run npm install']],
  );
  fs.writeFileSync(path.join(root, 'bun.lock'), '{}');
  assert.match(problemsOf(await evaluator.evaluate(root))[0].message, /run bun install$/);
});
