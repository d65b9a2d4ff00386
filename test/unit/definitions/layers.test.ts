import { test } from 'node:test';
import assert from 'node:assert/strict';
import { check, codes, withCode } from './helpers';
import { closestMatches, didYouMean } from '../../../src/core/definitions/words';

const valid = `name: support-bot
code: src/index.ts
states:
  cart:
    type: conversation
    schema: { type: object, title: Cart, description: Items, properties: { items: { type: array } } }
    expiry: 86400000
user: { tags: { email: { title: Email, description: Verified address } } }
conversation: { tags: { channel: { title: Channel, description: Where it started } } }
message: { tags: {} }
tags: { team: support }
events:
  orderPlaced: { title: Order placed, description: An order was placed, schema: { type: object } }
configuration: { schema: { type: object, properties: { apiKey: { type: string, title: API key, description: Key } } }, data: {} }
integrations:
  webchat: { integrationId: abc, enabled: true, configuration: {} }
`;

test('a complete valid bot definition has no problem', () => {
  assert.deepEqual(check(valid, 'bot', 'yaml', ['src/index.ts']), []);
});

test('shape: unknown keys, on the key, with "did you mean" (BP201)', () => {
  const text = valid.replace('tags: { team', 'tgas: { team').replace('    expiry:', '    expiri:');
  const found = withCode(check(text, 'bot', 'yaml', ['src/index.ts']), 'BP201', text);
  assert.deepEqual(
    found.map((f) => f.text),
    ['expiri', 'tgas'],
  );
  assert.match(found[0].problem.message, /Did you mean "expiry"\? */);
  assert.match(found[1].problem.message, /Did you mean "tags"/);
  assert.equal(found[0].problem.fixes![0].title, 'Rename to "expiry"');
});

test('shape: wrong types, enums, lengths, ranges, required keys and duplicates, on the value', () => {
  const text = `name: x
alwaysAlive: yes
maxExecutionTime: 1.5
states:
  cart: { type: conversaton, schema: { type: object }, expiry: 0 }
  noSchema: { type: user }
user: { tags: { email: { title: ${'t'.repeat(65)}, description: ${'d'.repeat(257)} } } }
tags: { team: ${'v'.repeat(501)}, ok: ${'v'.repeat(500)} }
events: { done: { title: Done, schema: { type: object } } }
events: {}
`;
  const problems = check(text);
  const at = (code: string) => withCode(problems, code, text).map((f) => f.text);
  assert.deepEqual(at('BP202'), ['yes', '1.5']);
  assert.deepEqual(at('BP203'), ['conversaton']);
  assert.match(withCode(problems, 'BP203', text)[0].problem.message, /Did you mean "conversation"/);
  assert.deepEqual(
    at('BP204').map((t) => t.length),
    [65, 257, 501],
  );
  assert.deepEqual(at('BP206'), ['0']);
  assert.deepEqual(at('BP205'), ['noSchema']);
  assert.deepEqual(at('BP207'), ['events']);
});

test('shape: tag title 64 and description 256 characters are allowed (limits count code points)', () => {
  const text = `user: { tags: { e: { title: "${'é'.repeat(64)}", description: "${'😀'.repeat(256)}" } } }\n`;
  assert.deepEqual(withCode(check(text), 'BP204', text), []);
});

test('shape in JSON: same checks, JSON ranges', () => {
  const text = '{"name": "x", "statse": {}, "states": {"cart": {"type": 1, "schema": {"type": "object"}}}}';
  const problems = check(text, 'bot', 'json');
  assert.deepEqual(
    withCode(problems, 'BP201', text).map((f) => f.text),
    ['"statse"'],
  );
  assert.deepEqual(
    withCode(problems, 'BP202', text).map((f) => f.text),
    ['1'],
  );
});

test('integration definitions follow createIntegration', () => {
  const text = `name: my-integration
version: 1.0
title: My integration
description: Does things
channels:
  Web_Chat:
    messages:
      text: { schema: { type: object } }
      Bad: { schema: { type: object } }
actions:
  send: { input: { schema: { type: object } } }
secrets:
  API_KEY: Key used to call the service
`;
  const problems = check(text, 'integration');
  const at = (code: string) => withCode(problems, code, text).map((f) => f.text);
  assert.deepEqual(at('BP202'), ['1.0']);
  assert.equal(problems.find((p) => p.code === 'BP202')!.fixes![0].edits[0].newText, '"1.0"');
  assert.deepEqual(at('BP205'), ['send']);
  assert.deepEqual(at('BP401'), ['Web_Chat', 'Bad']);
});

