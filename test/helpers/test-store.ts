import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { inject } from 'vitest';
import { MIGRATION_LOCK_KEY, type DatabaseOptions } from '../../src/store/database.ts';
import { MIGRATIONS } from '../../src/store/migrations/migrate.ts';
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
  const schema = newSchemaName();
  await withPostgres(testStoreUrl, (client) => client.query(`create schema ${schema}`));
  return {
    url: testStoreUrl,
    searchPath: schema,
    drop: () => withPostgres(testStoreUrl, (client) => dropSchema(client, schema)),
  };
}

/**
 * A schema name: the creation time lets a later run drop what an interrupted one left; the
 * run's tag lets this run's teardown drop what its workers pooled.
 */
function newSchemaName(): string {
  const tag = inject('testRunTag');
  return `test_${Math.floor(Date.now() / 1000)}_${tag}_${randomBytes(6).toString('hex')}`;
}

// Migrated PostgreSQL schemas this worker's tests gave back emptied, with their uses so far.
// Creating, migrating and dropping a schema cost a PostgreSQL test most of its time, and left
// the catalogs thousands of dead rows that made every later migration check slower; emptying
// one takes milliseconds.
const emptiedSchemas: { schema: string; uses: number }[] = [];
// With autovacuum off (as on the project's machines) deleted rows stay as dead tuples: a schema
// is dropped after this many uses, or when a test left more rows than this.
const MAX_USES = 50;
const MAX_ROWS_LEFT = 5_000;

/**
 * Like isolatedDatabase, but migrated (or not yet: the store's opening migrates it) and, on
 * PostgreSQL, taken from this worker's pool of emptied schemas when it has one. Dropping it
 * empties every table and gives it back; a schema that cannot be emptied at once (a connection
 * still holds a lock), whose migrations a test moved, or that has served its uses is dropped.
 */
export async function migratedDatabase(): Promise<IsolatedDatabase> {
  if (!isPostgres) {
    return isolatedDatabase();
  }
  const pooled = emptiedSchemas.pop() ?? {
    schema: (await isolatedDatabase()).searchPath!,
    uses: 0,
  };
  return {
    url: testStoreUrl,
    searchPath: pooled.schema,
    drop: () => giveBack({ schema: pooled.schema, uses: pooled.uses + 1 }),
  };
}

async function giveBack(pooled: { schema: string; uses: number }): Promise<void> {
  const emptied =
    pooled.uses < MAX_USES &&
    (await withPostgres(testStoreUrl, (client) => emptySchema(client, pooled.schema)).catch(
      () => false,
    ));
  if (emptied) {
    emptiedSchemas.push(pooled);
  } else {
    await withPostgres(testStoreUrl, (client) => dropSchema(client, pooled.schema));
  }
}

/**
 * Deletes every row of a schema at the latest migration and restarts its sequences, as fresh;
 * false if it is not at the latest migration or held more rows than MAX_ROWS_LEFT. DELETE, not
 * TRUNCATE: truncating three dozen tables makes new files for each and their indexes (half a
 * second). Foreign keys are not checked (a superuser's right): every row goes.
 */
async function emptySchema(client: pg.Client, schema: string): Promise<boolean> {
  const { rows } = await client.query<{ name: string; kind: string; relname: string }>(
    `select format('%I.%I', n.nspname, c.relname) as name, c.relkind as kind, c.relname
       from pg_class c join pg_namespace n on n.oid = c.relnamespace
      where n.nspname = $1 and c.relkind in ('r', 'S')`,
    [schema],
  );
  if (!rows.some((row) => row.relname === 'kysely_migration')) {
    return false;
  }
  const migrated = await client.query<{ count: string }>(
    `select count(*) from "${schema}".kysely_migration`,
  );
  if (Number(migrated.rows[0]?.count) !== Object.keys(MIGRATIONS).length) {
    return false;
  }
  const tables = rows.filter((row) => row.kind === 'r' && !row.relname.startsWith('kysely_'));
  const sequences = rows.filter((row) => row.kind === 'S');
  const results = (await client.query(
    [
      'begin',
      "set local lock_timeout = '2s'",
      'set local session_replication_role = replica',
      ...tables.map((table) => `delete from ${table.name}`),
      ...sequences.map((sequence) => `select setval('${sequence.name}', 1, false)`),
      'commit',
    ].join(';'),
  )) as unknown as pg.QueryResult[];
  const deleted = results
    .slice(3, 3 + tables.length)
    .reduce((sum, result) => sum + (result.rowCount ?? 0), 0);
  return deleted <= MAX_ROWS_LEFT;
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

/** A connection of its own to the PostgreSQL database at `url`, for `work`, then closed. */
export async function withPostgres<T>(
  url: string,
  work: (client: pg.Client) => Promise<T>,
): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
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
export async function openTestStore(
  options: Pick<DatabaseOptions, 'onQuery'> = {},
): Promise<{ store: Store; close: () => Promise<void> }> {
  const database = await migratedDatabase();
  const store = await openStore(database.url, { ...options, searchPath: database.searchPath });
  return {
    store,
    async close() {
      await store.close();
      await database.drop();
    },
  };
}
