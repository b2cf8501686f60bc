import { randomBytes } from 'node:crypto';
import type { TestProject } from 'vitest/node';
import { dropSchema, withPostgres } from './test-store.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    /** In every schema this run creates: its teardown drops the ones its workers pooled. */
    testRunTag: string;
  }
}

const STALE_AFTER_SECONDS = 3600;

/**
 * Drops the PostgreSQL schemas an interrupted run left behind (each test drops or pools its own,
 * but a killed run cannot). Only old ones: another run may be using the new ones. Then compacts
 * the database's catalogs. Its teardown drops the schemas this run's workers pooled.
 */
export default async function dropLeftoverSchemas(project: TestProject) {
  const tag = randomBytes(4).toString('hex');
  project.provide('testRunTag', tag);
  const url = process.env.AIRISK_TEST_DATABASE_URL;
  if (!url) {
    return undefined;
  }
  await withPostgres(url, async (client) => {
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
    // Tests create and drop schemas: tens of thousands of dead catalog rows per run. With
    // autovacuum off (as on the project's machines) nothing reclaims them and every run is slower
    // than the last, so a run starts from compact catalogs (a few seconds; a superuser's right,
    // and skipped when another run holds a lock too long).
    await client.query("set lock_timeout = '10s'");
    await client.query('vacuum full').catch(() => undefined);
  });
  return () =>
    withPostgres(url, async (client) => {
      const { rows } = await client.query<{ nspname: string }>(
        'select nspname from pg_namespace where nspname like $1',
        [`test\\_%\\_${tag}\\_%`],
      );
      for (const { nspname } of rows) {
        await dropSchema(client, nspname);
      }
    });
}
