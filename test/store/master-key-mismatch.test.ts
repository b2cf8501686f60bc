import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config/config.ts';
import { openAppDeps } from '../../src/deps.ts';
import { openStore } from '../../src/store/kysely-store.ts';
import { serverDatabase, type ServerDatabase } from '../helpers/server-process.ts';

// A server started with another master key than its database's, or with its key file lost,
// says so and which key it used; it never makes a new key for data sealed with the old one.

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(cleanups.splice(0).map((cleanup) => cleanup()));
});

async function startAndClose(databaseUrl: string, masterKey?: string): Promise<void> {
  const config = loadConfig({
    AIRISK_DATABASE_URL: databaseUrl,
    ...(masterKey !== undefined && { AIRISK_MASTER_KEY: masterKey }),
  });
  const deps = await openAppDeps(config);
  await deps.extraction.close();
  await deps.store.close();
}

function sqliteFolder(): string {
  const folder = mkdtempSync(join(tmpdir(), 'airisk-key-'));
  cleanups.push(async () => rmSync(folder, { recursive: true, force: true }));
  return folder;
}

describe('the master key a database was created with', () => {
  it('refuses another key at start, naming AIRISK_MASTER_KEY, and leaves the database usable with its own', async () => {
    const database: ServerDatabase = await serverDatabase();
    cleanups.push(() => database.drop());
    await startAndClose(database.processUrl, database.masterKey);

    const started = startAndClose(database.processUrl, randomBytes(32).toString('base64'));

    await expect(started).rejects.toThrow(ConfigError);
    await expect(started).rejects.toThrow(
      'The master key from AIRISK_MASTER_KEY is not the key this database was created with',
    );
    await expect(startAndClose(database.processUrl, database.masterKey)).resolves.toBeUndefined();
  });

  it('refuses a SQLite key file replaced by another key, naming the file', async () => {
    const folder = sqliteFolder();
    const url = `sqlite:${join(folder, 'airisk.db')}`;
    await startAndClose(url);
    // What an operator might do: a key of their own in the file's place.
    writeFileSync(join(folder, 'master.key'), randomBytes(32).toString('base64url'));

    await expect(startAndClose(url)).rejects.toThrow(
      `The master key from ${join(folder, 'master.key')} is not the key`,
    );
  });

  it('makes no new key file for a SQLite database whose key file was deleted', async () => {
    const folder = sqliteFolder();
    const url = `sqlite:${join(folder, 'airisk.db')}`;
    await startAndClose(url);
    rmSync(join(folder, 'master.key'));

    const started = startAndClose(url);

    await expect(started).rejects.toThrow(ConfigError);
    await expect(started).rejects.toThrow(`${join(folder, 'master.key')} is missing`);
    expect(existsSync(join(folder, 'master.key'))).toBe(false);
  });

  it('makes the key file for a SQLite database migrated but holding nothing sealed yet', async () => {
    const folder = sqliteFolder();
    const url = `sqlite:${join(folder, 'airisk.db')}`;
    const store = await openStore(url);
    await store.close();

    await startAndClose(url);

    expect(existsSync(join(folder, 'master.key'))).toBe(true);
  });
});
