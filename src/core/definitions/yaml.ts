import type { Alias, Document } from 'yaml';
import { yaml, type YamlLibrary } from '../../libraries';
import type { ProblemCode } from './problems';
import type { Node, ScalarNode } from './tree';

export interface YamlParseResult {
  root?: Node;
  /** Syntax errors (BP101), or aliases that expand too far (BP103). */
  errors: { start: number; end: number; message: string; code?: ProblemCode }[];
}

/**
 * How far aliases (`*name`) may expand, in alias uses (nested ones counted each time) and in values
 * copied: far beyond any real definition, far below what would stall the editor ("billion laughs").
 */
export const MAX_ALIAS_USES = 10_000;
export const MAX_ALIAS_VALUES = 200_000;

/** Syntax errors reported at most: past the first ones, more say nothing new. */
const MAX_SYNTAX_ERRORS = 100;

/**
 * YAML with exact offsets. Definition files use a small part of YAML (block mappings and sequences,
 * flow collections, plain, quoted and block scalars, comments), which a line scanner reads in one
 * pass, several times faster than a full YAML parser. Anything outside that part, and every file
 * with a syntax error, goes to the `yaml` package, which has the final word on the rest of YAML and
 * on error messages.
 */
export function parseYaml(text: string): YamlParseResult {
  const root = scanYaml(text);
  if (root) return { root, errors: [] };
  const deep = tooDeep(text);
  if (deep !== undefined) return { errors: [{ start: deep, end: deep + 1, message: `Nesting deeper than ${MAX_DEPTH} levels` }] };
  return parseWithYamlPackage(text);
}

/**
 * Where block indentation plus flow brackets first exceed MAX_DEPTH levels, if they do. Definition
 * files never nest that deep, and the full YAML parser slows down badly on such input.
 */
function tooDeep(text: string): number | undefined {
  const indents: number[] = [];
  let flow = 0;
  let lineStart = 0;
  let quote = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '\n') {
      lineStart = i + 1;
      quote = '';
      continue;
    }
    if (quote) {
      if (c === quote) quote = '';
      continue;
    }
    if (i === lineStart && flow === 0) {
      let p = i;
      while (text[p] === ' ') p++;
      if (p < text.length && text[p] !== '\n' && text[p] !== '#') {
        const indent = p - i;
        while (indents.length && indents[indents.length - 1] >= indent) indents.pop();
        indents.push(indent);
        // `- - x`, `? - x`: each indicator on the line opens one more level, at its own column.
        while (
          (text[p] === '-' || text[p] === '?' || text[p] === ':') &&
          (text[p + 1] === ' ' || text[p + 1] === '\n' || p + 1 === text.length)
        ) {
          p++;
          while (text[p] === ' ') p++;
          if (p < text.length && text[p] !== '\n' && text[p] !== '#') indents.push(p - i);
          if (indents.length > MAX_DEPTH) return p;
        }
      }
    }
    if (c === '"' || c === "'") quote = c;
    else if (c === '#' && (i === lineStart || text[i - 1] === ' ')) {
      const nl = text.indexOf('\n', i);
      i = (nl < 0 ? text.length : nl) - 1;
    } else if (c === '[' || c === '{') flow++;
    else if ((c === ']' || c === '}') && flow > 0) flow--;
    if (indents.length + flow > MAX_DEPTH) return i;
  }
  return undefined;
}

/** The fast scanner alone: the tree, or undefined when the text is outside its part of YAML or invalid. */
export function scanYaml(text: string): Node | undefined {
  try {
    return new FastYaml(text).parse();
  } catch (err) {
    if (err instanceof Unsupported || err instanceof RangeError) return undefined;
    throw err;
  }
}

/** Deeper than any real definition file; deeper input is reported, not parsed. */
export const MAX_DEPTH = 128;

