// The Files API and knowledge bases (`/v1/files`, runtime operations with `x-bot-id`): uploads through an
// `uploadUrl` on the emulator itself, indexing of text, Markdown and HTML into passages, and `searchFiles`
// ranked lexically (BM25 with minisearch) where Botpress Cloud ranks by embeddings. See README.md.
import { randomBytes, randomUUID } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import type { File } from '@botpress/client';
import MiniSearch from 'minisearch';
import { splitDocument, textFormat, type PassageSubtype } from '../core/knowledge/split';
import type { CloudCall, CloudHandler } from './cloud';
import { listOf, notFound, page, patch, patchRecord } from './lists';
import { ApiError } from './spec';

type Dict = Record<string, unknown>;

export interface Passage {
  id: string;
  content: string;
  meta: { type: 'chunk'; subtype: PassageSubtype | 'image'; position: number; pageNumber?: number };
  breadcrumb: string[];
}

export interface FileRecord {
  file: File;
  /** The secret in its upload and download URLs. */
  secret: string;
  content?: Buffer;
  passages: Passage[];
  /** Indexing options from upsertFile (`indexing.configuration.chunking.maximumChunkLength`). */
  maximumChunkLength?: number;
}

export interface KnowledgeBase {
  id: string;
  name: string;
  tags: Record<string, string>;
  createdAt: string;
}

interface BotFiles {
  files: Map<string, FileRecord>;
  knowledgeBases: KnowledgeBase[];
  /** The search index of the bot's indexed passages, rebuilt after a change. */
  search?: MiniSearch<IndexedPassage>;
}

interface IndexedPassage {
  id: string;
  fileId: string;
  position: number;
  content: string;
  breadcrumb: string;
}

/** What `--data-dir` keeps of the files: per bot, its knowledge bases and files (bytes as base64). */
export type StoredFiles = [
  botId: string,
  { knowledgeBases: KnowledgeBase[]; files: (Omit<FileRecord, 'content'> & { base64?: string })[] },
][];

/** Every bot's files and knowledge bases, and the route their bytes go through (`/file-content/{id}/{secret}`). */
export class FileStore {
  private readonly bots = new Map<string, BotFiles>();
  /** The emulator's own URL (set once it listens), for upload and download URLs. */
  baseUrl = '';
  /** How long indexing takes, in ms (a file stays `indexing_pending` meanwhile). */
  indexDelayMs = 20;

  of(botId: string): BotFiles {
    let world = this.bots.get(botId);
    if (!world) this.bots.set(botId, (world = { files: new Map(), knowledgeBases: [] }));
    return world;
  }

  addKnowledgeBase(
    botId: string,
    name: string,
    tags: Record<string, string>,
    at = Date.now(),
    id = `kb-${randomBytes(5).toString('hex')}`,
  ): KnowledgeBase {
    const kbs = this.of(botId).knowledgeBases;
    if (kbs.some((kb) => kb.name === name)) throw new ApiError('AlreadyExists', `A knowledge base named "${name}" already exists`);
    const kb: KnowledgeBase = { id, name, tags, createdAt: new Date(at).toISOString() };
    kbs.push(kb);
    return kb;
  }

  /** A file uploaded (and indexed, when asked) at once: for seeds. */
  add(
    store: { ids: { ulid(prefix: string, at: number): string } },
    botId: string,
    f: { key: string; content: string | Buffer; tags: Record<string, string>; index?: boolean; at: number },
  ): FileRecord {
    const bytes = Buffer.from(f.content);
    const at = new Date(f.at).toISOString();
    const record: FileRecord = {
      file: {
        id: store.ids.ulid('file', f.at),
        botId,
        key: f.key,
        url: '',
        size: bytes.length,
        contentType: guessType(f.key),
        tags: f.tags,
        metadata: {},
        createdAt: at,
        updatedAt: at,
        accessPolicies: [],
        index: f.index ?? false,
        status: 'upload_pending',
        owner: { type: 'bot', id: botId },
      },
      secret: randomBytes(12).toString('hex'),
      passages: [],
    };
    this.of(botId).files.set(record.file.id, record);
    this.upload(record, bytes, true);
    record.file.updatedAt = at;
    return record;
  }

