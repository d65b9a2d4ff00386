import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { judge, parseRetrievalFile, retrievalJunit, type FoundPassage } from '../../../src/core/knowledge/retrieval';
import { splitDocument, textFormat } from '../../../src/core/knowledge/split';

describe('*.retrieval.yaml', () => {
  test('tests with their line, k from the file or the test, expect by file or text', () => {
    const parsed = parseRetrievalFile(
      [
        'knowledgeBase: Help',
        'k: 3',
        'tests:',
        '  - query: gift cards',
        '    expect: { file: gift-cards.md }',
        '  - name: refunds',
        '    query: refund delay',
        '    expect:',
        '      text: 5 business days',
        '    k: 1',
      ].join('\n'),
    );
    assert.deepEqual(parsed.problems, []);
    assert.equal(parsed.knowledgeBase, 'Help');
    assert.deepEqual(parsed.tests, [
      { name: 'gift cards', query: 'gift cards', k: 3, expect: { file: 'gift-cards.md' }, line: 3 },
      { name: 'refunds', query: 'refund delay', k: 1, expect: { text: '5 business days' }, line: 5 },
    ]);
  });

  test('problems with their line: syntax, no query, both or neither expectation, bad k, unknown keys', () => {
    assert.equal(parseRetrievalFile('tests: [\n').problems.length > 0, true);
    const { problems, tests } = parseRetrievalFile(
      [
        'tests:',
        '  - expect: { file: a }',
        '  - query: q',
        '    expect: { file: a, text: b }',
        '  - query: q',
        '    expect: { file: a }',
        '    k: 0',
        '  - query: q',
        '    expects: {}',
        'other: 1',
      ].join('\n'),
    );
    const messages = problems.map((p) => `${p.line}: ${p.message}`);
    assert.ok(messages.includes('1: A test needs a "query"'), messages.join('\n'));
    assert.ok(messages.includes('3: "expect" needs exactly one of "file" or "text"'), messages.join('\n'));
    assert.ok(messages.includes('6: k must be a whole number from 1 to 50'), messages.join('\n'));
    assert.ok(
      messages.some((m) => m.startsWith('8: Unknown key "expects"')),
      messages.join('\n'),
    );
    assert.ok(
      messages.some((m) => m.startsWith('9: Unknown key "other"')),
      messages.join('\n'),
    );
    assert.equal(tests.length, 1);
  });

  const passage = (key: string, content: string, score: number): FoundPassage => ({
    content,
    score,
    file: { id: `file_${key}`, key: `kb-1/${key}`, tags: { title: key } },
  });
  const returned = [passage('refunds.md', 'Refunds take 5 business days.', 0.9), passage('gift-cards.md', 'Gift cards never expire.', 0.8)];

  test('found within k: passed with its rank; by key end, title or text (case and spaces ignored)', () => {
    const t = { name: 'x', query: 'q', line: 0 };
    assert.equal(judge({ ...t, k: 2, expect: { file: 'gift-cards.md' } }, returned).rank, 2);
    assert.equal(judge({ ...t, k: 2, expect: { file: 'kb-1/refunds.md' } }, returned).rank, 1);
    assert.equal(judge({ ...t, k: 1, expect: { text: 'REFUNDS  take 5' } }, returned).passed, true);
  });

  test('missed: what was expected, where it came if later, and what was returned with scores', () => {
    const r = judge({ name: 'x', query: 'q', line: 0, k: 1, expect: { file: 'gift-cards.md' } }, returned);
    assert.equal(r.passed, false);
    assert.equal(
      r.message,
      'expected file gift-cards.md in the top 1 (it came at rank 2); returned:\n  1. 0.900 kb-1/refunds.md: Refunds take 5 business days.',
    );
    const xml = retrievalJunit([{ file: 'a.retrieval.yaml', result: r }], [{ file: 'b.retrieval.yaml', message: 'line 1: bad <yaml>' }]);
    assert.match(xml, /tests="2" failures="1" errors="1"/);
    assert.match(xml, /bad &lt;yaml&gt;/);
  });
});

describe('splitting documents into passages', () => {
  test('Markdown: titles, subtitles, paragraphs, lists (across blank lines), tables, code, quotes, with breadcrumbs and lines', () => {
    const md =
      '# A\n\nIntro\nmore\n\n## B\n\n- one\n\n- two\n\n| x | y |\n| - | - |\n\n```js\ncode()\n```\n\n> said\n\n### C\ntext\n## D\n';
    assert.deepEqual(
      splitDocument(md, 'markdown').map((p) => [p.subtype, p.content, p.breadcrumb.join('>'), p.line]),
      [
        ['title', 'A', '', 0],
        ['paragraph', 'Intro\nmore', 'A', 2],
        ['subtitle', 'B', 'A', 5],
        ['list', '- one\n- two', 'A>B', 7],
        ['table', '| x | y |\n| - | - |', 'A>B', 11],
        ['code', 'code()', 'A>B', 14],
        ['blockquote', 'said', 'A>B', 18],
        ['subtitle', 'C', 'A>B', 20],
        ['paragraph', 'text', 'A>B>C', 21],
        ['subtitle', 'D', 'A', 22],
      ],
    );
  });

  test('long passages are cut at sentence ends; HTML entities decoded; formats by type or name', () => {
    const long = Array.from({ length: 30 }, (_, i) => `Sentence number ${i} is here.`).join(' ');
    const pieces = splitDocument(long, 'text', { maximumChunkLength: 200 });
    assert.ok(pieces.length > 3 && pieces.every((p) => p.content.length <= 200 && p.content.endsWith('.')));
    assert.equal(splitDocument('<p>a &amp; b &#233;</p>', 'html')[0].content, 'a & b é');
    assert.equal(textFormat('application/octet-stream', 'x.md'), 'markdown');
    assert.equal(textFormat('text/html'), 'html');
    assert.equal(textFormat('application/pdf', 'x.pdf'), undefined);
  });
});