/** Converts the `yaml` package's document into the shared tree; errors keep their exact positions. */
export function parseWithYamlPackage(text: string): YamlParseResult {
  const library = yaml();
  const doc = library.parseDocument(text, { uniqueKeys: false, prettyErrors: false, keepSourceTokens: false });
  const errors: YamlParseResult['errors'] = doc.errors.slice(0, MAX_SYNTAX_ERRORS).map((e) => ({
    start: Math.min(e.pos[0], text.length),
    end: Math.min(Math.max(e.pos[1], e.pos[0]), text.length),
    message: e.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, ''),
  }));
  let root: Node | undefined;
  try {
    root = new Converter(doc, library).convert(doc.contents, 0, 0);
  } catch (err) {
    if (err instanceof AliasBudget) errors.push({ start: err.start, end: err.end, message: err.message, code: 'BP103' });
    else if (err instanceof RangeError) errors.push({ start: 0, end: 0, message: 'Document nested too deeply' });
    else throw err;
  }
  return { root, errors };
}

class AliasBudget extends Error {
  constructor(
    message: string,
    readonly start: number,
    readonly end: number,
  ) {
    super(message);
  }
}

/** The `yaml` package's nodes to the shared tree, expanding aliases within the budget. */
class Converter {
  /** Each alias's node: the last node anchored with its name before it, in document order (YAML's rule). */
  private readonly targets = new Map<Alias, unknown>();
  private uses = 0;
  private values = 0;
  /** The alias in the file whose expansion is under way (the range a budget problem names). */
  private outer: Alias | undefined;

  constructor(
    doc: Document,
    private readonly yaml: YamlLibrary,
  ) {
    const anchors = new Map<string, unknown>();
    this.yaml.visit(doc, {
      Node: (_key, node) => {
        if (this.yaml.isAlias(node)) {
          if (anchors.has(node.source)) this.targets.set(node, anchors.get(node.source));
        } else if (this.yaml.isNode(node) && node.anchor) anchors.set(node.anchor, node);
      },
    });
  }

  convert(n: unknown, fallbackOffset: number, depth: number): Node {
    if (depth > MAX_DEPTH) throw new RangeError('too deep');
    if (this.outer && ++this.values > MAX_ALIAS_VALUES) this.overBudget(`more than ${MAX_ALIAS_VALUES.toLocaleString('en-US')} values`);
    if (this.yaml.isAlias(n)) {
      if (++this.uses > MAX_ALIAS_USES) this.overBudget(`more than ${MAX_ALIAS_USES.toLocaleString('en-US')} alias uses`);
      const outermost = !this.outer;
      if (outermost) this.outer = n;
      try {
        const node = this.convert(this.targets.get(n) ?? null, n.range?.[0] ?? fallbackOffset, depth + 1);
        return { ...node, start: n.range?.[0] ?? node.start, end: n.range?.[1] ?? node.end };
      } finally {
        if (outermost) this.outer = undefined;
      }
    }
    const range = (n as { range?: [number, number, number] } | null)?.range;
    const start = range?.[0] ?? fallbackOffset;
    const end = range?.[1] ?? fallbackOffset;
    if (this.yaml.isMap(n)) {
      return {
        kind: 'object',
        start,
        end,
        flow: !!n.flow,
        entries: n.items.map((pair) => {
          const keyRange = (pair.key as { range?: [number, number, number] } | null)?.range;
          const keyStart = keyRange?.[0] ?? start;
          const keyEnd = keyRange?.[1] ?? keyStart;
          const key = this.yaml.isScalar(pair.key) ? String(pair.key.value) : pair.key == null ? '' : String(pair.key);
          return { key, keyStart, keyEnd, value: this.convert(pair.value, keyEnd, depth + 1) };
        }),
      };
    }
    if (this.yaml.isSeq(n))
      return { kind: 'array', start, end, flow: !!n.flow, items: n.items.map((x) => this.convert(x, end, depth + 1)) };
    const value = this.yaml.isScalar(n) ? n.value : null;
    const scalar: ScalarNode['value'] =
      value === null || value === undefined
        ? null
        : typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean'
          ? value
          : typeof value === 'bigint'
            ? Number(value)
            : String(value);
    return { kind: 'scalar', start, end, value: scalar };
  }

