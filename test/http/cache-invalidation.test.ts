import { randomBytes } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  deleteClient,
  rotateClientSecret,
  setClientDisabled,
  type ClientWithSecret,
} from '../../src/clients/clients.ts';
import { revokeAllTokens } from '../../src/oauth/revocation.ts';
import { updateUser } from '../../src/users/users.ts';
import { openStore } from '../../src/store/kysely-store.ts';
import type { Store } from '../../src/store/store.ts';
import {
  isolatedDatabase,
  isPostgres,
  sharedDatabase as sharedTestDatabase,
} from '../helpers/test-store.ts';
import { TestClock, aClient, openTestApp, type TestApp } from '../helpers/test-app.ts';
import { startFleet } from '../helpers/shared-database.ts';
import { cliDatabase, runCliProcess } from '../helpers/run-cli.ts';
import { exchangeCode, getCode, getToken } from '../helpers/oauth-flow.ts';
import {
  asUser,
  clientOf,
  del,
  expectInvalidToken,
  expectProblem,
  expectRoleDenied,
  get,
  post,
  type Caller,
  type Response,
} from '../helpers/api-requests.ts';
import { authorizeRequest, expectOAuthProblem } from '../helpers/oauth-requests.ts';
import { inspectionRequest, introspect } from '../helpers/token-inspection.ts';
import { CHANGE_FEED_BOUND_MS, pollUntil, untilFollowingChanges } from '../helpers/eventually.ts';
import { ask, userWithAgent } from '../helpers/chat.ts';
import { recordedActivity } from '../helpers/recorded-activity.ts';

// Issue #5 caches clients and token standings (revoked? client or user disabled? roles?) in each
// process. Caching must never serve stale security state: a change takes effect at once in the
// process that made it; made by another connection (the CLI) or another instance, at once on
// SQLite (PRAGMA data_version is read on every check) and within CHANGE_FEED_BOUND_MS on
// PostgreSQL (NOTIFY travels after the commit). Each test but the fleet's (startFleet's
// instances count no statements) first proves that what it changes is really held in memory: a
// repeated request sends fewer statements to the database.

const LIST_USERS = '/api/Users/ListUsers';
const LIST_LOGS = '/api/Logs/ListLogs';

// Rate limits lease their budget from the database on some requests: off, so that statement
// counts show the caches under test alone.
const NO_RATE_LIMITS = { AIRISK_RATE_LIMIT_PER_IP: '0', AIRISK_RATE_LIMIT_PER_CLIENT: '0' };

// Apps and stores close before their database goes: run in reverse order of registration.
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) {
    await cleanup();
  }
});

interface Database {
  url: string;
  searchPath: string | undefined;
}

/** The real app over `database`, closed after the test. */
async function openApp(
  database: Database,
  masterKey = randomBytes(32).toString('base64'),
): Promise<TestApp> {
  const t = await openTestApp(database, { AIRISK_MASTER_KEY: masterKey, ...NO_RATE_LIMITS });
  cleanups.push(() => t.close());
  return t;
}

/** A database only this test sees: in-memory SQLite or a private PostgreSQL schema. */
async function freshDatabase(): Promise<Database> {
  const database = await isolatedDatabase();
  cleanups.push(() => database.drop());
  return { url: database.url, searchPath: database.searchPath };
}

/** A database a second connection can open too: a SQLite file or a private PostgreSQL schema. */
async function sharedDatabase(): Promise<Database> {
  const database = await sharedTestDatabase();
  cleanups.push(() => database.drop());
  return database;
}

/**
 * Sends `request` (answered `status`) until the caches answer it, that is until a use sends
 * fewer statements than the first one did; so the first must find nothing cached (a fresh token
 * or client, or the first use since a change). A change elsewhere may move the cache version in
 * between, hence a few tries.
 */
async function untilCached(
  t: TestApp,
  request: () => Promise<Response>,
  status = 200,
): Promise<void> {
  await untilFollowingChanges(t.store);
  const sent = async () => {
    const before = t.statements();
    const response = await request();
    expect(response.statusCode, response.body).toBe(status);
    return t.statements() - before;
  };
  const first = await sent();
  for (let attempt = 0; attempt < 3; attempt += 1) {
    if ((await sent()) < first) {
      return;
    }
  }
  expect.fail(`every use sent ${first} statements: nothing was served from the caches`);
}

