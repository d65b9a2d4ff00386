import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parse as yamlParse } from 'yaml';
import { parseJson } from '../../../src/core/definitions/json';
import { parseYaml, parseWithYamlPackage, scanYaml } from '../../../src/core/definitions/yaml';
import { toValue, type Node } from '../../../src/core/definitions/tree';
import { check, withCode } from './helpers';

/** Key and scalar ranges of a tree, to compare two parsers. */
function spans(n: Node | undefined, out: string[] = []): string[] {
  if (!n) return out;
  if (n.kind === 'scalar') out.push(`s${n.start}-${n.end}`);
  else if (n.kind === 'array') n.items.forEach((x) => spans(x, out));
  else n.entries.forEach((e) => (out.push(`k${e.keyStart}-${e.keyEnd}`), spans(e.value, out)));
  return out;
}

const fastDocs = [
  `name: support-bot
code: src/index.ts   # entry point
states:
  cart:
    type: conversation
    schema: { type: object, properties: { items: { type: array } } }
    expiry: 86400000
user:         { tags: { email: { title: Email, description: "Verified address" } } }
message:      { tags: {} }
tags: { team: 'support''s' }
`,
  `list:\n- a\n- b: 1\n  c: "x\\ty"\n- [1, 2.5, "three", null, true]\n` +
    `other:\n  - >\n    folded\n    text\n\n    para\n  - |-\n    lit\n      more\nblock: |\n  keep\n  this\n`,
  `empty:\nn: ~\nf: 1.5e3\nh: 0x1F\no: 0o17\ni: -12\nt: TRUE\ns: yes\nd: 2024-01-01\n`,
  `a: {x: 1,\n  y: [2,\n    3]}\nb: c\n`,
  `---\nk: v\n`,
  `"quoted key": 1\n'single': [a, b]\nk: "\\u00e9\\x41"\n`,
  `\ufeffk: v\r\nl:\r\n  m: 1\r\n`,
];

test('the fast YAML scanner reads definition files exactly like the yaml package', () => {
  for (const doc of fastDocs) {
    const fast = scanYaml(doc);
    assert.ok(fast, `fast path taken for ${JSON.stringify(doc.slice(0, 30))}`);
    const slow = parseWithYamlPackage(doc);
    assert.deepEqual(slow.errors, []);
    assert.deepEqual(toValue(fast), yamlParse(doc, { uniqueKeys: false }) ?? null);
    assert.deepEqual(spans(fast), spans(slow.root), `same key and scalar ranges for ${JSON.stringify(doc.slice(0, 30))}`);
  }
});

test('YAML outside the fast part goes to the yaml package', () => {
  for (const doc of [
    'a: &x 1\nb: *x\n',
    'a: !tag 1\n',
    '? complex\n: v\n',
    'a: b\n---\nc: d\n',
    'k: multi\n  line plain\n',
    'a:\n  b: |+\n    x\n\nd: 1\n',
  ]) {
    assert.equal(scanYaml(doc), undefined, JSON.stringify(doc));
    const r = parseYaml(doc);
    const expected = r.errors.length ? undefined : yamlParse(doc);
    if (expected !== undefined) assert.deepEqual(toValue(r.root!), expected);
  }
});

test('YAML syntax errors are reported with exact positions (BP101)', () => {
  const text = 'name: x\nstates:\n  cart: [1, 2\nother: 1\n';
  const [p] = check(text);
  assert.equal(p.code, 'BP101');
  assert.ok(p.start >= text.indexOf('[') && p.end <= text.length, `${p.start}-${p.end}`);
  const tab = check('name: x\nstates:\n\tcart: 1\n');
  assert.deepEqual([...new Set(tab.map((x) => x.code))], ['BP101']);
});

test('JSON: strict, with exact positions', () => {
  assert.deepEqual(toValue(parseJson('{"a": [1, -2.5e3, "x\\u0041\\n", true, null], "b": {}}', 128).root!), {
    a: [1, -2500, 'xA\n', true, null],
    b: {},
  });
  const cases: [string, number, RegExp][] = [
    ['{"a": 1,}', 8, /Trailing comma/],
    ['{"a" 1}', 5, /Expected ":"/],
    ["{'a': 1}", 1, /double quotes/],
    ['{"a": tru}', 6, /Expected a value/],
    ['{"a": 1} x', 9, /after the end/],
    ['{"a": "x', 6, /Unterminated/],
  ];
  for (const [text, at, message] of cases) {
    const r = parseJson(text, 128);
    assert.ok(r.error, text);
    assert.equal(r.error.start, at, text);
    assert.match(r.error.message, message);
  }
  assert.match(parseJson('['.repeat(5000), 128).error!.message, /Nesting deeper/);
});

test('a definition must be a mapping (BP102)', () => {
  for (const text of ['- a\n- b\n', 'just text\n', '42']) assert.deepEqual(withCode(check(text), 'BP102', text).length, 1, text);
  assert.deepEqual(
    check('[1]', 'bot', 'json').map((p) => p.code),
    ['BP102'],
  );
});

test('aliases expand within a budget: a "billion laughs" file is one BP103 problem on the alias, not a stall', { timeout: 20_000 }, () => {
  const lines = ['a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]'];
  for (let i = 1; i <= 9; i++)
    lines.push(
      `a${i}: &a${i} [${Array(9)
        .fill(`*a${i - 1}`)
        .join(',')}]`,
    );
  const text = lines.join('\n') + '\n';
  assert.ok(text.length < 500);
  const problems = check(text);
  assert.deepEqual(
    problems.map((p) => p.code),
    ['BP103'],
  );
  assert.match(problems[0].message, /^Aliases expand too far \(more than 10,000 alias uses\)/);
  assert.match(text.slice(problems[0].start, problems[0].end), /^\*a\d$/);

  // Wide rather than deep: one anchor of many values used many times runs out of values.
  const wide = `big: &big [${Array(5_000).fill('x').join(',')}]\nmore: [${Array(50).fill('*big').join(',')}]\n`;
  const [tooMany] = check(wide);
  assert.equal(tooMany.code, 'BP103');
  assert.match(tooMany.message, /more than 200,000 values/);

  // Aliases a real file uses still work: the copies are checked like the original.
  const shared = 'name: a\nstates:\n  one: &state { type: user, schema: { type: objekt } }\n  two: *state\n';
  const found = check(shared).filter((p) => p.code === 'BP301' || p.code === 'BP302');
  assert.equal(found.length, 4);
});

test('nesting on one line (`- - - …`, `? ? …`) hits the depth limit, never the stack', () => {
  for (const text of [
    '- '.repeat(100_000) + 'x\n',
    'a:\n  ' + '- '.repeat(100_000) + 'x\n',
    '? '.repeat(100_000) + 'x\n',
    '- ? - '.repeat(30_000) + 'x\n',
  ]) {
    const r = parseYaml(text);
    assert.equal(r.root, undefined);
    assert.deepEqual(
      r.errors.map((e) => e.message),
      ['Nesting deeper than 128 levels'],
    );
  }
  // Up to the limit, same-line nesting reads as before.
  assert.deepEqual(toValue(parseYaml('- - - x\n').root!), [[['x']]]);
});

test('a flood of syntax errors is reported as its first 100', () => {
  const r = parseYaml('a: ' + '!t '.repeat(10_000) + 'x\n');
  assert.equal(r.errors.length, 100);
});
