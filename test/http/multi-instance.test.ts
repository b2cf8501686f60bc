import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { loadConfig } from '../../src/config/config.ts';
import { openAppDeps } from '../../src/deps.ts';
import { buildApp, type AppDeps } from '../../src/app.ts';
import { createClient } from '../../src/clients/clients.ts';
import { isolatedDatabase, isPostgres, type IsolatedDatabase } from '../helpers/test-store.ts';
import { REDIRECT_URI, TEST_ISSUER } from '../helpers/test-app.ts';
import { exchangeCode, getCode } from '../helpers/oauth-flow.ts';

interface Instance {
  app: FastifyInstance;
  deps: AppDeps;
}

// Several server processes on one database must behave as one server: what one issues, any
// other honours, and what one revokes, every other refuses.
describe('several instances on one database', () => {
  const instances: Instance[] = [];
  let database: IsolatedDatabase;
  let folder: string | undefined;

  afterEach(async () => {
    for (const { app, deps } of instances.splice(0)) {
      await app.close();
      await deps.store.close();
    }
    await database.drop();
    if (folder) {
      rmSync(folder, { recursive: true, force: true });
    }
  });

  async function startInstances(count: number): Promise<Instance[]> {
    database = await isolatedDatabase();
    // Two in-memory SQLite databases would be two servers; a shared file is one.
    folder = isPostgres ? undefined : mkdtempSync(join(tmpdir(), 'airisk-'));
    const url = folder ? `sqlite:${join(folder, 'airisk.db')}` : database.url;
    const config = loadConfig({
      AIRISK_DATABASE_URL: url,
      AIRISK_ISSUER: TEST_ISSUER,
      AIRISK_MASTER_KEY: randomBytes(32).toString('base64'),
    });
    const start = async (): Promise<Instance> => {
      const deps = await openAppDeps(config, { database: { searchPath: database.searchPath } });
      return { deps, app: await buildApp(deps) };
    };
    // Started together, as a fleet starts: each races to migrate and to make the first signing key.
    const started = await Promise.all(Array.from({ length: count }, start));
    instances.push(...started);
    return started;
  }

  it('redeems on one instance a code minted on another, and honours its token everywhere', async () => {
    const [first, second, third] = (await startInstances(3)) as [Instance, Instance, Instance];
    const { client, clientSecret } = await createClient(first.deps, {
      name: 'Fleet',
      redirectUris: [REDIRECT_URI],
    });

    const credentials = { client, clientSecret };
    const code = await getCode(first, credentials);
    const exchange = await exchangeCode(second, credentials, code);
    expect(exchange.statusCode, exchange.body).toBe(200);
    const token = exchange.json<{ access_token: string }>().access_token;

    for (const { app } of [first, second, third]) {
      const list = await app.inject({
        url: '/api/Users/ListUsers',
        headers: { authorization: `Bearer ${token}` },
      });
      expect(list.statusCode, list.body).toBe(200);
    }

    // A replay on the third instance revokes the token for all of them, as soon as PostgreSQL
    // delivers the revocation's notification to the other instances (milliseconds).
    const replay = await exchangeCode(third, credentials, code);
    expect(replay.statusCode).toBe(400);
    for (const { app } of [first, second, third]) {
      const list = () =>
        app.inject({ url: '/api/Users/ListUsers', headers: { authorization: `Bearer ${token}` } });
      await expect.poll(async () => (await list()).statusCode, { timeout: 2000 }).toBe(401);
    }
  });

  it('publishes the same signing keys from every instance', async () => {
    const [first, second] = (await startInstances(2)) as [Instance, Instance];
    const jwks = async ({ app }: Instance) =>
      (await app.inject({ url: '/.well-known/jwks.json' })).json<{ keys: { kid: string }[] }>();
    const fromFirst = await jwks(first);
    expect(fromFirst.keys.length).toBeGreaterThan(0);
    expect(await jwks(second)).toEqual(fromFirst);
  });
});