/** A GET with the bearer token; the bearer check's answer is what the caches hold. */
const apiRequest =
  (t: TestApp, token: string, url = LIST_USERS) =>
  () =>
    get(t, token, url);

/** The authorization endpoint for the client; a code for it needs the client, from the cache. */
const authorizeAs =
  (t: TestApp, { client }: ClientWithSecret) =>
  () =>
    authorizeRequest(t, { client_id: client.id, redirect_uri: 'https://localhost/callback' });

/** A fresh code exchanged with this secret (client_secret_post). */
async function exchangeWith(t: TestApp, credentials: ClientWithSecret, secret: string) {
  const code = await getCode(t, credentials);
  return exchangeCode(t, { client: credentials.client, clientSecret: secret }, code);
}

/**
 * The next answer of `request` with `status`: the very next one when the change was made in this
 * process or on SQLite, one within CHANGE_FEED_BOUND_MS when another connection made it on
 * PostgreSQL.
 */
async function answered(
  request: () => Promise<Response>,
  status: number,
  { elsewhere }: { elsewhere: boolean },
): Promise<Response> {
  const bound = elsewhere && isPostgres ? CHANGE_FEED_BOUND_MS : 0;
  const polled = await pollUntil(request, (response) => response.statusCode === status, bound);
  expect(
    polled.value.statusCode,
    `still ${polled.value.statusCode} ${polled.elapsedMs} ms after the change: ${polled.value.body}`,
  ).toBe(status);
  return polled.value;
}

function expectTokenRefused(response: Response, reason: RegExp): void {
  expectInvalidToken(response);
  expectProblem(response, 401, reason);
}

const REVOKED = /revoked/;
const CLIENT_DISABLED = /client of this access token is disabled/;
const USER_DISABLED = /user of this access token is disabled/;
const DELETED = /client or user was deleted/;

/** Two CompanyAdmins (demoting one is not demoting the last) and a plain user. */
async function people(t: TestApp): Promise<{ admin: Caller; otherAdmin: Caller; user: Caller }> {
  return {
    admin: await asUser(t, ['CompanyAdmin']),
    otherAdmin: await asUser(t, ['CompanyAdmin']),
    user: await asUser(t, ['User']),
  };
}

