import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import pg from 'pg';
import { isolatedDatabase, isPostgres } from './test-store.ts';
import { openTestApp, type TestApp } from './test-app.ts';

/** The real app over a database this test can also read raw: a SQLite file or a PG schema. */
export async function appWithRawRows(): Promise<{
  t: TestApp;
  rows: (table: string) => Promise<Record<string, unknown>[]>;
}> {
  const dir = mkdtempSync(join(tmpdir(), 'airisk-at-rest-'));
  const file = join(dir, 'airisk.db');
  const database = isPostgres
    ? await isolatedDatabase()
    : { url: `sqlite:${file}`, searchPath: undefined, drop: async () => {} };
  const t = await openTestApp(database);
  const raw = new pg.Client({ connectionString: database.url });
  let connected: Promise<unknown> | undefined;
  const rows = async (table: string): Promise<Record<string, unknown>[]> => {
    if (!isPostgres) {
      const sqlite = new BetterSqlite3(file, { readonly: true });
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
    rmSync(dir, { recursive: true, force: true });
  };
  return { t: { ...t, close }, rows };
}
