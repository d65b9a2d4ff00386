// The Tables API of the emulator, through the official @botpress/client: every one of the 17 operations,
// the query grammar, the limits and the official error types. The emulator runs strict: a response that
// breaks its official schema fails the call.
import assert from 'node:assert/strict';
import { gunzipSync } from 'node:zlib';
import { after, before, describe, test } from 'node:test';
import {
  AlreadyExistsError,
  Client,
  InvalidJsonSchemaError,
  InvalidPayloadError,
  InvalidQueryError,
  LimitExceededError,
  ReferenceNotFoundError,
  ResourceLockedConflictError,
  ResourceNotFoundError,
  isApiError,
} from '@botpress/client';
import { operations } from '../../src/emulator/spec';
import { startEmulator, type Emulator } from '../../src/emulator';

let emu: Emulator;
let client: Client;
let botId: string;

async function rejects(promise: Promise<unknown>, type: new (...a: never[]) => Error, pattern?: RegExp): Promise<void> {
  await assert.rejects(promise, (err: unknown) => {
    assert.ok(err instanceof type, `expected ${type.name}, got ${String(err)}`);
    assert.ok(isApiError(err));
    if (pattern) assert.match(err.message, pattern);
    return true;
  });
}

const ordersSchema = {
  type: 'object',
  properties: {
    orderId: { type: 'string' },
    customer: { type: 'string', 'x-zui': { searchable: true } },
    status: { type: 'string', enum: ['pending', 'shipped', 'delivered'] },
    total: { type: 'number' },
    paid: { type: 'boolean' },
    placedAt: { type: 'string', format: 'date-time' },
    items: { type: 'array', items: { type: 'string' } },
    address: { type: 'object', properties: { city: { type: 'string' }, zip: { type: 'string' } } },
  },
};

const sample = (i: number) => ({
  orderId: `A-${1000 + i}`,
  customer: ['Ada Lovelace', 'Alan Turing', 'Grace Hopper', 'Edsger Dijkstra'][i % 4],
  status: ['pending', 'shipped', 'delivered'][i % 3],
  total: 10 * i + 5,
  paid: i % 2 === 0,
  placedAt: new Date(Date.UTC(2026, 0, 1 + i)).toISOString(),
  items: Array.from({ length: (i % 3) + 1 }, (_, k) => `sku-${k}`),
  address: { city: i % 2 ? 'Montreal' : 'Paris', zip: `H${i}` },
});

before(async () => {
  emu = await startEmulator({ seed: 'empty' });
  const admin = new Client({ apiUrl: emu.url, token: emu.token });
  const { workspaces } = await admin.listWorkspaces({});
  const { bot } = await new Client({ apiUrl: emu.url, token: emu.token, workspaceId: workspaces[0].id }).createBot({ name: 'tables-bot' });
  botId = bot.id;
  client = new Client({ apiUrl: emu.url, token: emu.token, botId });
});
after(() => emu.close());

describe('tables', () => {
  test('createTable normalises the schema into the official Table shape, getTable counts rows', async () => {
    const { table } = await client.createTable({
      name: 'ordersTable',
      schema: ordersSchema,
      keyColumn: 'orderId',
      tags: { team: 'support' },
    });
    assert.match(table.id, /^table_/);
    assert.equal(table.factor, 1);
    assert.equal(table.keyColumn, 'orderId');
    assert.deepEqual(Object.keys(table.schema.properties), Object.keys(ordersSchema.properties));
    assert.equal(table.schema.properties.customer['x-zui'].searchable, true);
    assert.equal(table.schema.properties.total['x-zui'].index, 3);
    assert.equal(table.schema.properties.placedAt.format, 'date-time');
    const got = await client.getTable({ table: 'ordersTable' });
    assert.deepEqual([got.table.id, got.rows, got.stale, got.indexing], [table.id, 0, 0, 0]);
    assert.equal((await client.getTable({ table: table.id })).table.name, 'ordersTable', 'by id too');
  });

  test('createTable refuses a taken name, a bad name, a bad column type, more than 20 columns, an unknown keyColumn', async () => {
    await rejects(client.createTable({ name: 'ordersTable', schema: ordersSchema }), AlreadyExistsError);
    await rejects(client.createTable({ name: 'orders', schema: ordersSchema }), InvalidPayloadError, /must end with "Table"/);
    await rejects(
      client.createTable({ name: 'badTable', schema: { properties: { when: { type: 'date' } } } }),
      InvalidJsonSchemaError,
      /when/,
    );
    const wide = Object.fromEntries(Array.from({ length: 21 }, (_, i) => [`c${i}`, { type: 'string' }]));
    await rejects(
      client.createTable({ name: 'wideTable', schema: { type: 'object', properties: wide } }),
      LimitExceededError,
      /20 columns/,
    );
    await rejects(client.createTable({ name: 'keyTable', schema: ordersSchema, keyColumn: 'nope' }), InvalidPayloadError, /keyColumn/);
  });

  test('listTables, filtered by tags; getOrCreateTable says whether it created', async () => {
    const made = await client.getOrCreateTable({
      table: 'notesTable',
      schema: { text: { type: 'string', 'x-zui': { searchable: true } } },
    });
    assert.equal(made.created, true);
    assert.equal(made.rows, 0);
    const again = await client.getOrCreateTable({ table: 'notesTable', schema: { other: { type: 'number' } } });
    assert.equal(again.created, false);
    assert.deepEqual(Object.keys(again.table.schema.properties), ['text']);
    assert.deepEqual((await client.listTables({})).tables.map((t) => t.name).sort(), ['notesTable', 'ordersTable']);
    assert.deepEqual(
      (await client.listTables({ tags: { team: 'support' } })).tables.map((t) => t.name),
      ['ordersTable'],
    );
    await rejects(client.getTable({ table: 'missingTable' }), ResourceNotFoundError);
  });
});

