// The table editor's export and import through the product's own client against the emulator: export pages the
// whole table (or a query) with findTableRows into one CSV/JSON stream; import sends only rows without problems,
// in batches, upserting by the key column, and reports each refused row with its reason.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { BotpressClient } from '../../src/api/botpress';
import type { TableSchema } from '../../src/core/tables/columns';
import { planImport } from '../../src/core/tables/transfer';
import { startEmulator, type Emulator } from '../../src/emulator';
import { exportRows, sendImport } from '../../src/api/tables';

let emu: Emulator;
let client: BotpressClient;

before(async () => {
  emu = await startEmulator({ seed: 'demo' });
  const support = [...emu.store.bots.values()].find((b) => b.bot.name === 'support-bot')!;
  client = new BotpressClient({ apiUrl: emu.url, token: emu.token }).withBot(support.bot.id);
});
after(() => emu.close());

test('export streams every row of a 1,300-row table as CSV, one header, in id order; a query exports its rows only', async () => {
  const { table } = await client.getTable({ table: 'ordersTable' });
  const extra = Array.from({ length: 1000 }, (_, i) => ({ orderId: `B-${i}`, status: 'pending', total: i }));
  await client.createTableRows({ table: table.id, rows: extra });
  let text = '';
  const pages: number[] = [];
  const n = await exportRows(client, table, 'csv', (c) => void (text += c), { progress: (rows) => pages.push(rows) });
  assert.equal(n, 1300);
  assert.deepEqual(pages, [1000, 1300]);
  const lines = text.trimEnd().split('\n');
  assert.equal(lines.length, 1301);
  assert.match(lines[0], /^id,orderId,customer,email,status,/);
  assert.match(lines[1], /^1,A-1001,/);
  let json = '';
  const shipped = await exportRows(client, table, 'json', (c) => void (json += c), { filter: { status: 'shipped' } });
  const parsed = JSON.parse(json) as Array<{ status: string }>;
  assert.equal(parsed.length, shipped);
  assert.ok(shipped > 0 && parsed.every((r) => r.status === 'shipped'));
  const aborted = new AbortController();
  aborted.abort();
  assert.equal(await exportRows(client, table, 'csv', () => undefined, { signal: aborted.signal }), 0);
});

test('import: rows with problems are not sent; the rest upserted by key; a row the API refuses is reported with its reason', async () => {
  const { table } = await client.getTable({ table: 'ordersTable' });
  const schema = table.schema as unknown as TableSchema;
  const csv = [
    'orderId,status,total',
    'A-1001,delivered,12.5', // updates the seeded row
    'C-1,pending,3', // inserted
    'C-2,lost,4', // not one of the statuses: refused before sending
    'C-3,pending,ten', // not a number
  ].join('\n');
  const plan = planImport(csv, 'csv', schema.properties, schema.required);
  const summary = await sendImport(client, table.id, plan, 'orderId');
  assert.deepEqual([summary.inserted, summary.updated], [1, 1]);
  assert.deepEqual(
    summary.failed.map((f) => [f.line, f.reason]),
    [
      [3, 'status: "lost" is not one of pending, processing, shipped, delivered, cancelled, refunded'],
      [4, 'total: "ten" is not a number'],
    ],
  );
  const { rows } = await client.findTableRows({ table: table.id, filter: { orderId: { $in: ['A-1001', 'C-1'] } } });
  assert.deepEqual(
    rows.map((r) => [r.orderId, r.status]),
    [
      ['A-1001', 'delivered'],
      ['C-1', 'pending'],
    ],
  );
  // Insert (no key) of a reference that exists: the API refuses the batch, and the row says why.
  const again = await sendImport(client, table.id, planImport('orderId,status\nC-1,pending', 'csv', schema.properties), undefined);
  assert.equal(again.inserted, 0);
  assert.match(again.failed[0].reason, /keyColumn "orderId" must be unique/);
  assert.deepEqual(emu.store.violations, []);
});
