// Splits a text document (plain text, Markdown, HTML) into the passages a knowledge base indexes: titles,
// subtitles, paragraphs, lists, tables, code and quotes, in document order, each with the headings it sits
// under (its breadcrumb) and the line it starts on (so an editor can open the source at that place).

export type PassageSubtype = 'title' | 'subtitle' | 'paragraph' | 'blockquote' | 'list' | 'table' | 'code';

export interface SplitPassage {
  content: string;
  subtype: PassageSubtype;
  /** The titles and subtitles above it, outermost first (a heading's own breadcrumb excludes itself). */
  breadcrumb: string[];
  /** 0-based line where it starts in the source (for HTML, in the source too). */
  line: number;
}

export interface SplitOptions {
  /** Longer passages are cut at sentence or line boundaries. Default 1000 characters. */
  maximumChunkLength?: number;
}

export type TextFormat = 'markdown' | 'html' | 'text';

/** The format a content type or file name says, or undefined when it is not a text format this splitter reads. */
export function textFormat(contentType: string, key = ''): TextFormat | undefined {
  const type = contentType.split(';')[0].trim().toLowerCase();
  if (type === 'text/markdown' || type === 'text/x-markdown' || /\.(md|markdown|mdx)$/i.test(key)) return 'markdown';
  if (type === 'text/html' || type === 'application/xhtml+xml' || /\.html?$/i.test(key)) return 'html';
  if (type.startsWith('text/') || type === 'application/json' || /\.(txt|csv|json|ya?ml)$/i.test(key)) return 'text';
  return undefined;
}

interface Block {
  kind: PassageSubtype | 'heading';
  level?: number;
  lines: string[];
  line: number;
}

export function splitDocument(source: string, format: TextFormat, opts: SplitOptions = {}): SplitPassage[] {
  const blocks = format === 'markdown' ? markdownBlocks(source) : format === 'html' ? htmlBlocks(source) : textBlocks(source);
  const max = opts.maximumChunkLength ?? 1000;
  const trail: { level: number; text: string }[] = [];
  const out: SplitPassage[] = [];
  for (const block of blocks) {
    if (block.kind === 'heading') {
      const text = block.lines.join(' ').trim();
      if (!text) continue;
      while (trail.length && trail[trail.length - 1].level >= block.level!) trail.pop();
      out.push({
        content: text,
        subtype: block.level === 1 ? 'title' : 'subtitle',
        breadcrumb: trail.map((t) => t.text),
        line: block.line,
      });
      trail.push({ level: block.level!, text });
      continue;
    }
    const content = block.lines.join('\n').trim();
    if (!content) continue;
    for (const piece of cut(content, max)) {
      out.push({ content: piece, subtype: block.kind, breadcrumb: trail.map((t) => t.text), line: block.line });
    }
  }
  return out;
}

/** Cuts text longer than `max` at the last sentence end, line break or space before the limit. */
function cut(text: string, max: number): string[] {
  const pieces: string[] = [];
  let rest = text;
  while (rest.length > max) {
    const window = rest.slice(0, max);
    const at = Math.max(window.lastIndexOf('. ') + 1, window.lastIndexOf('\n'));
    const end = at > max / 3 ? at : window.lastIndexOf(' ') > max / 3 ? window.lastIndexOf(' ') : max;
    pieces.push(rest.slice(0, end).trim());
    rest = rest.slice(end).trim();
  }
  if (rest) pieces.push(rest);
  return pieces;
}

function textBlocks(source: string): Block[] {
  const blocks: Block[] = [];
  let current: Block | undefined;
  source.split(/\r?\n/).forEach((text, line) => {
    if (!text.trim()) current = undefined;
    else if (current) current.lines.push(text);
    else blocks.push((current = { kind: 'paragraph', lines: [text], line }));
  });
  return blocks;
}

const listItem = /^\s*([-*+]|\d+[.)])\s+/;