describe('rows', () => {
  test('createTableRows stores valid rows, returns them with ids, and ignores unknown keys with a warning', async () => {
    const first = await client.createTableRows({ table: 'ordersTable', rows: [{ ...sample(0), color: 'red' }] });
    assert.equal(first.rows.length, 1);
    assert.equal(first.rows[0].id, 1);
    assert.equal(first.rows[0].orderId, 'A-1000');
    assert.equal('color' in first.rows[0], false);
    assert.match(first.warnings?.[0] ?? '', /color/);
    const rest = await client.createTableRows({ table: 'ordersTable', rows: Array.from({ length: 59 }, (_, i) => sample(i + 1)) });
    assert.deepEqual(
      rest.rows.map((r) => r.id),
      Array.from({ length: 59 }, (_, i) => i + 2),
    );
    assert.equal((await client.getTable({ table: 'ordersTable' })).rows, 60);
  });

  test('a bad row refuses the whole call, naming every bad row; nothing is stored', async () => {
    await rejects(
      client.createTableRows({
        table: 'ordersTable',
        rows: [sample(100), { ...sample(101), total: 'ten' }, { ...sample(102), status: 'lost' }],
      }),
      InvalidPayloadError,
      /rows\[1\]: column "total" must be number.*rows\[2\]: column "status"/,
    );
    await rejects(
      client.createTableRows({ table: 'ordersTable', rows: [{ ...sample(103), orderId: 'A-1000' }] }),
      InvalidPayloadError,
      /unique/,
    );
    await rejects(
      client.createTableRows({ table: 'ordersTable', rows: [{ ...sample(104), customer: 'x'.repeat(5000) }] }),
      LimitExceededError,
      /4096/,
    );
    await rejects(client.createTableRows({ table: 'ordersTable', rows: [] }), InvalidPayloadError);
    await rejects(
      client.createTableRows({ table: 'ordersTable', rows: Array.from({ length: 1001 }, (_, i) => sample(i + 200)) }),
      InvalidPayloadError,
    );
    assert.equal((await client.getTable({ table: 'ordersTable' })).rows, 60);
  });

  test('getTableRow gives a row with every column; updateTableRows merges by id', async () => {
    const { row } = await client.getTableRow({ table: 'ordersTable', id: 2 });
    assert.equal(row.orderId, 'A-1001');
    assert.deepEqual(row.address, { city: 'Montreal', zip: 'H1' });
    const { rows } = await client.updateTableRows({ table: 'ordersTable', rows: [{ id: 2, status: 'delivered' }] });
    assert.equal(rows[0].status, 'delivered');
    assert.equal(rows[0].orderId, 'A-1001', 'other columns kept');
    await rejects(client.updateTableRows({ table: 'ordersTable', rows: [{ id: 9999, status: 'shipped' }] }), ResourceNotFoundError);
    await rejects(client.updateTableRows({ table: 'ordersTable', rows: [{ id: 2, total: 'x' }] }), InvalidPayloadError, /rows\[0\]/);
    await rejects(client.getTableRow({ table: 'ordersTable', id: 9999 }), ResourceNotFoundError);
  });

  test('upsertTableRows by the key column: updated and inserted', async () => {
    const { inserted, updated } = await client.upsertTableRows({
      table: 'ordersTable',
      keyColumn: 'orderId',
      rows: [
        { orderId: 'A-1003', total: 1 },
        { ...sample(60), orderId: 'A-9000' },
      ],
    });
    assert.deepEqual(
      updated.map((r) => [r.id, r.total]),
      [[4, 1]],
    );
    assert.deepEqual(
      inserted.map((r) => [r.id, r.orderId]),
      [[61, 'A-9000']],
    );
    const byId = await client.upsertTableRows({ table: 'ordersTable', rows: [{ id: 61, total: 2 }] });
    assert.deepEqual([byId.updated.length, byId.inserted.length], [1, 0]);
    await rejects(
      client.upsertTableRows({ table: 'ordersTable', keyColumn: 'orderId', rows: [{ total: 3 }] }),
      InvalidPayloadError,
      /keyColumn/,
    );
  });
});

