import { after, before, test } from 'node:test';
import { execFileSync } from 'node:child_process';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { SdkEvaluator } from '../../../src/sdk/evaluator';
import { covered, fixture, requireSdkFixtures } from './helpers';

let evaluator: SdkEvaluator;
const botFile = fixture('bot', 'bot.definition.ts');
const botText = () => fs.readFileSync(botFile, 'utf8');
const codes = (r: { problems: { code: string; severity: string }[] }) =>
  r.problems.filter((p) => p.severity === 'error').map((p) => p.code);

before(() => {
  requireSdkFixtures();
  evaluator = new SdkEvaluator({ timeoutMs: 8000 });
});
after(() => evaluator.dispose());

test('the fixture bot: no problem, the body the CLI would send, states as JSON Schema, a helper file followed', async () => {
  const r = await evaluator.evaluate(botFile);
  assert.deepEqual(r.problems, []);
  assert.equal(r.project.kind, 'bot');
  const body = r.body as any;
  // `cartSchema` comes from ./src/schemas.ts.
  assert.deepEqual(body.states.cart.schema.properties.items, { type: 'array', description: 'Product ids', items: { type: 'string' } });
  assert.equal(body.states.cart.type, 'conversation');
  assert.equal(body.states.profile.expiry, 86400000);
  assert.equal(body.events.orderPlaced.schema.type, 'object');
  assert.deepEqual(body.tags, { team: 'support' });
  assert.deepEqual(body.user.tags.email, { title: 'Email', description: 'Verified address' });
  assert.equal(body.configuration.schema.properties.currency.type, 'string');
  const text = botText();
  const state = r.entries.find((e) => e.kind === 'state' && e.name === 'cart')!;
  assert.equal(covered(text, state), 'cart');
  assert.equal((state.jsonSchema as any).type, 'object');
  assert.deepEqual(
    r.entries.map((e) => `${e.kind}:${e.name}`),
    [
      'state:cart',
      'state:profile',
      'event:orderPlaced',
      'configuration:configuration',
      'user:user',
      'tag:email',
      'conversation:conversation',
      'tag:channel',
      'tag:intent',
    ],
  );
});

test('the fixture integration and plugin evaluate with no error', async () => {
  const i = await evaluator.evaluate(fixture('integration', 'integration.definition.ts'));
  assert.deepEqual(i.problems, []);
  const body = i.body as any;
  assert.equal(body.name, 'weather-sdk');
  assert.equal(body.readme, 'hub.md');
  assert.equal(body.channels.forecast.messages.text.schema.type, 'object');
  assert.equal(body.actions.getForecast.input.schema.properties.city.type, 'string');
  assert.deepEqual(i.extras?.secrets, { API_KEY: { optional: false, description: 'Key of the weather service' } });
  const p = await evaluator.evaluate(fixture('plugin', 'plugin.definition.ts'));
  assert.deepEqual(codes(p), []);
  assert.equal((p.body as any).states.greeted.schema.type, 'object');
});

test('unsaved text is evaluated instead of the file, and problems sit on the keys', async () => {
  const text = botText().replace('orderPlaced', 'order_placed');
  const r = await evaluator.evaluate(botFile, { text });
  assert.deepEqual(codes(r), ['BP401']);
  assert.equal(covered(text, r.problems[0]), 'order_placed');
  // The file itself is untouched and still clean.
  assert.deepEqual((await evaluator.evaluate(botFile)).problems, []);
});

test("a definition that does not bundle: BP111 at esbuild's line and column", async () => {
  const text = botText().replace("type: 'conversation',", "type: 'conversation',,");
  const r = await evaluator.evaluate(botFile, { text });
  assert.equal(r.problems.length, 1);
  assert.equal(r.problems[0].code, 'BP111');
  const line = text.slice(0, r.problems[0].start).split('\n').length;
  assert.equal(line, text.split('\n').findIndex((l) => l.includes(',,')) + 1);
  assert.equal(r.body, undefined);
});

test('a definition that throws: BP112 with the message, on the throwing line', async () => {
  const text = botText().replace('export default', "if (Date.now() > 0) throw new Error('no bot today')\nexport default");
  const r = await evaluator.evaluate(botFile, { text });
  assert.equal(r.problems.length, 1);
  assert.equal(r.problems[0].code, 'BP112');
  assert.match(r.problems[0].message, /no bot today/);
  assert.match(covered(text, r.problems[0]), /^new Error\('no bot today'\)/);
});

test("a throw inside the SDK (an invalid definition) points at the definition's own line", async () => {
  const text = botText()
    .replace("type: 'conversation',", "type: 'conversation', schema: undefined as any, ...{ schema: 42 as any },")
    .replace('schema: cartSchema,', '');
  const r = await evaluator.evaluate(botFile, { text });
  assert.ok(
    r.problems.every((p) => p.code === 'BP112'),
    JSON.stringify(r.problems),
  );
  assert.equal(r.problems.length, 1);
});

