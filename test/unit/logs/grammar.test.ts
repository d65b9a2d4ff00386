import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { exportLine } from '../../../src/core/logs/line';
import { line } from './fakes';

interface Rule {
  match?: string;
  begin?: string;
  patterns?: Rule[];
}
const grammar = JSON.parse(fs.readFileSync('syntaxes/bplog.tmLanguage.json', 'utf8')) as {
  scopeName: string;
  repository: Record<string, Rule>;
};
const rx = (source: string) => new RegExp(source);

test('every pattern of the .bplog grammar compiles', () => {
  const walk = (rule: Rule): number =>
    [rule.match, rule.begin].filter((s): s is string => !!s).map((s) => (rx(s), 1)).length +
    (rule.patterns ?? []).reduce((n, r) => n + walk(r), 0);
  const count = Object.values(grammar.repository).reduce((n, r) => n + walk(r), 0);
  assert.ok(count >= 10, `${count} patterns`);
  assert.equal(grammar.scopeName, 'text.bplog');
});

test('the grammar reads the lines the export writes: timestamp, level, ids', () => {
  const entry = rx(grammar.repository.entry.begin!);
  const T = Date.parse('2026-03-01T12:00:00.000Z');
  const levels: Record<string, number> = { error: 2, warn: 3, info: 4, debug: 5 };
  for (const [level, group] of Object.entries(levels)) {
    const text = exportLine(line(T, 'Failed: {"code":400}', { level, conversationId: 'conv_1', userId: 'user_1' }));
    const m = entry.exec(text);
    assert.ok(m, text);
    assert.equal(m[1], '2026-03-01T12:00:00.000Z');
    assert.equal(m[group], level.toUpperCase(), `${level} is captured as its own scope`);
    const ids = [...text.matchAll(new RegExp(grammar.repository.id.match!, 'g'))].map((x) => `${x[1]}=${x[3]}`);
    assert.deepEqual(ids, ['conversationId=conv_1', 'userId=user_1']);
  }
  const continuation = exportLine(line(T, 'first\nsecond')).split('\n')[1];
  assert.ok(rx(grammar.repository.continuation.begin!).test(continuation), 'continuation lines of a message are recognised');
  assert.ok(rx(grammar.repository.comment.match!).test('# Botpress logs of bot x'));
});
