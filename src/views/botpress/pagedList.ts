/**
 * One lazily paged list behind a tree node: pages are fetched one at a time on demand ("Load more…"),
 * a request already under way is shared (two expansions never send two requests), a failure is kept so
 * the node can say what failed and retry, and a reset aborts whatever is in flight. No `vscode` here.
 */
export interface Page<T> {
  items: T[];
  nextToken?: string;
}

export type PageFetcher<T> = (nextToken: string | undefined, signal: AbortSignal) => Promise<Page<T>>;

export type PagedListState = 'unloaded' | 'loading' | 'loaded' | 'failed';

export class PagedList<T> {
  private loaded: T[] = [];
  private token?: string;
  private started = false;
  private failure?: unknown;
  private inFlight?: { promise: Promise<void>; controller: AbortController };

  constructor(private readonly fetchPage: PageFetcher<T>) {}

  get items(): readonly T[] {
    return this.loaded;
  }

  /** The error of the last request, until the next one starts. */
  get error(): unknown {
    return this.failure;
  }

  /** True when the server said there is another page. */
  get hasMore(): boolean {
    return this.token !== undefined;
  }

  get state(): PagedListState {
    if (this.inFlight) return 'loading';
    if (this.failure !== undefined) return 'failed';
    return this.started ? 'loaded' : 'unloaded';
  }

  /** Loads the first page unless one was loaded (or failed) already. */
  async ensureLoaded(): Promise<void> {
    if (this.inFlight) return this.inFlight.promise;
    if (!this.started && this.failure === undefined) return this.loadMore();
  }

  /** Fetches the next page (or retries the one that failed); joins a request already under way. */
  loadMore(): Promise<void> {
    if (this.inFlight) return this.inFlight.promise;
    if (this.started && this.token === undefined && this.failure === undefined) return Promise.resolve();
    const controller = new AbortController();
    this.failure = undefined;
    const promise = this.fetchPage(this.token, controller.signal)
      .then(
        (page) => {
          if (controller.signal.aborted) return;
          this.loaded = [...this.loaded, ...page.items];
          this.token = page.nextToken || undefined;
          this.started = true;
        },
        (err: unknown) => {
          if (!controller.signal.aborted) this.failure = err ?? new Error('unknown error');
        },
      )
      .finally(() => {
        if (this.inFlight?.controller === controller) this.inFlight = undefined;
      });
    this.inFlight = { promise, controller };
    return promise;
  }

  /** Forgets everything and aborts a request under way: the next `ensureLoaded` starts over. */
  reset(): void {
    this.inFlight?.controller.abort();
    this.inFlight = undefined;
    this.loaded = [];
    this.token = undefined;
    this.started = false;
    this.failure = undefined;
  }
}

/**
 * One paged list made of several, one after the other (e.g. production bots, then dev bots). The token
 * says which source and where in it. The page that ends a source goes on into the next one, so the list
 * never shows a "Load more…" that adds nothing.
 */
export function chainPages<T>(sources: PageFetcher<T>[]): PageFetcher<T> {
  return async (token, signal) => {
    const split = token?.indexOf(':') ?? -1;
    let index = token && split > 0 ? Number(token.slice(0, split)) : 0;
    let inner = token && split > 0 ? token.slice(split + 1) || undefined : undefined;
    if (!Number.isInteger(index) || index < 0 || index >= sources.length) throw new Error(`Invalid page token "${token}".`);
    const items: T[] = [];
    for (;;) {
      const page = await sources[index](inner, signal);
      items.push(...page.items);
      if (page.nextToken) return { items, nextToken: `${index}:${page.nextToken}` };
      if (++index >= sources.length) return { items };
      inner = undefined;
    }
  };
}
