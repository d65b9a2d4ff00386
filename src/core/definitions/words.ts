/**
 * Edit distance counting a swap of two neighbours as one edit (`tgas` → `tags`), bounded: returns
 * `limit + 1` as soon as the distance exceeds `limit`.
 */
function editDistance(a: string, b: string, limit: number): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  let before: number[] = [];
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    let best = i;
    for (let j = 1; j <= b.length; j++) {
      row[j] = Math.min(prev[j] + 1, row[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) row[j] = Math.min(row[j], before[j - 2] + 1);
      best = Math.min(best, row[j]);
    }
    if (best > limit) return limit + 1;
    before = prev;
    prev = row;
  }
  return prev[b.length];
}

/**
 * The one "did you mean" rule: the candidates closest to a misspelt word, by edit distance (letter
 * case ignored, a swap of neighbours one edit), within a third of the word's length (1 to 3 edits).
 * One when a single candidate is closest; several when they tie; none when nothing is close.
 */
export function closestMatches(word: string, candidates: Iterable<string>): string[] {
  const lower = word.toLowerCase();
  const limit = Math.max(1, Math.min(3, Math.floor(word.length / 3)));
  let best: string[] = [];
  let bestDistance = limit + 1;
  for (const c of new Set(candidates)) {
    const d = c.toLowerCase() === lower ? 0 : editDistance(lower, c.toLowerCase(), bestDistance);
    if (d < bestDistance) {
      best = [c];
      bestDistance = d;
    } else if (d === bestDistance && d <= limit) best.push(c);
  }
  return best;
}

/** ` Did you mean "a"?`, ` Did you mean "a" or "b"?`, or nothing. */
export function didYouMean(matches: readonly string[]): string {
  if (!matches.length) return '';
  const quoted = matches.map((m) => `"${m}"`);
  return ` Did you mean ${quoted.length === 1 ? quoted[0] : `${quoted.slice(0, -1).join(', ')} or ${quoted[quoted.length - 1]}`}?`;
}

/** camelCase as the official tooling wants it: starts lowercase, no `_`/`-`, no two capitals in a row. */
export const CAMEL_CASE = /^[a-z](?:[a-z0-9]|[A-Z](?![A-Z]))*$/;

/** `my_state` → `myState`, `MyState` → `myState`, `userID` → `userId`. */
export function toCamelCase(name: string): string {
  const words = name
    .split(/[^A-Za-z0-9]+/)
    .flatMap((part) => part.match(/[A-Z]+(?![a-z])|[A-Z]?[a-z0-9]+/g) ?? [])
    .filter(Boolean);
  return words.map((w, i) => (i === 0 ? w.toLowerCase() : w[0].toUpperCase() + w.slice(1).toLowerCase())).join('');
}

/** `orderPlaced` → `Order placed`: a starting title for a name. */
export function humanize(name: string): string {
  const words = toCamelCase(name)
    .replace(/([A-Z])/g, ' $1')
    .toLowerCase()
    .trim();
  return words ? words[0].toUpperCase() + words.slice(1) : name;
}
