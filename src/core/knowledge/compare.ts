// Two result lists of one search compared (a pinned one and the current one, e.g. before and after a sync): each
// passage of the current list moved up, down, stayed or is new; the pinned list's passages no longer returned
// are gone. A passage is the same across runs when its file key and its text are (a sync gives files new ids).
import { kbTag } from './tags';

/** What identifies a passage across two runs. */
export const passageIdentity = (fileKey: string, text: string) => `${fileKey}\n${text.replace(/\s+/g, ' ').trim()}`;

export type Movement = { kind: 'new' } | { kind: 'same'; from: number } | { kind: 'up' | 'down'; from: number; by: number };

export interface Comparison {
  /** Per passage of the current list (by index): where it was in the pinned list (1-based ranks). */
  moves: Movement[];
  /** Indexes of the pinned list's passages the current list no longer has. */
  gone: number[];
}

export function compareRankings(pinned: readonly string[], current: readonly string[]): Comparison {
  const before = new Map<string, number>();
  pinned.forEach((id, i) => before.has(id) || before.set(id, i));
  const seen = new Set<string>();
  const moves = current.map((id, i): Movement => {
    seen.add(id);
    const j = before.get(id);
    if (j === undefined) return { kind: 'new' };
    if (j === i) return { kind: 'same', from: j + 1 };
    return { kind: j > i ? 'up' : 'down', from: j + 1, by: Math.abs(j - i) };
  });
  const gone = pinned.flatMap((id, i) => (seen.has(id) || before.get(id) !== i ? [] : [i]));
  return { moves, gone };
}

/** One ranked passage, as the page shows it (all text). */
export interface ResultPassage {
  rank: number;
  score: number;
  fileKey: string;
  /** The file's title tag, else its key. */
  title: string;
  kbId?: string;
  kbName?: string;
  /** Titles and subtitles the passage sits under. */
  breadcrumb?: string;
  before: string[];
  text: string;
  after: string[];
  /** meta.subtype and meta.position. */
  subtype?: string;
  position?: number;
  /** Its file in the workspace (relative path) when a mapping syncs its knowledge base from a folder. */
  source?: string;
  /** The same passage in another run has the same identity (file key and text). */
  identity: string;
}

/** A passage as searchFiles returns it with `withContext` (the fields the search panel shows). */
export interface SearchedPassage {
  content: string;
  score: number;
  meta: { subtype?: string; position?: number };
  file: { key: string; tags: Record<string, string> };
  context?: { text: string; type: 'preceding' | 'subsequent' | 'current' | 'breadcrumb' }[];
}

/** searchFiles' passages as the panel shows them: the current text apart from its neighbours and breadcrumb. */
export function resultPassages(
  passages: SearchedPassage[],
  kbs: { id: string; name: string }[],
  sourceOf: (p: SearchedPassage) => string | undefined,
): ResultPassage[] {
  return passages.map((p, i) => {
    const context = p.context ?? [];
    const text = context.find((c) => c.type === 'current')?.text ?? p.content;
    const kbId = p.file.tags[kbTag.kbId];
    return {
      rank: i + 1,
      score: p.score,
      fileKey: p.file.key,
      title: p.file.tags[kbTag.title] ?? p.file.key,
      kbId,
      kbName: kbs.find((k) => k.id === kbId)?.name,
      breadcrumb: context.find((c) => c.type === 'breadcrumb')?.text,
      before: context.filter((c) => c.type === 'preceding').map((c) => c.text),
      text,
      after: context.filter((c) => c.type === 'subsequent').map((c) => c.text),
      subtype: p.meta.subtype,
      position: p.meta.position,
      source: sourceOf(p),
      identity: passageIdentity(p.file.key, text),
    };
  });
}
