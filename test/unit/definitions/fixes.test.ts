import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parse as yamlParse } from 'yaml';
import type { Problem } from '../../../src/core/definitions';
import { parseYaml } from '../../../src/core/definitions/yaml';
import { removeEntryEdit } from '../../../src/core/definitions/edits';
import type { ArrayNode, ObjectNode } from '../../../src/core/definitions/tree';
import { applyFix, check } from './helpers';

function fix(text: string, format: 'yaml' | 'json', code: string, title: RegExp, kind: 'bot' | 'integration' = 'bot') {
  const problem = check(text, kind, format).find((p) => p.code === code);
  assert.ok(problem, `${code} reported`);
  const f = problem.fixes?.find((x) => title.test(x.title));
  assert.ok(f, `fix ${title} offered for ${code}: ${JSON.stringify(problem.fixes?.map((x) => x.title))}`);
  const fixed = applyFix(text, f);
  const parse = (t: string) => (format === 'json' ? JSON.parse(t) : yamlParse(t));
  assert.doesNotThrow(() => parse(fixed), `still ${format} after the fix:\n${fixed}`);
  return { fixed, after: check(fixed, kind, format), parsed: parse(fixed) };
}
const has = (problems: Problem[], code: string) => problems.some((p) => p.code === code);

test('rename to camelCase, with the references in the file (YAML and JSON)', () => {
  const yaml =
    `events:\n  order_placed: { title: Placed, description: Placed, schema: { type: object } }\n` +
    `recurringEvents:\n  nightly: { schedule: { cron: "0 0 * * *" }, type: order_placed, payload: {} }\n`;
  const y = fix(yaml, 'yaml', 'BP401', /Rename to "orderPlaced"/);
  assert.ok(!has(y.after, 'BP401'));
  assert.deepEqual(Object.keys(y.parsed.events), ['orderPlaced']);
  assert.equal(y.parsed.recurringEvents.nightly.type, 'orderPlaced');

  const json = JSON.stringify({ states: { MyState: { type: 'user', schema: { type: 'object', title: 'T', description: 'D' } } } }, null, 2);
  const j = fix(json, 'json', 'BP401', /Rename to "myState"/);
  assert.deepEqual(Object.keys(j.parsed.states), ['myState']);
  assert.ok(!has(j.after, 'BP401'));
});

test('replace an unknown key with the suggestion', () => {
  const y = fix(
    'name: x\nstaets:\n  cart: { type: user, schema: { type: object, title: C, description: C } }\n',
    'yaml',
    'BP201',
    /Rename to "states"/,
  );
  assert.deepEqual(y.after, []);
  const j = fix('{"name": "x", "tgas": {"team": "a"}}', 'json', 'BP201', /Rename to "tags"/);
  assert.deepEqual(j.parsed, { name: 'x', tags: { team: 'a' } });
});

test('remove an unknown key: block YAML, flow YAML, JSON in any position', () => {
  const block = fix('name: x\nbogus:\n  deep: 1\n  more: [1]\ntags: {}\n', 'yaml', 'BP201', /Remove/);
  assert.equal(block.fixed, 'name: x\ntags: {}\n');
  const flow = fix('user: { bogus: 1, tags: {} }\n', 'yaml', 'BP201', /Remove/);
  assert.deepEqual(flow.parsed, { user: { tags: {} } });
  for (const json of [
    '{"bogus": 1, "name": "x"}',
    '{"name": "x", "bogus": {"a": [1]}}',
    '{"bogus": 1}',
    '{\n  "name": "x",\n  "bogus": 2,\n  "tags": {}\n}',
  ]) {
    const j = fix(json, 'json', 'BP201', /Remove/);
    assert.ok(!('bogus' in j.parsed), j.fixed);
    assert.deepEqual(
      j.after.filter((p) => p.code === 'BP201'),
      [],
    );
  }
  // Entries of a mapping inside a list item (`- key: value`), first and last.
  const list = 'medias:\n  - bogus: 1\n    url: u\n  - url: v\n    bogus: 2\n';
  const items = (parseYaml(list).root as ObjectNode).entries[0].value as ArrayNode;
  for (const [i, expected] of [
    [0, [{ url: 'u' }, { url: 'v', bogus: 2 }]],
    [1, [{ bogus: 1, url: 'u' }, { url: 'v' }]],
  ] as const) {
    const object = items.items[i] as ObjectNode;
    const entry = object.entries.find((e) => e.key === 'bogus')!;
    const edited = applyFix(list, { title: 'remove', edits: [removeEntryEdit(list, object, entry)] });
    assert.deepEqual(yamlParse(edited).medias, expected, edited);
  }
});

