import { afterEach, expect, it } from 'vitest';
import type { Kysely } from 'kysely';
import { openDatabase, type OpenedDatabase } from '../../src/store/database.ts';
import { migrateTo } from '../helpers/migrate-to.ts';
import { openStore } from '../../src/store/kysely-store.ts';
import type { Database } from '../../src/store/schema.ts';
import type { Store } from '../../src/store/store.ts';
import { sharedDatabase, type IsolatedDatabase } from '../helpers/test-store.ts';
import { redeem } from '../helpers/redeem-code.ts';

// Migration 0008 rebuilds authorization_codes and issued_tokens without their foreign key to
// api_clients, since the web app's built-in client (airisk-web) is not stored. What was issued
// before must come through whole, on both databases; deleting a client still takes its codes
// and tokens with it; and going back down drops only what no stored client owns.

const NOW = 1_700_000_000;
const CLIENT = 'client-before-0008';
const USER = 'user-before-0008';

let database: IsolatedDatabase | undefined;
let opened: OpenedDatabase | undefined;
let store: Store | undefined;

afterEach(async () => {
  await store?.close();
  await opened?.close();
  await database?.drop();
  database = opened = store = undefined;
});

async function seedBefore0008(db: Kysely<Database>): Promise<void> {
  await db
    .insertInto('apiClients')
    .values({
      id: CLIENT,
      name: 'Old client',
      secretHash: 'hash',
      redirectUris: '["https://localhost/callback"]',
      createdAt: NOW,
      disabledAt: null,
      previousSecretHash: null,
      previousSecretExpiresAt: null,
      lockedUntil: null,
    })
    .execute();
  await db
    .insertInto('users')
    .values({
      id: USER,
      email: 'old@example.com',
      emailNormalized: 'old@example.com',
      name: 'Old',
      roles: '["User"]',
      createdAt: NOW,
      disabledAt: null,
    })
    .execute();
  await db
    .insertInto('authorizationCodes')
    .values({
      codeHash: 'code-before-0008',
      clientId: CLIENT,
      redirectUri: 'https://localhost/callback',
      userId: USER,
      codeChallenge: null,
      createdAt: NOW,
      expiresAt: NOW + 60,
      consumedAt: null,
    })
    .execute();
  await db
    .insertInto('issuedTokens')
    .values({
      jti: 'token-before-0008',
      clientId: CLIENT,
      userId: USER,
      codeHash: 'code-before-0008',
      issuedAt: NOW,
      expiresAt: NOW + 3600,
      revokedAt: null,
    })
    .execute();
}

async function openBefore0008(): Promise<Kysely<Database>> {
  database = await sharedDatabase();
  opened = openDatabase(database.url, { searchPath: database.searchPath });
  await migrateTo(opened, '0007-accounts');
  await seedBefore0008(opened.db);
  return opened.db;
}

const count = async (db: Kysely<Database>, table: 'authorizationCodes' | 'issuedTokens') =>
  Number(
    (
      await db
        .selectFrom(table)
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );

it('keeps the codes and tokens issued before it, and a deleted client still takes them along', async () => {
  const db = await openBefore0008();
  store = await openStore((database as IsolatedDatabase).url, {
    searchPath: database?.searchPath,
  });

  expect(await store.tokens.findStanding('token-before-0008')).toMatchObject({
    revokedAt: null,
    userRoles: ['User'],
  });
  expect(await redeem(store, 'code-before-0008', CLIENT, NOW + 1)).toMatchObject({
    outcome: 'issued',
    userId: USER,
  });
  // The web app's client has no row, yet its tokens can now be recorded.
  await store.tokens.insert({
    jti: 'web-token',
    clientId: 'airisk-web',
    userId: USER,
    codeHash: null,
    issuedAt: NOW,
    expiresAt: NOW + 3600,
  });
  expect(await store.tokens.findStanding('web-token')).toMatchObject({ revokedAt: null });

  expect(await store.clients.remove(CLIENT)).toBe(true);
  expect(await store.tokens.findStanding('token-before-0008')).toBeUndefined();
  expect(await count(db, 'authorizationCodes')).toBe(0);
  expect(await count(db, 'issuedTokens')).toBe(1);
});

it('goes back down, dropping only what belongs to no stored client', async () => {
  const db = await openBefore0008();
  await migrateTo(opened as OpenedDatabase, '0008-web-client');
  await db
    .insertInto('issuedTokens')
    .values({
      jti: 'web-token',
      clientId: 'airisk-web',
      userId: USER,
      codeHash: null,
      issuedAt: NOW,
      expiresAt: NOW + 3600,
      revokedAt: null,
    })
    .execute();

  await migrateTo(opened as OpenedDatabase, '0007-accounts');

  const tokens = await db.selectFrom('issuedTokens').select('jti').execute();
  expect(tokens.map((t) => t.jti)).toEqual(['token-before-0008']);
  expect(await count(db, 'authorizationCodes')).toBe(1);
  // The foreign key is back: a token of a client that is not stored is refused again.
  await expect(
    db
      .insertInto('issuedTokens')
      .values({
        jti: 'orphan',
        clientId: 'airisk-web',
        userId: null,
        codeHash: null,
        issuedAt: NOW,
        expiresAt: NOW + 3600,
        revokedAt: null,
      })
      .execute(),
  ).rejects.toThrow();
  await migrateTo(opened as OpenedDatabase, '0008-web-client');
});
