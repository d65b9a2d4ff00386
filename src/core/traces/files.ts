/**
 * Which files of a workspace hold spans the runtime wrote: in a `traces/` folder (the runtime's `$TRACE_DIR`
 * default, relative to the bot process's working directory), `live.ndjson` (what `adk dev` appends to as it runs)
 * and the day files `YYYY-MM-DD.ndjson`. The `by-trace/` copies and the `index/` files are left out.
 */
export interface TraceFile {
  readonly path: string;
  /** The folder holding `traces/`. */
  readonly folder: string;
  readonly kind: 'live' | 'day';
  /** The day file's date. */
  readonly day?: string;
}

const DAY = /^(\d{4}-\d{2}-\d{2})\.ndjson$/;

export function traceFile(path: string): TraceFile | undefined {
  const parts = path.split(/[\\/]/);
  const name = parts[parts.length - 1];
  if (parts[parts.length - 2] !== 'traces' || parts.includes('node_modules')) return undefined;
  const folder = parts.slice(0, -2).join(path.includes('\\') && !path.includes('/') ? '\\' : '/');
  if (name === 'live.ndjson') return { path, folder, kind: 'live' };
  const day = DAY.exec(name)?.[1];
  return day ? { path, folder, kind: 'day', day } : undefined;
}

/** The trace files among paths: by folder, each folder's live file first, then its days, newest first. */
export function traceFiles(paths: readonly string[]): TraceFile[] {
  return paths
    .map(traceFile)
    .filter((f): f is TraceFile => !!f)
    .sort(
      (a, b) =>
        a.folder.localeCompare(b.folder) || (a.kind === b.kind ? (b.day ?? '').localeCompare(a.day ?? '') : a.kind === 'live' ? -1 : 1),
    );
}
