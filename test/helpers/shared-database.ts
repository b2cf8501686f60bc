import { randomBytes } from 'node:crypto';
import { sharedDatabase } from './test-store.ts';
import { openTestApp, TestClock, type TestApp } from './test-app.ts';

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
  const database = await sharedDatabase();
  const shared = { AIRISK_MASTER_KEY: randomBytes(32).toString('base64'), ...env };
  const clock = new TestClock();
  const instances: TestApp[] = [];
  // One after the other, so the first creates the schema and the first signing key.
  for (let index = 0; index < count; index += 1) {
    instances.push(await openTestApp(database, shared, { clock }));
  }
  return {
    instances,
    clock,
    async close() {
      for (const instance of instances.splice(0)) {
        await instance.close();
      }
      await database.drop();
    },
  };
}
