import { test } from 'node:test';
import assert from 'node:assert/strict';
import { completionsAt, hoverAt } from '../../../src/core/definitions';

/** What JSON Schema's `type` may be, in the order completions offer it. */
const SCHEMA_TYPES = ['object', 'string', 'number', 'integer', 'boolean', 'array', 'null'];

const spec = require('@botpress/api').state;
const botBody = spec.operations.updateBot.requestBody.schema;

/** Text with `|` marking the cursor. */
function at(marked: string): [string, number] {
  return [marked.replace('|', ''), marked.indexOf('|')];
}

test('hover shows the official description of the key (YAML and JSON)', () => {
  const yaml = 'name: x\nstates:\n  cart:\n    type: user\n';
  const h = hoverAt(yaml, yaml.indexOf('type') + 2, 'bot', 'yaml');
  assert.ok(h);
  assert.equal(yaml.slice(h.start, h.end), 'type');
  assert.ok(h.markdown.includes(botBody.properties.states.additionalProperties.properties.type.description));
  const json = '{"maxExecutionTime": 60}';
  const j = hoverAt(json, 5, 'bot', 'json');
  assert.ok(j?.markdown.includes(botBody.properties.maxExecutionTime.description));
  assert.equal(hoverAt(yaml, yaml.indexOf('user') + 1, 'bot', 'yaml'), undefined, 'no hover on a value');
  const local = hoverAt('code: src/index.ts\n', 1, 'bot', 'yaml');
  assert.match(local!.markdown, /entry point/);
});

test('YAML completions: keys allowed at the cursor, minus those present; enum and boolean values', () => {
  let [text, offset] = at('name: x\nstates:\n  cart:\n    type: user\n    sc|\n');
  const c = completionsAt(text, offset, 'bot', 'yaml');
  assert.deepEqual(c.map((x) => x.label).sort(), ['expiry', 'schema']);
  assert.equal(text.slice(c[0].start, c[0].end), 'sc');
  assert.equal(c.find((x) => x.label === 'schema')!.insertText, 'schema: ');

  [text, offset] = at('states:\n  cart:\n    type: |\n');
  assert.deepEqual(
    completionsAt(text, offset, 'bot', 'yaml').map((x) => x.label),
    botBody.properties.states.additionalProperties.properties.type.enum,
  );

  [text, offset] = at('integrations:\n  webchat:\n    enabled: t|');
  assert.deepEqual(
    completionsAt(text, offset, 'bot', 'yaml').map((x) => x.label),
    ['true', 'false'],
  );

  [text, offset] = at('name: x\n|');
  const top = completionsAt(text, offset, 'bot', 'yaml').map((x) => x.label);
  assert.ok(top.includes('states') && top.includes('events') && !top.includes('name'));

  [text, offset] = at('medias:\n  - url: u\n    n|');
  assert.deepEqual(
    completionsAt(text, offset, 'bot', 'yaml').map((x) => x.label),
    ['name'],
  );

  [text, offset] = at('name: i\nversion: 1.0.0\nstates:\n  s:\n    type: |');
  assert.deepEqual(
    completionsAt(text, offset, 'integration', 'yaml')
      .map((x) => x.label)
      .sort(),
    ['conversation', 'integration', 'user'],
  );
});

test('YAML completions inside flow collections', () => {
  let [text, offset] = at('user: { tags: { email: { title: Email, d| } } }');
  const c = completionsAt(text, offset, 'bot', 'yaml');
  assert.deepEqual(
    c.map((x) => [x.label, x.insertText, text.slice(x.start, x.end)]),
    [['description', 'description: ', 'd']],
  );

  [text, offset] = at('states:\n  cart: { type: con|, schema: {} }');
  assert.deepEqual(
    completionsAt(text, offset, 'bot', 'yaml').map((x) => x.label),
    ['conversation', 'user', 'bot', 'task'],
  );

  [text, offset] = at('states:\n  cart: { schema: {}, | }');
  assert.deepEqual(
    completionsAt(text, offset, 'bot', 'yaml')
      .map((x) => x.label)
      .sort(),
    ['expiry', 'type'],
  );

  [text, offset] = at('medias:\n  - { url: "https://x", | }');
  assert.deepEqual(
    completionsAt(text, offset, 'bot', 'yaml').map((x) => x.label),
    ['name'],
  );
});

test('JSON completions: keys (quoted or not yet) and values', () => {
  let [text, offset] = at('{"states": {"cart": {"ty|"}}}');
  let c = completionsAt(text, offset, 'bot', 'json');
  assert.ok(c.some((x) => x.label === 'type' && x.insertText === '"type"' && text.slice(x.start, x.end) === '"ty"'));

  [text, offset] = at('{"name": "x", |}');
  c = completionsAt(text, offset, 'bot', 'json');
  assert.ok(c.some((x) => x.label === 'states' && x.insertText === '"states": '));
  assert.ok(!c.some((x) => x.label === 'name'));

  [text, offset] = at('{"states": {"cart": {"type": "|"}}}');
  assert.deepEqual(
    completionsAt(text, offset, 'bot', 'json').map((x) => x.insertText),
    ['"conversation"', '"user"', '"bot"', '"task"'],
  );
});

test('hover and completion never throw on broken input', () => {
  for (const text of ['{', 'a: [', '"', ':', '- - -', '{"a": {"b": [1, {"c": ']) {
    for (let o = 0; o <= text.length; o++) {
      hoverAt(text, o, 'bot', text.startsWith('{') ? 'json' : 'yaml');
      assert.ok(Array.isArray(completionsAt(text, o, 'bot', text.startsWith('{') ? 'json' : 'yaml')));
    }
  }
});

test(
  'completions where keys are all used or none are known: ' +
    'the values that fit (enum values, JSON Schema keywords and types, schema snippets)',
  () => {
    const labels = (marked: string, format: 'yaml' | 'json' = 'yaml') => {
      const [text, offset] = at(marked);
      return completionsAt(text, offset, 'bot', format).map((c) => c.label);
    };
    const state = 'name: x\nstates:\n  cart:\n    expiry: 1\n    schema: { type: object }\n';
    // Under a key whose value is no mapping, on its own line: that key's values.
    assert.deepEqual(labels(`${state}    type:\n      |`), botBody.properties.states.additionalProperties.properties.type.enum);
    // The value of `schema`: a starting object schema.
    assert.deepEqual(labels('name: x\nstates:\n  cart:\n    type: user\n    schema: |'), ['{ type: object, properties: {} }']);
    // Inside an embedded schema: JSON Schema keywords (minus those present), then its types.
    const keywords = labels('name: x\nstates:\n  cart:\n    type: user\n    schema:\n      type: object\n      |');
    assert.ok(keywords.includes('properties') && keywords.includes('required') && !keywords.includes('type'), keywords.join());
    assert.deepEqual(labels('name: x\nstates:\n  cart:\n    type: user\n    schema:\n      type: |'), SCHEMA_TYPES);
    assert.deepEqual(labels('name: x\nstates:\n  cart:\n    schema: { type: object, properties: { items: { type: |'), SCHEMA_TYPES);
    assert.deepEqual(labels('name: x\nevents:\n  placed:\n    schema:\n      properties:\n        total: |'), ['{ type: string }']);
    assert.deepEqual(labels('{"states": {"cart": {"schema": {"properties": {"a": {"type": |', 'json'), SCHEMA_TYPES);
    // Property names are the user's: nothing offered there.
    assert.deepEqual(labels('name: x\nevents:\n  placed:\n    schema:\n      properties:\n        |'), []);
  },
);