describe('findTableRows', () => {
  const find = (body: Omit<Parameters<Client['findTableRows']>[0], 'table'>) => client.findTableRows({ table: 'ordersTable', ...body });
  const ids = async (filter: Record<string, unknown>) => (await find({ filter, limit: 1000 })).rows.map((r) => r.id);

  test('orders, pages with limit/offset/hasMore', async () => {
    const page = await find({ limit: 10, offset: 5 });
    assert.deepEqual([page.rows.length, page.rows[0].id, page.hasMore, page.offset, page.limit], [10, 6, true, 5, 10]);
    const last = await find({ limit: 10, offset: 55 });
    assert.deepEqual([last.rows.length, last.hasMore], [6, false]);
    const byTotal = await find({ orderBy: 'total', orderDirection: 'desc', limit: 3 });
    assert.deepEqual(
      byTotal.rows.map((r) => r.total),
      [595, 585, 575],
    );
    const byDate = await find({ orderBy: 'placedAt', orderDirection: 'asc', limit: 1 });
    assert.equal(byDate.rows[0].orderId, 'A-1000');
    await rejects(find({ orderBy: 'nope' }), InvalidQueryError);
  });

  test('every comparison operator, on data columns and on id/createdAt', async () => {
    assert.deepEqual(await ids({ orderId: 'A-1002' }), [3]);
    assert.deepEqual(await ids({ orderId: { $eq: 'A-1002' } }), [3]);
    assert.equal((await ids({ status: { $ne: 'pending' } })).length, 40);
    assert.deepEqual(await ids({ total: { $gt: 580 } }), [59, 60]);
    assert.deepEqual(await ids({ total: { $gte: 595 } }), [60]);
    assert.deepEqual(await ids({ total: { $lt: 15 } }), [1, 4, 61]);
    assert.deepEqual(await ids({ total: { $lte: 15, $gt: 1 } }), [1, 2, 61]);
    assert.deepEqual(await ids({ id: { $in: [1, 3, 999] } }), [1, 3]);
    assert.equal((await ids({ id: { $nin: [1, 2, 3] } })).length, 58);
    assert.deepEqual(await ids({ items: { $size: 3 }, id: { $lte: 9 } }), [3, 6, 9]);
    assert.deepEqual(await ids({ id: { $mod: [20, 0] } }), [20, 40, 60]);
    assert.deepEqual(await ids({ customer: { $regex: '^grace', $options: 'i' }, id: { $lt: 12 } }), [3, 7, 11]);
    assert.deepEqual(await ids({ 'address.city': 'Paris', id: { $lt: 6 } }), [1, 3, 5]);
    assert.equal((await ids({ createdAt: { $lte: new Date().toISOString() } })).length, 61);
    assert.deepEqual(await ids({ placedAt: { $lt: '2026-01-03T00:00:00.000Z' } }), [1, 2]);
    await client.updateTableRows({ table: 'ordersTable', rows: [{ id: 5, paid: null }] });
    assert.deepEqual(await ids({ paid: { $exists: false } }), [5]);
    assert.equal((await ids({ paid: { $exists: true } })).length, 60);
  });

  test('$and, $or, $not', async () => {
    assert.deepEqual(await ids({ $and: [{ status: 'shipped' }, { total: { $lt: 50 } }] }), [5]);
    assert.deepEqual(await ids({ $or: [{ id: 1 }, { orderId: 'A-1010' }] }), [1, 11]);
    assert.equal((await ids({ $not: { status: 'pending' } })).length, 40);
  });

  test('a filter with an unknown column, an operator unfit for the type or a malformed value is InvalidQuery', async () => {
    await rejects(find({ filter: { colour: 'red' } }), InvalidQueryError, /Unknown column "colour"/);
    await rejects(find({ filter: { total: { $regex: '1' } } }), InvalidQueryError, /\$regex does not apply/);
    await rejects(find({ filter: { total: { $gt: 'ten' } } }), InvalidQueryError, /number/);
    await rejects(find({ filter: { total: { $between: [1, 2] } } }), InvalidQueryError, /Unknown operator/);
    await rejects(find({ filter: { customer: { $regex: '(' } } }), InvalidQueryError, /valid expression/);
    await rejects(client.deleteTableRows({ table: 'ordersTable', filter: { nope: 1 } }), InvalidQueryError);
  });

  test('select with dot paths keeps the system columns', async () => {
    const { rows } = await find({ select: ['orderId', 'address.city'], limit: 1 });
    assert.deepEqual(Object.keys(rows[0]).sort(), ['address', 'computed', 'createdAt', 'id', 'orderId', 'updatedAt']);
    assert.deepEqual(rows[0].address, { city: 'Paris' });
  });

  test('group: key, count (non-null), sum, avg, min, max, named column + Op', async () => {
    const { rows } = await find({
      filter: { id: { $lte: 60 } },
      group: { status: 'key', total: ['sum', 'avg', 'min', 'max'], paid: 'count' },
      orderBy: 'statusKey',
    });
    assert.deepEqual(
      rows.map((r) => r.statusKey),
      ['delivered', 'pending', 'shipped'],
    );
    const pending = rows.find((r) => r.statusKey === 'pending')!;
    // i = 0, 3, …, 57: totals 10i + 5, except row 4 (i = 3) upserted to 1.
    assert.equal(pending.totalSum, 5800 - 35 + 1);
    assert.equal(pending.totalMin, 1);
    assert.equal(pending.totalMax, 575);
    assert.equal(typeof pending.totalAvg, 'number');
    const counted = rows.reduce((s, r) => s + (r.paidCount as number), 0);
    assert.equal(counted, 59, 'count skips the null paid of row 5');
    await rejects(find({ group: { customer: 'sum' } }), InvalidQueryError, /number column/);
  });

  test('search ranks rows of searchable columns lexically, near matches included, with similarity', async () => {
    const { rows } = await find({ search: 'grace hoper', limit: 5 });
    assert.ok(rows.length > 0);
    assert.ok(rows.every((r) => r.customer === 'Grace Hopper'));
    assert.equal(rows[0].similarity, 1);
    assert.ok(rows.every((r) => typeof r.similarity === 'number' && r.similarity > 0 && r.similarity <= 1));
    const none = await client.findTableRows({ table: 'notesTable', search: 'x' });
    assert.deepEqual(none.rows, []);
  });
});