describe('a change made in the same process takes effect at once', () => {
  let t: TestApp;
  beforeEach(async () => {
    t = await openApp(await freshDatabase());
  });

  it('refuses a cached token, and introspects it inactive, right after /api/oauth2/Revoke', async () => {
    const credentials = await clientOf(t);
    const { user } = await people(t);
    await untilCached(t, apiRequest(t, user.token));
    expect(await introspect(t, credentials, user.token)).toMatchObject({ active: true });

    const revoke = await inspectionRequest(t, 'Revoke', credentials, { token: user.token });
    expect(revoke.statusCode, revoke.body).toBe(200);

    // Resource servers that introspect learn it at once too.
    expect(await introspect(t, credentials, user.token)).toEqual({ active: false });
    expectTokenRefused(await get(t, user.token, LIST_USERS), REVOKED);
  });

  it('refuses a cached token right after its user is disabled (UpdateUser)', async () => {
    const { admin, user } = await people(t);
    await untilCached(t, apiRequest(t, user.token));

    const update = await post(t, admin.token, '/api/Users/UpdateUser', {
      userid: user.user.id,
      disabled: true,
    });
    expect(update.statusCode, update.body).toBe(200);

    expectTokenRefused(await get(t, user.token, LIST_USERS), USER_DISABLED);
    expect((await get(t, admin.token, LIST_USERS)).statusCode).toBe(200);
  });

  it('refuses a cached token right after its user is deleted (DeleteUser)', async () => {
    const { admin, user } = await people(t);
    await untilCached(t, apiRequest(t, user.token));

    const deleted = await del(t, admin.token, `/api/Users/DeleteUser/${user.user.id}`);
    expect(deleted.statusCode, deleted.body).toBe(204);

    expectTokenRefused(await get(t, user.token, LIST_USERS), DELETED);
  });

  it('takes the admin endpoints from a cached CompanyAdmin token right after a demotion', async () => {
    const { admin, otherAdmin } = await people(t);
    await untilCached(t, apiRequest(t, otherAdmin.token, LIST_LOGS));

    const update = await post(t, admin.token, '/api/Users/UpdateUser', {
      userid: otherAdmin.user.id,
      roles: ['User'],
    });
    expect(update.statusCode, update.body).toBe(200);

    expectRoleDenied(await get(t, otherAdmin.token, LIST_LOGS));
    const create = await post(t, otherAdmin.token, '/api/Users/CreateUser', {
      email: `new-${randomBytes(3).toString('hex')}@example.com`,
      name: 'New',
    });
    expectRoleDenied(create);
    // Still a valid token of a User: refused for the role, not as a token.
    expect((await get(t, otherAdmin.token, LIST_USERS)).statusCode).toBe(200);
  });

  it('gives the admin endpoints to a cached User token right after a promotion', async () => {
    const { admin, user } = await people(t);
    await untilCached(t, apiRequest(t, user.token, LIST_LOGS), 403);

    const update = await post(t, admin.token, '/api/Users/UpdateUser', {
      userid: user.user.id,
      roles: ['Compliance'],
    });
    expect(update.statusCode, update.body).toBe(200);

    expect((await get(t, user.token, LIST_LOGS)).statusCode).toBe(200);
  });

  it('refuses a cached client and its cached tokens right after it is disabled', async () => {
    const credentials = await clientOf(t);
    await untilCached(t, authorizeAs(t, credentials), 302);
    const { user } = await people(t);
    await untilCached(t, apiRequest(t, user.token));
    const code = await getCode(t, credentials);

    // What the admin's `airisk clients disable` runs.
    await setClientDisabled(t, credentials.client.id, true);

    expectTokenRefused(await get(t, user.token, LIST_USERS), CLIENT_DISABLED);
    expectOAuthProblem(await authorizeAs(t, credentials)(), 401, 'invalid_client');
    expectOAuthProblem(await exchangeCode(t, credentials, code), 401, 'invalid_client', /disabled/);
  });

  it('refuses a cached client and its cached tokens right after it is deleted', async () => {
    const credentials = await clientOf(t);
    await untilCached(t, authorizeAs(t, credentials), 302);
    const { user } = await people(t);
    await untilCached(t, apiRequest(t, user.token));
    const code = await getCode(t, credentials);

    await deleteClient(t, credentials.client.id);

    expectTokenRefused(await get(t, user.token, LIST_USERS), DELETED);
    expectOAuthProblem(await authorizeAs(t, credentials)(), 401, 'invalid_client');
    expectOAuthProblem(await exchangeCode(t, credentials, code), 401, 'invalid_client');
  });

  it('refuses the old secret of a cached client right after a rotation without grace', async () => {
    const credentials = await aClient(t);
    await untilCached(t, authorizeAs(t, credentials), 302);
    // The client was just authenticated from the cache with this secret.
    expect((await exchangeWith(t, credentials, credentials.clientSecret)).statusCode).toBe(200);

    const newSecret = await rotateClientSecret(t, credentials.client.id, 0);

    expectOAuthProblem(
      await exchangeWith(t, credentials, credentials.clientSecret),
      401,
      'invalid_client',
    );
    expect((await exchangeWith(t, credentials, newSecret)).statusCode).toBe(200);
  });
});

