import { existsSync } from 'node:fs';
import BetterSqlite3 from 'better-sqlite3';
import { resolveMasterKey } from '../config/master-key.ts';

// Every column that holds a value sealed with the master key (src/lib/encryption.ts).
const SEALED_COLUMNS = [
  ['signing_keys', 'private_jwk_encrypted'],
  ['agents', 'api_key_encrypted'],
  ['user_credentials', 'secret_encrypted'],
  ['user_logins', 'totp_secret_encrypted'],
  ['user_logins', 'totp_pending_encrypted'],
  ['monitor_targets', 'secret'],
] as const;

/**
 * The master key of a database (config/master-key.ts), checked against what the database holds:
 * no key file is made for a SQLite database that already holds sealed data.
 */
export function databaseMasterKey(configured: string | undefined, databaseUrl: string): Buffer {
  return resolveMasterKey(configured, databaseUrl, sqliteHoldsSealedData);
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
