import BetterSqlite3 from 'better-sqlite3';
import pg from 'pg';
import { isPostgres, sharedDatabase } from './test-store.ts';
import { sqliteFilePath } from '../../src/config/database-url.ts';
import { openTestApp, type TestApp } from './test-app.ts';

/** The real app over a database this test can also read raw: a SQLite file or a PG schema. */
export async function appWithRawRows(): Promise<{
  t: TestApp;
  rows: (table: string) => Promise<Record<string, unknown>[]>;
}> {
  const database = await sharedDatabase();
  const t = await openTestApp(database);
  const raw = new pg.Client({ connectionString: database.url });
  let connected: Promise<unknown> | undefined;
  const rows = async (table: string): Promise<Record<string, unknown>[]> => {
    if (!isPostgres) {
      const sqlite = new BetterSqlite3(sqliteFilePath(database.url) ?? '', { readonly: true });
      try {
        return sqlite.prepare(`select * from ${table}`).all() as Record<string, unknown>[];
      } finally {
        sqlite.close();
      }
    }
    connected ??= raw.connect();
    await connected;
    const result = await raw.query<Record<string, unknown>>(
      `select * from "${database.searchPath}".${table}`,
    );
    return result.rows;
  };
  const close = async () => {
    await t.close();
    await raw.end().catch(() => undefined);
    await database.drop();
  };
  return { t: { ...t, close }, rows };
}