  private overBudget(what: string): never {
    const range = this.outer?.range ?? [0, 0];
    throw new AliasBudget(`Aliases expand too far (${what}): write the repeated part out, or use fewer aliases.`, range[0], range[1]);
  }
}

/** Thrown when the fast scanner meets YAML it does not read; the `yaml` package takes over. */
class Unsupported extends Error {}
const bail = (): never => {
  throw new Unsupported();
};

interface Line {
  start: number;
  /** End of content, before any `\r\n`/`\n`. */
  end: number;
  indent: number;
  /** True for lines with nothing but spaces and maybe a comment. */
  blank: boolean;
}

interface KeyToken {
  key: string;
  end: number;
  colonEnd: number;
}

const INDICATOR = /[-?:,[\]{}#&*!|>'"%@`]/;

/** Resolves a plain scalar like YAML 1.2's core schema (the `yaml` package's default). */
function resolvePlain(s: string): ScalarNode['value'] {
  switch (s) {
    case '':
    case '~':
    case 'null':
    case 'Null':
    case 'NULL':
      return null;
    case 'true':
    case 'True':
    case 'TRUE':
      return true;
    case 'false':
    case 'False':
    case 'FALSE':
      return false;
  }
  const c = s.charCodeAt(0);
  const numeric = (c >= 48 && c <= 57) || c === 43 || c === 45 || c === 46;
  if (!numeric) return s;
  if (/^[-+]?[0-9]+$/.test(s)) return Number(s);
  if (/^0o[0-7]+$/.test(s)) return parseInt(s.slice(2), 8);
  if (/^0x[0-9a-fA-F]+$/.test(s)) return parseInt(s.slice(2), 16);
  if (/^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$/.test(s)) return Number(s);
  if (/^[-+]?\.(?:inf|Inf|INF)$/.test(s)) return s.startsWith('-') ? -Infinity : Infinity;
  if (/^\.(?:nan|NaN|NAN)$/.test(s)) return NaN;
  return s;
}

const ESCAPES: Record<string, string> = {
  '0': '\0',
  a: '\x07',
  b: '\b',
  t: '\t',
  '\t': '\t',
  n: '\n',
  v: '\v',
  f: '\f',
  r: '\r',
  e: '\x1b',
  ' ': ' ',
  '"': '"',
  '/': '/',
  '\\': '\\',
  N: '\u0085',
  _: '\u00a0',
  L: '\u2028',
  P: '\u2029',
};

class FastYaml {
  private readonly lines: Line[] = [];
  private li = 0;

  constructor(private readonly text: string) {
    let start = text.charCodeAt(0) === 0xfeff ? 1 : 0;
    for (;;) {
      let nl = text.indexOf('\n', start);
      const last = nl < 0;
      if (last) nl = text.length;
      const end = nl > start && text.charCodeAt(nl - 1) === 13 ? nl - 1 : nl;
      let p = start;
      while (p < end && text.charCodeAt(p) === 32) p++;
      const c = text.charCodeAt(p);
      if (c === 9 || c === 13) bail();
      this.lines.push({ start, end, indent: p - start, blank: p === end || c === 35 });
      if (last) break;
      start = nl + 1;
    }
    if (/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f\ufffe\uffff\t]|\r(?!\n)/.test(text)) bail();
  }

  parse(): Node {
    while (this.li < this.lines.length && this.lines[this.li].blank) this.li++;
    const first = this.lines[this.li];
    if (first && this.text.startsWith('---', first.start) && this.restIsBlank(first.start + 3, first)) {
      this.li++;
      this.skipBlank();
    }
    const line = this.lines[this.li];
    if (!line) return { kind: 'scalar', value: null, start: 0, end: 0 };
    if (line.indent !== 0) bail();
    const root = this.block(line.start, 0, -1, 0);
    this.skipBlank();
    if (this.li < this.lines.length) bail();
    return root;
  }

  private restIsBlank(p: number, line: Line): boolean {
    while (p < line.end && this.text.charCodeAt(p) === 32) p++;
    return p === line.end || (this.text.charCodeAt(p) === 35 && this.text.charCodeAt(p - 1) === 32);
  }

  private skipBlank(): void {
    while (this.li < this.lines.length && this.lines[this.li].blank) this.li++;
    const l = this.lines[this.li];
    if (l && l.indent === 0 && (this.text.startsWith('---', l.start) || this.text.startsWith('...', l.start) || this.text[l.start] === '%'))
      bail();
  }

  /** A block node whose first token is at offset `at` (column `col`) on the current line. */
  private block(at: number, col: number, parentIndent: number, depth: number): Node {
    if (depth > MAX_DEPTH) bail();
    const t = this.text;
    const line = this.lines[this.li];
    if (t[at] === '-' && (at + 1 === line.end || t[at + 1] === ' ')) return this.sequence(at, col, depth);
    if (this.keyAt(at, line)) return this.mapping(at, col, depth);
    return this.inlineValue(at, line, parentIndent, depth);
  }

  /** The last key read: deciding that a line holds a mapping reads the key the mapping then uses. */
  private lastKeyAt = -1;
  private lastKey: KeyToken | undefined;

  /** The key token at `at`, if the line holds `key:` there. */
  private keyAt(at: number, line: Line): KeyToken | undefined {
    if (this.lastKeyAt !== at) {
      this.lastKeyAt = at;
      this.lastKey = this.readKey(at, line);
    }
    return this.lastKey;
  }

  private readKey(at: number, line: Line): KeyToken | undefined {
    const t = this.text;
    const c = t[at];
    let key: string;
    let end: number;
    if (c === '"' || c === "'") {
      const q = this.quoted(at, line);
      key = String(q.value);
      end = q.end;
    } else {
      if (INDICATOR.test(c) && !((c === '-' || c === '?' || c === ':') && t[at + 1] !== ' ' && at + 1 < line.end)) return undefined;
      let p = at;
      for (; p < line.end; p++) {
        const ch = t.charCodeAt(p);
        if (ch === 58 /* : */ && (p + 1 === line.end || t.charCodeAt(p + 1) === 32)) break;
        if (ch === 35 /* # */ && t.charCodeAt(p - 1) === 32) return undefined;
      }
      if (p >= line.end) return undefined;
      end = p;
      while (end > at && t.charCodeAt(end - 1) === 32) end--;
      key = t.slice(at, end);
      if (/[\u0000-\u001f]|^[-?:]|[{}[\],]/.test(key) || typeof resolvePlain(key) !== 'string') bail();
    }
    let p = end;
    while (p < line.end && t.charCodeAt(p) === 32) p++;
    if (t[p] !== ':' || (p + 1 < line.end && t[p + 1] !== ' ')) {
      if (c === '"' || c === "'") return undefined;
      bail();
    }
    if (end - at > 1024) bail();
    return { key, end, colonEnd: p + 1 };
  }

  private mapping(at: number, col: number, depth: number): Node {
    const node: Node = { kind: 'object', start: at, end: at, flow: false, entries: [] };
    let keyAt = at;
    for (;;) {
      const line = this.lines[this.li];
      const k = this.keyAt(keyAt, line) ?? bail();
      const value = this.afterIndicator(k.colonEnd, line, col, depth);
      node.entries.push({ key: k.key, keyStart: keyAt, keyEnd: k.end, value });
      node.end = Math.max(value.end, k.colonEnd);
      this.skipBlank();
      const next = this.lines[this.li];
      if (!next || next.indent < col) return node;
      if (next.indent > col) bail();
      keyAt = next.start + col;
      if (this.text[keyAt] === '-' && (keyAt + 1 === next.end || this.text[keyAt + 1] === ' ')) {
        if (col === 0 || !this.inSequenceParent) bail();
        return node;
      }
    }
  }

  /** Set while reading a mapping that is a sequence item at the same indent as its dashes' parent key. */
  private inSequenceParent = false;

  private sequence(at: number, col: number, depth: number): Node {
    const node: Node = { kind: 'array', start: at, end: at, flow: false, items: [] };
    let dash = at;
    for (;;) {
      const line = this.lines[this.li];
      const value = this.afterIndicator(dash + 1, line, col, depth, true);
      node.items.push(value);
      node.end = Math.max(value.end, dash + 1);
      this.skipBlank();
      const next = this.lines[this.li];
      if (!next || next.indent < col) return node;
      if (next.indent > col) bail();
      dash = next.start + col;
      if (!(this.text[dash] === '-' && (dash + 1 === next.end || this.text[dash + 1] === ' '))) {
        if (this.inSequenceParent && this.keyAt(dash, next)) return node;
        bail();
      }
    }
  }

  /**
   * The value after `key:` or `- ` (at offset `p`): inline on this line, or the indented block below,
   * or for a key, a sequence at the key's own indent.
   */
  private afterIndicator(p: number, line: Line, indent: number, depth: number, isItem = false): Node {
    const t = this.text;
    while (p < line.end && t.charCodeAt(p) === 32) p++;
    if (p < line.end && !(t[p] === '#' && t[p - 1] === ' ')) {
      if (isItem) {
        if (t[p] === '-' && (p + 1 === line.end || t[p + 1] === ' ')) bail();
        if (this.keyAt(p, line)) {
          const outer = this.inSequenceParent;
          this.inSequenceParent = false;
          const m = this.mapping(p, p - line.start, depth + 1);
          this.inSequenceParent = outer;
          return m;
        }
      }
      return this.inlineValue(p, line, indent, depth + 1);
    }
    const empty = p > line.end ? line.end : Math.min(p, line.end);
    this.li++;
    this.skipBlank();
    const next = this.lines[this.li];
    if (next && next.indent > indent) return this.nested(next, indent, depth);
    if (
      !isItem &&
      next &&
      next.indent === indent &&
      t[next.start + indent] === '-' &&
      (next.start + indent + 1 === next.end || t[next.start + indent + 1] === ' ')
    ) {
      const outer = this.inSequenceParent;
      this.inSequenceParent = true;
      const s = this.sequence(next.start + indent, indent, depth + 1);
      this.inSequenceParent = outer;
      return s;
    }
    return { kind: 'scalar', value: null, start: empty, end: empty };
  }

  private nested(next: Line, indent: number, depth: number): Node {
    const outer = this.inSequenceParent;
    this.inSequenceParent = false;
    const at = next.start + next.indent;
    const c = this.text[at];
    const node =
      (c === '-' && (at + 1 === next.end || this.text[at + 1] === ' ')) || this.keyAt(at, next)
        ? this.block(at, next.indent, indent, depth + 1)
        : bail();
    this.inSequenceParent = outer;
    return node;
  }

  /** A scalar or flow collection starting at `p` on `line`; ends the line. */
  private inlineValue(p: number, line: Line, parentIndent: number, depth: number): Node {
    const t = this.text;
    const c = t[p];
    let node: Node;
    if (c === '{' || c === '[') {
      node = this.flow(p, parentIndent, depth);
      const endLine = this.lineIndexOf(node.end);
      if (!this.restIsBlank(node.end, this.lines[endLine])) bail();
      this.li = endLine + 1;
      return node;
    }
    if (c === '|' || c === '>') return this.blockScalar(p, line, parentIndent);
    if (c === '"' || c === "'") node = this.quoted(p, line);
    else {
      if (INDICATOR.test(c) && !((c === '-' || c === '?' || c === ':') && t[p + 1] !== ' ' && p + 1 < line.end)) bail();
      let end = p;
      for (let q = p; q < line.end; q++) {
        const ch = t.charCodeAt(q);
        if (ch === 35 && t.charCodeAt(q - 1) === 32) break;
        if (ch === 58 && (q + 1 === line.end || t.charCodeAt(q + 1) === 32)) bail();
        if (ch !== 32) end = q + 1;
      }
      node = { kind: 'scalar', value: resolvePlain(t.slice(p, end)), start: p, end };
    }
    if (!this.restIsBlank(node.end, line)) bail();
    this.li++;
    this.skipBlank();
    const next = this.lines[this.li];
    if (next && next.indent > parentIndent && node.kind === 'scalar' && c !== '"' && c !== "'") bail();
    if (next && next.indent > parentIndent) bail();
    return node;
  }

  private lineOf(offset: number): Line {
    return this.lines[this.lineIndexOf(offset)];
  }

  private lineIndexOf(offset: number): number {
    let lo = this.li;
    let hi = this.lines.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.lines[mid].start <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  /** A single-line quoted scalar (multi-line ones go to the `yaml` package). */
  private quoted(p: number, line: Line): ScalarNode {
    const t = this.text;
    const q = t[p];
    let value = '';
    let chunk = p + 1;
    for (let i = p + 1; i < line.end; i++) {
      const c = t[i];
      if (q === "'" && c === "'") {
        if (t[i + 1] === "'") {
          value += t.slice(chunk, i + 1);
          chunk = ++i + 1;
          continue;
        }
        return { kind: 'scalar', value: value + t.slice(chunk, i), start: p, end: i + 1 };
      }
      if (q === '"' && c === '"') return { kind: 'scalar', value: value + t.slice(chunk, i), start: p, end: i + 1 };
      if (q === '"' && c === '\\') {
        value += t.slice(chunk, i);
        const e = t[i + 1];
        if (e !== undefined && e in ESCAPES) {
          value += ESCAPES[e];
          i++;
        } else {
          const len = e === 'x' ? 2 : e === 'u' ? 4 : e === 'U' ? 8 : 0;
          const hex = t.slice(i + 2, i + 2 + len);
          if (!len || !new RegExp(`^[0-9a-fA-F]{${len}}$`).test(hex)) bail();
          const cp = parseInt(hex, 16);
          if (cp > 0x10ffff) bail();
          value += String.fromCodePoint(cp);
          i += 1 + len;
        }
        chunk = i + 1;
      }
    }
    return bail();
  }

  /** `|` or `>` with optional chomping; the indented lines below are its content. */
  private blockScalar(p: number, line: Line, parentIndent: number): ScalarNode {
    const t = this.text;
    const header = /^([|>])([-+]?)(?: +#.*)? *$/.exec(t.slice(p, line.end)) ?? bail();
    const folded = header[1] === '>';
    const chomp = header[2];
    const lines: string[] = [];
    let contentIndent = -1;
    let end = line.end;
    let i = this.li + 1;
    let maxLeadingBlank = 0;
    for (; i < this.lines.length; i++) {
      const l = this.lines[i];
      // A line of spaces is empty, unless it has more spaces than the content's indent: then they are content.
      const empty = l.indent === l.end - l.start && (contentIndent < 0 || l.indent <= contentIndent);
      if (empty) {
        if (contentIndent < 0) maxLeadingBlank = Math.max(maxLeadingBlank, l.indent);
        lines.push('');
        continue;
      }
      if (contentIndent < 0) {
        if (l.indent <= parentIndent || l.blank) bail();
        contentIndent = l.indent;
        if (maxLeadingBlank > contentIndent) bail();
      }
      if (l.indent < contentIndent) break;
      if (folded && l.indent > contentIndent) bail();
      lines.push(t.slice(l.start + contentIndent, l.end));
      end = this.lines[i + 1]?.start ?? l.end;
    }
    if (contentIndent < 0) bail();
    let trailing = 0;
    while (lines.length && lines[lines.length - 1] === '') {
      lines.pop();
      trailing++;
    }
    // The lines consumed: up to the last content line; trailing blank lines stay for the next reader.
    this.li = i - trailing;
    // Like the yaml package, the final line break counts even at the end of the file.
    let body = folded ? foldLines(lines) : lines.join('\n');
    if (chomp === '+' && trailing) bail();
    if (chomp !== '-') body += '\n';
    this.skipBlank();
    return { kind: 'scalar', value: body, start: p, end };
  }

  /** A flow collection from `p` (which may span lines), JSON-like with YAML plain and quoted scalars. */
  private flow(p: number, parentIndent: number, depth: number): Node {
    const t = this.text;
    let i = p;
    const ws = () => {
      for (;;) {
        const c = t.charCodeAt(i);
        if (c === 32) i++;
        else if (c === 10 || c === 13) {
          i++;
          const l = this.lineOf(i);
          if (l.start === i && !l.blank && l.indent <= parentIndent) bail();
        } else if (c === 35 && (i === 0 || /\s/.test(t[i - 1]))) {
          while (i < t.length && t.charCodeAt(i) !== 10) i++;
        } else if (c === 9) bail();
        else return;
      }
    };
    const scalar = (): ScalarNode => {
      const c = t[i];
      if (c === '"' || c === "'") {
        const q = this.quoted(i, this.lineOf(i));
        i = q.end;
        return q;
      }
      if (INDICATOR.test(c ?? '#')) bail();
      const start = i;
      let end = i;
      for (; i < t.length; i++) {
        const ch = t[i];
        if (ch === ',' || ch === ']' || ch === '}' || ch === '\n' || ch === '\r') break;
        if (ch === ':' || ch === '#' || ch === '[' || ch === '{' || ch === '\t') {
          if (ch === ':' && (t[i + 1] === ' ' || t[i + 1] === ',' || t[i + 1] === '}' || t[i + 1] === '\n')) break;
          bail();
        }
        if (ch !== ' ') end = i + 1;
      }
      i = end;
      return { kind: 'scalar', value: resolvePlain(t.slice(start, end)), start, end };
    };
    const value = (d: number): Node => {
      if (d > MAX_DEPTH) bail();
      const c = t[i];
      if (c === '{') {
        const node: Node = { kind: 'object', start: i++, end: i, flow: true, entries: [] };
        for (;;) {
          ws();
          if (t[i] === '}') break;
          const k = scalar();
          ws();
          if (t[i] !== ':') bail();
          i++;
          ws();
          const v = t[i] === ',' || t[i] === '}' ? ({ kind: 'scalar', value: null, start: i, end: i } as const) : value(d + 1);
          if (typeof k.value !== 'string') bail();
          node.entries.push({ key: String(k.value), keyStart: k.start, keyEnd: k.end, value: v });
          ws();
          if (t[i] === ',') i++;
          else if (t[i] !== '}') bail();
        }
        node.end = ++i;
        return node;
      }
      if (c === '[') {
        const node: Node = { kind: 'array', start: i++, end: i, flow: true, items: [] };
        for (;;) {
          ws();
          if (t[i] === ']') break;
          const v = value(d + 1);
          ws();
          if (t[i] === ':') bail();
          node.items.push(v);
          if (t[i] === ',') i++;
          else if (t[i] !== ']') bail();
        }
        node.end = ++i;
        return node;
      }
      return scalar();
    };
    return value(depth);
  }
}

/** Folds `>` content: single line breaks become spaces, each empty line stays one line break. */
function foldLines(lines: string[]): string {
  let out = '';
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i];
    if (i === 0) out = l;
    else if (l === '') out += '\n';
    else out += lines[i - 1] === '' ? l : ' ' + l;
  }
  return out;
}