describe('schema changes', () => {
  test('updateTable adds columns, resets a column whose type changes (staleColumns), keeps the others', async () => {
    const { table, staleColumns } = await client.updateTable({
      table: 'ordersTable',
      schema: { type: 'object', properties: { total: { type: 'string' }, note: { type: 'string' } } },
    });
    assert.deepEqual(staleColumns, ['total']);
    assert.equal(table.schema.properties.total.type, 'string');
    assert.ok('note' in table.schema.properties && 'orderId' in table.schema.properties);
    const { row } = await client.getTableRow({ table: 'ordersTable', id: 1 });
    assert.equal(row.total, null);
    assert.equal(row.orderId, 'A-1000');
    await rejects(client.updateTable({ table: 'ordersTable', factor: 0.5 }), InvalidPayloadError);
    const wide = Object.fromEntries(Array.from({ length: 12 }, (_, i) => [`extra${i}`, { type: 'string' }]));
    await rejects(client.updateTable({ table: 'ordersTable', schema: { properties: wide } }), LimitExceededError);
  });

  test('renameTableColumn moves the values; the key column follows', async () => {
    const { table } = await client.renameTableColumn({ table: 'ordersTable', name: 'orderId', newName: 'reference' });
    assert.equal(table.keyColumn, 'reference');
    assert.equal((await client.getTableRow({ table: 'ordersTable', id: 1 })).row.reference, 'A-1000');
    await rejects(client.renameTableColumn({ table: 'ordersTable', name: 'nope', newName: 'x' }), ResourceNotFoundError);
    await rejects(client.renameTableColumn({ table: 'ordersTable', name: 'status', newName: 'customer' }), AlreadyExistsError);
  });

  test('a frozen table refuses schema changes and renames, but can be deleted', async () => {
    await client.createTable({ name: 'frozenTable', schema: { a: { type: 'string' } }, frozen: true });
    await rejects(client.updateTable({ table: 'frozenTable', schema: { b: { type: 'string' } } }), ResourceLockedConflictError);
    await rejects(client.renameTableColumn({ table: 'frozenTable', name: 'a', newName: 'b' }), ResourceLockedConflictError);
    await client.deleteTable({ table: 'frozenTable' });
    await rejects(client.getTable({ table: 'frozenTable' }), ResourceNotFoundError);
  });

  test('duplicateTable with rows, or schema only', async () => {
    const full = await client.duplicateTable({ sourceTableId: 'ordersTable', tableName: 'ordersCopyTable' });
    assert.equal(full.rows, 61);
    assert.equal(full.table.keyColumn, 'reference');
    const empty = await client.duplicateTable({ sourceTableId: 'ordersTable', schemaOnly: true });
    assert.equal(empty.rows, 0);
    assert.equal(empty.table.name, 'ordersCopy2Table');
    assert.deepEqual(Object.keys(empty.table.schema.properties), Object.keys(full.table.schema.properties));
  });
});

