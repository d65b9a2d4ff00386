import { nodeAt, type Node } from '../definitions/tree';
import { Setting } from '../../ids';

export interface FieldLocation {
  /** The path of the field in the definition, e.g. ['states', 'cart', 'type']. */
  path: (string | number)[];
  start: number;
  end: number;
}

/** Path-like words of a message: `states.cart.type`, `/states/cart/type`, `body.events[0]`, or a quoted key. */
const PATHS = /(?:\/?[A-Za-z_$][\w$-]*(?:(?:[./][\w$-]+)|\[\d+\])+)|["'`]([A-Za-z_$][\w$-]*)["'`]/g;

function segments(token: string): (string | number)[] {
  const parts = token
    .replace(/\[(\d+)\]/g, '.$1')
    .split(/[./]/)
    .filter(Boolean)
    .map((p) => (/^\d+$/.test(p) ? Number(p) : p));
  return parts[0] === 'body' ? parts.slice(1) : parts;
}

/** Where a node's key is written: the key token of an entry, or the item itself in a list. */
function located(root: Node, path: (string | number)[]): FieldLocation | undefined {
  const last = path.at(-1)!;
  const parent = nodeAt(root, path.slice(0, -1));
  if (typeof last === 'number') {
    const item = parent?.kind === 'array' ? parent.items[last] : undefined;
    return item && { path, start: item.start, end: item.end };
  }
  if (parent?.kind !== 'object') return undefined;
  const entry = [...parent.entries].reverse().find((e) => e.key === last);
  return entry && { path, start: entry.keyStart, end: entry.keyEnd };
}

/** Every entry whose key is `key`, anywhere in the tree, with its path. */
function entriesNamed(node: Node, key: string, path: (string | number)[] = [], out: FieldLocation[] = []): FieldLocation[] {
  if (node.kind === 'object') {
    for (const e of node.entries) {
      if (e.key === key) out.push({ path: [...path, e.key], start: e.keyStart, end: e.keyEnd });
      entriesNamed(e.value, key, [...path, e.key], out);
    }
  } else if (node.kind === 'array') node.items.forEach((item, i) => entriesNamed(item, key, [...path, i], out));
  return out;
}

/**
 * The field of the definition a server error message names, located in the file: the longest path of
 * the message that exists in the definition, placed on its key; else a quoted name that is the key of
 * exactly one entry (`Integration "int_9" doesn't exist`). Undefined when the message names none.
 */
export function fieldOfMessage(message: string, root: Node | undefined): FieldLocation | undefined {
  if (root?.kind !== 'object') return undefined;
  let best: FieldLocation | undefined;
  const quoted: string[] = [];
  for (const match of message.matchAll(PATHS)) {
    if (match[1]) quoted.push(match[1]);
    const path = segments(match[1] ?? match[0]);
    for (let length = path.length; length > (best?.path.length ?? 0); length--) {
      const found = located(root, path.slice(0, length));
      if (found) {
        best = found;
        break;
      }
    }
  }
  if (best) return best;
  for (const name of quoted) {
    const found = entriesNamed(root, name);
    if (found.length === 1) return found[0];
  }
  return undefined;
}

/** Sizes as people read them: 812 B, 14.2 kB, 3.4 MB. */
export function formatBytes(bytes: number): string {
  if (bytes < 1000) return `${bytes} B`;
  if (bytes < 1_000_000) return `${(bytes / 1000).toFixed(1)} kB`;
  return `${(bytes / 1_000_000).toFixed(1)} MB`;
}

/** What to tell the user when the service refuses a deploy as too large. */
export function payloadTooLargeAdvice(codeBytes: number, sourceMaps: boolean): string {
  const maps = sourceMaps ? ` Turn off source maps (setting "${Setting.deploySourceMaps}"): they often double the size.` : '';
  return (
    `The bundled code is ${formatBytes(codeBytes)}, more than the service accepts.${maps} ` +
    'Remove dependencies the code does not use, import only the parts of large libraries you need, ' +
    'and fetch large data files at run time instead of bundling them.'
  );
}