  /** Every bot's files (bytes as base64, metadata, tags, passages) and knowledge bases, for `--data-dir` (persist.ts). */
  snapshot(): StoredFiles {
    return [...this.bots]
      .filter(([, w]) => w.files.size || w.knowledgeBases.length)
      .map(([botId, w]) => [
        botId,
        {
          knowledgeBases: w.knowledgeBases,
          files: [...w.files.values()].map(({ content, ...r }) => ({ ...r, base64: content?.toString('base64') })),
        },
      ]);
  }

  /** Fills an empty store from a snapshot; a file whose indexing had not finished is indexed again. */
  restore(stored: StoredFiles): void {
    for (const [botId, { knowledgeBases, files }] of stored) {
      const world = this.of(botId);
      world.knowledgeBases.push(...knowledgeBases);
      for (const { base64, ...r } of files) {
        const record: FileRecord = { ...r, content: base64 === undefined ? undefined : Buffer.from(base64, 'base64') };
        world.files.set(record.file.id, record);
        if (record.file.status === 'indexing_pending' && record.content) this.index(record);
      }
    }
  }

  contentUrl(record: FileRecord): string {
    return `${this.baseUrl}/file-content/${record.file.id}/${record.secret}`;
  }

  /** Finds a file by id or key. */
  find(botId: string, idOrKey: string): FileRecord | undefined {
    const world = this.of(botId);
    return world.files.get(idOrKey) ?? [...world.files.values()].find((r) => r.file.key === idOrKey);
  }

  /** Stores uploaded bytes (the PUT on an `uploadUrl`) and indexes them when asked to. */
  upload(record: FileRecord, bytes: Buffer, indexNow = false): void {
    record.content = bytes;
    record.file.size = bytes.length;
    record.file.updatedAt = new Date().toISOString();
    if (!record.file.index) {
      record.file.status = 'upload_completed';
      return;
    }
    record.file.status = 'indexing_pending';
    const finish = () => {
      if (record.content !== bytes) return; // replaced meanwhile
      this.index(record);
    };
    if (indexNow) finish();
    else setTimeout(finish, this.indexDelayMs).unref();
  }

  private index(record: FileRecord): void {
    const { file } = record;
    const reason = unreadable(file.contentType, file.key, record.content!);
    if (reason) {
      record.passages = [];
      file.status = 'indexing_failed';
      file.failedStatusReason = reason;
    } else {
      const format = textFormat(file.contentType, file.key)!;
      const split = splitDocument(record.content!.toString('utf8'), format, { maximumChunkLength: record.maximumChunkLength });
      record.passages = split.map((p, position) => ({
        id: randomUUID(),
        content: p.content,
        meta: { type: 'chunk', subtype: p.subtype, position },
        breadcrumb: p.breadcrumb,
      }));
      file.status = 'indexing_completed';
      delete file.failedStatusReason;
      file.indexingStack = 'v2';
    }
    file.updatedAt = new Date().toISOString();
    this.changed(file.botId);
  }

  /** Drops a bot's search index (rebuilt on the next search). */
  changed(botId: string): void {
    this.of(botId).search = undefined;
  }

  searchIndex(botId: string): MiniSearch<IndexedPassage> {
    const world = this.of(botId);
    if (!world.search) {
      const search = new MiniSearch<IndexedPassage>({
        fields: ['content', 'breadcrumb'],
        storeFields: ['fileId', 'position'],
        processTerm: (term) => (stopWords.has(term.toLowerCase()) ? null : term.toLowerCase()),
        searchOptions: { boost: { content: 2 }, prefix: (term) => term.length > 3, fuzzy: (term) => (term.length > 5 ? 0.2 : false) },
      });
      for (const record of world.files.values()) {
        if (record.file.status !== 'indexing_completed') continue;
        search.addAll(
          record.passages.map((p) => ({
            id: `${record.file.id}:${p.meta.position}`,
            fileId: record.file.id,
            position: p.meta.position,
            content: p.content,
            breadcrumb: p.breadcrumb.join(' '),
          })),
        );
      }
      world.search = search;
    }
    return world.search;
  }

  /** The upload (PUT) and download (GET) route of file contents. */
  serveContent(method: string, path: string, body: Buffer, res: ServerResponse): void {
    const [, , id, secret] = path.split('/');
    const record = [...this.bots.values()].map((w) => w.files.get(id)).find(Boolean);
    if (!record || record.secret !== secret) {
      res.writeHead(403, { 'content-type': 'text/plain' }).end('This URL is not valid (or the file was deleted or replaced)');
      return;
    }
    if (method === 'PUT') {
      this.upload(record, body);
      res.writeHead(200).end();
    } else if (method === 'GET' && record.content) {
      res.writeHead(200, { 'content-type': record.file.contentType, 'content-length': record.content.length }).end(record.content);
    } else if (method === 'GET') {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('The file has not been uploaded yet');
    } else {
      res.writeHead(405, { allow: 'GET, PUT' }).end();
    }
  }
}

