// The messages between an import preview (extension host, panel.ts) and its webview
// (media/tableImport), both ways.
import type { ColumnSchema } from '../../core/tables/columns';

export type { ColumnSchema };

/** What the preview shows before anything is sent. */
export interface ImportPreview {
  table: string;
  file: string;
  format: 'csv' | 'json';
  /** The table's columns, in display order, with their schema. */
  columns: Array<{ name: string; schema: ColumnSchema }>;
  /** File header (or JSON key) → column. */
  mapped: Record<string, string>;
  ignored: string[];
  missing: string[];
  total: number;
  /** The first rows, as read (`source`) and as they would be sent (`data`), with their problems. */
  sample: Array<{ line: number; source: Record<string, unknown>; data: Record<string, unknown>; problems: string[] }>;
  /** Every row with a problem (first 1000): they are not sent. */
  problems: Array<{ line: number; problems: string[] }>;
  /** How many rows have a problem. */
  bad: number;
  /** The upsert keys offered: the table's key column first, then `id`, then the other columns. */
  keys: string[];
  keyColumn?: string;
}

export interface ImportOutcome {
  inserted: number;
  updated: number;
  cancelled: boolean;
  failed: Array<{ line: number; reason: string }>;
}

export type ImportHostMessage =
  | { type: 'preview'; preview: ImportPreview }
  | { type: 'progress'; done: number; total: number }
  | { type: 'summary'; outcome: ImportOutcome }
  | { type: 'failed'; message: string }
  /** The failed rows were written to `file`. */
  | { type: 'saved'; file: string };

export type ImportViewMessage =
  | { type: 'ready' }
  /** Send the rows without problems: insert (`key` undefined) or upsert by `key`. */
  | { type: 'start'; key?: string }
  | { type: 'cancel' }
  | { type: 'saveFailed' }
  | { type: 'close' };
