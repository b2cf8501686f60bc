import { existsSync } from 'node:fs';
import BetterSqlite3 from 'better-sqlite3';
import { previousMasterKeys, resolveMasterKey } from '../config/master-key.ts';
import type { Config } from '../config/config.ts';
import { withPreviousKeys } from '../lib/encryption.ts';
import { SEALED_COLUMNS } from './sealed-columns.ts';

/** The settings that say where a database's master key, and any it replaces, come from. */
export type MasterKeyConfig = Pick<Config, 'masterKey' | 'previousMasterKeys' | 'databaseUrl'>;

/**
 * The master key of a database (config/master-key.ts), checked against what the database holds:
 * no key file is made for a SQLite database that already holds sealed data. During a rotation
 * it also opens what the keys it replaces sealed.
 */
export function databaseMasterKey(config: MasterKeyConfig): Buffer {
  return withPreviousKeys(
    resolveMasterKey(config.masterKey, config.databaseUrl, sqliteHoldsSealedData),
    previousMasterKeys(config.previousMasterKeys, config.databaseUrl),
  );
}

/**
 * Whether a SQLite database holds anything sealed with a master key: opened read-only, before
 * a key is made for it, so that a lost key is never silently replaced by one that cannot open
 * what is there. A missing file, or one not migrated that far, holds nothing.
 */
function sqliteHoldsSealedData(file: string): boolean {
  if (!existsSync(file)) {
    return false;
  }
  const db = new BetterSqlite3(file, { readonly: true, fileMustExist: true });
  try {
    const tables = new Set(
      db.prepare("select name from sqlite_master where type = 'table'").pluck().all() as string[],
    );
    return SEALED_COLUMNS.some(
      ([table, column]) =>
        tables.has(table) &&
        db.prepare(`select 1 from ${table} where ${column} is not null limit 1`).get() !==
          undefined,
    );
  } finally {
    db.close();
  }
}
