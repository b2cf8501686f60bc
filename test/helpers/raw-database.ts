import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import BetterSqlite3 from 'better-sqlite3';
import pg from 'pg';
import { loadConfig } from '../../src/config/config.ts';
import { openAppDeps } from '../../src/deps.ts';
import { buildApp } from '../../src/app.ts';
import { isolatedDatabase, isPostgres } from './test-store.ts';
import { TestClock, TEST_ISSUER, type TestApp } from './test-app.ts';

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
  const config = loadConfig({
    AIRISK_DATABASE_URL: database.url,
    AIRISK_ISSUER: TEST_ISSUER,
    AIRISK_MASTER_KEY: randomBytes(32).toString('base64'),
  });
  const clock = new TestClock();
  const deps = await openAppDeps(config, { clock, database: { searchPath: database.searchPath } });
  const app = await buildApp(deps);
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
    await app.close();
    await deps.store.close();
    await raw.end().catch(() => undefined);
    await database.drop();
    rmSync(dir, { recursive: true, force: true });
  };
  return { t: { ...deps, app, clock, close }, rows };
}
