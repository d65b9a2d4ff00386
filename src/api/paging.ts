// Paging over list endpoints: a page at a time (for "Load more…" lists, which keep `nextToken` between
// clicks) or item by item. Lists carry their token in `meta.nextToken`; the two log endpoints at the top.

export interface Page<T, R = unknown> {
  items: T[];
  /** Absent on the last page. Pass it back as `nextToken` to resume later. */
  nextToken?: string;
  /** The whole response of this page. */
  response: R;
}

/** Reads the items and the token of the next page out of one response. */
export type PageReader<T, R> = (response: R) => { items: T[]; nextToken?: string };

/** Reads pages of `{ [itemsKey]: T[], meta: { nextToken } }` or, with `tokenAt: 'root'`, `{ nextToken }`. */
export function readPage<T, R>(itemsKey: string, tokenAt: 'meta' | 'root'): PageReader<T, R> {
  return (response) => {
    const r = response as Record<string, unknown> & { meta?: { nextToken?: string }; nextToken?: string };
    const items = r[itemsKey];
    if (!Array.isArray(items)) throw new TypeError(`The response has no "${itemsKey}" list.`);
    return { items: items as T[], nextToken: (tokenAt === 'meta' ? r.meta?.nextToken : r.nextToken) || undefined };
  };
}

/**
 * Fetches pages one after the other, starting at `startToken` when given, until a page has no next token.
 * Stops with an error if the service hands back any token it already gave (A→B→A would loop forever).
 */
export async function* pages<T, R>(
  fetchPage: (nextToken: string | undefined) => Promise<R>,
  read: PageReader<T, R>,
  startToken?: string,
): AsyncGenerator<Page<T, R>> {
  let token = startToken;
  const seen = new Set(token ? [token] : []);
  for (;;) {
    const response = await fetchPage(token);
    const { items, nextToken } = read(response);
    yield { items, nextToken, response };
    if (!nextToken) return;
    if (seen.has(nextToken)) throw new Error('The service returned a page token it had already given; stopped paging.');
    seen.add(nextToken);
    token = nextToken;
  }
}

/** Every item of every page, fetching the next page only when the previous one is used up. */
export async function* items<T>(source: AsyncIterable<Page<T, unknown>>): AsyncGenerator<T> {
  for await (const page of source) yield* page.items;
}
