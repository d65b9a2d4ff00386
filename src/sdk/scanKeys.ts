/**
 * Where a definition's keys are written, without the project's TypeScript: a small tokenizer (strings,
 * template literals with their `${…}`, comments, regular expressions, brackets) and a walk of the object
 * literal given to `new BotDefinition(…)` (or Integration, Plugin, Interface), recording keys by body path
 * as `locate.ts` does with the real parser: nested literals, same-file constants, spreads, `z.object({…})`
 * shapes (also at the head of a chain) and `.addIntegration(pkg, …)` / `.addPlugin(…)` calls. Used when the
 * project has no `typescript` installed, so that a problem on a named key is on that key either way.
 */
import type { Located, Range } from './protocol';

interface Token {
  kind: 'name' | 'string' | 'number' | 'template' | 'punct' | 'regex';
  /** A name, a punctuator, or a string's (or plain template's) value. */
  text: string;
  start: number;
  end: number;
}

const DEFINITION_CLASS = /^(Bot|Integration|Plugin|Interface)Definition$/;
const REGEX_AFTER_WORD = new Set([
  'return',
  'typeof',
  'case',
  'do',
  'else',
  'in',
  'of',
  'new',
  'delete',
  'void',
  'throw',
  'yield',
  'await',
]);
const ESCAPES: Record<string, string> = { n: '\n', t: '\t', r: '\r', b: '\b', f: '\f', v: '\v', '0': '\0' };

/** The tokens of a TypeScript file, comments dropped. Never throws: an unterminated string ends the file. */
export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  const n = text.length;
  const isIdStart = (c: string) => /[A-Za-z_$\u0080-\uffff]/.test(c);
  const isId = (c: string) => /[\w$\u0080-\uffff]/.test(c);

  /** Skips a string from its opening quote; returns its end and value. */
  const string = (from: number): [number, string] => {
    const quote = text[from];
    let value = '';
    let j = from + 1;
    while (j < n && text[j] !== quote && text[j] !== '\n') {
      if (text[j] === '\\') {
        value += ESCAPES[text[j + 1]] ?? text[j + 1] ?? '';
        j += 2;
      } else value += text[j++];
    }
    return [Math.min(j + 1, n), value];
  };
  /** Skips a template literal from its backquote (its `${…}` holes scanned as code); its value when it has no hole. */
  const template = (from: number): [number, string | undefined] => {
    let value: string | undefined = '';
    let j = from + 1;
    while (j < n && text[j] !== '`') {
      if (text[j] === '\\') {
        if (value !== undefined) value += ESCAPES[text[j + 1]] ?? text[j + 1] ?? '';
        j += 2;
      } else if (text[j] === '$' && text[j + 1] === '{') {
        value = undefined;
        j = code(j + 2, true);
      } else {
        if (value !== undefined) value += text[j];
        j++;
      }
    }
    return [Math.min(j + 1, n), value];
  };
  /** Skips a regular expression literal from its slash. */
  const regex = (from: number): number => {
    let j = from + 1;
    let inClass = false;
    while (j < n && text[j] !== '\n') {
      const c = text[j];
      if (c === '\\') j += 2;
      else if (c === '[' || c === ']') {
        inClass = c === '[';
        j++;
      } else if (c === '/' && !inClass) break;
      else j++;
    }
    j++;
    while (j < n && isId(text[j])) j++;
    return Math.min(j, n);
  };
  const regexAllowed = () => {
    const last = tokens[tokens.length - 1];
    if (!last) return true;
    if (last.kind === 'name') return REGEX_AFTER_WORD.has(last.text);
    return last.kind === 'punct' && !/^[)\]}]$/.test(last.text);
  };
  /** Scans code from `from`; inside a template hole, stops after its closing brace. Returns where it stopped. */
  function code(from: number, hole: boolean): number {
    let depth = 0;
    let j = from;
    while (j < n) {
      const c = text[j];
      if (c === '/' && text[j + 1] === '/') {
        while (j < n && text[j] !== '\n') j++;
      } else if (c === '/' && text[j + 1] === '*') {
        const close = text.indexOf('*/', j + 2);
        j = close < 0 ? n : close + 2;
      } else if (/\s/.test(c)) j++;
      else if (c === '"' || c === "'") {
        const [end, value] = string(j);
        if (!hole) tokens.push({ kind: 'string', text: value, start: j, end });
        j = end;
      } else if (c === '`') {
        const [end, value] = template(j);
        if (!hole) tokens.push({ kind: 'template', text: value ?? '', start: j, end });
        j = end;
      } else if (isIdStart(c)) {
        let e = j + 1;
        while (e < n && isId(text[e])) e++;
        if (!hole) tokens.push({ kind: 'name', text: text.slice(j, e), start: j, end: e });
        j = e;
      } else if (/[0-9]/.test(c) || (c === '.' && /[0-9]/.test(text[j + 1] ?? ''))) {
        let e = j + 1;
        while (e < n && /[\w.]/.test(text[e])) e++;
        if (!hole) tokens.push({ kind: 'number', text: text.slice(j, e), start: j, end: e });
        j = e;
      } else if (c === '/' && (hole || regexAllowed())) {
        const end = regex(j);
        if (!hole) tokens.push({ kind: 'regex', text: text.slice(j, end), start: j, end });
        j = end;
      } else {
        const three = text.slice(j, j + 3);
        const p = three === '...' ? three : c;
        if (hole) {
          if (c === '{') depth++;
          else if (c === '}' && depth-- === 0) return j + 1;
        } else tokens.push({ kind: 'punct', text: p, start: j, end: j + p.length });
        j += p.length;
      }
    }
    return n;
  }
  code(0, false);
  return tokens;
}

