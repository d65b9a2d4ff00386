/**
 * One syntax tree for YAML and JSON definition files, with exact offsets (UTF-16, as editors count).
 * `start`/`end` cover the value's source text; for entries, `keyStart`/`keyEnd` cover the key token
 * (quotes included).
 */
export type Node = ObjectNode | ArrayNode | ScalarNode;

export interface ObjectNode {
  kind: 'object';
  start: number;
  end: number;
  /** Flow (`{…}`, and every JSON object) or block (indented YAML mapping). */
  flow: boolean;
  entries: Entry[];
}

export interface Entry {
  key: string;
  keyStart: number;
  keyEnd: number;
  value: Node;
}

export interface ArrayNode {
  kind: 'array';
  start: number;
  end: number;
  flow: boolean;
  items: Node[];
}

export interface ScalarNode {
  kind: 'scalar';
  start: number;
  end: number;
  value: string | number | boolean | null;
}

export type Path = (string | number)[];

/** The plain value a node stands for (later duplicate keys win, as in JSON.parse). */
export function toValue(node: Node): unknown {
  if (node.kind === 'scalar') return node.value;
  if (node.kind === 'array') return node.items.map(toValue);
  const out: Record<string, unknown> = {};
  for (const e of node.entries) {
    if (e.key === '__proto__')
      Object.defineProperty(out, e.key, { value: toValue(e.value), enumerable: true, writable: true, configurable: true });
    else out[e.key] = toValue(e.value);
  }
  return out;
}

/** The entry of `key` in an object node (the last one when duplicated). */
export function entryOf(node: Node | undefined, key: string): Entry | undefined {
  if (node?.kind !== 'object') return undefined;
  for (let i = node.entries.length - 1; i >= 0; i--) if (node.entries[i].key === key) return node.entries[i];
  return undefined;
}

/** The node at a path, if present. */
export function nodeAt(root: Node | undefined, path: readonly (string | number)[]): Node | undefined {
  let n = root;
  for (const seg of path) {
    if (!n) return undefined;
    n = typeof seg === 'number' ? (n.kind === 'array' ? n.items[seg] : undefined) : entryOf(n, seg)?.value;
  }
  return n;
}

/** The deepest entry whose key token contains `offset`, with its path (ending with the key). */
export function entryAtOffset(root: Node | undefined, offset: number): { entry: Entry; path: Path } | undefined {
  const path: Path = [];
  let n = root;
  while (n && n.kind !== 'scalar') {
    if (n.kind === 'object') {
      const e = n.entries.find((x) => (offset >= x.keyStart && offset <= x.keyEnd) || (offset >= x.value.start && offset < x.value.end));
      if (!e) return undefined;
      path.push(e.key);
      if (offset >= e.keyStart && offset <= e.keyEnd) return { entry: e, path };
      n = e.value;
    } else {
      const i = n.items.findIndex((x) => offset >= x.start && offset < x.end);
      if (i < 0) return undefined;
      path.push(i);
      n = n.items[i];
    }
  }
  return undefined;
}
