import { randomBytes, randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AuthorizationCodeRecord, Store } from '../../src/store/store.ts';
import { isPostgres, openTestStore } from '../helpers/test-store.ts';

// The AuthorizationCodeRepository contract (and revocation of the tokens a code produced), on
// whichever store the suite runs: SQLite, or PostgreSQL through a connection pool.

const NOW = 1_700_000_000;

describe('authorization codes repository', () => {
  let store: Store;
  let close: () => Promise<void>;
  beforeEach(async () => {
    ({ store, close } = await openTestStore());
  });
  afterEach(() => close());

  async function aClientId(): Promise<string> {
    const id = randomUUID();
    await store.clients.insert({
      id,
      name: 'Client',
      secretHash: 'hash',
      redirectUris: ['https://localhost/callback'],
      createdAt: NOW,
      disabledAt: null,
      previousSecretHash: null,
      previousSecretExpiresAt: null,
      lockedUntil: null,
    });
    return id;
  }

  async function aCode(
    clientId: string,
    overrides: Partial<AuthorizationCodeRecord> = {},
  ): Promise<AuthorizationCodeRecord> {
    const code: AuthorizationCodeRecord = {
      codeHash: randomBytes(32).toString('base64url'),
      clientId,
      redirectUri: 'https://localhost/callback',
      userId: null,
      codeChallenge: null,
      createdAt: NOW,
      expiresAt: NOW + 60,
      ...overrides,
    };
    await store.codes.insert(code);
    return code;
  }

  it('consume returns the record once, then nothing', async () => {
    const clientId = await aClientId();
    await store.users.insert({
      id: 'user_42',
      email: 'u@example.com',
      name: 'U',
      roles: ['User'],
      createdAt: NOW,
      disabledAt: null,
    });
    const code = await aCode(clientId, { userId: 'user_42', codeChallenge: 'c'.repeat(43) });

    expect(await store.codes.consume(code.codeHash, clientId, NOW + 1)).toEqual(code);
    expect(await store.codes.consume(code.codeHash, clientId, NOW + 2)).toBeUndefined();
  });

  it(`of 20 concurrent consume calls for one code exactly one gets it${isPostgres ? ' (over a pool)' : ''}`, async () => {
    const clientId = await aClientId();
    const code = await aCode(clientId);

    const results = await Promise.all(
      Array.from({ length: 20 }, () => store.codes.consume(code.codeHash, clientId, NOW + 1)),
    );

    expect(results.filter((result) => result !== undefined)).toEqual([code]);
  });

  it('does not consume an expired code, and leaves it unused', async () => {
    const clientId = await aClientId();
    const code = await aCode(clientId, { expiresAt: NOW + 60 });

    expect(await store.codes.consume(code.codeHash, clientId, NOW + 60)).toBeUndefined();
    expect(await store.codes.consume(code.codeHash, clientId, NOW + 61)).toBeUndefined();
    expect(await store.codes.isConsumed(code.codeHash, clientId)).toBe(false);
    // One second earlier it was still valid.
    expect(await store.codes.consume(code.codeHash, clientId, NOW + 59)).toEqual(code);
  });

  it("does not consume another client's code, nor burn it for its owner", async () => {
    const owner = await aClientId();
    const other = await aClientId();
    const code = await aCode(owner);

    expect(await store.codes.consume(code.codeHash, other, NOW + 1)).toBeUndefined();
    expect(await store.codes.isConsumed(code.codeHash, other)).toBe(false);
    expect(await store.codes.consume(code.codeHash, owner, NOW + 1)).toEqual(code);
  });

  it('does not find an unknown code', async () => {
    const clientId = await aClientId();
    await aCode(clientId);
    expect(await store.codes.consume('unknown', clientId, NOW + 1)).toBeUndefined();
    expect(await store.codes.isConsumed('unknown', clientId)).toBe(false);
  });

  it("isConsumed is true only once the client's code was used", async () => {
    const clientId = await aClientId();
    const other = await aClientId();
    const used = await aCode(clientId);
    const unused = await aCode(clientId);

    expect(await store.codes.isConsumed(used.codeHash, clientId)).toBe(false);
    await store.codes.consume(used.codeHash, clientId, NOW + 1);

    expect(await store.codes.isConsumed(used.codeHash, clientId)).toBe(true);
    expect(await store.codes.isConsumed(used.codeHash, other)).toBe(false);
    expect(await store.codes.isConsumed(unused.codeHash, clientId)).toBe(false);
  });

  it('revokeByCode revokes every token issued from that code, once, and no other', async () => {
    const clientId = await aClientId();
    const code = await aCode(clientId);
    const otherCode = await aCode(clientId);
    const token = (jti: string, codeHash: string | null) =>
      store.tokens.insert({
        jti,
        clientId,
        userId: null,
        codeHash,
        issuedAt: NOW,
        expiresAt: NOW + 3600,
      });
    await token('t1', code.codeHash);
    await token('t2', code.codeHash);
    await token('t3', otherCode.codeHash);
    await token('t4', null);

    expect(await store.tokens.revokeByCode(code.codeHash, NOW + 5)).toBe(2);
    expect(await store.tokens.revokeByCode(code.codeHash, NOW + 9)).toBe(0);

    expect(await store.tokens.findStanding('t1')).toMatchObject({ revokedAt: NOW + 5 });
    expect(await store.tokens.findStanding('t2')).toMatchObject({ revokedAt: NOW + 5 });
    expect(await store.tokens.findStanding('t3')).toMatchObject({ revokedAt: null });
    expect(await store.tokens.findStanding('t4')).toMatchObject({ revokedAt: null });
  });
});
