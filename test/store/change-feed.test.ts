import { randomBytes, randomUUID } from 'node:crypto';
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/kysely-store.ts';
import type { Store } from '../../src/store/store.ts';
import {
  isolatedDatabase,
  isPostgres,
  sharedDatabase as sharedTestDatabase,
  testStoreUrl,
} from '../helpers/test-store.ts';
import { CHANGE_FEED_BOUND_MS, pollUntil, untilFollowingChanges } from '../helpers/eventually.ts';
import { redeem } from '../helpers/redeem-code.ts';

// Store.cacheVersion() (issue #5): the number the per-process caches of clients and token
// standings are keyed by. It must move after every committed change to a client, a user or a
// token's revocation, made here or by another connection (the CLI, another server), and must
// not move otherwise, or the caches would never hit.

const NOW = 1_700_000_000;
const REDIRECT_URI = 'https://localhost/callback';

// Stores close before their database goes: run in reverse order of registration.
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) {
    await cleanup();
  }
});

interface Database {
  url: string;
  /** The private PostgreSQL schema; undefined on SQLite. */
  searchPath: string | undefined;
}

/** A fresh database only this test sees: in-memory SQLite, or a private PostgreSQL schema. */
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

async function open(database: Database): Promise<Store> {
  const store = await openStore(database.url, { searchPath: database.searchPath });
  cleanups.push(() => store.close());
  return store;
}

/** What each test changes: a client, a user, a code and a token of both. */
interface Seeded {
  clientId: string;
  userId: string;
  codeHash: string;
  jti: string;
}

async function seed(store: Store): Promise<Seeded> {
  const clientId = await aClient(store);
  const userId = randomUUID();
  await store.users.insert({
    id: userId,
    email: `${userId}@example.com`,
    name: 'User',
    roles: ['User'],
    createdAt: NOW,
    disabledAt: null,
  });
  const codeHash = await aCode(store, clientId, userId);
  const jti = randomUUID();
  await store.tokens.insert({
    jti,
    clientId,
    userId,
    codeHash,
    issuedAt: NOW,
    expiresAt: NOW + 3600,
  });
  return { clientId, userId, codeHash, jti };
}

async function aClient(store: Store): Promise<string> {
  const id = randomUUID();
  await store.clients.insert({
    id,
    name: 'Client',
    secretHash: 'hash',
    redirectUris: [REDIRECT_URI],
    createdAt: NOW,
    disabledAt: null,
    previousSecretHash: null,
    previousSecretExpiresAt: null,
    lockedUntil: null,
  });
  return id;
}

async function aCode(store: Store, clientId: string, userId: string | null): Promise<string> {
  const codeHash = randomBytes(32).toString('base64url');
  await store.codes.insert({
    codeHash,
    clientId,
    redirectUri: REDIRECT_URI,
    userId,
    codeChallenge: null,
    createdAt: NOW,
    expiresAt: NOW + 60,
  });
  return codeHash;
}

/** NOTIFY on the schema's channel from a connection of its own, as another process would. */
async function notifyFromElsewhere(schema: string): Promise<void> {
  const client = new pg.Client({ connectionString: testStoreUrl });
  await client.connect();
  try {
    await client.query('select pg_notify($1, $2)', [`airisk_changes:${schema}`, '']);
  } finally {
    await client.end();
  }
}

/**
 * Asserts that the version is still `before`. On PostgreSQL a NOTIFY arrives some time after its
 * commit, so looking once proves little: a marker is sent on the channel after the writes, and
 * PostgreSQL delivers notifications in commit order, so once the marker has moved the version,
 * any notification of the writes has arrived too. The version must have moved for the marker
 * alone (each notification received moves it by one).
 */
async function expectUnchanged(store: Store, database: Database, before: number): Promise<void> {
  expect(store.cacheVersion()).toBe(before);
  if (database.searchPath !== undefined) {
    await notifyFromElsewhere(database.searchPath);
    const polled = await pollUntil(
      () => store.cacheVersion(),
      (version) => version !== before,
    );
    expect(polled.done, 'the marker notification never arrived').toBe(true);
    expect(polled.value).toBe(before + 1);
  }
}

type Change = (store: Store, seeded: Seeded) => Promise<unknown>;

