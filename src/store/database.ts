import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import pg from 'pg';
import { CamelCasePlugin, Kysely, PostgresDialect, SqliteDialect } from 'kysely';
import type { Database } from './schema.ts';
import { sqliteFilePath } from './database-url.ts';

export type Dialect = 'sqlite' | 'postgres';

export interface DatabaseOptions {
  /** PostgreSQL schema to use instead of `public` (tests isolate themselves this way). */
  readonly searchPath?: string;
}

const PG_INT8_OID = 20;

// Epoch seconds are BIGINT; they fit a JS number, so read them as one.
const typeParser = ((oid: number, format?: 'text' | 'binary'): unknown =>
  oid === PG_INT8_OID
    ? Number
    : pg.types.getTypeParser(oid, format)) as pg.CustomTypesConfig['getTypeParser'];

/** Opens the database a URL names. Dialect differences stop here. */
export function openDatabase(
  databaseUrl: string,
  options: DatabaseOptions = {},
): { db: Kysely<Database>; dialect: Dialect } {
  const plugins = [new CamelCasePlugin()];
  const file = sqliteFilePath(databaseUrl);
  if (file !== undefined) {
    if (file !== ':memory:') {
      mkdirSync(dirname(file), { recursive: true });
    }
    const sqlite = new BetterSqlite3(file);
    sqlite.pragma('journal_mode = WAL');
    sqlite.pragma('foreign_keys = ON');
    sqlite.pragma('busy_timeout = 5000');
    return {
      db: new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }), plugins }),
      dialect: 'sqlite',
    };
  }
  const pool = new pg.Pool({
    connectionString: databaseUrl,
    max: 10,
    options: options.searchPath ? `-c search_path=${options.searchPath}` : undefined,
    types: { getTypeParser: typeParser },
  });
  return {
    db: new Kysely<Database>({ dialect: new PostgresDialect({ pool }), plugins }),
    dialect: 'postgres',
  };
}
