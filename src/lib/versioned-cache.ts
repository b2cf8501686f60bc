import { LRUCache } from 'lru-cache';

/**
 * A cache bounded in entries whose entries hold only for the version they were read at
 * (Store.cacheVersion): once anything cached may have changed, every older entry is a miss.
 * Without a version (changes cannot be followed) nothing is kept.
 */
export class VersionedCache<V extends object> {
  private readonly entries: LRUCache<string, { value: V; version: number }>;

  constructor(maxEntries: number) {
    this.entries = new LRUCache({ max: maxEntries });
  }

  get(key: string, version: number | undefined): V | undefined {
    const entry = version === undefined ? undefined : this.entries.get(key);
    return entry?.version === version ? entry?.value : undefined;
  }

  set(key: string, value: V, version: number | undefined): void {
    if (version !== undefined) {
      this.entries.set(key, { value, version });
    }
  }

  /**
   * The entry for `key` at the current `version()`, else what `load` finds (kept when found).
   * The version is read before loading, so a change during the load makes the entry stale.
   */
  async fetch(
    key: string,
    version: () => number | undefined,
    load: () => Promise<V | undefined>,
  ): Promise<V | undefined> {
    const current = version();
    const known = this.get(key, current);
    if (known) {
      return known;
    }
    const loaded = await load();
    if (loaded) {
      this.set(key, loaded, current);
    }
    return loaded;
  }
}