const changesToCachedState: [string, Change][] = [
  ['a client secret rotated', (s, { clientId }) => s.clients.setSecretHash(clientId, 'new', null)],
  ['a client locked', (s, { clientId }) => s.clients.setLockedUntil(clientId, NOW + 900)],
  ['a client disabled', (s, { clientId }) => s.clients.setDisabledAt(clientId, NOW)],
  ['a client deleted', (s, { clientId }) => s.clients.remove(clientId)],
  ["a user's roles changed", (s, { userId }) => s.users.update(userId, { roles: ['Compliance'] })],
  ['a user disabled', (s, { userId }) => s.users.update(userId, { disabledAt: NOW })],
  ['a user deleted', (s, { userId }) => s.users.remove(userId)],
  ['a token revoked', (s, { jti, clientId }) => s.tokens.revoke(jti, clientId, NOW)],
  ["a user's tokens revoked", (s, { userId }) => s.tokens.revokeAll({ userId }, NOW)],
  ["a client's tokens revoked", (s, { clientId }) => s.tokens.revokeAll({ clientId }, NOW)],
  ["a code's tokens revoked (a replay)", (s, { codeHash }) => s.tokens.revokeByCode(codeHash, NOW)],
];

const unrelatedWrites: [string, Change][] = [
  ['an authorization code issued', (s, { clientId, userId }) => aCode(s, clientId, userId)],
  [
    'an audit event recorded',
    (s, { clientId }) =>
      s.audit.insert({
        id: randomUUID(),
        at: NOW,
        event: 'code_issued',
        outcome: 'success',
        clientId,
        userId: null,
        ip: '127.0.0.1',
        reason: null,
        details: {},
      }),
  ],
  ['a code consumed', (s, { codeHash, clientId }) => redeem(s, codeHash, clientId, NOW)],
  [
    'a token issued',
    (s, { clientId }) =>
      s.tokens.insert({
        jti: randomUUID(),
        clientId,
        userId: null,
        codeHash: null,
        issuedAt: NOW,
        expiresAt: NOW + 3600,
      }),
  ],
  ['a client created', (s) => aClient(s)],
  [
    'a user created',
    (s) =>
      s.users.insert({
        id: randomUUID(),
        email: `${randomUUID()}@example.com`,
        name: 'Other',
        roles: ['User'],
        createdAt: NOW,
        disabledAt: null,
      }),
  ],
  ['a rate-limit hit counted', (s) => s.rateLimits.hit(['ip:127.0.0.1'], NOW, 5)],
  [
    'a group created',
    (s) => s.groups.insert({ id: randomUUID(), name: 'Group', description: '', createdAt: NOW }),
  ],
  ['a revocation of an unknown token', (s, { clientId }) => s.tokens.revoke('nope', clientId, NOW)],
  ['a revocation of no token of the user', (s) => s.tokens.revokeAll({ userId: 'nobody' }, NOW)],
  ['an update of an unknown client', (s) => s.clients.setDisabledAt('nobody', NOW)],
  ['an update of an unknown user', (s) => s.users.update('nobody', { name: 'X' })],
  ['a removal of an unknown user', (s) => s.users.remove('nobody')],
];

