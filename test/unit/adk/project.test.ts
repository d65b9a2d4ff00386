// ADK projects without running them: which folders are agents, how agent.json and agent.local.json link
// them to their bots, which files hold primitives, and where the scanner places names and keys.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { detectAdkProject, findAdkProjects, importsRuntime, primitiveFiles, readAgentLink } from '../../../src/adk/project';
import { locateConfig, locatePrimitives } from '../../../src/adk/locate';
import { assemble, lineOf } from '../../../src/adk/evaluator';

const fixtures = path.join(__dirname, '..', '..', 'fixtures', 'adk');

function tmp(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'adk-project-'));
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

test('an agent is a folder whose agent.config.ts imports @botpress/runtime', () => {
  assert.ok(importsRuntime("import { defineConfig } from '@botpress/runtime'"));
  assert.ok(importsRuntime('import { z, defineConfig } from "@botpress/runtime";'));
  assert.ok(importsRuntime("const { defineConfig } = require('@botpress/runtime')"));
  assert.ok(!importsRuntime("import { defineConfig } from 'vite'"));
  assert.ok(!importsRuntime("// from '@botpress/runtimes'\nexport default {}"));
  const dir = tmp({
    'agent/agent.config.ts': "import { defineConfig } from '@botpress/runtime';\nexport default defineConfig({ name: 'a' });",
    'other/agent.config.ts': "import { defineConfig } from 'something-else';",
    'node_modules/pkg/agent.config.ts': "import { defineConfig } from '@botpress/runtime';",
    'agent/.adk/agent.config.ts': "import { defineConfig } from '@botpress/runtime';",
  });
  assert.equal(detectAdkProject(path.join(dir, 'other')), undefined);
  assert.equal(detectAdkProject(path.join(dir, 'node_modules', 'pkg')), undefined);
  assert.deepEqual(
    findAdkProjects(dir).map((p) => path.relative(dir, p.root)),
    ['agent'],
  );
});

test('agent.local.json wins over agent.json; unreadable or wrong-typed values count as absent', () => {
  const link = readAgentLink(path.join(fixtures, 'valid'));
  assert.deepEqual(link, {
    workspaceId: 'wkspace_fixture',
    botId: 'bot_fixture_local',
    devId: 'bot_fixture_dev',
    apiUrl: 'https://api.botpress.cloud',
  });
  const dir = tmp({ 'agent.json': '{ "botId": 42, "workspaceId": "w" ', 'agent.local.json': '{ "devId": "dev_1", "botId": "" }' });
  assert.deepEqual(readAgentLink(dir), { devId: 'dev_1' });
  assert.deepEqual(readAgentLink(path.join(dir, 'missing')), {});
});

test('primitive files: the six folders, recursively, without declarations and tests', () => {
  const dir = tmp({
    'src/tables/orders.ts': '',
    'src/tables/nested/more.ts': '',
    'src/tables/types.d.ts': '',
    'src/actions/lookup.test.ts': '',
    'src/utils/helper.ts': '',
    'src/knowledge/docs.ts': '',
  });
  assert.deepEqual(
    primitiveFiles(dir).map((f) => [path.relative(dir, f.file), f.kind]),
    [
      [path.join('src', 'tables', 'nested', 'more.ts'), 'table'],
      [path.join('src', 'tables', 'orders.ts'), 'table'],
      [path.join('src', 'knowledge', 'docs.ts'), 'knowledge'],
    ],
  );
});

test('the scanner finds each primitive, its name literal and its keys, past strings, comments and methods', () => {
  const text = [
    "import { Table, Workflow, Conversation, z } from '@botpress/runtime';",
    '// new Table({ name: "commentedTable" })',
    'const s = \'new Workflow({ name: "inString" })\';',
    'export const t = new Table({',
    "  name: 'OrdersTable',",
    '  columns: { id: z.string(), "label": { schema: z.string(), searchable: true }, total: z.number().min(0) },',
    '  keyColumn: `id`,',
    '});',
    'export default new Workflow<"w">({ name: "syncOrders", input: z.object({ a: z.string() }), ' +
      'async handler() { return { x: 1 }; }, timeout: 5 });',
    "export const c = new Conversation({ channel: ['webchat.channel', 'chat.channel'], handler: async () => {} });",
  ].join('\n');
  const found = locatePrimitives(text);
  assert.deepEqual(
    found.map((p) => [p.kind, p.name]),
    [
      ['table', 'OrdersTable'],
      ['workflow', 'syncOrders'],
      ['conversation', 'webchat.channel,chat.channel'],
    ],
  );
  const [table, workflow] = found;
  assert.equal(text.slice(...table.nameRange!), "'OrdersTable'");
  assert.equal(lineOf(text, table.nameRange![0]), 5);
  assert.deepEqual(
    table.columns.map((c) => c.key),
    ['id', 'label', 'total'],
  );
  assert.deepEqual(
    workflow.keys.map((k) => k.key),
    ['name', 'input', 'timeout'],
  );
  const config = locateConfig(
    "export default defineConfig({\n  name: 'x',\n" +
      "  bot: { state: z.object({ n: z.number() }), tags: { team: { title: 'T' } } },\n  configuration: { schema: z.object({}) },\n})",
  );
  assert.deepEqual(
    [...config.keys.keys()],
    ['name', 'bot', 'bot.state', 'bot.tags', 'bot.tags.team', 'bot.tags.team.title', 'configuration', 'configuration.schema'],
  );
});

