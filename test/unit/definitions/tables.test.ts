import { test } from 'node:test';
import assert from 'node:assert/strict';
import { check, codes, withCode } from './helpers';
import { requestBody } from '../../../src/core/deploy/body';
import { validateDefinition } from '../../../src/core/definitions';

const valid = `name: support-bot
tables:
  faqTable:
    schema:
      type: object
      properties:
        question: { type: string, searchable: true }
        answer: { type: string }
        askedAt: { type: string, format: date-time }
    keyColumn: question
    factor: 2
    frozen: false
    tags: { team: support }
`;

test('tables: a valid `tables` key has no problem, in YAML and JSON', () => {
  assert.deepEqual(check(valid), []);
  const json = JSON.stringify({ name: 'b', tables: { ordersTable: { schema: { sku: { type: 'string' }, qty: { type: 'number' } } } } });
  assert.deepEqual(check(json, 'bot', 'json'), []);
});

test('tables: a name Botpress refuses is reported on the key (BP404)', () => {
  const text = valid.replace('faqTable:', 'faq-list:');
  const found = withCode(check(text), 'BP404', text);
  assert.equal(found.length, 1);
  assert.equal(found[0].text, 'faq-list');
  assert.match(found[0].problem.message, /must start with a letter/);
  const noSuffix = valid.replace('faqTable:', 'faqs:');
  assert.match(withCode(check(noSuffix), 'BP404', noSuffix)[0].problem.message, /must end with "Table"/);
  assert.deepEqual(codes(check(valid.replace('faqTable:', 'x'.repeat(31) + 'Table:'))), ['BP404']);
});

test('tables: a column a table cannot hold is reported on the column (BP303); more than 20 columns on `schema`', () => {
  const text = valid.replace('answer: { type: string }', 'answer: { type: [string, number] }');
  const found = withCode(check(text), 'BP303', text);
  assert.equal(found.length, 1);
  assert.equal(found[0].text, 'answer');
  assert.match(found[0].problem.message, /single type/);
  const many = Array.from({ length: 21 }, (_, i) => `        c${i}: { type: number }`).join('\n');
  const wide = `name: b\ntables:\n  wideTable:\n    schema:\n      type: object\n      properties:\n${many}\n`;
  const tooMany = withCode(check(wide), 'BP303', wide);
  assert.equal(tooMany.length, 1);
  assert.equal(tooMany[0].text, 'schema');
  assert.match(tooMany[0].problem.message, /21 columns; at most 20/);
  const twenty = wide.replace(/\n {8}c20:.*\n/, '\n');
  assert.deepEqual(check(twenty), []);
});

test('tables: each schema is a draft-07 JSON Schema (BP301) and the table keys follow createTable (BP201, BP205, BP206)', () => {
  const text = valid.replace('askedAt: { type: string, format: date-time }', 'askedAt: { type: strin }').replace('factor: 2', 'factor: 31');
  assert.deepEqual(codes(check(text)).sort(), ['BP206', 'BP301', 'BP303']);
  const unknown = valid.replace('frozen: false', 'frozn: false');
  assert.deepEqual(codes(check(unknown)), ['BP201']);
  const noSchema = `name: b\ntables:\n  emptyTable: { frozen: true }\n`;
  assert.deepEqual(codes(check(noSchema)), ['BP205']);
});

test('tables: local to the file, never in the bot request body', () => {
  const definition = validateDefinition(valid, { kind: 'bot', fileName: '/p/bot.definition.yaml' }).definition!;
  assert.ok(definition.tables);
  assert.deepEqual(Object.keys(requestBody(definition, 'updateBot')), ['name']);
});