describe('Store.cacheVersion', () => {
  it('stays the same while nothing changes, reads included (or no cache would ever hit)', async () => {
    const database = await freshDatabase();
    const store = await open(database);
    const seeded = await seed(store);
    const before = await untilFollowingChanges(store);

    await store.clients.findById(seeded.clientId);
    await store.tokens.findStanding(seeded.jti);
    await store.users.findById(seeded.userId);

    expect(store.cacheVersion()).toBe(before);
    expect(store.cacheVersion()).toBe(before);
  });

  it.each(changesToCachedState)(
    'changes at once after %s through the store',
    async (_n, change) => {
      const store = await open(await freshDatabase());
      const seeded = await seed(store);
      const before = await untilFollowingChanges(store);

      await change(store, seeded);

      const after = store.cacheVersion();
      expect(after).toEqual(expect.any(Number));
      expect(after).not.toBe(before);
    },
  );

  it.each(unrelatedWrites)('does not change after %s', async (_name, write) => {
    const database = await freshDatabase();
    const store = await open(database);
    const seeded = await seed(store);
    const before = await untilFollowingChanges(store);

    await write(store, seeded);

    await expectUnchanged(store, database, before);
  });

  it('inside store.transaction does not change until the commit, then does', async () => {
    const store = await open(await freshDatabase());
    const seeded = await seed(store);
    const before = await untilFollowingChanges(store);
    const seenInside: (number | undefined)[] = [];

    await store.transaction(async (tx) => {
      await tx.tokens.revoke(seeded.jti, seeded.clientId, NOW);
      seenInside.push(store.cacheVersion(), tx.cacheVersion());
      // A nested transaction is part of the outer one: its changes wait for the same commit.
      await tx.transaction((inner) => inner.clients.setDisabledAt(seeded.clientId, NOW));
      seenInside.push(store.cacheVersion());
      await tx.users.update(seeded.userId, { roles: ['CompanyAdmin'] });
      seenInside.push(store.cacheVersion());
    });

    expect(seenInside).toEqual([before, before, before, before]);
    const after = store.cacheVersion();
    expect(after).toEqual(expect.any(Number));
    expect(after).not.toBe(before);
  });

  it('does not change when the transaction rolls back', async () => {
    const database = await freshDatabase();
    const store = await open(database);
    const seeded = await seed(store);
    const before = await untilFollowingChanges(store);

    await expect(
      store.transaction(async (tx) => {
        await tx.tokens.revoke(seeded.jti, seeded.clientId, NOW);
        await tx.clients.setDisabledAt(seeded.clientId, NOW);
        await tx.users.update(seeded.userId, { disabledAt: NOW });
        throw new Error('changed my mind');
      }),
    ).rejects.toThrow('changed my mind');

    // The writes really were undone: nothing a cache holds is stale.
    expect(await store.tokens.findStanding(seeded.jti)).toEqual({
      revokedAt: null,
      clientDisabledAt: null,
      userDisabledAt: null,
      userRoles: ['User'],
    });
    await expectUnchanged(store, database, before);
  });

  it(`changes ${isPostgres ? `within ${CHANGE_FEED_BOUND_MS} ms` : 'at once'} after a change committed through a second connection to the same database`, async () => {
    const database = await sharedDatabase();
    const first = await open(database);
    const second = await open(database);
    const seeded = await seed(second);
    const before = await untilFollowingChanges(first);

    await second.clients.setDisabledAt(seeded.clientId, NOW);

    if (!isPostgres) {
      // PRAGMA data_version counts the other connection's commit: no message, no delay.
      expect(first.cacheVersion()).toEqual(expect.any(Number));
      expect(first.cacheVersion()).not.toBe(before);
      return;
    }
    const polled = await pollUntil(
      () => first.cacheVersion(),
      (version) => version !== undefined && version !== before,
    );
    expect(polled.done, `still ${polled.value} after ${polled.elapsedMs} ms`).toBe(true);
  });

  it.runIf(!isPostgres)("SQLite: a second connection's reads do not change it", async () => {
    const database = await sharedDatabase();
    const first = await open(database);
    const second = await open(database);
    const seeded = await seed(first);
    const before = await untilFollowingChanges(first);

    await second.tokens.findStanding(seeded.jti);
    await second.clients.list();

    expect(first.cacheVersion()).toBe(before);
  });
});

describe.runIf(isPostgres)('Store.cacheVersion on PostgreSQL (LISTEN/NOTIFY)', () => {
  it(`is undefined until the listener is connected, a number within ${CHANGE_FEED_BOUND_MS} ms`, async () => {
    const store = await open(await freshDatabase());

    // The first call only starts connecting the listener: nothing may be cached yet.
    expect(store.cacheVersion()).toBeUndefined();

    const polled = await pollUntil(
      () => store.cacheVersion(),
      (version) => version !== undefined,
    );
    expect(polled.done, `still undefined after ${polled.elapsedMs} ms`).toBe(true);
    expect(polled.value).toEqual(expect.any(Number));
  });

  it('does not change for changes to a store on another schema', async () => {
    const ours = await freshDatabase();
    const store = await open(ours);
    const other = await open(await freshDatabase());
    const seeded = await seed(other);
    const before = await untilFollowingChanges(store);

    await other.clients.setDisabledAt(seeded.clientId, NOW);
    await other.tokens.revokeAll({ userId: seeded.userId }, NOW);
    await other.users.update(seeded.userId, { roles: ['CompanyAdmin'] });

    await expectUnchanged(store, ours, before);
  });

  it('is undefined while the listener is lost, then a number it never had before', async () => {
    const database = await freshDatabase();
    const store = await open(database);
    const before = await untilFollowingChanges(store);

    // Kill the listening connection, as a database restart or a network cut would.
    const admin = new pg.Client({ connectionString: testStoreUrl });
    await admin.connect();
    try {
      const { rowCount } = await admin.query(
        'select pg_terminate_backend(pid) from pg_stat_activity where query = $1',
        [`LISTEN ${pg.escapeIdentifier(`airisk_changes:${database.searchPath}`)}`],
      );
      expect(rowCount).toBe(1);
    } finally {
      await admin.end();
    }

    const lost = await pollUntil(
      () => store.cacheVersion(),
      (version) => version === undefined,
    );
    expect(lost.done, 'the lost listener went unnoticed').toBe(true);
    // It reconnects after a second; what changed meanwhile is unknown, so the version is new.
    const back = await pollUntil(
      () => store.cacheVersion(),
      (version) => version !== undefined,
    );
    expect(back.done, `not listening again after ${back.elapsedMs} ms`).toBe(true);
    expect(back.value).toBeGreaterThan(before);
  });
});