// Words too common to rank by (a search engine's usual English list, short).
const stopWords = new Set(
  [
    'a an and are as at be but by can could do does did for from has have how i',
    'if in into is it its me my no not of on or our so than that the their them',
    'then there these they this to was we were what when where which who why will with would you your',
  ]
    .join(' ')
    .split(' '),
);

const refused: [RegExp, string][] = [
  [
    /^application\/pdf$|\.pdf$/i,
    'PDF documents are not parsed by the local emulator (Botpress Cloud indexes them); upload text, Markdown or HTML',
  ],
  [
    /officedocument|msword|ms-excel|ms-powerpoint|opendocument|\.(docx?|xlsx?|pptx?|odt|ods|odp)$/i,
    'Office documents are not parsed by the local emulator (Botpress Cloud indexes them); upload text, Markdown or HTML',
  ],
  [/^image\//i, 'Images are not transcribed by the local emulator (Botpress Cloud does it with vision models)'],
];

/** Why a file's content cannot be indexed, or undefined when it can. */
function unreadable(contentType: string, key: string, content: Buffer): string | undefined {
  for (const [pattern, reason] of refused) if (pattern.test(contentType) || pattern.test(key)) return reason;
  if (!textFormat(contentType, key)) return `Files of type "${contentType}" cannot be indexed (supported: text, Markdown, HTML)`;
  if (content.includes(0) || !isUtf8(content)) return 'The file is binary: its content is not UTF-8 text and cannot be indexed';
  if (!content.toString('utf8').trim()) return 'The file is empty: there is no text to index';
  return undefined;
}

function isUtf8(buffer: Buffer): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(buffer);
    return true;
  } catch {
    return false;
  }
}

const contentTypes: Record<string, string> = {
  md: 'text/markdown',
  markdown: 'text/markdown',
  html: 'text/html',
  htm: 'text/html',
  txt: 'text/plain',
  csv: 'text/csv',
  json: 'application/json',
  pdf: 'application/pdf',
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  gif: 'image/gif',
  svg: 'image/svg+xml',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
};
const guessType = (key: string) => contentTypes[/\.([a-z0-9]+)$/i.exec(key)?.[1].toLowerCase() ?? ''] ?? 'application/octet-stream';

/** A tag filter of listFiles / searchFiles: every key must match; an array is any of; `{ not }` excludes. */
export function tagsMatch(tags: Record<string, string>, filter: unknown): boolean {
  if (filter === undefined) return true;
  let wanted = filter;
  if (typeof wanted === 'string') {
    try {
      wanted = JSON.parse(wanted);
    } catch {
      throw new ApiError('InvalidPayload', `tags must be an object of key-value pairs, got "${wanted}"`);
    }
  }
  if (!wanted || typeof wanted !== 'object' || Array.isArray(wanted))
    throw new ApiError('InvalidPayload', 'tags must be an object of key-value pairs');
  const anyOf = (v: unknown): string[] => (Array.isArray(v) ? v.map(String) : [String(v)]);
  return Object.entries(wanted as Dict).every(([key, condition]) => {
    const value = tags[key];
    if (condition && typeof condition === 'object' && !Array.isArray(condition)) {
      const not = (condition as Dict).not;
      if (not === undefined) throw new ApiError('InvalidPayload', `tags.${key} must be a string, an array of strings or { not: ... }`);
      return value === undefined || !anyOf(not).includes(value);
    }
    return value !== undefined && anyOf(condition).includes(value);
  });
}

const files = (call: CloudCall) => call.store.files;
const botId = (call: CloudCall) => call.bot!.bot.id;
const world = (call: CloudCall) => files(call).of(botId(call));

function fileOf(call: CloudCall, idOrKey: string): FileRecord {
  return files(call).find(botId(call), idOrKey) ?? notFound('File', idOrKey);
}

/** The File resource as the API returns it (the download URL is fresh). */
function view(call: CloudCall, record: FileRecord): File {
  return { ...record.file, url: files(call).contentUrl(record) };
}