function markdownBlocks(source: string): Block[] {
  const lines = source.split(/\r?\n/);
  const blocks: Block[] = [];
  let current: Block | undefined;
  const close = () => (current = undefined);
  for (let i = 0; i < lines.length; i++) {
    const text = lines[i];
    const fence = /^\s*(```|~~~)/.exec(text);
    if (fence) {
      const body: string[] = [];
      const start = i;
      for (i++; i < lines.length && !lines[i].trim().startsWith(fence[1]); i++) body.push(lines[i]);
      blocks.push({ kind: 'code', lines: body, line: start });
      close();
      continue;
    }
    const heading = /^\s{0,3}(#{1,6})\s+(.*?)\s*#*\s*$/.exec(text);
    if (heading) {
      blocks.push({ kind: 'heading', level: heading[1].length, lines: [heading[2]], line: i });
      close();
      continue;
    }
    // Setext headings: a line of text underlined with === or ---.
    if (current?.kind === 'paragraph' && current.lines.length === 1 && /^\s*(=+|-+)\s*$/.test(text)) {
      current.kind = 'heading';
      current.level = text.trim().startsWith('=') ? 1 : 2;
      close();
      continue;
    }
    if (!text.trim()) {
      // A blank line ends a paragraph, quote or table; a list continues across one when an item follows.
      if (current?.kind === 'list' && listItem.test(lines[i + 1] ?? '')) continue;
      close();
      continue;
    }
    const kind: Block['kind'] = listItem.test(text)
      ? 'list'
      : /^\s*>/.test(text)
        ? 'blockquote'
        : /^\s*\|.*\|\s*$/.test(text)
          ? 'table'
          : /^( {4}|\t)/.test(text) && current?.kind !== 'list' && current?.kind !== 'paragraph'
            ? 'code'
            : 'paragraph';
    const line = kind === 'blockquote' ? text.replace(/^\s*>\s?/, '') : kind === 'code' ? text.replace(/^( {4}|\t)/, '') : text;
    // A paragraph line right after a list item continues that item.
    const continues = current && (current.kind === kind || (current.kind === 'list' && kind === 'paragraph' && /^\s+/.test(text)));
    if (continues) current!.lines.push(line);
    else blocks.push((current = { kind, lines: [line], line: i }));
  }
  return blocks;
}

const entities: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };
const decode = (s: string) =>
  s.replace(/&(#x[0-9a-f]+|#\d+|\w+);/gi, (m, e: string) =>
    e[0] === '#'
      ? String.fromCodePoint(parseInt(e.slice(e[1] === 'x' || e[1] === 'X' ? 2 : 1), e[1] === 'x' || e[1] === 'X' ? 16 : 10))
      : (entities[e.toLowerCase()] ?? m),
  );

/** HTML as blocks, each on the line its tag starts on in the source. Scripts, styles and comments are dropped. */
function htmlBlocks(html: string): Block[] {
  const lineOf = (index: number) => html.slice(0, index).split('\n').length - 1;
  const cleaned = html.replace(/<!--[\s\S]*?-->|<(script|style|head|nav|footer)\b[\s\S]*?<\/\1>/gi, (m) => m.replace(/[^\n]/g, ' '));
  const inline = (s: string) =>
    decode(
      s
        .replace(/<br\s*\/?>/gi, ' ')
        .replace(/<[^>]+>/g, '')
        .replace(/\s+/g, ' '),
    ).trim();
  const blocks: Block[] = [];
  let previous: { tag: string; end: number } | undefined;
  for (const m of cleaned.matchAll(/<(h[1-6]|p|li|pre|blockquote|tr|dt|dd)\b[^>]*>([\s\S]*?)<\/\1>/gi)) {
    const tag = m[1].toLowerCase();
    const line = lineOf(m.index);
    // Items of one list, rows of one table: one block while only markup separates them.
    const joins =
      previous?.tag === tag &&
      (tag === 'li' || tag === 'tr') &&
      !inline(cleaned.slice(previous.end, m.index).replace(/<\/?(ul|ol|table|tbody|thead)\b[^>]*>/gi, ''));
    previous = { tag, end: m.index + m[0].length };
    let text: string;
    let kind: Block['kind'];
    let level: number | undefined;
    if (tag === 'pre') {
      kind = 'code';
      text = decode(m[2].replace(/<[^>]+>/g, '')).replace(/^\n|\n$/g, '');
    } else if (tag === 'tr') {
      const cells = [...m[2].matchAll(/<(t[dh])\b[^>]*>([\s\S]*?)<\/\1>/gi)].map((c) => inline(c[2]).replace(/\|/g, '\\|'));
      kind = 'table';
      text = cells.length ? `| ${cells.join(' | ')} |` : '';
    } else {
      text = inline(m[2]);
      kind = tag[0] === 'h' ? 'heading' : tag === 'li' ? 'list' : tag === 'blockquote' ? 'blockquote' : 'paragraph';
      level = tag[0] === 'h' ? Number(tag[1]) : undefined;
      if (tag === 'li') text = `- ${text}`;
    }
    if (!text.trim()) continue;
    if (joins && blocks.length) blocks[blocks.length - 1].lines.push(text);
    else blocks.push({ kind, level, lines: [text], line });
  }
  return blocks;
}
