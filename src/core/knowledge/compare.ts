// Two result lists of one search compared (a pinned one and the current one, e.g. before and after a sync): each
// passage of the current list moved up, down, stayed or is new; the pinned list's passages no longer returned
// are gone. A passage is the same across runs when its file key and its text are (a sync gives files new ids).

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
