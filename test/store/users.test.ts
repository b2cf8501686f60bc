import { randomBytes } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Store, UserRecord } from '../../src/store/store.ts';
import { ConflictError } from '../../src/lib/errors.ts';
import { openTestStore } from '../helpers/test-store.ts';
import { redeem } from '../helpers/redeem-code.ts';

// The UserRepository contract, on whichever store the suite runs (SQLite or PostgreSQL).

const NOW = 1_700_000_000;

describe('users repository', () => {
  let store: Store;
  let close: () => Promise<void>;
  beforeEach(async () => {
    ({ store, close } = await openTestStore());
  });
  afterEach(() => close());

  function aUser(overrides: Partial<UserRecord> = {}): UserRecord {
    const suffix = randomBytes(4).toString('hex');
    return {
      id: `user_${suffix}`,
      email: `${suffix}@example.com`,
      name: `User ${suffix}`,
      roles: ['User'],
      createdAt: NOW,
      disabledAt: null,
      defaultAgentId: null,
      ...overrides,
    };
  }

  async function insertAll(users: UserRecord[]): Promise<void> {
    for (const user of users) {
      await store.users.insert(user);
    }
  }

  it('finds an inserted user by id, exactly as inserted', async () => {
    const user = aUser({
      id: 'user_42',
      email: 'Ada@Example.com',
      roles: ['CompanyAdmin', 'Monitor'],
    });
    await store.users.insert(user);

    expect(await store.users.findById('user_42')).toEqual(user);
    expect(await store.users.findById('USER_42')).toBeUndefined();
    expect(await store.users.findById('nobody')).toBeUndefined();
  });

  it('lists pages in email order, ignoring case', async () => {
    const users = [
      aUser({ email: 'carol@example.com' }),
      aUser({ email: 'Alice@example.com' }),
      aUser({ email: 'bob@example.com' }),
      aUser({ email: 'Dave@example.com' }),
    ];
    await insertAll(users);
    const emails = async (limit: number, offset: number) =>
      (await store.users.list({ limit, offset })).map((user) => user.email);

    expect(await emails(10, 0)).toEqual([
      'Alice@example.com',
      'bob@example.com',
      'carol@example.com',
      'Dave@example.com',
    ]);
    expect(await emails(2, 1)).toEqual(['bob@example.com', 'carol@example.com']);
    expect(await emails(10, 4)).toEqual([]);
  });

  it('searches name or email as a case-insensitive substring, wildcards taken literally', async () => {
    await insertAll([
      aUser({ email: 'ada@lovelace.org', name: 'Ada Lovelace' }),
      aUser({ email: 'grace@navy.mil', name: 'Grace Hopper' }),
      aUser({ email: 'alan@bletchley.uk', name: 'Alan 100% Turing' }),
      aUser({ email: 'x_y@example.com', name: 'Underscore' }),
    ]);
    const names = async (search: string) =>
      (await store.users.list({ limit: 10, offset: 0, search })).map((user) => user.name);

    expect(await names('LOVE')).toEqual(['Ada Lovelace']);
    expect(await names('navy.MIL')).toEqual(['Grace Hopper']);
    expect(await names('a')).toEqual([
      'Ada Lovelace',
      'Alan 100% Turing',
      'Grace Hopper',
      'Underscore',
    ]);
    expect(await names('0%')).toEqual(['Alan 100% Turing']);
    expect(await names('%')).toEqual(['Alan 100% Turing']);
    expect(await names('x_y')).toEqual(['Underscore']);
    expect(await names('_')).toEqual(['Underscore']);
    expect(await names('nobody')).toEqual([]);
  });

  it('removes a user once', async () => {
    const user = aUser();
    const kept = aUser();
    await insertAll([user, kept]);

    expect(await store.users.remove(user.id)).toBe(true);
    expect(await store.users.remove(user.id)).toBe(false);
    expect(await store.users.findById(user.id)).toBeUndefined();
    expect(await store.users.list({ limit: 10, offset: 0 })).toEqual([kept]);
  });

  it.each([
    { taken: 'an email differing only in case', clash: { email: 'TAKEN@example.COM' } },
    { taken: 'an id', clash: { id: 'user_7' } },
  ])('rejects $taken already in use with ConflictError', async ({ clash }) => {
    await store.users.insert(aUser({ id: 'user_7', email: 'taken@example.com' }));

    await expect(store.users.insert(aUser(clash))).rejects.toBeInstanceOf(ConflictError);
    expect(await store.users.list({ limit: 10, offset: 0 })).toHaveLength(1);
  });

  it("deleting a user takes its tokens and codes with it, not other users'", async () => {
    await store.clients.insert({
      id: 'client-1',
      name: 'Client',
      secretHash: 'hash',
      redirectUris: ['https://localhost/callback'],
      createdAt: NOW,
      disabledAt: null,
      previousSecretHash: null,
      previousSecretExpiresAt: null,
      lockedUntil: null,
    });
    const gone = aUser({ roles: ['CompanyAdmin'] });
    const kept = aUser();
    await insertAll([gone, kept]);
    for (const [jti, userId] of [
      ['t-gone', gone.id],
      ['t-kept', kept.id],
      ['t-generic', null],
    ] as const) {
      await store.tokens.insert({
        jti,
        clientId: 'client-1',
        userId,
        codeHash: null,
        issuedAt: NOW,
        expiresAt: NOW + 3600,
      });
    }
    await store.codes.insert({
      codeHash: 'code-gone',
      clientId: 'client-1',
      redirectUri: 'https://localhost/callback',
      userId: gone.id,
      codeChallenge: null,
      createdAt: NOW,
      expiresAt: NOW + 60,
    });
    expect(await store.tokens.findStanding('t-gone')).toMatchObject({
      userRoles: ['CompanyAdmin'],
    });

    expect(await store.users.remove(gone.id)).toBe(true);

    expect(await store.tokens.findStanding('t-gone')).toBeUndefined();
    expect(await redeem(store, 'code-gone', 'client-1', NOW + 1)).toEqual({
      outcome: 'unavailable',
    });
    expect(await store.tokens.findStanding('t-kept')).toMatchObject({ userRoles: ['User'] });
    expect(await store.tokens.findStanding('t-generic')).toMatchObject({
      revokedAt: null,
      userRoles: undefined,
    });
  });
});
