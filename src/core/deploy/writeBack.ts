import { isMap, isScalar, parse, parseDocument } from 'yaml';
import { parseDefinition, type Format, type TextEdit } from '../definitions';

/**
 * The one text edit that sets the top-level `id` of a definition file, leaving every other character,
 * comments and formatting included, as it was. An existing `id` has its value replaced; otherwise
 * `id` becomes the first key, written in the style of the key it precedes. Throws when the file does not
 * hold a mapping (a deploy validates it first).
 */
export function idEdit(text: string, format: Format, id: string): TextEdit {
  return format === 'json' ? jsonIdEdit(text, id) : yamlIdEdit(text, id);
}

/** Applies edits (non-overlapping) to a text. */
export function applyEdits(text: string, edits: TextEdit[]): string {
  let out = text;
  for (const e of [...edits].sort((a, b) => b.start - a.start)) out = out.slice(0, e.start) + e.newText + out.slice(e.end);
  return out;
}

/** The id as a YAML scalar: plain when YAML reads it back as the same string, else double-quoted. */
function yamlScalar(id: string): string {
  try {
    if ((parse(`id: ${id}`) as { id?: unknown })?.id === id) return id;
  } catch {
    // not plain-safe: quoted below
  }
  return JSON.stringify(id);
}

function yamlIdEdit(text: string, id: string): TextEdit {
  const doc = parseDocument(text);
  const root = doc.contents;
  const value = yamlScalar(id);
  if (root === null) {
    const end = text.length;
    return { start: end, end, newText: `${end && !text.endsWith('\n') ? '\n' : ''}id: ${value}\n` };
  }
  if (!isMap(root) || !root.range) throw new Error('The definition file does not hold a mapping of keys.');
  const existing = root.items.find((pair) => isScalar(pair.key) && pair.key.value === 'id');
  if (existing) {
    const key = existing.key as { range?: [number, number, number] };
    const node = existing.value as { range?: [number, number, number] } | null;
    if (node?.range && node.range[1] > node.range[0]) return { start: node.range[0], end: node.range[1], newText: value };
    const after = key.range![1];
    const colon = text.indexOf(':', after);
    return { start: colon + 1, end: colon + 1, newText: ` ${value}` };
  }
  const first = root.items[0]?.key as { range?: [number, number, number] } | undefined;
  if (root.flow) {
    const open = text.indexOf('{', root.range[0]);
    if (!first?.range) return { start: open + 1, end: open + 1, newText: ` id: ${value} ` };
    return { start: first.range[0], end: first.range[0], newText: `id: ${value}, ` };
  }
  const start = first!.range![0];
  const lineStart = text.lastIndexOf('\n', start - 1) + 1;
  return { start, end: start, newText: `id: ${value}\n${' '.repeat(start - lineStart)}` };
}

function jsonIdEdit(text: string, id: string): TextEdit {
  const { root, problems } = parseDefinition(text, 'json');
  if (problems.length || root?.kind !== 'object') throw new Error(problems[0]?.message ?? 'The definition file does not hold an object.');
  const value = JSON.stringify(id);
  const existing = root.entries.find((e) => e.key === 'id');
  if (existing) return { start: existing.value.start, end: existing.value.end, newText: value };
  const first = root.entries[0];
  if (!first) return { start: root.start + 1, end: root.start + 1, newText: `"id": ${value}` };
  const gap = text.slice(root.start + 1, first.keyStart);
  const newline = gap.lastIndexOf('\n');
  const separator = newline < 0 ? ' ' : `${gap.includes('\r\n') ? '\r\n' : '\n'}${gap.slice(newline + 1)}`;
  return { start: first.keyStart, end: first.keyStart, newText: `"id": ${value},${separator}` };
}
