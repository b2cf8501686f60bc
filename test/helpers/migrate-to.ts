import { Migrator } from 'kysely';
import type { OpenedDatabase } from '../../src/store/database.ts';
import { MIGRATIONS } from '../../src/store/migrations/migrate.ts';

/**
 * Migrates the database up or down to exactly `target` (a migration's name), as the server's
 * migrator would, so a test can store rows the way an older version did. Throws on failure.
 */
export async function migrateTo(
  { db, withMigrationLock }: Pick<OpenedDatabase, 'db' | 'withMigrationLock'>,
  target: keyof typeof MIGRATIONS,
): Promise<void> {
  const { error } = await withMigrationLock((schema) =>
    new Migrator({
      db,
      migrationTableSchema: schema,
      provider: { getMigrations: () => Promise.resolve(MIGRATIONS) },
    }).migrateTo(target),
  );
  if (error) {
    throw error instanceof Error
      ? error
      : new Error(`Migrating to ${target} failed`, { cause: error });
  }
}
