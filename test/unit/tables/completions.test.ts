// The filter box's completions: what is offered where the cursor is, and what accepting it writes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { filterCompletions } from '../../../src/core/tables/completions';
import type { ColumnKind } from '../../../src/core/tables/query';

const columns: Record<string, ColumnKind> = { status: 'string', total: 'number', tags: 'array', placedAt: 'date', address: 'object' };

/** Completions at the `|` of `text`. */
const at = (marked: string) => {
  const cursor = marked.indexOf('|');
  const text = marked.replace('|', '');
  return { text, result: filterCompletions(text, cursor, columns) };
};
const labels = (marked: string) => at(marked).result?.items.map((i) => i.label);
/** The text after accepting the first item. */
const accept = (marked: string, label?: string) => {
  const { text, result } = at(marked);
  assert.ok(result, `completions at ${marked}`);
  const item = label ? result.items.find((i) => i.label === label)! : result.items[0];
  return text.slice(0, result.from) + item.insert + text.slice(result.to);
};

test('completions: at a filter key, every column (system ones too) and $and/$or/$not', () => {
  assert.deepEqual(labels('{ |'), [
    'status',
    'total',
    'tags',
    'placedAt',
    'address',
    'id',
    'createdAt',
    'updatedAt',
    '$and',
    '$or',
    '$not',
  ]);
  assert.deepEqual(labels('|'), undefined, 'before the filter object: nothing');
  const details = Object.fromEntries(at('{ |').result!.items.map((i) => [i.label, i.detail]));
  assert.equal(details.total, 'number column');
  assert.equal(details.placedAt, 'date-time column');
  assert.equal(details.$or, 'any filter of [filters]');
});

test('completions: what is typed narrows the list, prefix matches first, quoted or not', () => {
  assert.deepEqual(labels('{ "sta|'), ['status']);
  assert.deepEqual(labels('{ at|'), ['status', 'placedAt', 'createdAt', 'updatedAt'], 'anywhere in the name, case aside');
  assert.deepEqual(labels('{ "CREATED|'), ['createdAt']);
  assert.deepEqual(labels('{ "t|'), ['total', 'tags', 'status', 'placedAt', 'createdAt', 'updatedAt', '$not']);
  assert.deepEqual(labels('{ "$o|'), ['$or']);
  assert.equal(labels('{ "zzz|'), undefined);
});

test('completions: accepting writes the quoted key and its colon, replacing the word or the whole key', () => {
  assert.equal(accept('{ sta|'), '{ "status": ');
  assert.equal(accept('{ "sta|'), '{ "status": ');
  assert.equal(accept('{ "sta|tus": 1 }'), '{ "status": 1 }', 'the key token is replaced; its colon kept');
  assert.equal(accept('{ "status": "a", |', 'total'), '{ "status": "a", "total": ');
});

test('completions: keys already in the object are not offered again', () => {
  const list = labels('{ "status": "shipped", |')!;
  assert.ok(!list.includes('status'));
  assert.ok(list.includes('total'));
});

test('completions: in a column condition, the operators its kind takes', () => {
  assert.deepEqual(labels('{ "total": { |'), ['$eq', '$ne', '$gt', '$gte', '$lt', '$lte', '$in', '$nin', '$exists', '$mod']);
  assert.deepEqual(labels('{ "status": { "$|'), [
    '$eq',
    '$ne',
    '$gt',
    '$gte',
    '$lt',
    '$lte',
    '$in',
    '$nin',
    '$exists',
    '$regex',
    '$options',
  ]);
  assert.deepEqual(labels('{ "tags": { "$s|'), ['$size']);
  assert.deepEqual(labels('{ "status": { "$regex": "^a", "$o|'), ['$options']);
  assert.equal(accept('{ "total": { $g|'), '{ "total": { "$gt": ');
  // Inside an object column, any operator: its inside is not typed.
  assert.ok(labels('{ "address.city": { |')!.includes('$regex'));
  assert.ok(labels('{ "createdAt": { |')!.includes('$regex'));
  assert.equal(labels('{ "colour": { |'), undefined, 'an unknown column: nothing to offer');
});

test('completions: inside $and/$or items and $not, filter keys again', () => {
  assert.ok(labels('{ "$and": [ { "status": "shipped" }, { |')!.includes('total'));
  assert.ok(labels('{ "$or": [{ |')!.includes('$not'));
  assert.ok(labels('{ "$not": { |')!.includes('status'));
  assert.deepEqual(labels('{ "$or": [{ "total": { "$l|'), ['$lt', '$lte']);
});

test('completions: nothing at a value, inside a string value, or after the filter', () => {
  assert.equal(labels('{ "status": |'), undefined);
  assert.equal(labels('{ "status": "sh|'), undefined);
  assert.equal(labels('{ "status": { "$in": [ |'), undefined);
  assert.equal(labels('{ "total": 1 } |'), undefined);
  assert.equal(labels('{ "note": "a \\" { |'), undefined, 'an escaped quote does not end the string');
});
