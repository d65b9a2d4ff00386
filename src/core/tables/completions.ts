// Completions for a filter typed as JSON (the table editor's filter box): at a key of a filter object, the
// columns (the system ones too) and $and/$or/$not; at a key of a column's condition, the operators that fit the
// column's kind. Read from the text before the cursor with a small JSON scanner that tolerates the unfinished
// text a person is typing. Pure: the webview and the unit tests import it.
import { logicalOperators, operatorsFor, systemColumns, type ColumnKind } from './query';

export interface FilterCompletion {
  label: string;
  /** The text that replaces `from`..`to`. */
  insert: string;
  detail: string;
}

export interface FilterCompletions {
  from: number;
  to: number;
  items: FilterCompletion[];
}

const operatorDetails: Record<string, string> = {
  $eq: 'equals',
  $ne: 'differs from',
  $gt: 'greater than',
  $gte: 'greater than or equal to',
  $lt: 'less than',
  $lte: 'less than or equal to',
  $in: 'one of [values]',
  $nin: 'none of [values]',
  $exists: 'has a value (true) or none (false)',
  $mod: '[divisor, remainder]',
  $size: 'an array of this length',
  $regex: 'matches a regular expression',
  $options: 'flags of $regex: i, m, s, x',
  $and: 'every filter of [filters]',
  $or: 'any filter of [filters]',
  $not: 'not this filter',
};

interface Frame {
  type: 'object' | 'array';
  /** The key this container is the value of (for an array's items: the array's key). */
  parentKey?: string;
  /** What the scanner expects next in this container. */
  state: 'key' | 'colon' | 'value' | 'after';
  lastKey?: string;
  keys: Set<string>;
}

const wordChar = /[$\w.]/;

/**
 * What may be typed at `cursor` in `text` (a filter's JSON), or undefined where nothing fits (a value, a
 * string that is not a key, after the filter). `columns`: the table's columns and their kinds.
 */
export function filterCompletions(
  text: string,
  cursor: number,
  columns: Readonly<Record<string, ColumnKind>>,
): FilterCompletions | undefined {
  const stack: Frame[] = [];
  const top = () => stack[stack.length - 1];
  let i = 0;
  let openString: { start: number; key: boolean } | undefined;
  const open = (type: Frame['type']) => {
    const parent = top();
    const parentKey = parent?.type === 'object' ? parent.lastKey : parent?.parentKey;
    if (parent) parent.state = 'after';
    stack.push({ type, parentKey, state: type === 'object' ? 'key' : 'value', keys: new Set() });
  };
  while (i < cursor) {
    const c = text[i];
    if (c === '"') {
      const frame = top();
      const key = frame?.type === 'object' && frame.state === 'key';
      let j = i + 1;
      while (j < cursor && text[j] !== '"') j += text[j] === '\\' ? 2 : 1;
      if (j >= cursor) {
        openString = { start: i, key };
        break;
      }
      if (frame && key) {
        frame.lastKey = JSON.parse(text.slice(i, j + 1)) as string;
        frame.keys.add(frame.lastKey);
        frame.state = 'colon';
      } else if (frame) frame.state = 'after';
      i = j + 1;
      continue;
    }
    if (c === '{' || c === '[') open(c === '{' ? 'object' : 'array');
    else if (c === '}' || c === ']') {
      stack.pop();
      if (!stack.length && text.slice(i + 1, cursor).trim()) return undefined;
    } else if (c === ':' && top()) top().state = 'value';
    else if (c === ',' && top()) top().state = top().type === 'object' ? 'key' : 'value';
    else if (!/\s/.test(c) && top()?.state === 'value') top().state = 'after';
    i++;
  }
  const frame = top();
  if (!frame || frame.type !== 'object') return undefined;
  let from: number;
  let to: number;
  let partial: string;
  if (openString) {
    if (!openString.key) return undefined;
    from = openString.start;
    partial = text.slice(from + 1, cursor);
    // The whole key token is replaced, up to its closing quote on the same line.
    const close = text.slice(cursor).search(/["\n]/);
    to = close >= 0 && text[cursor + close] === '"' ? cursor + close + 1 : cursor;
  } else {
    // A key typed without its quotes yet.
    let start = cursor;
    while (start > 0 && wordChar.test(text[start - 1])) start--;
    if (frame.state !== 'key') return undefined;
    from = start;
    to = cursor;
    partial = text.slice(start, cursor);
  }
  const candidates = candidatesFor(frame, columns);
  if (!candidates) return undefined;
  const colonFollows = /^\s*:/.test(text.slice(to));
  const needle = partial.toLowerCase();
  const scored = candidates
    .filter((c) => !frame.keys.has(c.label) || c.label === partial)
    .map((c) => ({ c, at: c.label.toLowerCase().indexOf(needle) }))
    .filter(({ at }) => at >= 0)
    .sort((a, b) => Number(a.at !== 0) - Number(b.at !== 0));
  if (!scored.length) return undefined;
  const items = scored.map(({ c }) => ({ ...c, insert: `"${c.label}"${colonFollows ? '' : ': '}` }));
  return { from, to, items };
}

/** The keys a filter object takes where `frame` is: a filter's (columns, logic) or a condition's (operators). */
function candidatesFor(frame: Frame, columns: Readonly<Record<string, ColumnKind>>): Array<Omit<FilterCompletion, 'insert'>> | undefined {
  const key = frame.parentKey;
  if (key === undefined || (logicalOperators as readonly string[]).includes(key)) {
    const all = { ...columns, ...systemColumns };
    return [
      ...Object.entries(all).map(([label, kind]) => ({ label, detail: `${kind === 'date' ? 'date-time' : kind} column` })),
      ...logicalOperators.map((label) => ({ label, detail: operatorDetails[label] })),
    ];
  }
  const head = key.split('.')[0];
  const kind = columns[head] ?? systemColumns[head];
  if (!kind) return undefined;
  const inner = key.includes('.') ? undefined : kind;
  return operatorsFor(inner).map((label) => ({ label, detail: operatorDetails[label] }));
}
