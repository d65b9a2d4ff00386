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

/** Where a line's time is shown: the viewer's time zone, or UTC (the ISO instant the API returns). */
export type TimeZone = 'local' | 'utc';

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/**
 * A timestamp as a row shows it: `2026-01-02 04:04:05.678` in the local time zone, or the ISO instant
 * itself in UTC. Text that is not a time is shown as it came.
 */
export function formatTime(iso: string, zone: TimeZone): string {
  const d = new Date(iso);
  if (zone === 'utc' || Number.isNaN(d.getTime())) return iso;
  return (
    `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ` +
    `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}.${pad(d.getMilliseconds(), 3)}`
  );
}

/**
 * `2026-01-02T03:04:05.678Z INFO  message conversationId=… userId=… workflowId=…`: the level is upper
 * case and padded so messages align; ids follow as `name=value`. The `.bplog` grammar reads this form
 * (the ISO time, the default); rows show the time in the zone asked for.
 */
export function layoutLine(entry: LogEntry, zone: TimeZone = 'utc'): LineLayout {
  const fields: FieldSpan[] = [];
  let text = '';
  const add = (kind: FieldKind, value: string, after: string) => {
    fields.push({ kind, start: text.length, end: text.length + value.length });
    text += value + after;
  };
  const level = entry.level.toUpperCase();
  add('timestamp', formatTime(entry.timestamp, zone), ' ');
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
