/**
 * Where an agent's definitions are written, from the text alone (no TypeScript needed): each
 * `new Conversation|Workflow|Action|Table|Knowledge|Trigger({ … })` with the range of its name (or channel)
 * and of its keys, and the keys of `defineConfig({ … })`. A light scanner: strings, template literals and
 * comments are skipped; object literals written inline are followed. No `vscode` here.
 */
import type { PrimitiveKind } from './project';
import type { Range } from './protocol';

export interface Property {
  key: string;
  key_: Range;
  value: Range;
}

export interface LocatedPrimitive {
  kind: PrimitiveKind;
  /** `new Table(` */
  call: Range;
  /** The literal of `name:` (or `channel:`), without its quotes; undefined when not a literal. */
  name?: string;
  nameRange?: Range;
  /** Top-level keys of its props, and one level below `columns`. */
  keys: Property[];
  columns: Property[];
}

const CLASSES: Record<string, PrimitiveKind> = {
  Conversation: 'conversation',
  Workflow: 'workflow',
  Action: 'action',
  Table: 'table',
  Knowledge: 'knowledge',
  Trigger: 'trigger',
};

/** The offset past a string, template literal or comment starting at `i`, or `i` when none starts there. */
function skip(text: string, i: number): number {
  const c = text[i];
  if (c === '/' && text[i + 1] === '/') {
    const end = text.indexOf('\n', i);
    return end < 0 ? text.length : end;
  }
  if (c === '/' && text[i + 1] === '*') {
    const end = text.indexOf('*/', i + 2);
    return end < 0 ? text.length : end + 2;
  }
  if (c === '"' || c === "'" || c === '`') {
    let j = i + 1;
    while (j < text.length && text[j] !== c) {
      if (text[j] === '\\') j++;
      else if (c === '`' && text[j] === '$' && text[j + 1] === '{') j = matching(text, j + 1) - 1;
      j++;
    }
    return j + 1;
  }
  return i;
}

/** The offset just past the bracket closing the one at `open`. */
export function matching(text: string, open: number): number {
  let depth = 0;
  for (let i = open; i < text.length;) {
    const s = skip(text, i);
    if (s !== i) {
      i = s;
      continue;
    }
    const c = text[i];
    if (c === '{' || c === '(' || c === '[') depth++;
    else if (c === '}' || c === ')' || c === ']') {
      depth--;
      if (depth === 0) return i + 1;
    }
    i++;
  }
  return text.length;
}