describe('delete and jobs', () => {
  test('deleteTableRows by ids, by filter, all', async () => {
    assert.equal((await client.deleteTableRows({ table: 'ordersCopyTable', ids: [1, 2, 999] })).deletedRows, 2);
    assert.equal((await client.deleteTableRows({ table: 'ordersCopyTable', filter: { status: 'pending' } })).deletedRows, 20);
    assert.equal((await client.deleteTableRows({ table: 'ordersCopyTable', deleteAllRows: true })).deletedRows, 39);
    await rejects(client.deleteTableRows({ table: 'ordersCopyTable' }), InvalidPayloadError);
  });

  test('exportTable makes a job whose output file the emulator serves; importTable reads such a file; jobs listed', async () => {
    const csv = await client.exportTable({ table: 'ordersTable', format: 'csv', compress: false });
    assert.equal(csv.job.type, 'export');
    assert.equal(csv.job.status, 'completed');
    assert.ok(csv.job.outputFileId);
    const res = await fetch(`${emu.url}/files/tables/${csv.job.outputFileId}`, { headers: { authorization: `Bearer ${emu.token}` } });
    const text = await res.text();
    assert.match(text.split('\n')[0], /^id,reference,customer,status,total,paid,placedAt,items,address,note,createdAt,updatedAt/);
    assert.equal(text.trim().split('\n').length, 62);
    const json = await client.exportTable({ table: 'ordersTable', format: 'json' });
    const gz = await fetch(`${emu.url}/files/tables/${json.job.outputFileId}`, { headers: { authorization: `Bearer ${emu.token}` } });
    const parsed = JSON.parse(gunzipSync(Buffer.from(await gz.arrayBuffer())).toString()) as { rows: unknown[] };
    assert.equal(parsed.rows.length, 61);

    const imported = await client.importTable({ table: 'ordersCopyTable', fileId: csv.job.outputFileId! });
    assert.equal(imported.job.status, 'completed');
    assert.equal((await client.getTable({ table: 'ordersCopyTable' })).rows, 61);
    const again = await client.importTable({ table: 'ordersCopyTable', fileId: csv.job.outputFileId! });
    assert.equal(again.job.status, 'failed', 'the key column refuses the same references twice');
    assert.equal((await client.getTable({ table: 'ordersCopyTable' })).rows, 61);
    await rejects(client.importTable({ table: 'ordersCopyTable', fileId: 'file_nope' }), ReferenceNotFoundError);
    const { jobs } = await client.getTableJobs({ table: 'ordersCopyTable' });
    assert.deepEqual(
      jobs.map((j) => [j.type, j.status]),
      [
        ['import', 'failed'],
        ['import', 'completed'],
      ],
    );
  });

  test('the tables operations need x-bot-id of an existing bot', async () => {
    await rejects(new Client({ apiUrl: emu.url, token: emu.token }).listTables({}), InvalidPayloadError, /x-bot-id/);
    await rejects(new Client({ apiUrl: emu.url, token: emu.token, botId: 'bot_nope' }).listTables({}), ResourceNotFoundError);
  });

  test('every Tables operation of the spec answered, and no response broke its schema', () => {
    const tableOps = Object.values(operations)
      .filter((o) => o.path.startsWith('/v1/tables'))
      .map((o) => o.name);
    assert.equal(tableOps.length, 17);
    assert.deepEqual(
      tableOps.filter((n) => !emu.store.served.get(n)),
      [],
    );
    assert.deepEqual(emu.store.violations, []);
  });
});
