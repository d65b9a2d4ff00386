// Keeping a knowledge base in sync with a folder: which local documents to send (include/exclude globs),
// what changed (by content hash, kept in each file's metadata, so an unchanged file is never sent again),
// and running the plan against the Files API through a small interface (the editor and the command line
// pass their client). A file's key is `<kbId>/<path in the folder>`: a renamed file is a delete and an add.
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { knowledgeBaseTags } from './tags';

export const defaultInclude = ['**/*.{md,mdx,markdown,txt,html,htm,csv,json,pdf,docx,doc,pptx,xlsx}'];
export const defaultExclude = ['**/node_modules/**', '**/.*', '**/.*/**'];
/** The metadata key of the content hash. */
export const hashKey = 'contentHash';

/** A glob as a regular expression over `/`-separated relative paths: `**`, `*`, `?`, `{a,b}`, `[…]`. */
export function globToRegExp(glob: string): RegExp {
  let re = '';
  let depth = 0;
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i];
    if (c === '*') {
      if (glob[i + 1] === '*') {
        const slash = glob[i + 2] === '/';
        re += slash ? '(?:.*/)?' : '.*';
        i += slash ? 2 : 1;
      } else re += '[^/]*';
    } else if (c === '?') re += '[^/]';
    else if (c === '{') {
      depth++;
      re += '(?:';
    } else if (c === '}' && depth) {
      depth--;
      re += ')';
    } else if (c === ',' && depth) re += '|';
    else if (c === '[') {
      const end = glob.indexOf(']', i + 1);
      if (end < 0) re += '\\[';
      else {
        re += `[${glob
          .slice(i + 1, end)
          .replace(/^!/, '^')
          .replace(/\\/g, '\\\\')}]`;
        i = end;
      }
    } else re += c.replace(/[.+^$()|\\]/g, '\\$&');
  }
  return new RegExp(`^${re}$`);
}

export function pathFilter(include: string[] = defaultInclude, exclude: string[] = defaultExclude): (relPath: string) => boolean {
  const inc = include.map(globToRegExp);
  const exc = exclude.map(globToRegExp);
  return (p) => inc.some((r) => r.test(p)) && !exc.some((r) => r.test(p));
}

export const contentHash = (bytes: Uint8Array | string) => `sha256:${createHash('sha256').update(bytes).digest('hex')}`;

export interface LocalDoc {
  /** Relative to the folder, `/`-separated. */
  path: string;
  hash: string;
  size: number;
}

/** The documents of a folder the globs select (symbolic links are not followed), sorted by path. */
export function scanFolder(folder: string, include?: string[], exclude?: string[]): LocalDoc[] {
  const keep = pathFilter(include, exclude);
  const out: LocalDoc[] = [];
  const walk = (dir: string, rel: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const relPath = rel ? `${rel}/${entry.name}` : entry.name;
      if (entry.isDirectory()) {
        if (entry.name !== 'node_modules' && entry.name !== '.git') walk(path.join(dir, entry.name), relPath);
      } else if (entry.isFile() && keep(relPath)) {
        const bytes = fs.readFileSync(path.join(dir, entry.name));
        out.push({ path: relPath, hash: contentHash(bytes), size: bytes.length });
      }
    }
  };
  walk(folder, '');
  return out.sort((a, b) => a.path.localeCompare(b.path));
}

export interface RemoteDoc {
  id: string;
  key: string;
  status: string;
  metadata: Record<string, unknown>;
  failedStatusReason?: string;
}

export interface SyncPlan {
  kbId: string;
  add: LocalDoc[];
  replace: { local: LocalDoc; remote: RemoteDoc }[];
  /** Files of the knowledge base with no local document any more (deleted only when asked). */
  delete: RemoteDoc[];
  unchanged: { local: LocalDoc; remote: RemoteDoc }[];
}

export const keyOf = (kbId: string, relPath: string) => `${kbId}/${relPath}`;
export const pathOfKey = (kbId: string, key: string) => (key.startsWith(`${kbId}/`) ? key.slice(kbId.length + 1) : undefined);

/**
 * What to send: a local document with no file is added; one whose file has another hash (or never finished
 * uploading) is replaced; the rest are unchanged. Files without a local document are to delete.
 */
export function planSync(kbId: string, local: LocalDoc[], remote: RemoteDoc[]): SyncPlan {
  const byKey = new Map(remote.map((r) => [r.key, r]));
  const plan: SyncPlan = { kbId, add: [], replace: [], delete: [], unchanged: [] };
  const seen = new Set<string>();
  for (const doc of local) {
    const key = keyOf(kbId, doc.path);
    seen.add(key);
    const file = byKey.get(key);
    if (!file) plan.add.push(doc);
    else if (file.metadata[hashKey] !== doc.hash || file.status === 'upload_pending' || file.status === 'upload_failed')
      plan.replace.push({ local: doc, remote: file });
    else plan.unchanged.push({ local: doc, remote: file });
  }
  plan.delete = remote.filter((r) => !seen.has(r.key)).sort((a, b) => a.key.localeCompare(b.key));
  return plan;
}

export const planIsEmpty = (plan: SyncPlan, withDeletes: boolean) =>
  !plan.add.length && !plan.replace.length && (!withDeletes || !plan.delete.length);

/** The Files API a sync needs, as the product's client offers it. */
export interface KnowledgeApi {
  listKnowledgeBases(): Promise<{ id: string; name: string }[]>;
  createKnowledgeBase(name: string): Promise<{ id: string }>;
  /** Every file of the knowledge base (`source: knowledge-base`, `kbId`). */
  listFiles(kbId: string): Promise<RemoteDoc[]>;
  /** Files by id (at most 50), for their status. */
  filesByIds(ids: string[]): Promise<RemoteDoc[]>;
  uploadFile(file: {
    key: string;
    content: Uint8Array;
    tags: Record<string, string>;
    metadata: Record<string, unknown>;
  }): Promise<{ id: string }>;
  deleteFile(id: string): Promise<void>;
}

