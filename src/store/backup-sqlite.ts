import { existsSync, mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { ConfigError } from '../config/config.ts';
import { ConflictError, NotFoundError, ValidationError } from '../lib/errors.ts';
import type { BackupOptions, BackupProgress, RestoreResult } from './backup.ts';
import { migrateRestored, removeSqliteFile, requireBackupOf, writeBeside } from './backup-steps.ts';

// SQLite: the online backup API copies the live file page by page while the server goes on
// writing through its own connections (WAL mode lets it).

// Pages per step between progress reports (1 MiB of 4 KiB pages).
const PAGES_PER_STEP = 256;
// better-sqlite3's largest step: every remaining page at once, under one read transaction.
const ALL_PAGES = 0x7fffffff;
const BUSY_TIMEOUT_MS = 5000;

const MEMORY_DATABASE =
  'an in-memory database (sqlite::memory:) lives only as long as its process: point --database at the file the server uses, e.g. sqlite:./data/airisk.db';

/** Copies the live database at `source` into the new file `temp`, then checks the copy. */
export async function backupSqlite(
  source: string,
  temp: string,
  { onProgress }: Pick<BackupOptions, 'onProgress'>,
): Promise<{ schema: undefined }> {
  if (source === ':memory:') {
    throw new ConfigError(`Nothing to back up: ${MEMORY_DATABASE}`);
  }
  if (!existsSync(source)) {
    throw new NotFoundError(`There is no database at ${source}: check --database`);
  }
  // Only read through, but not read-only: closing the last connection then tidies the WAL away.
  const live = new BetterSqlite3(source, { fileMustExist: true, timeout: BUSY_TIMEOUT_MS });
  try {
    const refusal = `${source} is not an AIRisk database`;
    if (!holdsMigrations(live, refusal)) {
      throw new ValidationError(`${refusal}: check --database`);
    }
    await copyPages(live, temp, onProgress);
  } finally {
    live.close();
  }
  onProgress?.({ stage: 'checking' });
  const copy = new BetterSqlite3(temp, { fileMustExist: true });
  try {
    // One self-contained file: the live database's WAL mode would want -wal and -shm beside it.
    copy.pragma('journal_mode = DELETE');
    const integrity = copy.pragma('integrity_check', { simple: true });
    if (integrity !== 'ok') {
      throw new Error(`The copy of ${source} failed its integrity check: ${String(integrity)}`);
    }
  } finally {
    copy.close();
  }
  return { schema: undefined };
}

/**
 * Copies a backup into the SQLite file `target`, which must be absent or hold no tables:
 * through a temporary file migrated before it takes the target's place, so that the target
 * never holds a half-restored database nor one this version cannot run.
 */
export async function restoreSqlite(
  file: string,
  target: string,
  { onProgress }: Pick<BackupOptions, 'onProgress'>,
): Promise<Omit<RestoreResult, 'file' | 'dialect'>> {
  if (target === ':memory:') {
    throw new ConfigError(`Nowhere to restore to: ${MEMORY_DATABASE}`);
  }
  const backup = openBackup(file);
  let migrationsApplied: string[] = [];
  try {
    requireNoTables(target);
    mkdirSync(dirname(target), { recursive: true });
    await writeBeside(target, true, async (temp) => {
      onProgress?.({ stage: 'restoring' });
      await copyPages(backup, temp, onProgress);
      onProgress?.({ stage: 'migrating' });
      migrationsApplied = await migrateRestored(`sqlite:${temp}`, file);
      // Checked once more: the target may have gained tables meanwhile (a server started on it).
      requireNoTables(target);
    });
  } finally {
    backup.close();
  }
  return { target: resolve(target), migrationsApplied };
}

/**
 * The online backup, in steps so that progress can be reported. A write through another
 * connection between two steps restarts the copy; from then on it copies every page in one
 * step (one read transaction), which a busy server cannot restart.
 */
async function copyPages(
  source: BetterSqlite3.Database,
  destination: string,
  onProgress: BackupOptions['onProgress'],
): Promise<void> {
  let lastRemaining = Number.POSITIVE_INFINITY;
  let restarted = false;
  await source.backup(destination, {
    progress: ({ totalPages, remainingPages }) => {
      restarted ||= remainingPages >= lastRemaining;
      lastRemaining = remainingPages;
      const progress: BackupProgress = {
        stage: 'copying',
        copiedPages: totalPages - remainingPages,
        totalPages,
      };
      onProgress?.(progress);
      return restarted ? ALL_PAGES : PAGES_PER_STEP;
    },
  });
}

/** The backup file, opened read-only once it is known to be an intact AIRisk database. */
function openBackup(file: string): BetterSqlite3.Database {
  if (!existsSync(file)) {
    throw new NotFoundError(`There is no file ${file}: check the path of the backup`);
  }
  requireBackupOf('sqlite', file);
  const backup = new BetterSqlite3(file, { readonly: true, fileMustExist: true });
  try {
    const refusal = `${file} is not an AIRisk backup`;
    if (!holdsMigrations(backup, refusal)) {
      throw new ValidationError(`${refusal}: it holds no AIRisk tables`);
    }
    const integrity = readOrRefuse(refusal, () =>
      backup.pragma('integrity_check', { simple: true }),
    );
    if (integrity !== 'ok') {
      throw new ValidationError(
        `${file} is damaged (integrity check: ${String(integrity)}): restore an intact backup`,
      );
    }
    return backup;
  } catch (error) {
    backup.close();
    throw error;
  }
}

/** Refuses a target that holds tables: restoring never merges into, nor replaces, data. */
function requireNoTables(target: string): void {
  if (!existsSync(target)) {
    return;
  }
  const db = new BetterSqlite3(target, { fileMustExist: true, timeout: BUSY_TIMEOUT_MS });
  try {
    const tables = readOrRefuse(`${target} cannot take a restore`, () =>
      db.prepare("select count(*) from sqlite_master where type = 'table'").pluck().get(),
    );
    if (tables !== 0) {
      throw new ConflictError(
        `${target} already holds data; restore only into an empty database: move it aside or point --database at a new file`,
      );
    }
  } finally {
    db.close();
  }
  // Closing the last connection removes the WAL; one still there belongs to another process.
  if (existsSync(`${target}-wal`)) {
    throw new ConflictError(`${target} is open in another process: stop it, then restore`);
  }
  removeSqliteFile(target);
}

function holdsMigrations(db: BetterSqlite3.Database, refusal: string): boolean {
  const found = readOrRefuse(refusal, () =>
    db
      .prepare("select 1 from sqlite_master where type = 'table' and name = 'kysely_migration'")
      .get(),
  );
  return found !== undefined;
}

/** Runs a read, turning "this is no SQLite database" into `refusal`, which names the file. */
function readOrRefuse<T>(refusal: string, read: () => T): T {
  try {
    return read();
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === 'SQLITE_NOTADB' || code === 'SQLITE_CORRUPT') {
      throw new ValidationError(
        `${refusal}: it is not an intact SQLite database (${(error as Error).message})`,
      );
    }
    throw error;
  }
}