const OPEN: Record<string, string> = { '(': ')', '[': ']', '{': '}' };

/** Keys of the definition by body path, and the `new …Definition(` range, as `locateKeys` gives them. */
export function scanKeys(text: string): { located: Located[]; call?: Range } {
  const t = tokenize(text);
  const located: Located[] = [];
  const is = (i: number, s: string) => t[i]?.kind === 'punct' && t[i].text === s;
  const name = (i: number, s?: string) => t[i]?.kind === 'name' && (s === undefined || t[i].text === s);

  /** The index of the bracket closing the one at `i`. */
  const close = (i: number): number => {
    const stack: string[] = [];
    for (let j = i; j < t.length; j++) {
      if (t[j].kind !== 'punct') continue;
      if (OPEN[t[j].text]) stack.push(OPEN[t[j].text]);
      else if (t[j].text === stack[stack.length - 1] && (stack.pop(), stack.length === 0)) return j;
    }
    return t.length;
  };
  /** Where the expression starting at `i` ends: the `,` `;` or closing bracket at its own depth. */
  const expressionEnd = (i: number): number => {
    for (let j = i; j < t.length; j++) {
      if (t[j].kind !== 'punct') continue;
      if (OPEN[t[j].text]) j = close(j);
      else if (/^[,;)\]}]$/.test(t[j].text)) return j;
    }
    return t.length;
  };

  // Same-file constants, the `new …Definition(` calls, the export, and `.addIntegration(` / `.addPlugin(` calls.
  const constants = new Map<string, number>();
  const news: { at: number; open: number; bot: boolean }[] = [];
  const added: Record<string, number[]> = { addIntegration: [], addPlugin: [] };
  let exported: number | undefined;
  const declaration = (k: number) => name(k, 'const') || name(k, 'let') || name(k, 'var') || name(k, 'export') || name(k, 'function');
  for (let i = 0; i < t.length; i++) {
    if ((name(i, 'const') || name(i, 'let') || name(i, 'var')) && name(i + 1) && (is(i + 2, '=') || is(i + 2, ':'))) {
      let j = i + 2;
      // A type annotation (`: Record<string, X>`), then `=`: its commas and brackets are not the value's.
      while (is(j, ':') || (j > i + 2 && j < t.length && !is(j, '=') && !is(j, ';') && !declaration(j)))
        j = t[j].kind === 'punct' && OPEN[t[j].text] ? close(j) + 1 : j + 1;
      if (is(j, '=')) constants.set(t[i + 1].text, j + 1);
    }
    if (name(i, 'export') && name(i + 1, 'default')) exported = i + 2;
    if (name(i, 'new')) {
      let j = i + 1;
      while (name(j) && is(j + 1, '.')) j += 2;
      if (name(j) && DEFINITION_CLASS.test(t[j].text) && is(j + 1, '('))
        news.push({ at: i, open: j + 1, bot: t[j].text.startsWith('Bot') });
    }
    if (is(i, '.') && name(i + 1) && added[t[i + 1].text] && is(i + 2, '(')) added[t[i + 1].text].push(i + 2);
  }

  /** Follows parentheses and same-file constants to the token an expression really starts with. */
  const resolve = (i: number, depth = 0): number => {
    while (is(i, '(')) i++;
    if (name(i) && constants.has(t[i].text) && depth < 8 && !is(i + 1, '.') && !is(i + 1, '('))
      return resolve(constants.get(t[i].text)!, depth + 1);
    return i;
  };
  /** The `{` of `z.object({…})` heading a chain (`z.object({…}).title(…)`, `sdk.z.object(…)`). */
  const zodShape = (i: number): number | undefined => {
    let j = i;
    while (name(j) && is(j + 1, '.')) j += 2;
    if (!name(j, 'object') || j === i || !is(j + 1, '(')) return undefined;
    const shape = resolve(j + 2);
    return is(shape, '{') ? shape : undefined;
  };

  // The exported definition wins over any other `new …Definition(` in the file.
  let call = news[0];
  if (exported !== undefined) {
    const head = resolve(exported);
    const found = news.find((c) => c.at === head);
    if (found) call = found;
  }
  if (!call) return { located };
  const renames: Record<string, string> = call.bot ? { attributes: 'tags' } : {};

  const walkObject = (open: number, path: string[], depth: number) => {
    if (depth > 32) return;
    const end = close(open);
    for (let i = open + 1; i < end;) {
      if (is(i, '...')) {
        const target = resolve(i + 1);
        if (is(target, '{')) walkObject(target, path, depth + 1);
        i = expressionEnd(i + 1) + 1;
        continue;
      }
      let key: Token | undefined;
      let next = i + 1;
      if (name(i) || t[i]?.kind === 'string' || t[i]?.kind === 'number') key = t[i];
      else if (is(i, '[') && (t[i + 1]?.kind === 'string' || t[i + 1]?.kind === 'template') && is(i + 2, ']')) {
        key = { ...t[i + 1], start: t[i].start, end: t[i + 2].end };
        next = i + 3;
      }
      const valueEnd = expressionEnd(next);
      if (key && (is(next, ':') || is(next, ',') || next === end)) {
        const segment = path.length === 0 ? (renames[key.text] ?? key.text) : key.text;
        const at = [...path, segment];
        located.push([at.join('.'), key.start, key.end]);
        const value = is(next, ':') ? next + 1 : key.kind === 'name' ? i : undefined;
        if (value !== undefined) walkValue(value, at, depth + 1);
      }
      i = Math.max(valueEnd, i) + 1;
    }
  };
  const walkValue = (i: number, path: string[], depth: number) => {
    const start = resolve(i);
    if (is(start, '{')) return walkObject(start, path, depth);
    const shape = zodShape(start);
    if (shape !== undefined) walkObject(shape, [...path, 'properties'], depth);
  };

  const first = resolve(call.open + 1);
  if (!is(call.open + 1, ')')) walkValue(first, [], 0);
  for (const [kind, opens] of Object.entries(added)) {
    opens.forEach((open, index) => {
      if (is(open + 1, ')')) return;
      const end = expressionEnd(open + 1);
      located.push([`#${kind}.${index}`, t[open + 1].start, t[end - 1].end]);
    });
  }
  return { located, call: [t[call.at].start, t[call.open].start] };
}
