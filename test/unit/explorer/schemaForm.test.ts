import { test } from 'node:test';
import assert from 'node:assert/strict';
import { configurationProblems, fieldText, formFields, parseField } from '../../../src/core/schemaForm';

const schema = {
  type: 'object',
  properties: {
    botToken: { type: 'string', title: 'Bot token', description: 'From @BotFather' },
    webhookPath: { type: 'string', default: '/hook' },
    retries: { type: 'integer', minimum: 0 },
    markdown: { type: 'boolean' },
    mode: { type: 'string', enum: ['polling', 'webhook'] },
    allowedChats: { type: 'array', items: { type: 'string' } },
    advanced: { type: 'object', properties: { timeout: { type: 'number' } } },
  },
  required: ['botToken', 'mode'],
  additionalProperties: false,
};

test('form: one typed field per property, in order, secrets recognized, titles made from keys', () => {
  const fields = formFields(schema);
  assert.deepEqual(
    fields.map((f) => [f.key, f.title, f.kind, f.required]),
    [
      ['botToken', 'Bot token', 'secret', true],
      ['webhookPath', 'Webhook Path', 'text', false],
      ['retries', 'Retries', 'integer', false],
      ['markdown', 'Markdown', 'boolean', false],
      ['mode', 'Mode', 'choice', true],
      ['allowedChats', 'Allowed Chats', 'list', false],
      ['advanced', 'Advanced', 'json', false],
    ],
  );
  assert.equal(fields[1].default, '/hook');
  assert.deepEqual(fields[4].options, ['polling', 'webhook']);
  assert.deepEqual(formFields({ type: 'object' }), []);
  assert.deepEqual(formFields(undefined), []);
});

test('form: inputs parsed per kind, with clear errors; empty leaves an optional field out', () => {
  const [token, path, retries, markdown, mode, chats, advanced] = formFields(schema);
  assert.deepEqual(parseField(token, ''), { error: 'Bot token is required.' });
  assert.deepEqual(parseField(token, ' abc '), { value: ' abc ' }, 'a secret is taken as typed');
  assert.deepEqual(parseField(path, '  '), {});
  assert.deepEqual(parseField(retries, '3'), { value: 3 });
  assert.deepEqual(parseField(retries, '2.5'), { error: 'Retries is a whole number.' });
  assert.deepEqual(parseField(retries, 'x'), { error: 'Retries is a number.' });
  assert.deepEqual(parseField(markdown, 'Yes'), { value: true });
  assert.deepEqual(parseField(mode, 'webhook'), { value: 'webhook' });
  assert.match(parseField(mode, 'push').error!, /one of: polling, webhook/);
  assert.deepEqual(parseField(chats, 'a, b,,c'), { value: ['a', 'b', 'c'] });
  assert.equal(fieldText(chats, ['a', 'b']), 'a, b');
  assert.deepEqual(parseField(advanced, '{"timeout": 5}'), { value: { timeout: 5 } });
  assert.match(parseField(advanced, '{').error!, /^Advanced is JSON: /);
});

test('form: the assembled configuration is checked against the whole schema', () => {
  assert.deepEqual(configurationProblems(schema, { botToken: 't', mode: 'polling' }), []);
  assert.deepEqual(configurationProblems(schema, { botToken: 't', mode: 'polling', retries: -1, extra: 1 }).sort(), [
    'configuration must NOT have additional properties',
    'retries must be >= 0',
  ]);
  assert.deepEqual(configurationProblems(schema, {}), [
    "configuration must have required property 'botToken'",
    "configuration must have required property 'mode'",
  ]);
});
