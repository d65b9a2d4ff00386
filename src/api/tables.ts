// Moving a table's rows in and out through the Botpress client: an export pages findTableRows (1000 a call) into
// a stream, an import sends the rows a plan found clean in batches of 1000 and reports every refused row.
import * as fs from 'node:fs';
import { maxRowsPerCall } from '../core/tables/columns';
import { csvChunk, exportFields, jsonChunk, jsonEnd, type ImportPlan, type TransferFormat } from '../core/tables/transfer';
import type { BotpressClient, Output } from './botpress';

type Table = Output<'getTable'>['table'];

/**
 * Every row matching `query` (the whole table when empty), paged with findTableRows (1000 a call) and written
 * to `out` as CSV or JSON as each page arrives. Returns the number of rows written; stops at `signal`.
 */
export async function exportRows(
  client: BotpressClient,
  table: Pick<Table, 'id' | 'schema'>,
  format: TransferFormat,
  write: (chunk: string) => Promise<void> | void,
  opts: {
    filter?: Record<string, unknown>;
    orderBy?: string;
    orderDirection?: 'asc' | 'desc';
    signal?: AbortSignal;
    progress?: (rows: number) => void;
  } = {},
): Promise<number> {
  const fields = exportFields(Object.keys(table.schema.properties));
  let offset = 0;
  for (;;) {
    if (opts.signal?.aborted) break;
    const page = await client.findTableRows(
      { table: table.id, limit: maxRowsPerCall, offset, filter: opts.filter, orderBy: opts.orderBy, orderDirection: opts.orderDirection },
      { signal: opts.signal },
    );
    const rows = page.rows as Record<string, unknown>[];
    await write(format === 'csv' ? csvChunk(rows, fields, offset === 0) : jsonChunk(rows, offset === 0));
    offset += rows.length;
    opts.progress?.(offset);
    if (!page.hasMore || !rows.length) break;
  }
  if (format === 'csv' && offset === 0) await write(csvChunk([], fields, true));
  if (format === 'json') await write(jsonEnd(offset > 0));
  return offset;
}

/** Writes to a file as a stream, waiting when its buffer is full. */
export function fileWriter(path: string): { write: (chunk: string) => Promise<void>; close: () => Promise<void> } {
  const stream = fs.createWriteStream(path, { encoding: 'utf8' });
  return {
    write: (chunk) => (stream.write(chunk) ? Promise.resolve() : new Promise((resolve) => stream.once('drain', () => resolve()))),
    close: () => new Promise((resolve, reject) => stream.end((err?: Error | null) => (err ? reject(err) : resolve()))),
  };
}

export interface ImportSummary {
  inserted: number;
  updated: number;
  failed: Array<{ line: number; reason: string; source: Record<string, unknown> }>;
  cancelled: boolean;
}

/**
 * Sends the rows without problems in batches of 1000 (insert, or upsert by `key`); a refused batch's rows are reported,
 * not lost. `signal` stops it between batches: the batch in flight completes (a request cut off may still be applied
 * by the cloud), so the summary says what the table holds.
 */
export async function sendImport(
  client: BotpressClient,
  tableId: string,
  plan: ImportPlan,
  key: string | undefined,
  opts: { signal?: AbortSignal; progress?: (done: number, total: number) => void } = {},
): Promise<ImportSummary> {
  const summary: ImportSummary = {
    inserted: 0,
    updated: 0,
    failed: plan.rows.filter((r) => r.problems.length).map((r) => ({ line: r.line, reason: r.problems.join('; '), source: r.source })),
    cancelled: false,
  };
  const good = plan.rows.filter((r) => !r.problems.length);
  for (let i = 0; i < good.length; i += maxRowsPerCall) {
    if (opts.signal?.aborted) {
      summary.cancelled = true;
      for (const r of good.slice(i)) summary.failed.push({ line: r.line, reason: 'not sent: the import was cancelled', source: r.source });
      break;
    }
    const batch = good.slice(i, i + maxRowsPerCall);
    const rows = batch.map((r) => {
      const { id: _id, ...data } = r.data;
      return key === 'id' ? r.data : data;
    });
    try {
      if (key) {
        const result = await client.upsertTableRows({ table: tableId, rows: rows as never, keyColumn: key });
        summary.inserted += result.inserted.length;
        summary.updated += result.updated.length;
      } else {
        summary.inserted += (await client.createTableRows({ table: tableId, rows: rows as never })).rows.length;
      }
    } catch (err) {
      const message = (err as Error).message;
      // The API names refused rows `rows[i]`: put each reason on its own line of the file.
      const reasons = new Map<number, string>();
      for (const m of message.matchAll(/rows\[(\d+)\]: ([^;]+)/g))
        reasons.set(Number(m[1]), `${reasons.get(Number(m[1])) ?? ''}${m[2]} `.trim());
      batch.forEach((r, j) =>
        summary.failed.push({ line: r.line, reason: reasons.get(j) ?? `batch refused: ${message}`, source: r.source }),
      );
    }
    opts.progress?.(Math.min(i + maxRowsPerCall, good.length), good.length);
  }
  summary.failed.sort((a, b) => a.line - b.line);
  return summary;
}
