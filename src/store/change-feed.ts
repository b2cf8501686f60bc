import type BetterSqlite3 from 'better-sqlite3';
import type { Kysely } from 'kysely';
import type { Database } from './schema.ts';

/**
 * How in-memory caches learn that clients, users or token revocations changed, whichever process
 * changed them: this one, another server on the same PostgreSQL, or the CLI beside a SQLite file.
 */
export interface ChangeFeed {
  /**
   * A number that differs from every earlier one once cached data may be stale. Read it before
   * reading what is to be cached. Undefined while changes cannot be followed: cache nothing then.
   */
  version(): number | undefined;
  /** Tells other processes, when `db`'s transaction (if any) commits, that cached data changed. */
  announce(db: Kysely<Database>): Promise<void>;
  /** Marks what this process cached as stale; call once the change is committed. */
  bump(): void;
  close(): Promise<void>;
}

/**
 * SQLite counts commits made by other connections to the file (`PRAGMA data_version`): the CLI's
 * changes are seen on the next read, without any message. This process's own changes bump().
 */
export function sqliteChangeFeed(sqlite: BetterSqlite3.Database): ChangeFeed {
  const dataVersion = sqlite.prepare('PRAGMA data_version').pluck();
  let seen: unknown = dataVersion.get();
  let version = 0;
  return {
    version() {
      // Closed: the query that follows reports it, not the cache.
      if (!sqlite.open) {
        return undefined;
      }
      const current = dataVersion.get();
      if (current !== seen) {
        seen = current;
        version += 1;
      }
      return version;
    },
    announce: () => Promise.resolve(),
    bump() {
      version += 1;
    },
    close: () => Promise.resolve(),
  };
}
