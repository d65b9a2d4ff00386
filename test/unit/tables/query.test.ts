// The query grammar the editor checks a filter with, and the CSV/JSON mapping of import and export.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { columnKinds, normalizeColumns, valueProblem, type ColumnSchema } from '../../../src/core/tables/columns';
import { checkFilter, checkGroup, compileFilter, groupRows, operatorsFor, selectPaths, sortRows } from '../../../src/core/tables/query';
import { convertCell, csvChunk, exportFields, jsonChunk, jsonEnd, planImport } from '../../../src/core/tables/transfer';

const { columns } = normalizeColumns({
  type: 'object',
  properties: {
    name: { type: 'string' },
    price: { type: 'number' },
    paid: { type: 'boolean' },
    tags: { type: 'array', items: { type: 'string' } },
    at: { type: 'string', format: 'date-time' },
    status: { type: 'string', enum: ['open', 'closed'] },
    meta: { type: 'object' },
  },
  required: ['name'],
});
const kinds = columnKinds({ properties: columns });
const messages = (filter: unknown) => checkFilter(filter, kinds).map((p) => `${p.path}: ${p.message}`);

test('normalising: types, nullable unions, integer, x-zui index; a bad type is a problem naming the column', () => {
  assert.equal(kinds.at, 'date');
  assert.equal(columns.price['x-zui'].index, 1);
  const n = normalizeColumns({
    a: { anyOf: [{ type: 'integer' }, { type: 'null' }] },
    b: { type: ['string', 'null'] },
    c: { type: 'date' },
  });
  assert.deepEqual([n.columns.a.type, n.columns.a.nullable, n.columns.b.type], ['number', true, 'string']);
  assert.match(n.problems[0].message, /Column "c"/);
  assert.match(normalizeColumns({ '1bad': { type: 'string' } }).problems[0].message, /1bad/);
});

test('the filter checker names the unknown column, the operator that does not fit the type, the malformed value', () => {
  assert.deepEqual(messages({ name: 'x', price: { $gte: 3 }, 'meta.deep': 1, id: { $in: [1, 2] } }), []);
  assert.deepEqual(
    messages({ $and: [{ status: { $in: ['open'] } }, { $or: [{ paid: true }, { at: { $lt: '2026-01-01T00:00:00Z' } }] }] }),
    [],
  );
  assert.match(messages({ nmae: 'x' })[0], /^filter\.nmae: Unknown column "nmae"/);
  assert.match(messages({ price: { $regex: '1' } })[0], /\$regex does not apply to "price", a number column/);
  assert.match(messages({ name: { $size: 2 } })[0], /\$size does not apply/);
  assert.match(messages({ price: { $gt: 'ten' } })[0], /needs a number value, got string/);
  assert.match(messages({ at: { $lt: 'yesterday' } })[0], /date/);
  assert.match(messages({ price: { $mod: [0, 1] } })[0], /divisor not 0/);
  assert.match(messages({ price: { $between: 1 } })[0], /Unknown operator/);
  assert.match(messages({ $nor: [] })[0], /Unknown logical operator/);
  assert.match(messages({ $and: [] })[0], /non-empty array/);
  assert.match(messages({ name: { $regex: '(' } })[0], /not a valid expression/);
  assert.match(messages({ $or: [{ paid: 'yes' }] })[0], /^filter\.\$or\[0\]\.paid/);
  assert.deepEqual(operatorsFor('boolean').includes('$gt'), false);
  assert.deepEqual(operatorsFor('array').includes('$size'), true);
});

