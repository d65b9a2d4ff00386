import type { Entry, Node, ObjectNode } from './tree';
import type { TextEdit } from './problems';

export type Format = 'yaml' | 'json';

/** A key or string value written the way the file writes it (YAML plain when safe, else quoted). */
export function formatString(value: string, format: Format, quotedBefore = false): string {
  if (
    format === 'json' ||
    quotedBefore ||
    !/^[A-Za-z_][\w .$/-]*$/.test(value) ||
    /\s$/.test(value) ||
    /^(?:true|false|null|y|n|yes|no|on|off)$/i.test(value)
  ) {
    return JSON.stringify(value);
  }
  return value;
}

const isQuoted = (text: string, start: number) => text[start] === '"' || text[start] === "'";

/** Replaces a key token, keeping the file's quoting. */
export function renameKeyEdit(text: string, entry: Entry, newKey: string, format: Format): TextEdit {
  return { start: entry.keyStart, end: entry.keyEnd, newText: formatString(newKey, format, isQuoted(text, entry.keyStart)) };
}

/** Replaces a scalar value, keeping the file's quoting. */
export function replaceScalarEdit(text: string, node: Node, value: string, format: Format): TextEdit {
  return { start: node.start, end: node.end, newText: formatString(value, format, isQuoted(text, node.start)) };
}

/** Adds `key: value` as the first entry of an object, in its style (block YAML, flow YAML or JSON). */
export function insertEntryEdit(text: string, object: ObjectNode, key: string, value: string, format: Format): TextEdit {
  const pair = `${formatString(key, format)}: ${formatString(value, format)}`;
  const first = object.entries[0];
  if (object.flow) {
    if (!first) return { start: object.start + 1, end: object.start + 1, newText: format === 'json' ? pair : ` ${pair} ` };
    return { start: first.keyStart, end: first.keyStart, newText: `${pair}, ` };
  }
  const lineStart = text.lastIndexOf('\n', first.keyStart - 1) + 1;
  const column = first.keyStart - lineStart;
  return { start: first.keyStart, end: first.keyStart, newText: `${pair}\n${' '.repeat(column)}` };
}

/** Deletes an entry with its separator (comma in flow and JSON; whole lines in block YAML). */
export function removeEntryEdit(text: string, object: ObjectNode, entry: Entry): TextEdit {
  const valueEnd = Math.max(entry.value.end, entry.keyEnd);
  if (object.flow) {
    let after = valueEnd;
    while (/\s/.test(text[after] ?? '')) after++;
    if (text[after] === ',') {
      after++;
      while (text[after] === ' ' || text[after] === '\n' || text[after] === '\r' || text[after] === '\t') after++;
      return { start: entry.keyStart, end: after, newText: '' };
    }
    let before = entry.keyStart;
    while (before > 0 && /\s/.test(text[before - 1])) before--;
    if (text[before - 1] === ',') return { start: before - 1, end: valueEnd, newText: '' };
    return { start: entry.keyStart, end: valueEnd, newText: '' };
  }
  const lineStart = text.lastIndexOf('\n', entry.keyStart - 1) + 1;
  const ownLine = /^ *$/.test(text.slice(lineStart, entry.keyStart));
  let end: number;
  if (valueEnd > 0 && text[valueEnd - 1] === '\n') end = valueEnd;
  else {
    const nl = text.indexOf('\n', valueEnd);
    end = nl < 0 ? text.length : nl + 1;
  }
  if (ownLine) return { start: lineStart, end, newText: '' };
  // A compact entry after `- `: the next entry of the same mapping, if any, takes its place.
  const index = object.entries.indexOf(entry);
  const next = object.entries[index + 1];
  if (next) return { start: entry.keyStart, end: next.keyStart, newText: '' };
  return { start: entry.keyStart, end: Math.max(entry.keyStart, end - 1), newText: '{}' };
}