describe(`a change made through another connection to the database (the CLI's way) takes effect ${
  isPostgres ? `within ${CHANGE_FEED_BOUND_MS} ms` : 'at once'
}`, () => {
  let t: TestApp;
  /** What the CLI opens: its own store on the same database. */
  let cli: { store: Store; clock: TestClock };
  beforeEach(async () => {
    const database = await sharedDatabase();
    t = await openApp(database);
    const store = await openStore(database.url, { searchPath: database.searchPath });
    cleanups.push(() => store.close());
    cli = { store, clock: t.clock };
  });
  const elsewhere = { elsewhere: true };

  it('a client disabled: its cached tokens and the cached client are refused', async () => {
    const credentials = await clientOf(t);
    await untilCached(t, authorizeAs(t, credentials), 302);
    const { user } = await people(t);
    await untilCached(t, apiRequest(t, user.token));
    const code = await getCode(t, credentials);

    await setClientDisabled(cli, credentials.client.id, true);

    expectTokenRefused(await answered(apiRequest(t, user.token), 401, elsewhere), CLIENT_DISABLED);
    expectOAuthProblem(await exchangeCode(t, credentials, code), 401, 'invalid_client', /disabled/);
    expectOAuthProblem(await authorizeAs(t, credentials)(), 401, 'invalid_client');
  });

  it("every token of a user revoked: its cached tokens are refused, others' are not", async () => {
    const credentials = await clientOf(t);
    const { user, admin } = await people(t);
    const second = await getToken(t, credentials, { userid: user.user.id });
    await untilCached(t, apiRequest(t, user.token));
    await untilCached(t, apiRequest(t, second));
    await untilCached(t, apiRequest(t, admin.token));

    expect(await revokeAllTokens(cli, { userId: user.user.id })).toBe(2);

    expectTokenRefused(await answered(apiRequest(t, user.token), 401, elsewhere), REVOKED);
    expectTokenRefused(await get(t, second, LIST_USERS), REVOKED);
    expect((await get(t, admin.token, LIST_USERS)).statusCode).toBe(200);
  });

  it('a CompanyAdmin demoted: its cached token loses the admin endpoints', async () => {
    const { otherAdmin } = await people(t);
    await untilCached(t, apiRequest(t, otherAdmin.token, LIST_LOGS));

    await updateUser(cli, otherAdmin.user.id, { roles: ['User'] });

    expectRoleDenied(await answered(apiRequest(t, otherAdmin.token, LIST_LOGS), 403, elsewhere));
  });

  it('a user disabled: its cached token is refused', async () => {
    const { user } = await people(t);
    await untilCached(t, apiRequest(t, user.token));

    await updateUser(cli, user.user.id, { disabled: true });

    expectTokenRefused(await answered(apiRequest(t, user.token), 401, elsewhere), USER_DISABLED);
  });

  it('a secret rotated without grace: the old one no longer authenticates the cached client', async () => {
    const credentials = await aClient(t);
    await untilCached(t, authorizeAs(t, credentials), 302);
    expect((await exchangeWith(t, credentials, credentials.clientSecret)).statusCode).toBe(200);

    const newSecret = await rotateClientSecret(cli, credentials.client.id, 0);

    const refused = await answered(
      () => exchangeWith(t, credentials, credentials.clientSecret),
      401,
      elsewhere,
    );
    expectOAuthProblem(refused, 401, 'invalid_client');
    expect((await exchangeWith(t, credentials, newSecret)).statusCode).toBe(200);
  });
});

describe('the real CLI, run beside the server on the same AIRISK_DATABASE_URL', () => {
  it(`is honoured ${isPostgres ? `within ${CHANGE_FEED_BOUND_MS} ms` : 'at once'}: users update --role, tokens revoke --user, clients disable`, async () => {
    const database = await cliDatabase();
    cleanups.push(() => database.drop());
    const masterKey = randomBytes(32).toString('base64');
    // As deployed: the server and the CLI are given the same URL (on PostgreSQL it names the
    // schema in its options). cliDatabase().openApp() would pass the schema as a store option
    // instead, which puts the app on another NOTIFY channel than the CLI.
    const t = await openApp({ url: database.url, searchPath: undefined }, masterKey);
    const cli = async (...args: string[]) => {
      const result = await runCliProcess(['--database', database.url, ...args], {
        AIRISK_MASTER_KEY: masterKey,
      });
      expect(result.code, result.stderr).toBe(0);
    };
    const elsewhere = { elsewhere: true };
    const credentials = await clientOf(t);
    await untilCached(t, authorizeAs(t, credentials), 302);
    const { admin, otherAdmin, user } = await people(t);
    await untilCached(t, apiRequest(t, otherAdmin.token, LIST_LOGS));
    await untilCached(t, apiRequest(t, user.token));
    await untilCached(t, apiRequest(t, admin.token));

    await cli('users', 'update', otherAdmin.user.id, '--role', 'User');
    expectRoleDenied(await answered(apiRequest(t, otherAdmin.token, LIST_LOGS), 403, elsewhere));

    await cli('tokens', 'revoke', '--user', user.user.id);
    expectTokenRefused(await answered(apiRequest(t, user.token), 401, elsewhere), REVOKED);

    // Both changes emptied the caches: fill them again, with tokens of the client still valid.
    await untilCached(t, apiRequest(t, admin.token));
    await untilCached(t, authorizeAs(t, credentials), 302);
    await cli('clients', 'disable', credentials.client.id);
    expectTokenRefused(await answered(apiRequest(t, admin.token), 401, elsewhere), CLIENT_DISABLED);
    expectOAuthProblem(await authorizeAs(t, credentials)(), 401, 'invalid_client');
  }, 90_000);
});

