import type { LogEntry } from './types';

export type FieldKind = 'timestamp' | 'level' | 'message' | 'conversationId' | 'userId' | 'workflowId';

/** Where one field sits in a line's text. */
export interface FieldSpan {
  kind: FieldKind;
  start: number;
  end: number;
}

/** A log line as text (what is shown, searched, copied and exported) and where each field sits in it. */
export interface LineLayout {
  text: string;
  fields: FieldSpan[];
}

const ID_FIELDS = ['conversationId', 'userId', 'workflowId'] as const;

/**
 * `2026-01-02T03:04:05.678Z INFO  message conversationId=… userId=… workflowId=…`: the level is upper
 * case and padded so messages align; ids follow as `name=value`. The `.bplog` grammar reads this form.
 */
export function layoutLine(entry: LogEntry): LineLayout {
  const fields: FieldSpan[] = [];
  let text = '';
  const add = (kind: FieldKind, value: string, after: string) => {
    fields.push({ kind, start: text.length, end: text.length + value.length });
    text += value + after;
  };
  const level = entry.level.toUpperCase();
  add('timestamp', entry.timestamp, ' ');
  add('level', level, ' '.repeat(Math.max(1, 6 - level.length)));
  add('message', entry.message, '');
  for (const kind of ID_FIELDS) {
    const value = entry[kind];
    if (value) {
      text += ` ${kind}=`;
      add(kind, value, '');
    }
  }
  return { text, fields };
}

/** The text of a line as exported: one entry per line, continuation lines of a message indented. */
export function exportLine(entry: LogEntry): string {
  return layoutLine(entry).text.replace(/\r?\n/g, '\n    ');
}
