import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/store/database.ts';
import { openStore } from '../../src/store/kysely-store.ts';
import { NewerDatabaseError } from '../../src/store/migrations/migrate.ts';
import { SERVER_VERSION } from '../../src/lib/server-version.ts';
import {
  killAllServers,
  serverDatabase,
  startServer,
  type ServerDatabase,
} from '../helpers/server-process.ts';

// A database a newer version has migrated is refused, before anything touches it: an older
// server does not know its schema, and downgrades are not supported (restore a backup instead).

let database: ServerDatabase | undefined;
afterEach(async () => {
  await killAllServers();
  await database?.drop();
  database = undefined;
});

async function migratedByANewerVersion(): Promise<ServerDatabase> {
  const created = await serverDatabase();
  const opened = openDatabase(created.processUrl);
  try {
    await sql`insert into kysely_migration (name, timestamp) values ('9999-from-the-future', '2030-01-01T00:00:00.000Z')`.execute(
      opened.db,
    );
  } finally {
    await opened.close();
  }
  return created;
}

describe('a database migrated by a newer version', () => {
  it('is refused by the store, naming the unknown migration and this version', async () => {
    database = await migratedByANewerVersion();

    const opening = openStore(database.processUrl);

    await expect(opening).rejects.toThrow(NewerDatabaseError);
    await expect(opening).rejects.toThrow(
      `migration "9999-from-the-future" is unknown to version ${SERVER_VERSION}`,
    );
  });

  it('stops the server at start with that message, the database left as it was', async () => {
    database = await migratedByANewerVersion();

    await expect(startServer(database)).rejects.toThrow(
      /could not start: This database was migrated by a newer AIRisk server/,
    );

    const opened = openDatabase(database.processUrl);
    try {
      const { rows } = await sql<{
        name: string;
      }>`select name from kysely_migration where name = '9999-from-the-future'`.execute(opened.db);
      expect(rows).toHaveLength(1);
    } finally {
      await opened.close();
    }
  });
});