test('problems are placed: a constructor error at the name it quotes, a bundling error at its line, a worker failure on the config', () => {
  const dir = tmp({
    'agent.config.ts': "import { defineConfig } from '@botpress/runtime';\nexport default defineConfig({ name: 'a' });\n",
    'src/tables/two.ts':
      "import { Table, z } from '@botpress/runtime';\nexport const a = new Table({ name: 'GoodTable', columns: {} });\n" +
      "export const b = new Table({\n  name: 'bad',\n  columns: {},\n});\n",
  });
  const project = detectAdkProject(dir)!;
  const file = path.join(dir, 'src', 'tables', 'two.ts');
  const threw = assemble(project, {
    type: 'result',
    id: 1,
    timings: {},
    outcome: { status: 'ok', primitives: [], failures: [{ file, message: "Invalid table name 'bad'" }] },
  });
  const [p] = threw.problems;
  assert.equal(p.file, file);
  assert.equal(p.problem.code, 'BP122');
  assert.equal(fs.readFileSync(file, 'utf8').slice(p.problem.start, p.problem.end), "'bad'");

  const bundled = assemble(project, {
    type: 'result',
    id: 2,
    timings: {},
    outcome: { status: 'bundle', errors: [{ file, line: 3, column: 27, length: 1, message: 'Expected "}"' }, { message: 'elsewhere' }] },
  });
  assert.deepEqual(
    bundled.problems.map((x) => [path.basename(x.file), x.problem.code, lineOf(fs.readFileSync(x.file, 'utf8'), x.problem.start)]),
    [
      ['two.ts', 'BP121', 3],
      ['agent.config.ts', 'BP121', 1],
    ],
  );
  const failed = assemble(project, { failure: 'timeout', detail: 'took too long' });
  assert.deepEqual(
    failed.problems.map((x) => [path.basename(x.file), x.problem.code]),
    [['agent.config.ts', 'BP123']],
  );
  assert.equal(failed.outline, undefined);
});

test('against the Cloud: tables planned in the deploy preview’s words, knowledge bases matched by name', async () => {
  const { compareWithCloud } = await import('../../../src/adk/cloud');
  const table = (name: string, properties: Record<string, unknown>) => ({
    kind: 'table' as const,
    name,
    file: '/a/src/tables/t.ts',
    exportName: 'default',
    line: 1,
    range: [0, 0] as [number, number],
    definition: { type: 'table', name, schema: { type: 'object', properties }, factor: 1, keyColumn: 'orderId' },
  });
  const kb = {
    kind: 'knowledge' as const,
    name: 'faq',
    file: '/a/src/knowledge/faq.ts',
    exportName: 'default',
    line: 1,
    range: [0, 0] as [number, number],
    definition: { type: 'knowledge', name: 'faq' },
    details: { sources: [{ id: 'docs', type: 'document', directoryPath: 'knowledge/faq' }] },
  };
  const c = compareWithCloud(
    '/a',
    [
      table('OrdersTable', { orderId: { type: 'string' }, total: { type: 'number' } }),
      table('NotesTable', { text: { type: 'string' } }),
      kb,
    ],
    [
      {
        name: 'OrdersTable',
        schema: { properties: { orderId: { type: 'string' }, total: { type: 'string' }, legacy: { type: 'string' } } },
      },
      { name: 'oldTable', schema: { properties: {} } },
    ],
    [{ name: 'archive' }],
  );
  assert.deepEqual(c.tableLines, [
    'table OrdersTable: updated: total: string → number (its values are reset to null); ' +
      'legacy: not in the definition (kept; delete it in the dashboard if unwanted)',
    'table NotesTable: created (text)',
    'table oldTable: not in the definition, kept (a deploy never deletes a table)',
  ]);
  assert.equal(c.definitions.OrdersTable.keyColumn, 'orderId');
  assert.deepEqual(c.knowledge, [
    { name: 'faq', status: 'missing', folders: [path.resolve('/a', 'knowledge/faq')] },
    { name: 'archive', status: 'extra', folders: [] },
  ]);
});
