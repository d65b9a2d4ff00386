import { entryAtOffset, type Path } from './tree';
import { schemaAt, type SpecSchema } from './schema';
import { parseDefinition, definitionSchemas, type DefinitionKind } from './validate';
import { formatString, type Format } from './edits';

export interface Hover {
  start: number;
  end: number;
  /** Markdown: the key, its type and the official description. */
  markdown: string;
}

export interface Completion {
  label: string;
  kind: 'key' | 'value';
  /** What replaces [start, end). */
  insertText: string;
  start: number;
  end: number;
  detail?: string;
  documentation?: string;
}

const typeLabel = (s: SpecSchema): string | undefined =>
  s.enum ? s.enum.map((v) => JSON.stringify(v)).join(' | ') : s.type ? `${s.type}${s.nullable ? ' | null' : ''}` : undefined;

/** The official description of the key under `offset`, if any. Never throws. */
export function hoverAt(text: string, offset: number, kind: DefinitionKind, format: Format): Hover | undefined {
  try {
    const { root } = parseDefinition(text, format);
    const hit = entryAtOffset(root, offset);
    if (!hit) return undefined;
    const schema = schemaAt(definitionSchemas[kind], hit.path);
    if (!schema) return undefined;
    const parent = schemaAt(definitionSchemas[kind], hit.path.slice(0, -1));
    const named = parent?.properties && Object.prototype.hasOwnProperty.call(parent.properties, hit.entry.key);
    const lines = [`**${hit.entry.key}**${named ? '' : ' (name)'}${typeLabel(schema) ? ` · \`${typeLabel(schema)}\`` : ''}`];
    if (schema.description) lines.push('', schema.description);
    if (schema.deprecated) lines.push('', '*Deprecated.*');
    return { start: hit.entry.keyStart, end: hit.entry.keyEnd, markdown: lines.join('\n') };
  } catch {
    return undefined;
  }
}

interface Context {
  path: Path;
  position: 'key' | 'value';
  /** The word being typed, replaced by the completion. */
  start: number;
  end: number;
  /** Keys already present in the object (for key completions). */
  present: Set<string>;
  /** JSON: whether the word is inside quotes already. */
  quoted: boolean;
}

/** The keys allowed at `offset` and the values allowed for the key before it. Never throws. */
export function completionsAt(text: string, offset: number, kind: DefinitionKind, format: Format): Completion[] {
  try {
    const ctx = format === 'json' ? flowContext(text, 0, offset, [], false) : yamlContext(text, offset);
    if (!ctx) return [];
    const inSchema = embeddedSchemaPath(definitionSchemas[kind], ctx.path);
    if (inSchema) return jsonSchemaCompletions(ctx, inSchema, format);
    const schema = schemaAt(definitionSchemas[kind], ctx.path);
    if (!schema) return [];
    // On its own line under a key whose value is no mapping (`type:` then a new line): that key's values.
    if (ctx.position === 'key' && !schema.properties && schema.type !== 'object') return valueCompletions(schema, ctx, format);
    if (ctx.position === 'key') {
      return Object.entries(schema.properties ?? {})
        .filter(([key, s]) => !ctx.present.has(key) && !s.deprecated)
        .map(([key, s]) => ({
          label: key,
          kind: 'key' as const,
          insertText: format === 'json' ? `${JSON.stringify(key)}${ctx.quoted ? '' : ': '}` : `${formatString(key, 'yaml')}: `,
          start: ctx.start,
          end: ctx.end,
          detail: typeLabel(s),
          documentation: s.description,
        }));
    }
    return valueCompletions(schema, ctx, format);
  } catch {
    return [];
  }
}

function valueCompletions(schema: SpecSchema, ctx: Context, format: Format): Completion[] {
  const values = schema.enum ?? (schema.type === 'boolean' ? [true, false] : []);
  return values.map((v) => ({
    label: String(v),
    kind: 'value' as const,
    insertText: typeof v === 'string' ? formatString(v, format) : JSON.stringify(v),
    start: ctx.start,
    end: ctx.end,
    documentation: schema.description,
  }));
}

/** A value written out: a YAML flow mapping, or its JSON. */
function snippet(yaml: string, detail: string, ctx: Context, format: Format, documentation?: string): Completion {
  const insertText = format === 'json' ? yaml.replace(/([A-Za-z]+):/g, '"$1":').replace(/: ([a-z]+)/g, ': "$1"') : yaml;
  return { label: insertText, kind: 'value', insertText, start: ctx.start, end: ctx.end, detail, documentation };
}

/** The official schemas leave an embedded JSON Schema open: an object of any keys. */
const isFreeFormSchema = (s: SpecSchema | undefined) => s?.type === 'object' && s.additionalProperties === true && !s.properties;

/**
 * Inside an embedded JSON Schema (a `schema` key the official schema leaves open): where in it, as
 * 'schema' (a place for keywords: the root, a property's schema, `items`…), 'names' (under
 * `properties`), or the keyword being written.
 */
function embeddedSchemaPath(root: SpecSchema, path: Path): SchemaPlace | undefined {
  for (let i = path.length - 1; i >= 0; i--) {
    if (path[i] !== 'schema' || !isFreeFormSchema(schemaAt(root, path.slice(0, i + 1)))) continue;
    let at: 'schema' | 'names' | 'list' | 'other' = 'schema';
    let keyword: string | undefined;
    for (const seg of path.slice(i + 1)) {
      keyword = typeof seg === 'string' ? seg : undefined;
      if (at === 'schema')
        at = SCHEMA_MAPS.has(String(seg))
          ? 'names'
          : SCHEMA_LISTS.has(String(seg))
            ? 'list'
            : SUBSCHEMAS.has(String(seg))
              ? 'schema'
              : 'other';
      else if (at === 'names' || (at === 'list' && typeof seg === 'number')) at = 'schema';
      else at = 'other';
    }
    return { at: at === 'list' ? 'other' : at, keyword, root: i === path.length - 1 };
  }
  return undefined;
}

interface SchemaPlace {
  at: 'schema' | 'names' | 'other';
  /** The last key of the path inside the schema. */
  keyword?: string;
  /** The path ends at the `schema` key itself. */
  root: boolean;
}

const SCHEMA_MAPS = new Set(['properties', 'definitions', 'patternProperties', 'dependencies']);
const SCHEMA_LISTS = new Set(['allOf', 'anyOf', 'oneOf']);
const SUBSCHEMAS = new Set(['items', 'additionalProperties', 'additionalItems', 'not', 'if', 'then', 'else', 'contains', 'propertyNames']);
const JSON_SCHEMA_TYPES = ['object', 'string', 'number', 'integer', 'boolean', 'array', 'null'];
/** The draft-07 keywords a definition's schemas use, with what each is. */
const KEYWORDS: Record<string, string> = {
  type: 'The type of the value: object, string, number, integer, boolean, array or null.',
  title: 'A short name for the value.',
  description: 'What the value is for.',
  properties: 'The schema of each property of an object, by name.',
  required: 'The properties an object must have.',
  items: 'The schema of each item of an array.',
  enum: 'The values allowed.',
  default: 'The value used when none is given.',
  format: 'A format of text, such as date-time, email or uri.',
  minimum: 'The smallest number allowed.',
  maximum: 'The largest number allowed.',
  minLength: 'The fewest characters allowed.',
  maxLength: 'The most characters allowed.',
  pattern: 'A regular expression the text must match.',
  additionalProperties: 'Whether (or with which schema) other properties are allowed.',
  examples: 'Example values.',
};

/** Keywords where a schema goes, the JSON Schema types after `type:`, a property schema after a property's name. */
function jsonSchemaCompletions(ctx: Context, where: SchemaPlace, format: Format): Completion[] {
  if (ctx.position === 'value' && where.root)
    return [snippet('{ type: object, properties: {} }', 'An object with properties', ctx, format)];
  if (ctx.position === 'key' && where.at === 'schema') {
    return Object.entries(KEYWORDS)
      .filter(([k]) => !ctx.present.has(k))
      .map(([k, documentation]) => ({
        label: k,
        kind: 'key' as const,
        insertText: format === 'json' ? `${JSON.stringify(k)}${ctx.quoted ? '' : ': '}` : `${k}: `,
        start: ctx.start,
        end: ctx.end,
        documentation,
      }));
  }
  const keyword = ctx.position === 'value' ? where.keyword : undefined;
  if (keyword === 'type' || (ctx.position === 'key' && where.keyword === 'type')) {
    return JSON_SCHEMA_TYPES.map((t) => ({
      label: t,
      kind: 'value' as const,
      insertText: formatString(t, format),
      start: ctx.start,
      end: ctx.end,
      documentation: KEYWORDS.type,
    }));
  }
  if (ctx.position === 'value' && where.at === 'schema') return [snippet('{ type: string }', 'A text property', ctx, format)];
  return [];
}

const KEY_LINE = /^( *)(?:- +)?(?:"((?:[^"\\]|\\.)*)"|'((?:[^']|'')*)'|([^\s#'"{}[\],:-][^#:]*?|-[^\s#:][^#:]*?))\s*:(?:\s|$)/;

function lineKey(line: string): { indent: number; key: string; keyColumn: number } | undefined {
  const m = KEY_LINE.exec(line);
  if (!m) return undefined;
  const key = m[2] !== undefined ? JSON.parse(`"${m[2]}"`) : m[3] !== undefined ? m[3].replace(/''/g, "'") : m[4];
  const dash = /^ *- +/.exec(line);
  return { indent: m[1].length, key, keyColumn: dash ? dash[0].length : m[1].length };
}

/** Ancestors of a line whose key is at `column`: each line above with a key at a smaller column. */
function blockPath(lines: string[], column: number): Path {
  const path: Path = [];
  let limit = column;
  for (let i = lines.length - 1; i >= 0 && limit > 0; i--) {
    const l = lines[i];
    if (!l.trim() || l.trimStart().startsWith('#')) continue;
    const indent = l.length - l.trimStart().length;
    const k = lineKey(l);
    if (k && k.keyColumn < limit) {
      path.unshift(k.key);
      limit = k.keyColumn;
    }
    if (/^ *- /.test(l) && indent < limit) {
      path.unshift(0);
      limit = indent;
    }
  }
  return path;
}

/** Where the outermost flow collection still open at the end of `line` starts, or -1. */
function unclosedFlow(line: string): number {
  const open: number[] = [];
  let quote = '';
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quote) {
      if (c === quote) quote = '';
    } else if (c === '"' || c === "'") quote = c;
    else if (c === '#' && (i === 0 || line[i - 1] === ' ')) break;
    else if (c === '{' || c === '[') open.push(i);
    else if ((c === '}' || c === ']') && open.length) open.pop();
  }
  return open.length ? open[0] : -1;
}

/**
 * YAML by indentation: the lines above with less indent are the path; the current line says
 * whether the cursor is on a key or after `key:`.
 */
function yamlContext(text: string, offset: number): Context | undefined {
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  let lineEnd = text.indexOf('\n', offset);
  if (lineEnd < 0) lineEnd = text.length;
  const before = text.slice(lineStart, offset);
  const after = /^[^\s:#]*/.exec(text.slice(offset, lineEnd))![0];
  const lines = text.slice(0, lineStart).split('\n');
  lines.pop();

  // Inside a flow collection (`key: { … }`) opened on this line: the block path to `key`, then the flow's.
  const flowAt = unclosedFlow(before);
  if (flowAt >= 0) {
    const prefix = before.slice(0, flowAt);
    const k = lineKey(prefix + ' ');
    const item = /^( *)- +$/.exec(prefix);
    if (!k && !item) return undefined;
    const base = k
      ? [...blockPath(lines, k.keyColumn), ...(k.indent < k.keyColumn ? [0] : []), k.key]
      : [...blockPath(lines, item![1].length), 0];
    return flowContext(text, lineStart + flowAt, offset, base, true);
  }

  let column: number;
  let position: 'key' | 'value';
  let valueKey: string | undefined;
  const keyTyping = /^( *)(- +)?([^\s:#'"{}[\],]*)$/.exec(before);
  const valueTyping = keyTyping ? undefined : /^( *)(- +)?(.*?)\s*:\s+([^\s#]*)$/.exec(before);
  let start: number;
  if (keyTyping) {
    column = keyTyping[1].length + (keyTyping[2]?.length ?? 0);
    position = 'key';
    start = offset - keyTyping[3].length;
  } else if (valueTyping) {
    const k = lineKey(before + ' ');
    if (!k) return undefined;
    column = k.keyColumn;
    position = 'value';
    valueKey = k.key;
    start = offset - valueTyping[4].length;
  } else return undefined;

  const path = blockPath(lines, column);
  // A key typed after `- ` on the current line is inside that list item.
  if ((keyTyping ?? valueTyping)?.[2]) path.push(0);
  if (position === 'value') path.push(valueKey!);

  // Keys already in this mapping: the lines around at the same column, up to a line less indented.
  const present = new Set<string>();
  if (position === 'key') {
    const all = text.split('\n');
    const current = lines.length;
    for (const step of [-1, 1]) {
      for (let i = current + step; i >= 0 && i < all.length; i += step) {
        const l = all[i];
        if (!l.trim() || l.trimStart().startsWith('#')) continue;
        const k = lineKey(l);
        const col = k?.keyColumn ?? l.length - l.trimStart().length;
        if (col < column) break;
        if (k && k.keyColumn === column) present.add(k.key);
        if (step < 0 && k && k.indent < column) break;
      }
    }
  }
  return { path, position, start, end: offset + after.length, present, quoted: false };
}

interface Frame {
  kind: 'object' | 'array';
  /** Object: the key whose value is being written. Array: the index of the item. */
  key?: string;
  index: number;
  expectKey: boolean;
  present: Set<string>;
}

/**
 * A flow collection by tokens (all of a JSON file; `{ … }` and `[ … ]` in YAML): the containers open
 * at `offset` are the path, after `base`. YAML adds plain (unquoted) keys and single quotes.
 */
function flowContext(text: string, from: number, offset: number, base: Path, yaml: boolean): Context | undefined {
  const stack: Frame[] = [];
  let i = from;
  const at = (start: number, end: number, quoted: boolean) => contextIn(stack, base, start, end, quoted);
  while (i < offset) {
    const c = text[i];
    const top = stack[stack.length - 1];
    if (c === '"' || (yaml && c === "'")) {
      const start = i++;
      while (i < text.length && text[i] !== c && text[i] !== '\n') i += c === '"' && text[i] === '\\' ? 2 : 1;
      const closed = text[i] === c;
      const end = closed ? i + 1 : Math.min(i, text.length);
      if (offset < end || (!closed && offset <= end)) return at(start, end, true);
      if (top?.kind === 'object' && top.expectKey) {
        top.key = c === '"' ? decodeJsonString(text.slice(start, end)) : text.slice(start + 1, end - 1).replace(/''/g, "'");
        top.present.add(top.key);
      }
      i = end;
      continue;
    }
    if (yaml && top?.kind === 'object' && top.expectKey && /[^\s,:{}[\]#]/.test(c)) {
      // A plain key: up to `:` (followed by a space or the end of the entry) or the end of the entry.
      const start = i;
      while (i < offset && !/[,{}[\]\n]/.test(text[i]) && !(text[i] === ':' && /[\s,}\]]/.test(text[i + 1] ?? ' '))) i++;
      if (i >= offset) return at(start, offset, false);
      top.key = text.slice(start, i).trimEnd();
      top.present.add(top.key);
      continue;
    }
    if (c === '{') stack.push({ kind: 'object', index: 0, expectKey: true, present: new Set() });
    else if (c === '[') stack.push({ kind: 'array', index: 0, expectKey: false, present: new Set() });
    else if (c === '}' || c === ']') {
      stack.pop();
      if (!stack.length && from > 0) return undefined;
    } else if (c === ':' && top?.kind === 'object') top.expectKey = false;
    else if (c === ',' && top?.kind === 'object') {
      top.expectKey = true;
      top.key = undefined;
    } else if (c === ',' && top) top.index++;
    i++;
  }
  const word = /[A-Za-z0-9_$-]*$/.exec(text.slice(from, offset))![0];
  return at(offset - word.length, offset, false);
}

function contextIn(stack: Frame[], base: Path, start: number, end: number, quoted: boolean): Context | undefined {
  const top = stack[stack.length - 1];
  if (top?.kind !== 'object') return undefined;
  const outer: Path = [...base, ...stack.slice(0, -1).map((f) => (f.kind === 'array' ? f.index : (f.key ?? '')))];
  if (top.expectKey) return { path: outer, position: 'key', start, end, present: top.present, quoted };
  if (top.key === undefined) return undefined;
  return { path: [...outer, top.key], position: 'value', start, end, present: new Set(), quoted };
}

function decodeJsonString(raw: string): string {
  try {
    return JSON.parse(raw);
  } catch {
    return raw.slice(1, -1);
  }
}
