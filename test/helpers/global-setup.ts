import pg from 'pg';
import { dropSchema } from './test-store.ts';

const STALE_AFTER_SECONDS = 3600;

/**
 * Drops the PostgreSQL schemas an interrupted run left behind (each test drops its own in
 * afterEach, but a killed run cannot). Only old ones: another run may be using the new ones.
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
  } finally {
    await client.end();
  }
}
