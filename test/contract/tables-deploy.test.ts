// A bot definition's tables synced after a deploy, against the emulator, as `bp deploy` syncs them: created,
// then altered (a changed type asked first, and named), frozen skipped, a table the definition dropped kept.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { BotpressClient } from '../../src/api/botpress';
import { describeTableChanges, planTables, type TableDefinition } from '../../src/core/deploy/tables';
import { applyTableSync, planTableSync, syncTables } from '../../src/deploy/tables';
import { validateDefinition } from '../../src/core/definitions';
import { requestBody } from '../../src/core/deploy';
import { startEmulator, type Emulator } from '../../src/emulator';

let emu: Emulator;
let client: BotpressClient;

before(async () => {
  emu = await startEmulator({ seed: 'empty' });
  const account = new BotpressClient({ apiUrl: emu.url, token: emu.token });
  const workspaceId = emu.store.workspaces[0].id;
  const { bot } = await account.withWorkspace(workspaceId).createBot({ name: 'deploy-tables' });
  client = account.withBot(bot.id);
});
after(() => emu.close());

const leads = (score: Record<string, unknown>) => ({
  leadsTable: {
    keyColumn: 'email',
    tags: { source: 'definition' },
    schema: { type: 'object', properties: { email: { type: 'string' }, score }, required: ['email'], additionalProperties: false },
  },
});

test('a deploy creates the table, then a changed column type is asked about, named, and applied', async () => {
  const asked: string[][] = [];
  const first = await syncTables(client, leads({ type: 'number' }), async (l) => (asked.push(l), true));
  assert.deepEqual(first.lines, ['table leadsTable: created (email, score)']);
  assert.equal(asked.length, 0, 'nothing is lost: nothing asked');
  await client.createTableRows({ table: 'leadsTable', rows: [{ email: 'a@example.com', score: 3 }] });

  const declined = await syncTables(client, leads({ type: 'string' }), async (l) => (asked.push(l), false));
  assert.equal(declined.applied, false);
  assert.match(asked[0][0], /score: number → string \(its values are reset to null\)/);
  assert.equal((await client.getTable({ table: 'leadsTable' })).table.schema.properties.score.type, 'number', 'declined: unchanged');

  const accepted = await syncTables(client, leads({ type: 'string' }), async () => true);
  assert.equal(accepted.applied, true);
  const { table } = await client.getTable({ table: 'leadsTable' });
  assert.equal(table.schema.properties.score.type, 'string');
  const { rows } = await client.findTableRows({ table: 'leadsTable' });
  assert.deepEqual([rows[0].email, rows[0].score], ['a@example.com', null]);
});

test('frozen tables are skipped and said; tables the definition drops are kept, never deleted', async () => {
  await client.createTable({ name: 'lockedTable', schema: { a: { type: 'string' } }, frozen: true });
  const sync = await syncTables(client, { lockedTable: { schema: { type: 'object', properties: { a: { type: 'number' } } } } }, async () =>
    assert.fail('a frozen table is not changed, so nothing is asked'),
  );
  assert.deepEqual(sync.lines, [
    'table lockedTable: frozen in the cloud, not updated',
    'table leadsTable: not in the definition, kept (a deploy never deletes a table)',
  ]);
  assert.equal((await client.getTable({ table: 'lockedTable' })).table.schema.properties.a.type, 'string');
  assert.deepEqual((await client.listTables({})).tables.map((t) => t.name).sort(), ['leadsTable', 'lockedTable']);
});

test('the plan names added, removed and retyped columns', () => {
  const changes = planTables(
    { tTable: { schema: { properties: { a: { type: 'string', format: 'date-time' }, c: { type: 'boolean' } } } } },
    [{ name: 'tTable', schema: { properties: { a: { type: 'string' }, b: { type: 'number' } } } }],
  );
  assert.deepEqual(describeTableChanges(changes), [
    'table tTable: updated: +c; a: string → date-time (its values are reset to null); ' +
      'b: not in the definition (kept; delete it in the dashboard if unwanted)',
  ]);
});

test('a YAML definition: its tables planned before a new bot exists (all created), applied once it is created', async () => {
  const text = [
    'name: yaml-tables',
    'tables:',
    '  faqTable:',
    '    keyColumn: question',
    '    factor: 2',
    '    tags: { from: yaml }',
    '    schema:',
    '      type: object',
    '      properties:',
    '        question: { type: string }',
    '        answer: { type: string }',
  ].join('\n');
  const checked = validateDefinition(text, { kind: 'bot', fileName: '/p/bot.definition.yaml' });
  assert.deepEqual(checked.problems, []);
  const tables = checked.definition!.tables as Record<string, TableDefinition>;
  const plan = await planTableSync(undefined, tables);
  assert.deepEqual(plan?.lines, ['table faqTable: created (question, answer)']);
  assert.equal(await planTableSync(undefined, undefined), undefined);

  const body = requestBody(checked.definition!, 'updateBot');
  assert.equal(body.tables, undefined, 'tables are not part of the bot');
  const account = new BotpressClient({ apiUrl: emu.url, token: emu.token });
  const { bot } = await account.withWorkspace(emu.store.workspaces[0].id).createBot(body);
  const botClient = account.withBot(bot.id);
  const sync = await applyTableSync(botClient, plan!, async () => assert.fail('nothing is lost'));
  assert.equal(sync.applied, true);
  const { table } = await botClient.getTable({ table: 'faqTable' });
  assert.deepEqual([table.keyColumn, table.factor, table.tags], ['question', 2, { from: 'yaml' }]);
  assert.deepEqual(Object.keys(table.schema.properties), ['question', 'answer']);
  assert.deepEqual((await planTableSync(botClient, tables))?.lines, ['table faqTable: unchanged']);
});