const statusOrder = ['upload_pending', 'upload_failed', 'upload_completed', 'indexing_pending', 'indexing_failed', 'indexing_completed'];

function sortFiles(list: FileRecord[], query: Dict): FileRecord[] {
  const field = (query.sortField as string | undefined) ?? 'createdAt';
  const sign = query.sortDirection === 'asc' ? 1 : -1;
  const value = (r: FileRecord): string | number =>
    field === 'size'
      ? (r.file.size ?? -1)
      : field === 'status'
        ? statusOrder.indexOf(r.file.status)
        : String((r.file as unknown as Dict)[field]);
  return [...list].sort((a, b) => {
    const [x, y] = [value(a), value(b)];
    return sign * (x < y ? -1 : x > y ? 1 : 0) || sign * a.file.id.localeCompare(b.file.id);
  });
}

/** A passage's text with its neighbours (within `depth`), or with its breadcrumb first. */
function around(record: FileRecord, position: number, depth: number) {
  const from = Math.max(0, position - depth);
  return record.passages.slice(from, position + depth + 1);
}

function searchResult(call: CloudCall, record: FileRecord, passage: Passage, score: number) {
  const q = call.query;
  const depth = q.contextDepth === undefined ? 1 : Number(q.contextDepth);
  const near = around(record, passage.meta.position, depth);
  const crumb = passage.breadcrumb.join(' > ');
  const body = near.map((p) => p.content).join('\n\n');
  const { file } = record;
  return {
    content: q.includeBreadcrumb === true && crumb ? `${crumb}\n\n${body}` : body,
    score,
    meta: passage.meta,
    file: {
      id: file.id,
      key: file.key,
      contentType: file.contentType,
      metadata: file.metadata,
      tags: file.tags,
      createdAt: file.createdAt,
      updatedAt: file.updatedAt,
    },
    ...(q.withContext === true
      ? {
          context: [
            ...(crumb ? [{ text: crumb, type: 'breadcrumb' as const }] : []),
            ...near.map((p) => ({
              id: p.id,
              text: p.content,
              offset: p.meta.position - passage.meta.position,
              type:
                p === passage
                  ? ('current' as const)
                  : p.meta.position < passage.meta.position
                    ? ('preceding' as const)
                    : ('subsequent' as const),
            })),
          ],
        }
      : {}),
  };
}

/** BM25 scores are unbounded; the API's are similarities in [0, 1]: squashed monotonically, ranks unchanged. */
const similarity = (bm25: number) => Math.round((bm25 / (bm25 + 5)) * 10_000) / 10_000;

