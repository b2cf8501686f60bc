import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { MIGRATION_LOCK_KEY } from '../../src/store/database.ts';
import { openStore } from '../../src/store/kysely-store.ts';
import type { Store } from '../../src/store/store.ts';

/** The store every test runs on: SQLite in memory, or PostgreSQL when the project sets it. */
export const testStoreUrl = process.env.AIRISK_TEST_STORE_URL ?? 'sqlite::memory:';

export const isPostgres = testStoreUrl.startsWith('postgres');

export interface IsolatedDatabase {
  url: string;
  /** PostgreSQL schema private to this test; undefined on SQLite. */
  searchPath: string | undefined;
  drop(): Promise<void>;
}

/**
 * A database no other test sees: a fresh in-memory SQLite, or a fresh PostgreSQL schema that
 * is dropped afterwards.
 */
export async function isolatedDatabase(): Promise<IsolatedDatabase> {
  if (!isPostgres) {
    return { url: testStoreUrl, searchPath: undefined, drop: async () => {} };
  }
  // The creation time in the name lets a later run drop what an interrupted one left.
  const schema = `test_${Math.floor(Date.now() / 1000)}_${randomBytes(6).toString('hex')}`;
  await withClient((client) => client.query(`create schema ${schema}`));
  return {
    url: testStoreUrl,
    searchPath: schema,
    drop: () => withClient((client) => dropSchema(client, schema)),
  };
}

/**
 * A database no other test sees that several connections can open (a server and the CLI, a
 * fleet): a SQLite file in a fresh folder, or a fresh PostgreSQL schema; dropped afterwards.
 */
export async function sharedDatabase(): Promise<IsolatedDatabase> {
  if (isPostgres) {
    return isolatedDatabase();
  }
  const folder = mkdtempSync(join(tmpdir(), 'airisk-shared-'));
  return {
    url: `sqlite:${join(folder, 'airisk.db')}`,
    searchPath: undefined,
    drop: async () => rmSync(folder, { recursive: true, force: true }),
  };
}

async function withClient(work: (client: pg.Client) => Promise<unknown>): Promise<void> {
  const client = new pg.Client({ connectionString: testStoreUrl });
  await client.connect();
  try {
    await work(client);
  } finally {
    await client.end();
  }
}

/**
 * Kysely's migrator inspects every schema of the database, and fails if one vanishes meanwhile;
 * dropping under the migration lock keeps other tests' migrations clear of it.
 */
export async function dropSchema(client: pg.Client, schema: string): Promise<void> {
  await client.query('begin');
  try {
    await client.query('select pg_advisory_xact_lock($1)', [MIGRATION_LOCK_KEY]);
    await client.query(`drop schema if exists "${schema}" cascade`);
    await client.query('commit');
  } catch (error) {
    await client.query('rollback');
    throw error;
  }
}

/** A migrated Store over its own isolated database, and how to throw both away. */
export async function openTestStore(): Promise<{ store: Store; close: () => Promise<void> }> {
  const database = await isolatedDatabase();
  const store = await openStore(database.url, { searchPath: database.searchPath });
  return {
    store,
    async close() {
      await store.close();
      await database.drop();
    },
  };
}
