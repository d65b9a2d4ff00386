import { parseDefinition, type Format, type TextEdit } from '../definitions';
import { entryOf } from '../definitions/tree';
import { yaml } from '../../libraries';

/**
 * The one text edit that sets the top-level `id` of a definition file, leaving every other character,
 * comments and formatting included, as it was. An existing `id` has its value replaced; otherwise
 * `id` becomes the first key, written in the style of the key it precedes. Throws when the file does not
 * hold a mapping (a deploy validates it first).
 */
export function idEdit(text: string, format: Format, id: string): TextEdit {
  return format === 'json' ? jsonIdEdit(text, id) : yamlIdEdit(text, id);
}

/** What writing a deployed bot's id into its definition file, as the file is now, comes to. */
export type IdWrite = { edit: TextEdit } | { unchanged: true } | { impossible: string };

/**
 * Plans writing `id` into a definition that may have changed since the deploy read it (`previous`: the
 * id it had then). An id the user put in meanwhile is never overwritten; a file that no longer holds a
 * mapping cannot take one. `overwrite`: replace whatever id the file names now.
 */
export function planIdWrite(text: string, format: Format, id: string, previous: string | undefined, overwrite = false): IdWrite {
  const { root } = parseDefinition(text, format);
  const current = entryOf(root, 'id')?.value;
  const now = current?.kind === 'scalar' && current.value !== null && current.value !== '' ? String(current.value) : undefined;
  if (now === id) return { unchanged: true };
  if (now !== undefined && now !== previous && !overwrite) return { impossible: `it now names bot ${now}` };
  try {
    return { edit: idEdit(text, format, id) };
  } catch (err) {
    return { impossible: err instanceof Error ? err.message : String(err) };
  }
}

const BOM = [0xef, 0xbb, 0xbf];

/**
 * The same, on a file's bytes: the byte-order mark, the line endings and every other byte stay as they
 * were. `bytes` absent when nothing needs writing.
 */
export function writeIdToBytes(
  bytes: Uint8Array,
  format: Format,
  id: string,
  previous: string | undefined,
  overwrite = false,
): { bytes?: Uint8Array } | { impossible: string } {
  const bom = BOM.every((b, i) => bytes[i] === b);
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bom ? bytes.subarray(3) : bytes);
  } catch {
    return { impossible: 'the file is not UTF-8 text' };
  }
  const plan = planIdWrite(text, format, id, previous, overwrite);
  if ('impossible' in plan) return plan;
  if ('unchanged' in plan) return {};
  const out = new TextEncoder().encode(applyEdits(text, [plan.edit]));
  if (!bom) return { bytes: out };
  const withBom = new Uint8Array(out.length + 3);
  withBom.set(BOM);
  withBom.set(out, 3);
  return { bytes: withBom };
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
    if ((yaml().parse(`id: ${id}`) as { id?: unknown })?.id === id) return id;
  } catch {
    // not plain-safe: quoted below
  }
  return JSON.stringify(id);
}

function yamlIdEdit(text: string, id: string): TextEdit {
  const { isMap, isScalar, parseDocument } = yaml();
  const doc = parseDocument(text);
  const root = doc.contents;
  const value = yamlScalar(id);
  // New lines end like the file's lines.
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  if (root === null) {
    const end = text.length;
    return { start: end, end, newText: `${end && !text.endsWith('\n') ? eol : ''}id: ${value}${eol}` };
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
  return { start, end: start, newText: `id: ${value}${eol}${' '.repeat(start - lineStart)}` };
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
