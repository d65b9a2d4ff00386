// The Files API a knowledge-base sync needs (core/knowledge/sync.ts's KnowledgeApi), over the product's client.
import { judge, parseRetrievalFile, searchLimit, type FoundPassage, type RetrievalResult } from '../core/knowledge/retrieval';
import type { KnowledgeApi, RemoteDoc } from '../core/knowledge/sync';
import { kbTag } from '../core/knowledge/tags';
import type { BotpressClient, CallOptions } from './botpress';

const remote = (f: {
  id: string;
  key: string;
  status: string;
  metadata: Record<string, unknown>;
  failedStatusReason?: string;
}): RemoteDoc => ({
  id: f.id,
  key: f.key,
  status: f.status,
  metadata: f.metadata ?? {},
  failedStatusReason: f.failedStatusReason,
});

/** `client` is bound to the bot (`withBot`). */
export function knowledgeApi(client: BotpressClient, options: CallOptions = {}): KnowledgeApi {
  return {
    listKnowledgeBases: async () => {
      const out: { id: string; name: string }[] = [];
      for await (const kb of client.iterate('listKnowledgeBases', {}, options)) out.push(kb);
      return out;
    },
    createKnowledgeBase: async (name) => (await client.createKnowledgeBase({ name }, options)).knowledgeBase,
    listFiles: async (kbId) => {
      const out: RemoteDoc[] = [];
      const tags = { [kbTag.source]: kbTag.sourceValue, [kbTag.kbId]: kbId };
      for await (const f of client.iterate('listFiles', { tags }, options)) out.push(remote(f));
      return out;
    },
    filesByIds: async (ids) => {
      const out: RemoteDoc[] = [];
      for await (const f of client.iterate('listFiles', { ids }, options)) out.push(remote(f));
      return out;
    },
    uploadFile: async (f) => client.uploadFile({ ...f, index: true }, options),
    deleteFile: async (id) => {
      await client.deleteFile({ id }, options);
    },
  };
}

/** Runs one file's tests with searchFiles; the knowledge base is looked up by name. */
export async function runRetrievalFile(client: BotpressClient, text: string, kbIds?: Map<string, string>, options: CallOptions = {}) {
  const parsed = parseRetrievalFile(text);
  const results: RetrievalResult[] = [];
  if (parsed.problems.length) return { parsed, results };
  let tags: Record<string, string> = { [kbTag.source]: kbTag.sourceValue };
  if (parsed.knowledgeBase) {
    let id = kbIds?.get(parsed.knowledgeBase);
    if (!id) {
      for await (const kb of client.iterate('listKnowledgeBases', {}, options)) if (kb.name === parsed.knowledgeBase) id = kb.id;
      if (!id) {
        parsed.problems.push({ line: 0, message: `The bot has no knowledge base named "${parsed.knowledgeBase}"` });
        return { parsed, results };
      }
      kbIds?.set(parsed.knowledgeBase, id);
    }
    tags = { ...tags, [kbTag.kbId]: id };
  }
  for (const t of parsed.tests) {
    const { passages } = await client.searchFiles({ query: t.query, limit: searchLimit(t), tags, contextDepth: 0 }, options);
    results.push(judge(t, passages as FoundPassage[]));
  }
  return { parsed, results };
}