export const fileHandlers: Record<string, CloudHandler> = {
  upsertFile: (call) => {
    const body = call.body as {
      key: string;
      size: number;
      tags?: Record<string, string>;
      index?: boolean;
      contentType?: string;
      metadata?: Dict;
      accessPolicies?: File['accessPolicies'];
      expiresAt?: string;
      indexing?: { configuration?: { chunking?: { maximumChunkLength?: number } } };
    };
    if (!body.key.trim()) throw new ApiError('InvalidPayload', 'key must not be empty');
    const store = files(call);
    const existing = store.find(botId(call), body.key);
    const at = new Date().toISOString();
    const record: FileRecord = existing ?? {
      file: {
        id: call.store.ids.ulid('file', Date.now()),
        botId: botId(call),
        key: body.key,
        createdAt: at,
        owner: { type: 'bot', id: botId(call) },
      } as File,
      secret: '',
      passages: [],
    };
    // Replacing a file: new bytes, new passages; the old URLs stop working.
    record.secret = randomBytes(12).toString('hex');
    record.content = undefined;
    record.passages = [];
    record.maximumChunkLength = body.indexing?.configuration?.chunking?.maximumChunkLength;
    Object.assign(record.file, {
      size: body.size,
      contentType: body.contentType ?? guessType(body.key),
      tags: body.tags ?? {},
      metadata: body.metadata && typeof body.metadata === 'object' ? body.metadata : {},
      accessPolicies: body.accessPolicies ?? [],
      index: body.index ?? false,
      status: 'upload_pending',
      updatedAt: at,
    });
    delete record.file.failedStatusReason;
    delete record.file.indexingStack;
    if (body.expiresAt) record.file.expiresAt = body.expiresAt;
    world(call).files.set(record.file.id, record);
    store.changed(botId(call));
    return { file: { ...view(call, record), uploadUrl: store.contentUrl(record) } };
  },
  getFile: (call) => ({ file: view(call, fileOf(call, call.params.id)) }),
  deleteFile: (call) => {
    const record = fileOf(call, call.params.id);
    world(call).files.delete(record.file.id);
    files(call).changed(botId(call));
    return {};
  },
  listFiles: (call) => {
    const q = call.query;
    const ids = q.ids as string[] | undefined;
    const all = [...world(call).files.values()].filter(
      (r) => tagsMatch(r.file.tags, q.tags) && (!ids || ids.includes(r.file.id)) && (q.indexed === undefined || r.file.index === q.indexed),
    );
    return listOf(
      'listFiles',
      'files',
      sortFiles(all, q).map((r) => view(call, r)),
      q,
    );
  },
  updateFileMetadata: (call) => {
    const record = fileOf(call, call.params.id);
    const body = call.body as { metadata?: Dict; tags?: Dict; accessPolicies?: File['accessPolicies']; expiresAt?: string | null };
    const { file } = record;
    if (body.metadata !== undefined) {
      if (!body.metadata || typeof body.metadata !== 'object' || Array.isArray(body.metadata))
        throw new ApiError('InvalidPayload', 'metadata must be an object of key-value pairs');
      file.metadata = patchRecord(file.metadata, body.metadata);
    }
    if (body.tags) file.tags = patchRecord(file.tags, body.tags) as Record<string, string>;
    if (body.accessPolicies) file.accessPolicies = body.accessPolicies;
    if (body.expiresAt !== undefined) patch(file as unknown as Dict, { expiresAt: body.expiresAt });
    file.updatedAt = new Date().toISOString();
    files(call).changed(botId(call));
    return { file: view(call, record) };
  },
  copyFile: (call) => {
    const source = fileOf(call, call.params.idOrKey);
    const header = call.headers?.['x-destination-bot-id'];
    const destinationBot = (Array.isArray(header) ? header[0] : header) ?? botId(call);
    const target = call.store.bots.get(destinationBot);
    if (!target) notFound('Bot', destinationBot);
    const store = files(call);
    const taken = store.find(destinationBot, call.params.destinationKey);
    if (taken && (call.body as { overwrite?: boolean }).overwrite !== true)
      throw new ApiError(
        'AlreadyExists',
        `A file with key "${call.params.destinationKey}" already exists (send overwrite: true to replace it)`,
      );
    if (taken) store.of(destinationBot).files.delete(taken.file.id);
    const at = new Date().toISOString();
    const copy: FileRecord = {
      file: {
        ...structuredClone(source.file),
        id: call.store.ids.ulid('file', Date.now()),
        botId: destinationBot,
        key: call.params.destinationKey,
        owner: { type: 'bot', id: destinationBot },
        createdAt: at,
        updatedAt: at,
      },
      secret: randomBytes(12).toString('hex'),
      content: source.content,
      passages: source.passages.map((p) => ({ ...p, id: randomUUID() })),
      maximumChunkLength: source.maximumChunkLength,
    };
    store.of(destinationBot).files.set(copy.file.id, copy);
    store.changed(destinationBot);
    return { file: { ...copy.file, url: store.contentUrl(copy) } };
  },
  listFileTags: (call) => {
    const keys = new Set([...world(call).files.values()].flatMap((r) => Object.keys(r.file.tags)));
    const { items, meta } = page([...keys].sort(), call.query);
    return { tags: items, meta };
  },
  listFileTagValues: (call) => {
    const tag = call.params.tag;
    const values = new Set([...world(call).files.values()].map((r) => r.file.tags[tag]).filter((v) => v !== undefined));
    const { items, meta } = page([...values].sort(), call.query);
    return { values: items, meta };
  },
  listFilePassages: (call) => {
    const record = fileOf(call, call.params.id);
    return listOf(
      'listFilePassages',
      'passages',
      record.passages.map((p) => ({ id: p.id, content: p.content, meta: p.meta })),
      call.query,
    );
  },
  setFilePassages: (call) => {
    const record = fileOf(call, call.params.id);
    const body = call.body as { passages: { content: string; type?: PassageSubtype | 'image'; pageNumber?: number }[] };
    const trail: string[] = [];
    record.passages = body.passages.map((p, position) => {
      const subtype = p.type ?? 'paragraph';
      const breadcrumb = [...trail];
      if (subtype === 'title') trail.splice(0, trail.length, p.content);
      else if (subtype === 'subtitle') trail.splice(Math.min(trail.length, 1), trail.length, p.content);
      return {
        id: randomUUID(),
        content: p.content,
        meta: { type: 'chunk' as const, subtype, position, ...(p.pageNumber !== undefined ? { pageNumber: p.pageNumber } : {}) },
        breadcrumb,
      };
    });
    record.file.status = 'indexing_completed';
    record.file.index = true;
    delete record.file.failedStatusReason;
    record.file.updatedAt = new Date().toISOString();
    files(call).changed(botId(call));
    return {};
  },
  searchFiles: (call) => {
    const q = call.query;
    const query = String(q.query ?? '').trim();
    if (!query) throw new ApiError('InvalidPayload', 'query must not be empty');
    const limit = q.limit === undefined ? 10 : Number(q.limit);
    if (!Number.isInteger(limit) || limit < 1 || limit > 100)
      throw new ApiError('InvalidPayload', 'limit must be an integer from 1 to 100');
    const depth = q.contextDepth === undefined ? 1 : Number(q.contextDepth);
    if (!Number.isInteger(depth) || depth < 0 || depth > 10)
      throw new ApiError('InvalidPayload', 'contextDepth must be an integer from 0 to 10');
    const store = files(call);
    const records = world(call).files;
    const hits = store
      .searchIndex(botId(call))
      .search(query)
      .map((hit) => ({ record: records.get(hit.fileId as string)!, position: hit.position as number, score: similarity(hit.score) }))
      .filter((h) => h.record && tagsMatch(h.record.file.tags, q.tags));
    if (q.consolidate === true) {
      const byFile = new Map<string, typeof hits>();
      for (const hit of hits) byFile.set(hit.record.file.id, [...(byFile.get(hit.record.file.id) ?? []), hit]);
      const passages = [...byFile.values()].slice(0, limit).map((group) => {
        const record = group[0].record;
        const seen = new Set<string>();
        const lines: string[] = [];
        for (const hit of [...group].sort((a, b) => a.position - b.position)) {
          const passage = record.passages[hit.position];
          for (const heading of passage.breadcrumb.filter((h) => !seen.has(h))) {
            seen.add(heading);
            lines.push(heading);
          }
          lines.push(passage.content);
        }
        const first = record.passages[Math.min(...group.map((h) => h.position))];
        return {
          ...searchResult({ ...call, query: { contextDepth: 0 } }, record, first, group[0].score),
          content: lines.join('\n\n'),
          meta: { type: 'consolidated' as const, position: first.meta.position },
        };
      });
      return { passages };
    }
    return { passages: hits.slice(0, limit).map((h) => searchResult(call, h.record, h.record.passages[h.position], h.score)) };
  },

  createKnowledgeBase: (call) => {
    const body = call.body as { name: string; tags?: Record<string, string> };
    if (!body.name.trim()) throw new ApiError('InvalidPayload', 'name must not be empty');
    const kb = files(call).addKnowledgeBase(botId(call), body.name, body.tags ?? {});
    return { knowledgeBase: { id: kb.id, name: kb.name, tags: kb.tags } };
  },
  updateKnowledgeBase: (call) => {
    const kb = world(call).knowledgeBases.find((k) => k.id === call.params.id) ?? notFound('KnowledgeBase', call.params.id);
    const body = call.body as { name: string; tags?: Dict };
    kb.name = body.name;
    if (body.tags) kb.tags = patchRecord(kb.tags, body.tags) as Record<string, string>;
    return { knowledgeBase: { id: kb.id, name: kb.name, tags: kb.tags } };
  },
  deleteKnowledgeBase: (call) => {
    const w = world(call);
    const kb = w.knowledgeBases.find((k) => k.id === call.params.id) ?? notFound('KnowledgeBase', call.params.id);
    w.knowledgeBases.splice(w.knowledgeBases.indexOf(kb), 1);
    // Its files go with it, as in the dashboard.
    for (const record of [...w.files.values()]) if (record.file.tags.kbId === kb.id) w.files.delete(record.file.id);
    files(call).changed(botId(call));
    return {};
  },
  listKnowledgeBases: (call) => {
    const all = world(call).knowledgeBases.filter((kb) => tagsMatch(kb.tags, call.query.tags));
    return listOf('listKnowledgeBases', 'knowledgeBases', all, call.query);
  },
};