test('embedded schemas are valid draft-07 JSON Schemas (BP301), a state schema an object (BP302)', () => {
  const text = `states:
  cart: { type: user, schema: { type: objekt, properties: { n: { type: number, minimum: "1" } } } }
  list: { type: user, schema: { type: array } }
events:
  done: { schema: { type: object, required: [1] } }
`;
  const problems = check(text);
  const bp301 = withCode(problems, 'BP301', text);
  assert.deepEqual(
    bp301.map((f) => f.text),
    ['objekt', '"1"', '1'],
  );
  assert.match(bp301[0].problem.message, /at type: .*allowed values: array, boolean/);
  assert.match(bp301[1].problem.message, /properties\.n\.minimum: must be number/);
  assert.deepEqual(
    withCode(problems, 'BP302', text).map((f) => f.text),
    ['objekt', 'array'],
  );
});

test('names are camelCase, 2 to 100 characters (BP401, BP402)', () => {
  const text = `states:
  my_state: { type: user, schema: { type: object } }
  MyState2: { type: user, schema: { type: object } }
  userID: { type: user, schema: { type: object } }
  userId: { type: user, schema: { type: object } }
  x: { type: user, schema: { type: object } }
  ${'a'.repeat(101)}: { type: user, schema: { type: object } }
events:
  order-placed: { schema: { type: object } }
actions:
  doIt: { input: { schema: { type: object } }, output: { schema: { type: object } } }
`;
  const problems = check(text);
  assert.deepEqual(
    withCode(problems, 'BP401', text).map((f) => f.text),
    ['my_state', 'MyState2', 'userID', 'order-placed'],
  );
  assert.deepEqual(
    withCode(problems, 'BP402', text).map((f) => f.text.length),
    [1, 101],
  );
});

test('referenced files exist (BP501) and have the right type (BP502)', () => {
  const text = 'name: i\nversion: 1.0.0\ncode: src/index.ts\nreadme: README.txt\nicon: icon.svg\n';
  let problems = check(text, 'integration', 'yaml', []);
  assert.deepEqual(
    withCode(problems, 'BP501', text).map((f) => f.text),
    ['src/index.ts', 'icon.svg'],
  );
  assert.deepEqual(
    withCode(problems, 'BP502', text).map((f) => f.text),
    ['README.txt'],
  );
  problems = check(text.replace('README.txt', 'hub.md'), 'integration', 'yaml', ['src/index.ts', 'hub.md', 'icon.svg']);
  assert.deepEqual(
    codes(problems).filter((c) => c.startsWith('BP5')),
    [],
  );
});

test('advice: tags, states, events and configuration fields without title or description (warnings)', () => {
  const text = `states:
  cart: { type: user, schema: { type: object } }
user: { tags: { email: { title: Email } } }
events:
  done: { description: Done, schema: { type: object } }
configuration: { schema: { type: object, properties: { apiKey: { type: string } } } }
`;
  const problems = check(text);
  assert.ok(problems.filter((p) => p.code.startsWith('BP6')).every((p) => p.severity === 'warning'));
  assert.deepEqual(
    withCode(problems, 'BP601', text).map((f) => f.text),
    ['cart', 'done', 'apiKey'],
  );
  assert.deepEqual(
    withCode(problems, 'BP602', text).map((f) => f.text),
    ['cart', 'email', 'apiKey'],
  );
});

test('one "did you mean" rule: a single close match is named, ties are listed, a key already set is said so', () => {
  const present = 'name: x\ndescription: A bot\ndescripion: typo\n';
  const [p] = withCode(check(present), 'BP201', present);
  assert.equal(p.problem.message, 'Unknown key "descripion". Did you mean "description"? It is already set here.');
  assert.deepEqual(
    p.problem.fixes?.map((f) => f.title),
    ['Remove "descripion"'],
    'no rename into a duplicate',
  );
  const absent = 'name: x\ndescripion: A bot\n';
  const [q] = withCode(check(absent), 'BP201', absent);
  assert.equal(q.problem.message, 'Unknown key "descripion". Did you mean "description"?');
  assert.equal(q.problem.fixes?.[0].title, 'Rename to "description"');
  assert.deepEqual(closestMatches('tagz', ['tags', 'tage', 'title']), ['tags', 'tage']);
  assert.equal(didYouMean(['tags', 'tage']), ' Did you mean "tags" or "tage"?');
  assert.deepEqual(closestMatches('zzzzzz', ['tags', 'title']), []);
  // Nothing close: the allowed keys are listed instead.
  const far = 'name: x\nstates:\n  a1: { type: user, schema: { type: object }, wholly: 1 }\n';
  assert.match(withCode(check(far), 'BP201', far)[0].problem.message, /Allowed: type, schema, expiry\.$/);
});