describe(`two instances on one database: a change on A reaches B's caches ${
  isPostgres ? `within ${CHANGE_FEED_BOUND_MS} ms` : 'at once'
}`, () => {
  let a: TestApp;
  let b: TestApp;
  beforeEach(async () => {
    const fleet = await startFleet(2, NO_RATE_LIMITS);
    cleanups.push(() => fleet.close());
    [a, b] = fleet.instances as [TestApp, TestApp];
  });
  const elsewhere = { elsewhere: true };

  /** Uses the request on B until B follows changes, then once more: B now holds the answer. */
  async function cachedOnB(request: () => Promise<Response>, status = 200): Promise<void> {
    await untilFollowingChanges(b.store);
    for (let use = 0; use < 2; use += 1) {
      const response = await request();
      expect(response.statusCode, response.body).toBe(status);
    }
  }

  it('a token used on B and revoked on A is refused on B', async () => {
    const { user } = await people(a);
    await cachedOnB(apiRequest(b, user.token));

    const revoke = await inspectionRequest(a, 'Revoke', await clientOf(a), { token: user.token });
    expect(revoke.statusCode, revoke.body).toBe(200);

    expectTokenRefused(await answered(apiRequest(b, user.token), 401, elsewhere), REVOKED);
  });

  it('a CompanyAdmin demoted on A loses the admin endpoints on B', async () => {
    const { admin, otherAdmin } = await people(a);
    await cachedOnB(apiRequest(b, otherAdmin.token, LIST_LOGS));

    const update = await post(a, admin.token, '/api/Users/UpdateUser', {
      userid: otherAdmin.user.id,
      roles: ['User'],
    });
    expect(update.statusCode, update.body).toBe(200);

    expectRoleDenied(await answered(apiRequest(b, otherAdmin.token, LIST_LOGS), 403, elsewhere));
  });

  it('a client disabled through A is refused on B, with its tokens', async () => {
    const credentials = await clientOf(a);
    const { user } = await people(a);
    await cachedOnB(apiRequest(b, user.token));
    await cachedOnB(authorizeAs(b, credentials), 302);
    const code = await getCode(b, credentials);

    await setClientDisabled(a, credentials.client.id, true);

    expectTokenRefused(await answered(apiRequest(b, user.token), 401, elsewhere), CLIENT_DISABLED);
    expectOAuthProblem(await exchangeCode(b, credentials, code), 401, 'invalid_client', /disabled/);
  });

  it("a model's price set, then removed, on A prices B's next answers, then no longer", async () => {
    const admin = await asUser(a, ['CompanyAdmin']);
    const { user, agent } = await userWithAgent(b, admin.token, { model: 'fleet-priced' });
    const price = { engine: 'demo', model: 'fleet-priced' };
    const costOnB = async () => {
      const answer = await ask(b, user.token, { agentid: agent.id, question: 'Cost?' });
      const events = await recordedActivity(b);
      return events.find((event) => event.messageId === answer.messageId)?.costMicros;
    };
    // B has looked the model up (no price) and holds that answer.
    await untilFollowingChanges(b.store);
    expect(await costOnB()).toBeNull();

    const set = await post(a, admin.token, '/api/Usage/SetPrice', {
      ...price,
      inputPerMillion: 1000,
      outputPerMillion: 1000,
    });
    expect(set.statusCode, set.body).toBe(200);
    const priced = await pollUntil(costOnB, (cost) => cost !== null, CHANGE_FEED_BOUND_MS);
    expect(priced.value).toBeGreaterThan(0);

    const removed = await post(a, admin.token, '/api/Usage/DeletePrice', price);
    expect(removed.statusCode, removed.body).toBe(204);
    const unpriced = await pollUntil(costOnB, (cost) => cost === null, CHANGE_FEED_BOUND_MS);
    expect(unpriced.value).toBeNull();
  });

  it('a secret rotated on A without grace: the old one fails on B', async () => {
    const credentials = await aClient(a);
    await cachedOnB(authorizeAs(b, credentials), 302);
    expect((await exchangeWith(b, credentials, credentials.clientSecret)).statusCode).toBe(200);

    const newSecret = await rotateClientSecret(a, credentials.client.id, 0);

    expectOAuthProblem(
      await answered(() => exchangeWith(b, credentials, credentials.clientSecret), 401, elsewhere),
      401,
      'invalid_client',
    );
    expect((await exchangeWith(b, credentials, newSecret)).statusCode).toBe(200);
  });
});