test('no default export: BP114', async () => {
  const r = await evaluator.evaluate(botFile, {
    text: "import { BotDefinition } from '@botpress/sdk'\nexport const bot = new BotDefinition({})\n",
  });
  assert.deepEqual(codes(r), ['BP114']);
});

test('a definition that loops forever is stopped at the time limit (BP113), and the next evaluation works', async () => {
  const short = new SdkEvaluator({ timeoutMs: 1500 });
  try {
    await short.evaluate(botFile); // warm
    const started = Date.now();
    const r = await short.evaluate(botFile, { text: botText().replace('export default', 'while (true) {}\nexport default') });
    assert.deepEqual(codes(r), ['BP113']);
    assert.match(r.problems[0].message, /did not finish evaluating within 1.5 s/);
    assert.ok(Date.now() - started < 6000);
    assert.deepEqual((await short.evaluate(botFile)).problems, []);
  } finally {
    short.dispose();
  }
});

test('a definition that eats memory is stopped at the memory limit (BP113)', async () => {
  const small = new SdkEvaluator({ memoryMb: 96, timeoutMs: 30000 });
  try {
    const text = botText().replace(
      'export default',
      'const hoard: string[][] = []\nfor (;;) hoard.push(new Array(100000).fill("x".repeat(8)))\nexport default',
    );
    const r = await small.evaluate(botFile, { text });
    assert.deepEqual(codes(r), ['BP113']);
    assert.match(r.problems[0].message, /ran out of memory \(limit 96 MB\)/);
  } finally {
    small.dispose();
  }
});

test('cancelled: rejects with an AbortError; the worker stays usable', async () => {
  const ac = new AbortController();
  const pending = evaluator.evaluate(botFile, { text: botText(), signal: ac.signal });
  ac.abort();
  await assert.rejects(pending, { name: 'AbortError' });
  assert.deepEqual((await evaluator.evaluate(botFile)).problems, []);
});

test('no SDK installed: BP110 "run npm install"', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bp-nosdk-'));
  try {
    fs.writeFileSync(
      path.join(dir, 'bot.definition.ts'),
      "import { BotDefinition } from '@botpress/sdk'\nexport default new BotDefinition({})\n",
    );
    const r = await evaluator.evaluate(path.join(dir, 'bot.definition.ts'));
    assert.deepEqual(codes(r), ['BP110']);
    assert.equal(r.problems[0].message, '@botpress/sdk is not installed: run npm install');
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('the broken bot: each rule on its key', async () => {
  const file = fixture('broken-bot', 'bot.definition.ts');
  const text = fs.readFileSync(file, 'utf8');
  const r = await evaluator.evaluate(file);
  const errors = r.problems.filter((p) => p.severity === 'error').map((p) => `${p.code} ${covered(text, p)}`);
  assert.deepEqual(errors, ['BP401 my_state', 'BP302 schema', 'BP401 OrderPlaced', 'BP204 title']);
});

test('the broken integration: readme type, missing icon, action name, secret name (BP403)', async () => {
  const file = fixture('broken-integration', 'integration.definition.ts');
  const text = fs.readFileSync(file, 'utf8');
  const r = await evaluator.evaluate(file);
  const errors = r.problems.filter((p) => p.severity === 'error').map((p) => `${p.code} ${covered(text, p)}`);
  assert.deepEqual(errors, ['BP502 readme', 'BP501 icon', 'BP401 do_it', 'BP403 apiKey']);
  assert.match(r.problems.find((p) => p.code === 'BP403')!.message, /"API_KEY"/);
});

test('a folder of many projects is evaluated a few at a time: never more worker processes than the limit', async () => {
  const projects = ['bot', 'integration', 'plugin', 'broken-bot', 'broken-integration'];
  const files = projects
    .map((p) => fs.readdirSync(fixture(p)).find((f) => f.endsWith('.definition.ts'))!)
    .map((f, i) => fixture(projects[i], f));
  const children = () => {
    try {
      const lines: string[] = execFileSync('ps', ['-o', 'stat=', '--ppid', String(process.pid)], { encoding: 'utf8' })
        .trim()
        .split('\n');
      return lines.filter((stat) => stat && !stat.startsWith('Z')).length; // a stopped worker not yet reaped is no longer running
    } catch {
      return 0; // no child at all: ps exits 1
    }
  };
  const before = children();
  const limited = new SdkEvaluator({ timeoutMs: 8000, maxWorkers: 2 });
  let most = 0;
  const sampler = setInterval(() => (most = Math.max(most, children() - before)), 40);
  try {
    const results = await Promise.all(files.map((f) => limited.evaluate(f)));
    assert.deepEqual(
      results.map((r) => codes(r).length > 0),
      [false, false, false, true, true],
      results.map((r) => codes(r).join(',')).join(' | '),
    );
  } finally {
    clearInterval(sampler);
    limited.dispose();
  }
  assert.ok(most >= 1 && most <= 2, `at most 2 workers at a time, saw ${most}`);
});
