import pg from 'pg';
import { dropSchema } from './test-store.ts';

const STALE_AFTER_SECONDS = 3600;

/**
 * Drops the PostgreSQL schemas an interrupted run left behind (each test drops its own in
 * afterEach, but a killed run cannot). Only old ones: another run may be using the new ones.
 * Then compacts the database's catalogs.
 */
export default async function dropLeftoverSchemas(): Promise<void> {
  const url = process.env.AIRISK_TEST_DATABASE_URL;
  if (!url) {
    return;
  }
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ nspname: string }>(
      "select nspname from pg_namespace where nspname like 'test\\_%'",
    );
    const cutoff = Date.now() / 1000 - STALE_AFTER_SECONDS;
    for (const { nspname } of rows) {
      const createdAt = Number(/^test_(\d+)_/.exec(nspname)?.[1] ?? 0);
      if (createdAt > cutoff) {
        continue;
      }
      await dropSchema(client, nspname);
    }
    // Each test creates and drops a schema: hundreds of thousands of catalog rows per run. With
    // autovacuum off (as on the project's machines) nothing reclaims them and every run is slower
    // than the last, so a run starts from compact catalogs (a few seconds; a superuser's right,
    // and skipped when another run holds a lock too long).
    await client.query("set lock_timeout = '10s'");
    await client.query('vacuum full').catch(() => undefined);
  } finally {
    await client.end();
  }
}
