import type { Node, ObjectNode, ArrayNode, ScalarNode } from './tree';

export interface ParseResult {
  root?: Node;
  error?: { start: number; end: number; message: string };
}

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const LITERAL = /true|false|null/y;

class JsonSyntaxError extends Error {
  constructor(
    message: string,
    readonly start: number,
    readonly end: number,
  ) {
    super(message);
  }
}

/**
 * Strict JSON (RFC 8259) with exact offsets; the first syntax error stops the parse. Nesting deeper than `maxDepth` is
 * reported, not overflowed.
 */
export function parseJson(text: string, maxDepth: number): ParseResult {
  let i = 0;
  const fail = (message: string, start = i, end = Math.min(text.length, start + 1)): never => {
    throw new JsonSyntaxError(message, start, Math.max(end, start));
  };
  const ws = () => {
    for (;;) {
      const c = text.charCodeAt(i);
      if (c === 32 || c === 10 || c === 13 || c === 9) i++;
      else return;
    }
  };
  const describe = (at: number) => (at >= text.length ? 'end of file' : `"${text[at]}"`);

  const string = (): { value: string; start: number; end: number } => {
    const start = i++;
    let value = '';
    let chunk = i;
    for (;;) {
      if (i >= text.length) fail('Unterminated string', start, text.length);
      const c = text.charCodeAt(i);
      if (c === 34) {
        value += text.slice(chunk, i);
        i++;
        return { value, start, end: i };
      }
      if (c < 32) fail('Control character in string: escape it', i);
      if (c === 92) {
        value += text.slice(chunk, i);
        const e = text[i + 1];
        const simple: Record<string, string> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };
        if (e !== undefined && e in simple) {
          value += simple[e];
          i += 2;
        } else if (e === 'u' && /^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) {
          value += String.fromCharCode(parseInt(text.slice(i + 2, i + 6), 16));
          i += 6;
        } else fail('Invalid escape sequence', i, i + 2);
        chunk = i;
      } else i++;
    }
  };

  const value = (depth: number): Node => {
    if (depth > maxDepth) fail(`Nesting deeper than ${maxDepth} levels`);
    ws();
    const c = text[i];
    if (c === '{') return object(depth);
    if (c === '[') return array(depth);
    if (c === '"') {
      const s = string();
      return { kind: 'scalar', value: s.value, start: s.start, end: s.end } satisfies ScalarNode;
    }
    LITERAL.lastIndex = i;
    let m = LITERAL.exec(text);
    if (m) {
      const start = i;
      i += m[0].length;
      return { kind: 'scalar', value: m[0] === 'null' ? null : m[0] === 'true', start, end: i };
    }
    NUMBER.lastIndex = i;
    m = NUMBER.exec(text);
    if (m) {
      const start = i;
      i += m[0].length;
      return { kind: 'scalar', value: Number(m[0]), start, end: i };
    }
    return fail(`Expected a value, found ${describe(i)}`);
  };

  const object = (depth: number): ObjectNode => {
    const node: ObjectNode = { kind: 'object', start: i++, end: 0, flow: true, entries: [] };
    ws();
    if (text[i] === '}') {
      node.end = ++i;
      return node;
    }
    for (;;) {
      ws();
      if (text[i] !== '"') fail(`Expected a property name in double quotes, found ${describe(i)}`);
      const key = string();
      ws();
      if (text[i] !== ':') fail(`Expected ":" after the property name, found ${describe(i)}`);
      i++;
      node.entries.push({ key: key.value, keyStart: key.start, keyEnd: key.end, value: value(depth + 1) });
      ws();
      if (text[i] === ',') {
        i++;
        ws();
        if (text[i] === '}') fail('Trailing comma');
        continue;
      }
      if (text[i] === '}') {
        node.end = ++i;
        return node;
      }
      fail(`Expected "," or "}", found ${describe(i)}`);
    }
  };

  const array = (depth: number): ArrayNode => {
    const node: ArrayNode = { kind: 'array', start: i++, end: 0, flow: true, items: [] };
    ws();
    if (text[i] === ']') {
      node.end = ++i;
      return node;
    }
    for (;;) {
      node.items.push(value(depth + 1));
      ws();
      if (text[i] === ',') {
        i++;
        ws();
        if (text[i] === ']') fail('Trailing comma');
        continue;
      }
      if (text[i] === ']') {
        node.end = ++i;
        return node;
      }
      fail(`Expected "," or "]", found ${describe(i)}`);
    }
  };

  try {
    if (text.charCodeAt(0) === 0xfeff) i = 1;
    const root = value(0);
    ws();
    if (i < text.length) fail(`Unexpected ${describe(i)} after the end of the document`);
    return { root };
  } catch (err) {
    if (err instanceof JsonSyntaxError) return { error: { start: err.start, end: err.end, message: err.message } };
    if (err instanceof RangeError) return { error: { start: 0, end: 0, message: 'Document nested too deeply' } };
    throw err;
  }
}
