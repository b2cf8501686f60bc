import { randomBytes } from 'node:crypto';
import type { FastifyInstance, FastifyServerOptions } from 'fastify';
import { loadConfig, type Config } from '../../src/config/config.ts';
import { openAppDeps } from '../../src/deps.ts';
import { buildApp, type AppDeps } from '../../src/app.ts';
import { createClient, type ClientWithSecret } from '../../src/clients/clients.ts';
import { createUser, type CreateUserInput } from '../../src/users/users.ts';
import type { UserRecord } from '../../src/store/store.ts';
import type { Role } from '../../src/vocabulary/roles.ts';
import { migratedDatabase } from './test-store.ts';

/** A clock the test moves by hand. */
export class TestClock {
  constructor(private now = Math.floor(Date.now() / 1000)) {}
  nowSeconds(): number {
    return this.now;
  }
  advance(seconds: number): void {
    this.now += seconds;
  }
}

export const TEST_ISSUER = 'http://airisk.test';
export const REDIRECT_URI = 'https://localhost/callback';

export interface TestApp extends AppDeps {
  app: FastifyInstance;
  clock: TestClock;
  /** SQL statements the app has sent to its database so far (transaction control included). */
  statements: () => number;
  close(): Promise<void>;
}

/**
 * The real app over its own fresh database and a hand-moved clock. `env` overrides the
 * configuration as the AIRISK_* variables would.
 */
export async function createTestApp(
  env: Record<string, string> = {},
  logger: FastifyServerOptions['logger'] = false,
): Promise<TestApp> {
  const database = await migratedDatabase();
  const t = await openTestApp(database, env, { logger });
  return {
    ...t,
    async close() {
      await t.close();
      await database.drop();
    },
  };
}

/** The real app over a database the caller owns (and drops): another connection may share it. */
export async function openTestApp(
  database: { url: string; searchPath: string | undefined },
  env: Record<string, string> = {},
  {
    logger = false,
    clock = new TestClock(),
  }: { logger?: FastifyServerOptions['logger']; clock?: TestClock } = {},
): Promise<TestApp> {
  const config: Config = loadConfig({
    AIRISK_DATABASE_URL: database.url,
    AIRISK_ISSUER: TEST_ISSUER,
    AIRISK_MASTER_KEY: randomBytes(32).toString('base64'),
    ...env,
  });
  let statements = 0;
  const deps = await openAppDeps(config, {
    clock,
    database: { searchPath: database.searchPath, onQuery: () => (statements += 1) },
  });
  const app = await buildApp(deps, logger);
  return {
    ...deps,
    app,
    clock,
    statements: () => statements,
    async close() {
      await app.close();
      await deps.store.close();
    },
  };
}

export function aClient(
  t: TestApp,
  redirectUris: string[] = [REDIRECT_URI],
): Promise<ClientWithSecret> {
  return createClient(t, { name: 'Test client', redirectUris });
}

let userCount = 0;

export function aUser(
  t: TestApp,
  input: Partial<CreateUserInput> & { roles?: Role[] } = {},
): Promise<UserRecord> {
  userCount += 1;
  return createUser(t, {
    email: `user${userCount}-${randomBytes(3).toString('hex')}@example.com`,
    name: `User ${userCount}`,
    ...input,
  });
}
