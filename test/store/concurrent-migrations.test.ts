import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/kysely-store.ts';
import type { Store } from '../../src/store/store.ts';
import { isolatedDatabase, isPostgres, type IsolatedDatabase } from '../helpers/test-store.ts';

// A server and the CLI, or several servers, may start on one new database at the same moment.
// Kysely's migrator takes no lock on SQLite, so this guards our own (store/database.ts).
describe('concurrent migrations of one new database', () => {
  let folder: string | undefined;
  let database: IsolatedDatabase;
  const stores: Store[] = [];

  afterEach(async () => {
    await Promise.all(stores.splice(0).map((store) => store.close()));
    await database.drop();
    if (folder) {
      rmSync(folder, { recursive: true, force: true });
    }
  });

  it('migrates once, whoever opens it first, and every opener gets a working store', async () => {
    database = await isolatedDatabase();
    folder = isPostgres ? undefined : mkdtempSync(join(tmpdir(), 'airisk-migrate-'));
    const url = folder ? `sqlite:${join(folder, 'airisk.db')}` : database.url;

    const opened = await Promise.allSettled(
      Array.from({ length: 4 }, () => openStore(url, { searchPath: database.searchPath })),
    );
    for (const result of opened) {
      if (result.status === 'fulfilled') {
        stores.push(result.value);
      }
    }
    expect(opened.filter((result) => result.status === 'rejected')).toEqual([]);
    for (const store of stores) {
      expect(await store.clients.list()).toEqual([]);
    }
  });
});
