// The messages between a table panel (extension host) and its webview (media/tables), both ways. Requests
// carry a `seq` the answer repeats, so a late answer to an old query is dropped.
import type { ColumnSchema } from '../../core/tables/columns';
import type { GroupOperation } from '../../core/tables/query';

export type { ColumnSchema, GroupOperation };

/** Which table a panel shows. */
export interface TableTarget {
  workspaceId: string;
  botId: string;
  tableId: string;
  /** The table's name, for the title. */
  name: string;
}

export type Row = Record<string, unknown> & { id: number };

/** What the grid asks for: one page of the current query. */
export interface RowQuery {
  filter?: Record<string, unknown>;
  search?: string;
  orderBy: string;
  orderDirection: 'asc' | 'desc';
}

export interface TableInfo {
  name: string;
  columns: Record<string, ColumnSchema>;
  /** Column names in display order. */
  order: string[];
  required: string[];
  keyColumn?: string;
  frozen: boolean;
  factor: number;
}

export type HostMessage =
  | { type: 'init'; target: TableTarget; table: TableInfo }
  /** A page of rows at `offset`; `total` counts the rows matching the query, -1 when not counted (a later page, a search). */
  | { type: 'rows'; seq: number; offset: number; rows: Row[]; total: number; hasMore: boolean; ms: number; warnings?: string[] }
  | { type: 'groups'; seq: number; rows: Record<string, unknown>[]; ms: number }
  | { type: 'failed'; seq: number; message: string }
  /** The outcome of a save: rows stored, and why the others were refused (by the view's row key). */
  | { type: 'saved'; seq: number; stored: Array<{ key: string; row: Row }>; errors: Record<string, string> }
  | { type: 'deleted'; seq: number; count: number };

export type ViewMessage =
  | { type: 'ready' }
  | { type: 'query'; seq: number; query: RowQuery; offset: number; limit: number; count: boolean }
  | { type: 'group'; seq: number; filter?: Record<string, unknown>; group: Record<string, GroupOperation[]> }
  /** Edits (`key` = `row:<id>`) and new rows (`key` = `new:<n>`): sent in batches of at most 1000. */
  | {
      type: 'save';
      seq: number;
      updates: Array<{ key: string; id: number; changes: Record<string, unknown> }>;
      creates: Array<{ key: string; data: Record<string, unknown> }>;
    }
  | { type: 'delete'; seq: number; ids: number[] }
  | { type: 'copy'; text: string }
  | { type: 'export'; query?: RowQuery };
