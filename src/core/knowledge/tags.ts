// How Botpress ties a file to a knowledge base: by tags. The dashboard lists a knowledge base's files by
// `source: knowledge-base` and `kbId`, and shows `title`.
export const kbTag = {
  source: 'source',
  sourceValue: 'knowledge-base',
  kbId: 'kbId',
  title: 'title',
} as const;

/** The tags of a file of knowledge base `kbId`, titled `title`. */
export function knowledgeBaseTags(kbId: string, title: string): Record<string, string> {
  return { [kbTag.source]: kbTag.sourceValue, [kbTag.kbId]: kbId, [kbTag.title]: title };
}
