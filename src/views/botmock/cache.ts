/**
 * Children of tree nodes, loaded once and shared: a second expansion while the first load is under way
 * gets the same promise (never two requests for one node). Keys are paths (`team:1/project:2/intents`),
 * so invalidating a node also drops everything below it.
 */
export class ChildCache<T> {
  private readonly entries = new Map<string, Promise<T>>();

  get(key: string, load: () => Promise<T>): Promise<T> {
    let entry = this.entries.get(key);
    if (!entry) {
      entry = load();
      this.entries.set(key, entry);
      // A failed load is not kept: the next expansion tries again.
      entry.catch(() => {
        if (this.entries.get(key) === entry) this.entries.delete(key);
      });
    }
    return entry;
  }

  /** Forgets a node's children and everything below them; without a key, forgets all. */
  invalidate(key?: string): void {
    if (key === undefined) return this.entries.clear();
    for (const k of [...this.entries.keys()]) if (k === key || k.startsWith(`${key}/`)) this.entries.delete(k);
  }
}