test('add a missing title or description, in block YAML, flow YAML and JSON', () => {
  const block = fix('events:\n  orderPlaced:\n    description: D\n    schema: { type: object }\n', 'yaml', 'BP601', /Add a title/);
  assert.equal(block.parsed.events.orderPlaced.title, 'Order placed');
  assert.ok(!has(block.after, 'BP601'));
  const flow = fix('user: { tags: { email: { title: Email } } }\n', 'yaml', 'BP602', /Add a description/);
  assert.equal(flow.parsed.user.tags.email.description, 'Email');
  const empty = fix('user: { tags: { email: {} } }\n', 'yaml', 'BP601', /Add a title/);
  assert.equal(empty.parsed.user.tags.email.title, 'Email');
  const json = fix('{"user": {"tags": {"email": {}}}}', 'json', 'BP602', /Add a description/);
  assert.equal(json.parsed.user.tags.email.description, 'Email');
  const state = fix('states:\n  cart:\n    type: user\n    schema:\n      type: object\n', 'yaml', 'BP602', /Add a description/);
  assert.equal(state.parsed.states.cart.schema.description, 'Cart');
});

test('other fixes: enum suggestion, quote a number as text, state schema type object', () => {
  const e = fix(
    'states:\n  cart: { type: conversaton, schema: { type: object, title: C, description: C } }\n',
    'yaml',
    'BP203',
    /Change to "conversation"/,
  );
  assert.deepEqual(e.after, []);
  const q = fix('name: i\nversion: 1.0\n', 'yaml', 'BP202', /Quote/, 'integration');
  assert.equal(q.parsed.version, '1.0');
  const s = fix(
    'states:\n  cart: { type: user, schema: { type: array, title: C, description: C } }\n',
    'yaml',
    'BP302',
    /Change to "object"/,
  );
  assert.deepEqual(s.after, []);
});

test('a too-long title: "Shorten to 64 characters", and the rest into the description where the mapping takes one (BP204)', () => {
  const long = 'Customer email address, verified by the sign-up flow before the first order is placed';
  const text = `name: x\nuser:\n  tags:\n    email:\n      title: ${long}\n`;
  const shortened = fix(text, 'yaml', 'BP204', /^Shorten to 64 characters$/);
  assert.equal(
    shortened.fixed,
    'name: x\nuser:\n  tags:\n    email:\n      title: "Customer email address, verified by the sign-up flow before the"\n',
  );
  assert.deepEqual(
    shortened.after.filter((p) => p.code === 'BP204'),
    [],
  );
  const moved = fix(text, 'yaml', 'BP204', /the rest into the description/);
  assert.equal(
    moved.fixed,
    'name: x\nuser:\n  tags:\n    email:\n      description: first order is placed\n' +
      '      title: "Customer email address, verified by the sign-up flow before the"\n',
  );
  // A description already there: the rest goes before it; JSON keeps its quoting.
  const json = `{"name": "x", "user": {"tags": {"email": {"title": "${long}", "description": "Set at sign-up."}}}}`;
  const both = fix(json, 'json', 'BP204', /the rest into the description/);
  assert.match(both.fixed, /"description": "first order is placed Set at sign-up\."/);
  assert.deepEqual(
    both.after.filter((p) => p.code === 'BP204'),
    [],
  );
  // Without a word break in reach, the cut is at the limit.
  const word = 'x'.repeat(70);
  const hard = fix(`name: x\nuser:\n  tags:\n    email:\n      title: ${word}\n`, 'yaml', 'BP204', /^Shorten/);
  assert.match(hard.fixed, new RegExp(`title: ${'x'.repeat(64)}\\n$`));
});
