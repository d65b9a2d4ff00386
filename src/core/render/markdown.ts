/**
 * A small, safe markdown subset rendered to the render model (never to HTML): paragraphs, line breaks,
 * headings, bullet and numbered lists, block quotes, fenced code, rules; inline code, strong, emphasis,
 * strike-through, links and bare https links. Anything else stays literal text.
 *
 * Linear in the input: a delimiter that has no closing match is remembered, so hostile input such as
 * thousands of unmatched `[` or `**` is not rescanned.
 */
import { el, type RElement, type RNode } from './model';
import { safeLinkUrl } from './url';

/** Inline nesting deeper than this is shown as text. */
const MAX_DEPTH = 4;

/** ASCII punctuation: what a backslash escapes. */
const PUNCTUATION = /[!-/:-@[-`{-~]/;

export function renderMarkdown(source: string): RElement {
  return el('div', { className: 'md' }, blocks(source.replace(/\r\n?/g, '\n').split('\n')));
}

/** Plain text that renders as itself through {@link renderMarkdown}. */
export function escapeMarkdown(text: string): string {
  return text.replace(/[!-/:-@[-`{-~]/g, '\\$&');
}

function blocks(lines: readonly string[]): RNode[] {
  const out: RNode[] = [];
  let i = 0;
  while (i < lines.length) {
    const line = lines[i];
    if (!line.trim()) {
      i++;
      continue;
    }
    const fence = /^ {0,3}(```|~~~)/.exec(line);
    if (fence) {
      const body: string[] = [];
      i++;
      while (i < lines.length && !lines[i].trimStart().startsWith(fence[1])) body.push(lines[i++]);
      i++;
      out.push(el('pre', null, el('code', null, body.join('\n'))));
      continue;
    }
    const heading = /^ {0,3}(#{1,6})\s+(.*)$/.exec(line);
    if (heading) {
      const level = Math.min(heading[1].length + 2, 5) as 3 | 4 | 5;
      out.push(el(`h${level}`, null, inline(trimClosingHashes(heading[2]))));
      i++;
      continue;
    }
    if (/^ {0,3}([-*_])(\s*\1){2,}\s*$/.test(line)) {
      out.push(el('hr', null));
      i++;
      continue;
    }
    if (/^ {0,3}>/.test(line)) {
      const quoted: string[] = [];
      while (i < lines.length && /^ {0,3}>/.test(lines[i])) quoted.push(lines[i++].replace(/^ {0,3}> ?/, ''));
      out.push(el('blockquote', null, blocks(quoted)));
      continue;
    }
    const item = listItem(line);
    if (item) {
      const items: RNode[] = [];
      const first = item;
      while (i < lines.length) {
        const next = listItem(lines[i]);
        if (!next || next.ordered !== first.ordered) break;
        const text = [next.text];
        i++;
        while (i < lines.length && lines[i].trim() && !listItem(lines[i]) && /^\s+/.test(lines[i])) {
          text.push(lines[i++].trim());
        }
        items.push(el('li', null, lines2inline(text)));
      }
      const start = first.ordered && first.number !== 1 ? { attrs: { start: String(first.number) } } : null;
      out.push(el(first.ordered ? 'ol' : 'ul', start, items));
      continue;
    }
    const para: string[] = [];
    while (i < lines.length && lines[i].trim() && !startsBlock(lines[i])) para.push(lines[i++]);
    out.push(el('p', null, lines2inline(para)));
  }
  return out;
}

function listItem(line: string): { ordered: boolean; number: number; text: string } | undefined {
  const bullet = /^ {0,3}[-*+]\s+(.*)$/.exec(line);
  if (bullet) return { ordered: false, number: 0, text: bullet[1] };
  const numbered = /^ {0,3}(\d{1,9})[.)]\s+(.*)$/.exec(line);
  if (numbered) return { ordered: true, number: Number(numbered[1]), text: numbered[2] };
  return undefined;
}

/** `## Title ##` → `Title`, without a backtracking regex. */
function trimClosingHashes(text: string): string {
  const trimmed = text.trimEnd();
  let end = trimmed.length;
  while (end > 0 && trimmed[end - 1] === '#') end--;
  return end === 0 || /\s/.test(trimmed[end - 1]) ? trimmed.slice(0, end).trimEnd() : trimmed;
}

function startsBlock(line: string): boolean {
  return /^ {0,3}(```|~~~|#{1,6}\s|>)/.test(line) || listItem(line) !== undefined;
}

/** Lines of one block joined by line breaks. */
function lines2inline(lines: readonly string[]): RNode[] {
  const out: RNode[] = [];
  lines.forEach((line, n) => {
    if (n) out.push(el('br', null));
    for (const node of inline(line)) out.push(node); // a spread of a huge line would overflow the stack
  });
  return out;
}

const PAIRS: readonly { open: string; tag: 'strong' | 'em' | 'del' }[] = [
  { open: '**', tag: 'strong' },
  { open: '__', tag: 'strong' },
  { open: '~~', tag: 'del' },
  { open: '*', tag: 'em' },
  { open: '_', tag: 'em' },
];

/** Inline markdown of one line. */
export function inline(text: string, depth = 0): RNode[] {
  const out: RNode[] = [];
  const unmatched = new Set<string>();
  let plain = '';
  const flush = () => {
    if (plain) out.push(plain);
    plain = '';
  };
  // A delimiter after an odd run of backslashes is escaped: it closes nothing (code spans take no escapes).
  const escaped = (at: number) => {
    let n = 0;
    while (at - n - 1 >= 0 && text[at - n - 1] === '\\') n++;
    return n % 2 === 1;
  };
  const find = (needle: string, from: number): number => {
    if (unmatched.has(needle)) return -1;
    let at = text.indexOf(needle, from);
    while (needle !== '`' && at >= 0 && escaped(at)) at = text.indexOf(needle, at + 1);
    if (at < 0) unmatched.add(needle);
    return at;
  };

  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (c === '\\' && i + 1 < text.length && PUNCTUATION.test(text[i + 1])) {
      plain += text[i + 1];
      i += 2;
      continue;
    }
    if (c === '`') {
      const end = find('`', i + 1);
      if (end > i + 1) {
        flush();
        out.push(el('code', null, text.slice(i + 1, end)));
        i = end + 1;
        continue;
      }
    }
    if (c === '[' && depth < MAX_DEPTH) {
      const link = parseLink(text, i, find);
      if (link) {
        flush();
        const label = inline(link.label, depth + 1);
        const url = safeLinkUrl(link.url);
        out.push(url ? el('a', { action: { kind: 'link', url }, attrs: { title: url } }, label) : el('span', null, label));
        i = link.end;
        continue;
      }
    }
    if ((c === 'h' || c === 'H') && /^https?:\/\//i.test(text.slice(i, i + 8)) && !/\w/.test(text[i - 1] ?? '')) {
      const m = /^https?:\/\/[^\s<>"'`]+/i.exec(text.slice(i, i + 4096));
      const raw = m ? m[0].replace(/[.,;:!?)\]]+$/, '') : '';
      const url = safeLinkUrl(raw);
      if (url) {
        flush();
        out.push(el('a', { action: { kind: 'link', url }, attrs: { title: url } }, raw));
        i += raw.length;
        continue;
      }
    }
    if ((c === '*' || c === '_' || c === '~') && depth < MAX_DEPTH) {
      const pair = PAIRS.find((p) => text.startsWith(p.open, i));
      if (pair && !/\s/.test(text[i + pair.open.length] ?? ' ') && !(c === '_' && /\w/.test(text[i - 1] ?? ''))) {
        const end = find(pair.open, i + pair.open.length + 1);
        if (end > 0 && !/\s/.test(text[end - 1])) {
          flush();
          out.push(el(pair.tag, null, inline(text.slice(i + pair.open.length, end), depth + 1)));
          i = end + pair.open.length;
          continue;
        }
      }
    }
    plain += c;
    i++;
  }
  flush();
  return out;
}

function parseLink(
  text: string,
  at: number,
  find: (needle: string, from: number) => number,
): { label: string; url: string; end: number } | undefined {
  const close = find('](', at + 1);
  if (close < 0) return undefined;
  const end = find(')', close + 2);
  if (end < 0) return undefined;
  const label = text.slice(at + 1, close);
  const url = text.slice(close + 2, end).trim();
  if (label.includes('\n') || /\s/.test(url)) return undefined;
  return { label, url, end: end + 1 };
}
