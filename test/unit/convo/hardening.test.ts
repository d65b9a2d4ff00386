// Hostile conversation test files: none may freeze or crash what reads or runs it (issue 20).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  buildSuite,
  checkMessage,
  botMessage,
  MAX_EXPANSIONS,
  MAX_INCLUDE_DEPTH,
  normalizeText,
  parseConvo,
  type SuiteFile,
  type TestResult,
} from '../../../src/core/convo';
import { junit, xml } from '../../../src/cli/test';

const botiumHelper = require(require.resolve('botium-core/src/scripting/helper')) as {
  normalizeText(text: string, basic: boolean): string;
};

const timed = <T>(f: () => T): { value: T; ms: number } => {
  const started = performance.now();
  const value = f();
  return { value, ms: performance.now() - started };
};
const plain = (turns: number) => 'Big\n' + Array.from({ length: turns / 2 }, (_, i) => `#me\nhello ${i}\n#bot\nhi ${i}\n`).join('');

test('a plain convo of 20,000 steps lists in linear time (each step was copying the whole step array)', () => {
  const small = timed(() => buildSuite([{ file: 'small.convo.txt', text: plain(5_000) }]));
  const big = timed(() => buildSuite([{ file: 'big.convo.txt', text: plain(20_000) }]));
  assert.deepEqual(big.value.entries[0]!.problems, []);
  assert.equal(big.value.tests[0]!.steps.length, 20_000);
  // Four times the steps: about four times the time, far from sixteen (and well within a budget on a busy machine).
  assert.ok(big.ms < 5_000, `20,000 steps took ${big.ms.toFixed(0)} ms`);
  assert.ok(big.ms < small.ms * 10 + 200, `5,000 steps ${small.ms.toFixed(0)} ms, 20,000 steps ${big.ms.toFixed(0)} ms`);
});

test('an expansion is measured before it is built and refused at the line that passes a limit; the folder still lists', () => {
  const list = 'UTT_MANY\n' + Array.from({ length: 1000 }, (_, i) => `utterance ${i}`).join('\n');
  const lists = { file: 'many.utterances.txt', text: list };
  const fine = { file: 'fine.convo.txt', text: 'Fine\n#me\nhi\n#bot\nhello\n' };
  // The file: 1000 steps naming the 1000-line list twice (the cross product ran the heap out).
  const body = Array.from({ length: 499 }, (_, i) => `#me\nx ${i}\n#bot\ny\n`).join('');
  const big = timed(() =>
    buildSuite([{ file: 'big.convo.txt', text: `Big\n#me\nUTT_MANY\n#bot\nok\n${body}#me\nUTT_MANY\n#bot\nok\n` }, lists, fine]),
  );
  assert.deepEqual(
    big.value.entries[0]!.problems.map((p) => [p.line, p.message]),
    [[3, 'With the utterance list UTT_MANY this convo makes 1000 tests of 1,002 steps, more than the 1,000,000 steps a file may make.']],
  );
  assert.equal(big.value.entries[0]!.tests.length, 0);
  assert.equal(big.value.entries[1]!.tests.length, 1, 'the other files of the folder still list');
  assert.ok(big.ms < 3_000, `took ${big.ms.toFixed(0)} ms`);
  // A short convo naming it twice: a million tests, refused at the second reference before any is built.
  const twice = timed(() => buildSuite([{ file: 'twice.convo.txt', text: 'Twice\n#me\nUTT_MANY\n#bot\nok\n#me\nUTT_MANY\n' }, lists]));
  assert.deepEqual(
    twice.value.entries[0]!.problems.map((p) => [p.line, p.message]),
    [[7, `With the utterance list UTT_MANY this convo makes 1,000,000 tests, over the ${MAX_EXPANSIONS} a file may.`]],
  );
  assert.ok(twice.ms < 1_000, `took ${twice.ms.toFixed(0)} ms`);
});

test('partial convos each including the next twice, 18 deep: counted, refused at the including line, no stack overflow', () => {
  const files: SuiteFile[] = [
    { file: 'bomb.convo.txt', text: 'Bomb\n#me\nstart\n#include P0\n' },
    { file: 'fine.convo.txt', text: 'Fine\n#me\nhi\n#bot\nhello\n' },
  ];
  for (let i = 0; i < 18; i++)
    files.push({
      file: `p${i}.pconvo.txt`,
      text: `P${i}\n#me\nx\n#bot\ny\n` + (i < 17 ? `#include P${i + 1}\n#include P${i + 1}\n` : ''),
    });
  const { value: suite, ms } = timed(() => buildSuite(files));
  const [bomb, fine] = suite.entries;
  assert.deepEqual(
    bomb!.problems.map((p) => [p.file, p.line]),
    [['bomb.convo.txt', 4]],
  );
  assert.match(bomb!.problems[0]!.message, /the test has 524,287 steps, more than the 100,000 a test may have/);
  assert.equal(fine!.tests.length, 1, 'one bad file does not break the folder');
  assert.ok(ms < 2_000, `took ${ms.toFixed(0)} ms`);
});