/** The knowledge base named `name`, created when missing. */
export async function ensureKnowledgeBase(api: KnowledgeApi, name: string): Promise<{ id: string; created: boolean }> {
  const found = (await api.listKnowledgeBases()).find((kb) => kb.name === name);
  if (found) return { id: found.id, created: false };
  return { id: (await api.createKnowledgeBase(name)).id, created: true };
}

export type FileOutcome =
  | { path: string; action: 'add' | 'replace'; state: 'indexed' }
  | { path: string; action: 'add' | 'replace'; state: 'failed'; reason: string }
  | { path: string; action: 'delete'; state: 'deleted' }
  | { path: string; action: 'add' | 'replace' | 'delete'; state: 'error'; reason: string }
  | { path: string; action: 'add' | 'replace' | 'delete'; state: 'cancelled' };

export interface RunOptions {
  delete: boolean;
  /** Uploads at once. Default 8. */
  concurrency?: number;
  signal?: AbortSignal;
  /** Reads a local document's bytes. */
  read(relPath: string): Promise<Uint8Array>;
  /** Each file's progress: `uploading`, `uploaded`, then its outcome. */
  onFile?(path: string, state: 'uploading' | 'uploaded' | 'deleting' | FileOutcome['state'], reason?: string): void;
  /** How long to wait between status polls while files are indexing. Default 250 ms. */
  pollMs?: number;
  /** Longest wait for indexing. Default 10 minutes. */
  indexTimeoutMs?: number;
}

/** Runs a plan: uploads (index: true, the hash in metadata), deletes when asked, then awaits indexing. */
export async function runSync(api: KnowledgeApi, plan: SyncPlan, opts: RunOptions): Promise<FileOutcome[]> {
  const outcomes: FileOutcome[] = [];
  const cancelled = () => opts.signal?.aborted === true;
  const jobs: { path: string; action: 'add' | 'replace' | 'delete'; run: () => Promise<string | undefined> }[] = [
    ...[...plan.add.map((l) => ['add', l] as const), ...plan.replace.map((r) => ['replace', r.local] as const)].map(([action, local]) => ({
      path: local.path,
      action,
      run: async () => {
        opts.onFile?.(local.path, 'uploading');
        const content = await opts.read(local.path);
        const hash = contentHash(content);
        const { id } = await api.uploadFile({
          key: keyOf(plan.kbId, local.path),
          content,
          tags: knowledgeBaseTags(plan.kbId, local.path),
          metadata: { [hashKey]: hash, sourcePath: local.path },
        });
        opts.onFile?.(local.path, 'uploaded');
        return id;
      },
    })),
    ...(opts.delete ? plan.delete : []).map((remote) => ({
      path: pathOfKey(plan.kbId, remote.key) ?? remote.key,
      action: 'delete' as const,
      run: async () => {
        opts.onFile?.(pathOfKey(plan.kbId, remote.key) ?? remote.key, 'deleting');
        await api.deleteFile(remote.id);
        return undefined;
      },
    })),
  ];
  const uploaded = new Map<string, { path: string; action: 'add' | 'replace' }>();
  let next = 0;
  const worker = async () => {
    while (next < jobs.length) {
      const job = jobs[next++];
      if (cancelled()) {
        outcomes.push({ path: job.path, action: job.action, state: 'cancelled' });
        opts.onFile?.(job.path, 'cancelled');
        continue;
      }
      try {
        const id = await job.run();
        if (job.action === 'delete') {
          outcomes.push({ path: job.path, action: 'delete', state: 'deleted' });
          opts.onFile?.(job.path, 'deleted');
        } else uploaded.set(id!, { path: job.path, action: job.action });
      } catch (err) {
        const reason = err instanceof Error ? err.message : String(err);
        outcomes.push({ path: job.path, action: job.action, state: 'error', reason });
        opts.onFile?.(job.path, 'error', reason);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(opts.concurrency ?? 8, Math.max(1, jobs.length)) }, worker));

  // Indexing: poll the uploaded files' status (50 ids a request) until none is pending.
  const deadline = Date.now() + (opts.indexTimeoutMs ?? 600_000);
  let waiting = [...uploaded.keys()];
  while (waiting.length) {
    if (cancelled() || Date.now() > deadline) {
      for (const id of waiting) {
        const f = uploaded.get(id)!;
        const reason = cancelled() ? 'cancelled while indexing' : 'indexing did not finish in time';
        outcomes.push({ ...f, state: 'error', reason });
        opts.onFile?.(f.path, 'error', reason);
      }
      break;
    }
    const still: string[] = [];
    for (let i = 0; i < waiting.length; i += 50) {
      for (const file of await api.filesByIds(waiting.slice(i, i + 50))) {
        const f = uploaded.get(file.id);
        if (!f) continue;
        if (file.status === 'indexing_completed') {
          outcomes.push({ ...f, state: 'indexed' });
          opts.onFile?.(f.path, 'indexed');
        } else if (file.status.endsWith('_failed')) {
          const reason = file.failedStatusReason ?? file.status.replace('_', ' ');
          outcomes.push({ ...f, state: 'failed', reason });
          opts.onFile?.(f.path, 'failed', reason);
        } else still.push(file.id);
      }
    }
    waiting = still;
    if (waiting.length) await new Promise((r) => setTimeout(r, opts.pollMs ?? 250));
  }
  return outcomes.sort((a, b) => a.path.localeCompare(b.path));
}