test('evaluation: every operator, dot paths, null handling', () => {
  const rows = [
    { id: 1, name: 'Ada', price: 10, paid: true, tags: ['a', 'b'], meta: { city: 'Paris' } },
    { id: 2, name: 'alan', price: 25, paid: false, tags: ['b'], meta: { city: 'Lyon' } },
    { id: 3, name: 'Grace', price: null, paid: null, tags: [] },
  ];
  const ids = (filter: unknown) => rows.filter(compileFilter(filter)).map((r) => r.id);
  assert.deepEqual(ids({ price: { $gt: 5, $lt: 20 } }), [1]);
  assert.deepEqual(ids({ price: { $exists: false } }), [3]);
  assert.deepEqual(ids({ tags: { $size: 1 } }), [2]);
  assert.deepEqual(ids({ tags: { $in: ['a'] } }), [1]);
  assert.deepEqual(ids({ price: { $mod: [5, 0] } }), [1, 2]);
  assert.deepEqual(ids({ name: { $regex: '^a', $options: 'i' } }), [1, 2]);
  assert.deepEqual(ids({ 'meta.city': 'Lyon' }), [2]);
  assert.deepEqual(ids({ $not: { paid: true } }), [2, 3]);
  assert.deepEqual(ids({ $or: [{ id: 1 }, { name: { $nin: ['Ada', 'alan'] } }] }), [1, 3]);
  assert.deepEqual(
    sortRows(rows, 'price', 'desc').map((r) => r.id),
    [2, 1, 3],
  );
  assert.deepEqual(selectPaths(rows[0], ['meta.city'], ['id']), { id: 1, meta: { city: 'Paris' } });
});

test('group: named column + Op; count skips nulls; sum/avg need numbers', () => {
  const rows = [
    { id: 1, s: 'a', v: 1 },
    { id: 2, s: 'a', v: null },
    { id: 3, s: 'b', v: 4 },
  ];
  assert.deepEqual(groupRows(rows, { s: 'key', v: ['count', 'sum', 'avg', 'min', 'max'] }), [
    { sKey: 'a', vCount: 1, vSum: 1, vAvg: 1, vMin: 1, vMax: 1 },
    { sKey: 'b', vCount: 1, vSum: 4, vAvg: 4, vMin: 4, vMax: 4 },
  ]);
  assert.match(checkGroup({ name: 'sum' }, kinds)[0].message, /needs a number column/);
  assert.match(checkGroup({ nope: 'key' }, kinds)[0].message, /Unknown column/);
});

test('import mapping: headers to columns (any case), cells read into their type, problems per row before anything is sent', () => {
  const csv = 'Name,price,paid,tags,at,status,colour\nAda,10.5,yes,"[""a""]",2026-01-01T00:00:00Z,open,red\n,abc,maybe,[,soon,lost,\n';
  const plan = planImport(csv, 'csv', columns, ['name']);
  assert.deepEqual(plan.mapped, { Name: 'name', price: 'price', paid: 'paid', tags: 'tags', at: 'at', status: 'status' });
  assert.deepEqual(plan.ignored, ['colour']);
  assert.deepEqual(plan.rows[0].data, { name: 'Ada', price: 10.5, paid: true, tags: ['a'], at: '2026-01-01T00:00:00Z', status: 'open' });
  assert.deepEqual(plan.rows[0].problems, []);
  const bad = plan.rows[1].problems.join(' | ');
  for (const expected of [
    /price: "abc" is not a number/,
    /paid: "maybe" is not a boolean/,
    /tags: "\[" is not JSON/,
    /at: "soon" is not a date-time/,
    /status: "lost" is not one of open, closed/,
    /name: required/,
  ])
    assert.match(bad, expected);
  const json = planImport(JSON.stringify([{ name: 'x', price: '3' }]), 'json', columns);
  assert.match(json.rows[0].problems[0], /price: "3" is not a number/);
  assert.throws(() => planImport('{"a":1}', 'json', columns), /array of row objects/);
  assert.deepEqual(convertCell(columns.price, '', true), { value: null });
  assert.equal(valueProblem(columns.meta as ColumnSchema, [1]), '"[1]" is not an object');
});

test('export: CSV pages share one header, objects as JSON, nulls empty; JSON pages form one array', () => {
  const fields = exportFields(['name', 'meta']);
  const text =
    csvChunk([{ id: 1, name: 'a,b', meta: { x: 1 }, createdAt: 't', updatedAt: 'u' }], fields, true) +
    csvChunk([{ id: 2, name: null, meta: null, createdAt: 't', updatedAt: 'u' }], fields, false);
  assert.equal(text, 'id,name,meta,createdAt,updatedAt\n1,"a,b","{""x"":1}",t,u\n2,,,t,u\n');
  const json = jsonChunk([{ id: 1 }], true) + jsonChunk([{ id: 2 }], false) + jsonEnd(true);
  assert.deepEqual(JSON.parse(json), [{ id: 1 }, { id: 2 }]);
  assert.equal(jsonEnd(false), '[]\n');
});