test('partial convos nested past the depth limit, and in a circle, are problems at their line', () => {
  const files: SuiteFile[] = [{ file: 'deep.convo.txt', text: 'Deep\n#include Q0\n' }];
  for (let i = 0; i < 200; i++) files.push({ file: `q${i}.pconvo.txt`, text: `Q${i}\n#me\nx\n#include Q${i + 1}\n` });
  files.push({ file: 'q200.pconvo.txt', text: 'Q200\n#me\nend\n' });
  const [deep] = buildSuite(files).entries;
  assert.equal(deep!.problems.length, 1);
  assert.match(deep!.problems[0]!.message, new RegExp(`more than ${MAX_INCLUDE_DEPTH} deep: Q0 → Q1 → .* → Q${MAX_INCLUDE_DEPTH}\\.$`));
  assert.deepEqual([deep!.problems[0]!.file, deep!.problems[0]!.line], [`q${MAX_INCLUDE_DEPTH - 1}.pconvo.txt`, 4]);
});

test('TEXT_REGEXP_* run in linear time: (a+)+$ against 31 a’s answers at once', () => {
  const step = parseConvo('T\n#me\nx\n#bot\nTEXT_REGEXP_ANY (a+)+$\n', 't.convo.txt').value!.steps[1]!;
  const { value, ms } = timed(() => checkMessage(step, botMessage({ type: 'text', text: `${'a'.repeat(31)}!` })));
  assert.equal(value.length, 1, 'it does not match');
  assert.ok(ms < 1_000, `took ${ms.toFixed(0)} ms`);
  const parsed = (line: string) => {
    const { value, problems } = parseConvo(`T\n#me\nx\n#bot\n${line}\n`, 't.convo.txt');
    assert.deepEqual(problems, []);
    return value!.steps[1]!;
  };
  const ok = parsed('TEXT_REGEXP_ALL_IC ^order \\d+ \\u0073hips|(?<day>[mt][ou][ne])day$');
  assert.deepEqual(checkMessage(ok, botMessage({ type: 'text', text: 'Order 42 ships' })).length, 1, 'Monday is missing');
  assert.deepEqual(checkMessage(ok, botMessage({ type: 'text', text: 'Order 42 ships monday' })), []);
  assert.deepEqual(checkMessage(ok, botMessage({ type: 'text', text: 'Order 42 ships monday!' })).length, 1, 'anchored at the end');
  const any = parsed('TEXT_REGEXP_ANY_IC ^order \\d+ \\u0073hips$|(?<day>[mt][ou][ne])day');
  assert.deepEqual(checkMessage(any, botMessage({ type: 'text', text: 'ORDER 42 SHIPS' })), []);
});

test('normalizeText is linear on a < with no > and gives what Botium’s gives', () => {
  // Botium's own normalizeText (the regular expressions, quadratic on these inputs) is the reference.
  const reference = (text: string): string => botiumHelper.normalizeText(text, true);
  for (const hostile of ['<'.repeat(80_000), '<p'.repeat(40_000), '<br'.repeat(26_667), `${'<a'.repeat(40_000)}>`]) {
    const { ms } = timed(() => normalizeText(hostile));
    assert.ok(ms < 500, `${hostile.slice(0, 4)}… took ${ms.toFixed(0)} ms`);
  }
  const alphabet = ['<', '>', 'p', 'b', 'r', '/', ' ', 'a', '&amp;', '\n'];
  let seed = 7;
  const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  for (let i = 0; i < 2000; i++) {
    const text = Array.from({ length: 1 + Math.floor(random() * 20) }, () => alphabet[Math.floor(random() * alphabet.length)]).join('');
    assert.equal(normalizeText(text), reference(text), JSON.stringify(text));
  }
});

test('JUnit output: every character XML 1.0 forbids is dropped (U+FFFE, U+FFFF, lone surrogates, controls)', () => {
  assert.equal(xml('a\u0000b\u0008c\uFFFEd\uFFFFe\uD800f\uDC00g😀h\t\n\r<&>"\'\u0085'), 'abcdefg😀h\t\n\r&lt;&amp;&gt;&quot;&apos;\u0085');
  const hostile = 'bad \uFFFE\uFFFF\uD83D text\u0001';
  const result: TestResult = {
    test: { id: 'x', name: hostile, file: 'x.convo.txt', line: 1, steps: [] },
    status: 'failed',
    failure: { file: 'x.convo.txt', line: 3, message: hostile, expected: hostile, actual: hostile },
    durationMs: 5,
    transcript: [],
  };
  const report = junit([result], [], 0.1);
  // XML 1.0's Char production, on the whole document.
  assert.ok(!/[^\t\n\r\x20-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u.test(report), report);
  assert.ok(report.includes('<testcase name="bad  text"'), report);
});
