import { randomBytes } from 'node:crypto';
import { closeSync, existsSync, openSync, readSync, renameSync, rmSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { ConflictError, NotFoundError, ValidationError } from '../lib/errors.ts';
import { openDatabase } from './database.ts';
import { NewerDatabaseError, runMigrations } from './migrations/migrate.ts';

// Steps backup and restore share on both dialects.

/**
 * Writes `file` through a temporary file beside it (same folder, so the rename is atomic),
 * renamed into place once `write` has finished: `file` never holds half a backup, and a failed
 * one leaves nothing behind. An existing `file` is refused unless `replace`.
 */
export async function writeBeside<T>(
  file: string,
  replace: boolean,
  write: (temp: string) => Promise<T>,
): Promise<T & { bytes: number }> {
  const folder = dirname(file);
  if (!existsSync(folder)) {
    throw new NotFoundError(`The folder ${folder} does not exist: create it, or choose another`);
  }
  if (existsSync(file)) {
    if (statSync(file).isDirectory()) {
      throw new ValidationError(`${file} is a folder: name the backup file itself`);
    }
    if (!replace) {
      throw new ConflictError(`${file} exists: choose another file, or add --force to replace it`);
    }
  }
  const temp = join(folder, `.${basename(file)}.${randomBytes(6).toString('hex')}.partial`);
  try {
    const result = await write(temp);
    const bytes = statSync(temp).size;
    renameSync(temp, file);
    return { ...result, bytes };
  } finally {
    removeSqliteFile(temp);
  }
}

/** Removes a SQLite file and the journal files SQLite may keep beside it; absent ones are fine. */
export function removeSqliteFile(file: string): void {
  for (const suffix of ['', '-wal', '-shm', '-journal']) {
    rmSync(`${file}${suffix}`, { force: true });
  }
}

/**
 * Brings restored data up to date, as the server's start would; returns the migrations run.
 * A backup of a newer version is refused, naming the migration this version does not know.
 */
export async function migrateRestored(databaseUrl: string, backupFile: string): Promise<string[]> {
  const opened = openDatabase(databaseUrl);
  try {
    const { results = [] } = await opened.withMigrationLock((schema) =>
      runMigrations(opened.db, schema),
    );
    return results.map((result) => result.migrationName);
  } catch (error) {
    throw error instanceof NewerDatabaseError ? newerBackupError(backupFile, error) : error;
  } finally {
    await opened.close();
  }
}

/** The refusal of a backup a newer version made: the admin restores it with that version. */
export function newerBackupError(backupFile: string, error: NewerDatabaseError): ValidationError {
  return new ValidationError(`Cannot restore ${backupFile}: ${error.message}`);
}

// The first bytes of each kind of backup file.
const MAGIC = { sqlite: 'SQLite format 3\0', postgres: 'PGDMP' } as const;

/**
 * Refuses a backup of the other database kind with what to do instead, before its contents are
 * read as this kind: what `backup` made on SQLite restores only into SQLite, and so on.
 */
export function requireBackupOf(kind: keyof typeof MAGIC, file: string): void {
  const head = Buffer.alloc(16);
  const handle = openSync(file, 'r');
  try {
    readSync(handle, head, 0, head.length, 0);
  } finally {
    closeSync(handle);
  }
  const other = kind === 'sqlite' ? 'postgres' : 'sqlite';
  if (head.toString('latin1').startsWith(MAGIC[other])) {
    throw new ValidationError(
      other === 'sqlite'
        ? `${file} is a backup of a SQLite database: restore it with --database sqlite:<new file>`
        : `${file} is a backup of a PostgreSQL database (pg_dump): restore it with --database postgres://…`,
    );
  }
}