/** The properties of the object literal whose `{` is at `open`. */
export function properties(text: string, open: number): Property[] {
  const end = matching(text, open) - 1;
  const out: Property[] = [];
  let i = open + 1;
  let expectKey = true;
  while (i < end) {
    const s = skip(text, i);
    if (s !== i && !(expectKey && (text[i] === '"' || text[i] === "'"))) {
      i = s;
      continue;
    }
    const c = text[i];
    if (expectKey) {
      const m = /^(?:(["'])((?:\\.|(?!\1).)*)\1|([A-Za-z_$][\w$]*))\s*(:|,|\}|\()?/.exec(text.slice(i, Math.min(end + 1, i + 300)));
      if (m && !/\s/.test(c)) {
        const key = m[2] ?? m[3];
        const keyRange: Range = [i, i + m[0].replace(/\s*(:|,|\}|\()?$/, '').length];
        if (m[4] === ':') {
          let v = i + m[0].length;
          while (/\s/.test(text[v] ?? '')) v++;
          const valueEnd = valueEndAt(text, v, end);
          out.push({ key, key_: keyRange, value: [v, valueEnd] });
          i = valueEnd;
          expectKey = false;
          continue;
        }
        if (m[4] === '(') {
          // A method (`handler() { … }`): its parameters, then its body, are skipped below.
          i = matching(text, i + m[0].length - 1);
          expectKey = false;
          continue;
        }
        if (m[4] !== undefined || /^[,}]/.test(text.slice(i + m[0].length).trimStart())) out.push({ key, key_: keyRange, value: keyRange });
        i += m[0].length;
        expectKey = m[4] === ',';
        continue;
      }
    }
    if (c === ',') expectKey = true;
    else if (c === '{' || c === '(' || c === '[') {
      i = matching(text, i);
      continue;
    }
    i++;
  }
  return out;
}

/** Where a property's value ends: at the next `,` or `}` at its depth. */
function valueEndAt(text: string, start: number, limit: number): number {
  let i = start;
  while (i < limit) {
    const s = skip(text, i);
    if (s !== i) {
      i = s;
      continue;
    }
    const c = text[i];
    if (c === '{' || c === '(' || c === '[') {
      i = matching(text, i);
      continue;
    }
    if (c === ',' || c === '}') break;
    i++;
  }
  let e = i;
  while (e > start && /\s/.test(text[e - 1])) e--;
  return e;
}

/** The object literal a value is, or is at the head of (`z.object({…})` is followed to its shape). */
export function objectAt(text: string, [start, end]: Range): number | undefined {
  if (text[start] === '{') return start;
  const m = /^z\s*\.\s*object\s*\(\s*\{/.exec(text.slice(start, end));
  return m ? start + m[0].length - 1 : undefined;
}

const unquote = (text: string, [s, e]: Range): string | undefined => {
  const m = /^(["'`])((?:\\.|(?!\1)[^$])*)\1$/.exec(text.slice(s, e));
  return m ? m[2] : undefined;
};

/** The ranges of a text that are comments, strings or template literals. */
function inertRanges(text: string): Range[] {
  const out: Range[] = [];
  for (let i = 0; i < text.length;) {
    const s = skip(text, i);
    if (s !== i) {
      out.push([i, s]);
      i = s;
    } else i++;
  }
  return out;
}

/** Every primitive constructed in a file, in order. */
export function locatePrimitives(text: string): LocatedPrimitive[] {
  const out: LocatedPrimitive[] = [];
  const inert = inertRanges(text);
  const isInert = (offset: number) => inert.some(([s, e]) => s <= offset && offset < e);
  const re = /\bnew\s+(Conversation|Workflow|Action|Table|Knowledge|Trigger)\s*(?:<[^()]*?>)?\s*\(/g;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    if (isInert(m.index)) continue;
    const open = m.index + m[0].length - 1;
    const close = matching(text, open);
    const kind = CLASSES[m[1]];
    let arg = open + 1;
    while (/\s/.test(text[arg] ?? '')) arg++;
    const keys = text[arg] === '{' ? properties(text, arg) : [];
    const nameKey = keys.find((k) => k.key === (kind === 'conversation' ? 'channel' : 'name'));
    let name: string | undefined;
    if (nameKey) {
      name = unquote(text, nameKey.value);
      if (name === undefined && kind === 'conversation' && text[nameKey.value[0]] === '[') {
        const items = [...text.slice(nameKey.value[0], nameKey.value[1]).matchAll(/(["'`])([^"'`]*)\1/g)].map((x) => x[2]);
        if (items.length) name = items.join(',');
      }
    }
    const columnsKey = keys.find((k) => k.key === 'columns');
    const columnsObject = columnsKey && objectAt(text, columnsKey.value);
    out.push({
      kind,
      call: [m.index, close],
      ...(name !== undefined ? { name } : {}),
      ...(nameKey ? { nameRange: nameKey.value } : {}),
      keys,
      columns: columnsObject !== undefined ? properties(text, columnsObject) : [],
    });
  }
  return out;
}

/**
 * The keys of `defineConfig({ … })` by path (`bot.state`, `user.tags.plan`, `configuration.schema`,
 * `dependencies.integrations.webchat`).
 */
export function locateConfig(text: string): { call?: Range; keys: Map<string, Property> } {
  const keys = new Map<string, Property>();
  const m = /\bdefineConfig\s*\(\s*\{/.exec(text);
  if (!m) return { keys };
  const open = m.index + m[0].length - 1;
  const walk = (brace: number, prefix: string, depth: number) => {
    for (const p of properties(text, brace)) {
      const at = prefix ? `${prefix}.${p.key}` : p.key;
      keys.set(at, p);
      const inner = objectAt(text, p.value);
      if (inner !== undefined && depth < 3 && text[p.value[0]] === '{') walk(inner, at, depth + 1);
    }
  };
  walk(open, '', 0);
  return { call: [m.index, matching(text, open)], keys };
}
