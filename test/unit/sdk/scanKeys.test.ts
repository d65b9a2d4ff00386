// Keys placed without the project's TypeScript: the scanner finds what the TypeScript parser finds (every
// fixture and the demo's definitions, and a file of traps), and problems of a project with no `typescript`
// installed sit on their key, not at 1:1.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, test } from 'node:test';
import type * as TS from 'typescript';
import { locateKeys } from '../../../src/sdk/locate';
import { scanKeys, tokenize } from '../../../src/sdk/scanKeys';
import { SdkEvaluator } from '../../../src/sdk/evaluator';
import { covered, fixture, fixtures, requireSdkFixtures } from './helpers';

const ts = () => require(fixture('node_modules', 'typescript')) as typeof TS;
const demo = path.join(__dirname, '..', '..', 'fixtures', 'demo-workspace');
const definitions = [
  ...['bot', 'integration', 'plugin', 'broken-bot', 'broken-integration', 'deploy-plugin', 'deploy-interface'].map((p) =>
    fixture(
      p,
      fs.readdirSync(fixture(p)).find((f) => f.endsWith('.definition.ts'))!,
    ),
  ),
  path.join(demo, 'support-bot', 'bot.definition.ts'),
  path.join(demo, 'weather-integration', 'integration.definition.ts'),
];

test('the scanner places every key the TypeScript parser places, on every fixture and demo definition', () => {
  requireSdkFixtures();
  for (const file of definitions) {
    const text = fs.readFileSync(file, 'utf8');
    const expected = locateKeys(ts(), file, text);
    assert.ok(expected.located.length > 10, file);
    assert.deepEqual(scanKeys(text), expected, file);
  }
});

const traps = `import { BotDefinition, z } from '@botpress/sdk'
// a comment with { braces } and 'quotes' and new BotDefinition({ fake: 1 })
/* block { comment } states: { nope: {} } */
const shared = { note: { title: 'a "quoted" } brace', description: \`template \${ { a: '}' }.a } with } brace\` } }
const pattern = /[}{]+\\/"/g
const typed: Record<string, unknown> = { x: 1 }
const ignored = new BotDefinition({ notThisOne: {} })
const bot = new BotDefinition({
  'quoted-key': {},
  ['computed']: { inner: 1 },
  states: {
    cart: { type: 'conversation', schema: z.object({ items: z.array(z.string()), 'odd key': z.string() }).title('Cart') },
    ...{ spread: { type: 'user', schema: sdkz.object({ deep: z.number() }) } },
  },
  user: { tags: { ...shared } },
  attributes: { team: \`support\` },
  events: { ok: { schema: (z.object({ id: z.string() })) } } as const,
  typed,
  recurringEvents: { tick: { schedule: { cron: '* * * * *' }, type: 'ok', payload: { re: /\\/}/.source } } },
})
  .addIntegration(pkg('chat'), { enabled: true })
  .addPlugin(other, {})
export default bot
`;

test('a file of traps: strings, templates, comments, regular expressions, spreads, computed keys, constants', () => {
  requireSdkFixtures();
  const expected = locateKeys(ts(), 'traps.ts', traps);
  const got = scanKeys(traps);
  assert.deepEqual(got, expected);
  const paths = got.located.map(([p]) => p);
  for (const p of [
    'states.cart.schema.properties.odd key',
    'states.spread.schema.properties.deep',
    'user.tags.note.title',
    'tags.team',
    'events.ok.schema.properties.id',
    'typed.x',
    'computed.inner',
    '#addIntegration.0',
    '#addPlugin.0',
  ])
    assert.ok(paths.includes(p), `${p} in ${paths.join(', ')}`);
  assert.ok(!paths.some((p) => p.startsWith('notThisOne') || p.startsWith('fake') || p.includes('nope')));
  assert.equal(traps.slice(...got.call!), 'new BotDefinition');
});

test('the tokenizer survives unterminated strings, templates and comments', () => {
  for (const text of ["const a = 'open", 'const a = `open ${ {', 'const a = /* open', 'const a = /[/', 'x = a / b / c']) {
    assert.ok(Array.isArray(tokenize(text)));
    assert.deepEqual(scanKeys(text), { located: [] });
  }
  // Division is not a regular expression.
  assert.deepEqual(
    tokenize('x = a / b / c').map((t) => t.kind),
    ['name', 'punct', 'name', 'punct', 'name', 'punct', 'name'],
  );
});

// A project whose packages have the SDK and esbuild but not TypeScript (as before `npm install` of its dev dependencies).
let project: string;
let evaluator: SdkEvaluator;
before(() => {
  project = fs.mkdtempSync(path.join(os.tmpdir(), 'no-typescript-'));
  fs.mkdirSync(path.join(project, 'node_modules'));
  for (const p of ['@botpress', '@bpinternal', 'esbuild'])
    fs.symlinkSync(path.join(fixtures, 'node_modules', p), path.join(project, 'node_modules', p), 'dir');
  fs.cpSync(path.join(demo, 'support-bot'), path.join(project, 'support-bot'), { recursive: true });
  evaluator = new SdkEvaluator({ timeoutMs: 20000 });
});
after(() => {
  evaluator?.dispose();
  fs.rmSync(project, { recursive: true, force: true });
});

test("without the project's typescript, the demo bot's problems sit on their keys (BP401, BP204, BP201), not at 1:1", async () => {
  requireSdkFixtures();
  const file = path.join(project, 'support-bot', 'bot.definition.ts');
  assert.throws(() => require.resolve('typescript', { paths: [path.dirname(file)] }), 'no typescript for this project');
  const clean = await evaluator.evaluate(file);
  assert.deepEqual(
    clean.problems.map((p) => `${p.code} ${p.message}`),
    [],
    'the demo bot is clean: no error, no advice',
  );
  const text = fs
    .readFileSync(file, 'utf8')
    .replace('cart: {', 'shopping_cart: {')
    .replace("title: 'Email'", `title: '${'E'.repeat(80)}'`)
    .replace('expiry: 86_400_000', 'expiri: 86_400_000');
  const r = await evaluator.evaluate(file, { text });
  const at = Object.fromEntries(r.problems.map((p) => [p.code, covered(text, p)]));
  assert.equal(at.BP401, 'shopping_cart');
  assert.equal(at.BP204, 'title', 'the long title, on its key');
  assert.equal(at.BP201, 'expiri');
  assert.ok(
    r.problems.every((p) => p.start > 0),
    'none at 1:1',
  );
});
