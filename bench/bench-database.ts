import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { dropSchema, withPostgres } from '../test/helpers/test-store.ts';

export type StoreName = 'sqlite' | 'postgres';

/** A database only this run uses, and how to throw it away. */
export interface BenchDatabase {
  store: StoreName;
  url: string;
  /** PostgreSQL schema private to this run; undefined on SQLite. */
  searchPath: string | undefined;
  drop(): Promise<void>;
}

// A run the watchdog or Ctrl-C killed cannot drop its schema; the next run drops it when stale.
const STALE_AFTER_SECONDS = 3600;

/** A SQLite file in a fresh temporary folder: on disk, as a server runs it (not :memory:). */
export async function sqliteDatabase(): Promise<BenchDatabase> {
  const folder = await mkdtemp(join(tmpdir(), 'airisk-bench-'));
  return {
    store: 'sqlite',
    url: `sqlite:${join(folder, 'bench.db')}`,
    searchPath: undefined,
    drop: () => rm(folder, { recursive: true, force: true }),
  };
}

/** A fresh schema in the PostgreSQL database at `url`, dropped at the end. */
export async function postgresDatabase(url: string): Promise<BenchDatabase> {
  const schema = `bench_${Math.floor(Date.now() / 1000)}_${randomBytes(6).toString('hex')}`;
  await withPostgres(url, async (client) => {
    await dropStaleSchemas(client);
    await client.query(`create schema ${schema}`);
  });
  return {
    store: 'postgres',
    url,
    searchPath: schema,
    drop: () => withPostgres(url, (client) => dropSchema(client, schema)),
  };
}

async function dropStaleSchemas(client: pg.Client): Promise<void> {
  const { rows } = await client.query<{ nspname: string }>(
    "select nspname from pg_namespace where nspname like 'bench\\_%'",
  );
  const cutoff = Date.now() / 1000 - STALE_AFTER_SECONDS;
  for (const { nspname } of rows) {
    const createdAt = Number(/^bench_(\d+)_/.exec(nspname)?.[1] ?? Infinity);
    if (createdAt < cutoff) {
      await dropSchema(client, nspname);
    }
  }
}
