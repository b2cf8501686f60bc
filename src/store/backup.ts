import { chmodSync } from 'node:fs';
import { resolve } from 'node:path';
import { sqliteFilePath } from '../config/database-url.ts';
import type { Dialect } from './database.ts';
import { backupSqlite, restoreSqlite } from './backup-sqlite.ts';
import { backupPostgres, restorePostgres } from './backup-postgres.ts';
import { writeBeside } from './backup-steps.ts';

// `airisk backup` and `airisk restore`: a consistent copy of a live database in one file, and
// that file back into an empty database. Neither ever holds the master key (see the README).

/** Where a backup or a restore has got to, for a progress line. */
export type BackupProgress =
  | { stage: 'copying'; copiedPages: number; totalPages: number }
  | { stage: 'dumping' | 'checking' | 'restoring' | 'migrating' };

export interface BackupOptions {
  /** Replace FILE when it exists (refused otherwise). */
  force?: boolean;
  /** The environment the PostgreSQL client tools run in: PATH, and PG* settings. */
  env: Readonly<Record<string, string | undefined>>;
  onProgress?: (progress: BackupProgress) => void;
}

export interface BackupResult {
  /** The backup's absolute path. */
  file: string;
  bytes: number;
  dialect: Dialect;
  /** The PostgreSQL schema backed up; undefined on SQLite. */
  schema: string | undefined;
}

export interface RestoreResult {
  file: string;
  dialect: Dialect;
  /** The SQLite file restored into, or the PostgreSQL schema. */
  target: string;
  /** Migrations run on the restored data to bring a backup of an older version up to date. */
  migrationsApplied: string[];
}

/**
 * Writes a consistent copy of the database at `databaseUrl` to `file` while others keep using
 * it: SQLite's online backup API, or pg_dump (one repeatable-read snapshot) of the schema the
 * server uses. The copy appears at `file` only once complete and checked.
 */
export async function backupDatabase(
  databaseUrl: string,
  file: string,
  options: BackupOptions,
): Promise<BackupResult> {
  const source = sqliteFilePath(databaseUrl);
  const { bytes, schema } = await writeBeside<{ schema: string | undefined }>(
    resolve(file),
    options.force === true,
    async (temp) => {
      const written =
        source === undefined
          ? await backupPostgres(databaseUrl, temp, options)
          : await backupSqlite(source, temp, options);
      // Like master.key: the backup holds password hashes, sealed secrets and everyone's data.
      chmodSync(temp, 0o600);
      return written;
    },
  );
  return {
    file: resolve(file),
    bytes,
    dialect: source === undefined ? 'postgres' : 'sqlite',
    schema,
  };
}

/**
 * Restores a backup `backupDatabase` wrote into the database at `databaseUrl`, which must hold
 * no AIRisk data, then migrates it: a backup of an older version comes back up to date, one of
 * a newer version is refused before anything is written.
 */
export async function restoreDatabase(
  databaseUrl: string,
  file: string,
  options: Omit<BackupOptions, 'force'>,
): Promise<RestoreResult> {
  const target = sqliteFilePath(databaseUrl);
  const restored =
    target === undefined
      ? await restorePostgres(databaseUrl, resolve(file), options)
      : await restoreSqlite(resolve(file), target, options);
  return {
    file: resolve(file),
    dialect: target === undefined ? 'postgres' : 'sqlite',
    ...restored,
  };
}
