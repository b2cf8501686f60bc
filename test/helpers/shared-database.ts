import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { loadConfig } from '../../src/config/config.ts';
import { openAppDeps } from '../../src/deps.ts';
import { buildApp } from '../../src/app.ts';
import { isolatedDatabase, isPostgres } from './test-store.ts';
import { TEST_ISSUER, TestClock, type TestApp } from './test-app.ts';

/** Several app instances on one database and one clock, as a fleet of servers runs. */
export interface Fleet {
  instances: TestApp[];
  clock: TestClock;
  /** Closes every instance, then throws the database away. */
  close(): Promise<void>;
}

/**
 * `count` instances of the real app over one fresh database: a shared SQLite file (two
 * in-memory databases would be two servers) or one PostgreSQL schema.
 */
export async function startFleet(count: number, env: Record<string, string> = {}): Promise<Fleet> {
  const database = await isolatedDatabase();
  const folder = isPostgres ? undefined : mkdtempSync(join(tmpdir(), 'airisk-fleet-'));
  const config = loadConfig({
    AIRISK_DATABASE_URL: folder ? `sqlite:${join(folder, 'airisk.db')}` : database.url,
    AIRISK_ISSUER: TEST_ISSUER,
    AIRISK_MASTER_KEY: randomBytes(32).toString('base64'),
    ...env,
  });
  const clock = new TestClock();
  const instances: TestApp[] = [];
  // One after the other, so the first creates the schema and the first signing key.
  for (let index = 0; index < count; index += 1) {
    const deps = await openAppDeps(config, {
      clock,
      database: { searchPath: database.searchPath },
    });
    const app = await buildApp(deps);
    instances.push({
      ...deps,
      app,
      clock,
      async close() {
        await app.close();
        await deps.store.close();
      },
    });
  }
  return {
    instances,
    clock,
    async close() {
      for (const instance of instances.splice(0)) {
        await instance.close();
      }
      await database.drop();
      if (folder) {
        rmSync(folder, { recursive: true, force: true });
      }
    },
  };
}
