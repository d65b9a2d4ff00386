// An ADK agent against its bot on the local cloud, as "Compare Agent with Its Bot" does it: the fixture agent
// evaluated with the real @botpress/runtime, compared with a new bot (its table and knowledge base missing), the
// table created by the product's table sync, and compared again: nothing left but the knowledge base, which the
// Knowledge feature's sync creates (here through the same API).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { compareWithCloud } from '../../src/adk/cloud';
import { AdkEvaluator } from '../../src/adk/evaluator';
import { BotpressClient } from '../../src/api/botpress';
import { knowledgeApi } from '../../src/api/knowledge';
import { applyTableSync } from '../../src/deploy/tables';
import { startEmulator, type Emulator } from '../../src/emulator';

const agent = path.join(__dirname, '..', 'fixtures', 'adk', 'valid');
const skip = fs.existsSync(path.join(agent, '..', 'node_modules', '@botpress', 'runtime', 'package.json'))
  ? false
  : 'the ADK fixtures are not installed (npm ci --prefix test/fixtures/adk)';

let emu: Emulator;
let client: BotpressClient;
const evaluator = new AdkEvaluator({ timeoutMs: 120_000 });

before(async () => {
  emu = await startEmulator({ seed: 'empty' });
  const account = new BotpressClient({ apiUrl: emu.url, token: emu.token });
  const { bot } = await account.withWorkspace(emu.store.workspaces[0].id).createBot({ name: 'order-desk' });
  client = account.withBot(bot.id);
});
after(async () => {
  evaluator.dispose();
  await emu.close();
});

test('Compare Agent with Its Bot: the missing table created, then nothing differs but what the sync adds', { skip }, async () => {
  const { outline } = await evaluator.evaluate(agent);
  assert.ok(outline, 'the agent evaluates');
  const remote = async () =>
    compareWithCloud(agent, outline.primitives, (await client.listTables({})).tables, await knowledgeApi(client).listKnowledgeBases());

  const first = await remote();
  assert.deepEqual(
    first.tables.map((t) => [t.name, t.action]),
    [['OrdersTable', 'create']],
  );
  assert.match(first.tableLines[0], /^table OrdersTable: created \(/);
  assert.deepEqual(first.knowledge, [{ name: 'policies', status: 'missing', folders: [path.join(agent, 'kb')] }]);

  // The fix: the product's table sync with the agent's definition; nothing is lost, so nothing is asked.
  const sync = await applyTableSync(
    client,
    { definitions: first.definitions, changes: first.tables, lines: first.tableLines },
    async () => {
      throw new Error('creating a table asks nothing');
    },
  );
  assert.match(sync.lines.join('\n'), /OrdersTable/);
  const { table } = await client.getTable({ table: 'OrdersTable' });
  assert.equal(table.keyColumn, 'orderId');

  await knowledgeApi(client).createKnowledgeBase('policies');
  const second = await remote();
  const [orders] = second.tables;
  assert.equal(orders.action === 'create', false);
  if (orders.action === 'update') assert.deepEqual([orders.added, orders.removed, orders.retyped], [[], [], []]);
  assert.deepEqual(
    second.knowledge.map((k) => [k.name, k.status]),
    [['policies', 'present']],
  );
});

test("the demo's order-agent is linked to returns-assistant of the demo's Acme Support", async () => {
  const demo = await startEmulator({ seed: 'demo' });
  try {
    const link = JSON.parse(fs.readFileSync(path.join(__dirname, '..', 'fixtures', 'demo-workspace', 'order-agent', 'agent.json'), 'utf8'));
    const bot = demo.store.bots.get(link.botId);
    assert.equal(bot?.bot.name, 'returns-assistant');
    assert.equal(demo.store.workspaces.find((w) => w.id === link.workspaceId)?.name, 'Acme Support');
  } finally {
    await demo.close();
  }
});
