import assert from 'node:assert/strict';
import { test } from 'node:test';
import { escapeMarkdown, renderMarkdown } from '../../../src/core/render/markdown';
import { textOf, walk, type RElement } from '../../../src/core/render/model';

const tags = (md: string) => [...walk(renderMarkdown(md))].map((e) => e.tag).slice(1);
const find = (root: RElement, tag: string) => [...walk(root)].find((e) => e.tag === tag);

test('paragraphs, line breaks, headings, rules', () => {
  assert.deepEqual(tags('one\ntwo\n\nthree'), ['p', 'br', 'p']);
  assert.deepEqual(tags('# Title #\ntext'), ['h3', 'p']);
  assert.equal(textOf(renderMarkdown('## Sub ##')), 'Sub');
  assert.equal(textOf(renderMarkdown('# C#')), 'C#');
  assert.deepEqual(tags('a\n\n---\n\nb'), ['p', 'hr', 'p']);
});

test('lists, numbered lists with their start, block quotes, fenced code', () => {
  assert.deepEqual(tags('- a\n- b'), ['ul', 'li', 'li']);
  const ol = find(renderMarkdown('3. c\n4. d'), 'ol')!;
  assert.equal(ol.attrs?.start, '3');
  assert.deepEqual(tags('> quoted **bold**'), ['blockquote', 'p', 'strong']);
  const pre = renderMarkdown('```js\n<script>alert(1)</script>\n**not bold**\n```');
  assert.deepEqual(
    [...walk(pre)].map((e) => e.tag),
    ['div', 'pre', 'code'],
  );
  assert.equal(textOf(pre), '<script>alert(1)</script>\n**not bold**');
});

test('inline: strong, emphasis, strike, code, escapes; snake_case stays literal', () => {
  assert.deepEqual(tags('**b** *i* _j_ ~~s~~ `c`'), ['p', 'strong', 'em', 'em', 'del', 'code']);
  assert.deepEqual(tags('a snake_case_name here'), ['p']);
  assert.equal(textOf(renderMarkdown('\\*not em\\*')), '*not em*');
  assert.deepEqual(tags('**unclosed'), ['p']);
  assert.equal(textOf(renderMarkdown('`<b>x</b>`')), '<b>x</b>');
});

test('links become link actions for safe URLs only; markup is text', () => {
  const ok = find(renderMarkdown('[docs](https://botpress.com/docs)'), 'a')!;
  assert.deepEqual(ok.action, { kind: 'link', url: 'https://botpress.com/docs' });
  assert.equal(textOf(ok), 'docs');
  const bad = renderMarkdown('[click](javascript:alert(1))');
  assert.equal(find(bad, 'a'), undefined);
  const bare = find(renderMarkdown('see https://example.com/a?b=1, then'), 'a')!;
  assert.equal(bare.action?.kind === 'link' && bare.action.url, 'https://example.com/a?b=1');
  assert.equal(textOf(renderMarkdown('<img src=x onerror=alert(1)>')), '<img src=x onerror=alert(1)>');
  assert.deepEqual(tags('<img src=x onerror=alert(1)>'), ['p']);
});

/** The best of three runs, in ms (the machine's load only ever adds to a run). */
function bestTime(run: () => unknown): number {
  let best = Infinity;
  for (let i = 0; i < 3; i++) {
    const start = performance.now();
    run();
    best = Math.min(best, performance.now() - start);
  }
  return best;
}

test('hostile repetitions render in linear time', () => {
  for (const unit of ['[', '**', '*a', '`', '[a](', '_', '# ', '~~x', 'https://x ']) {
    const source = (n: number) => unit.repeat(n / unit.length);
    assert.ok(renderMarkdown(source(400_000)).children?.length, `${unit}: a huge message renders`);
    // Linear: four times the input takes about four times as long (quadratic: sixteen), with room for the collector.
    const small = bestTime(() => renderMarkdown(source(50_000)));
    const large = bestTime(() => renderMarkdown(source(200_000)));
    assert.ok(
      large < 10 * small + 50,
      `${JSON.stringify(unit)}: ${small.toFixed(0)} ms for 50,000 characters, ${large.toFixed(0)} ms for 200,000`,
    );
  }
  const spaces = `# ${' '.repeat(100_000)}x`;
  const start = performance.now();
  renderMarkdown(spaces);
  assert.ok(performance.now() - start < 500);
});

test('escaped text renders as itself', () => {
  for (const text of [
    'plain',
    'snake__case__name',
    '# not a heading',
    '- not a list',
    '1. not a list',
    '> not a quote',
    '```',
    '---',
    '**a** _b_ `c` [d](https://e.f) ~~g~~',
    'a\\b',
    'intent X · button "Y" · if a = 2',
  ]) {
    const out = renderMarkdown(escapeMarkdown(text));
    assert.equal(textOf(out), text);
    assert.deepEqual(
      [...walk(out)].map((e) => e.tag),
      ['div', 'p'],
      text,
    );
  }
});

test('an escaped delimiter closes nothing: escaped text inside emphasis stays whole', () => {
  const tree = renderMarkdown(`_${escapeMarkdown('intent INTENT_AUDIO · button "A*b"')}_`);
  const em = [...walk(tree)].filter((e) => e.tag === 'em');
  assert.deepEqual(em.map(textOf), ['intent INTENT_AUDIO · button "A*b"']);
  assert.deepEqual(textOf(renderMarkdown('a \\\\_b_')), 'a \\b', 'an escaped backslash leaves the delimiter live');
});
