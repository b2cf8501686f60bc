import { randomBytes, randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AuthorizationCodeRecord, CodeRedemption, Store } from '../../src/store/store.ts';
import { isPostgres, openTestStore } from '../helpers/test-store.ts';
import { redeem, redemptionOf } from '../helpers/redeem-code.ts';

// The AuthorizationCodeRepository contract (and revocation of the tokens a code produced), on
// whichever store the suite runs: SQLite, or PostgreSQL through a connection pool. Redemption
// itself: redeem-code.test.ts.

const NOW = 1_700_000_000;

describe('authorization codes repository', () => {
  let store: Store;
  let close: () => Promise<void>;
  let statements = 0;
  beforeEach(async () => {
    ({ store, close } = await openTestStore({ onQuery: () => (statements += 1) }));
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

  function aCodeRecord(
    clientId: string,
    overrides: Partial<AuthorizationCodeRecord> = {},
  ): AuthorizationCodeRecord {
    return {
      codeHash: randomBytes(32).toString('base64url'),
      clientId,
      redirectUri: 'https://localhost/callback',
      userId: null,
      codeChallenge: null,
      createdAt: NOW,
      expiresAt: NOW + 60,
      ...overrides,
    };
  }

  async function aCode(
    clientId: string,
    overrides: Partial<AuthorizationCodeRecord> = {},
  ): Promise<AuthorizationCodeRecord> {
    const code = aCodeRecord(clientId, overrides);
    await store.codes.insert(code);
    return code;
  }

  it("isConsumed is true only once the client's code was used", async () => {
    const clientId = await aClientId();
    const other = await aClientId();
    const used = await aCode(clientId);
    const unused = await aCode(clientId);

    expect(await store.codes.isConsumed(used.codeHash, clientId)).toBe(false);
    await redeem(store, used.codeHash, clientId, NOW + 1);

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
  describe('issueCode', () => {
    const auditOf = (clientId: string) => ({
      id: randomUUID(),
      at: NOW,
      event: 'code_issued' as const,
      outcome: 'success' as const,
      clientId,
      userId: null,
      ip: '192.0.2.1',
      reason: null,
      details: { pkce: false },
    });
    const issuedRecords = async () =>
      (await store.audit.list({ limit: 10, offset: 0, event: 'code_issued' })).length;

    it(`stores the code and its audit record in ${isPostgres ? 'one statement' : 'one transaction'}`, async () => {
      const clientId = await aClientId();
      const code = aCodeRecord(clientId);
      statements = 0;

      await store.issueCode(code, auditOf(clientId));

      expect(statements).toBe(isPostgres ? 1 : 4);
      expect(await redeem(store, code.codeHash, clientId, NOW + 1)).toMatchObject({
        outcome: 'issued',
      });
      expect(await issuedRecords()).toBe(1);
    });

    it('writes neither when the code cannot be stored', async () => {
      const clientId = await aClientId();
      const code = await aCode(clientId);

      await expect(store.issueCode(code, auditOf(clientId))).rejects.toThrow();
      expect(await issuedRecords()).toBe(0);
    });
  });

  describe('redeemCode', () => {
    const CHALLENGE = 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM';
    const USER = 'user_42';

    async function aUser(disabledAt: number | null = null): Promise<void> {
      await store.users.insert({
        id: USER,
        email: 'u@example.com',
        name: 'U',
        roles: ['User'],
        createdAt: NOW,
        disabledAt,
      });
    }

    /** What a redemption left: the code used or not, the token and the audit records. */
    async function traces(codeHash: string, clientId: string, jti: string) {
      return {
        used: await store.codes.isConsumed(codeHash, clientId),
        token: await store.tokens.findStanding(jti),
        issued: (await store.audit.list({ limit: 10, offset: 0, event: 'token_issued' })).map(
          ({ userId, details, ip }) => ({ userId, details, ip }),
        ),
      };
    }

    it('issues a generic token: consumes the code, writes the token and its audit record', async () => {
      const clientId = await aClientId();
      const code = await aCode(clientId);
      const terms = redemptionOf(code.codeHash, clientId, NOW + 1, {
        redirectUri: code.redirectUri,
      });

      expect(await store.redeemCode(terms)).toEqual({
        outcome: 'issued',
        userId: null,
        sessionId: null,
      });
      expect(await traces(code.codeHash, clientId, terms.token.jti)).toEqual({
        used: true,
        token: expect.objectContaining({ revokedAt: null, userRoles: undefined }),
        issued: [
          { userId: null, details: { jti: terms.token.jti, kind: 'generic' }, ip: '192.0.2.1' },
        ],
      });
    });

    it("issues a user's token with the code's user and a matching verifier", async () => {
      const clientId = await aClientId();
      await aUser();
      const code = await aCode(clientId, { userId: USER, codeChallenge: CHALLENGE });
      const terms = redemptionOf(code.codeHash, clientId, NOW + 1, {
        userId: USER,
        userIdRequired: true,
        verifierChallenge: CHALLENGE,
      });

      expect(await store.redeemCode(terms)).toEqual({
        outcome: 'issued',
        userId: USER,
        sessionId: null,
      });
      expect(await traces(code.codeHash, clientId, terms.token.jti)).toMatchObject({
        used: true,
        token: { userRoles: ['User'] },
        issued: [{ userId: USER, details: { jti: terms.token.jti, kind: 'user' } }],
      });
    });

    // Each leaves the code as it found it, and writes nothing.
    it.each([
      ['another client', { clientId: 'other' }],
      ['an expired code', { now: NOW + 60 }],
      ['an unknown code', { codeHash: 'unknown' }],
    ])('refuses %s as unavailable', async (_name, change) => {
      const clientId = await aClientId();
      await aClientId();
      const code = await aCode(clientId);
      const terms = { ...redemptionOf(code.codeHash, clientId, NOW + 1), ...change };

      expect(await store.redeemCode(terms)).toEqual({ outcome: 'unavailable' });
      expect(await traces(code.codeHash, clientId, terms.token.jti)).toEqual({
        used: false,
        token: undefined,
        issued: [],
      });
    });

    it('refuses a used code as unavailable', async () => {
      const clientId = await aClientId();
      const code = await aCode(clientId);
      await redeem(store, code.codeHash, clientId, NOW + 1);

      expect(await redeem(store, code.codeHash, clientId, NOW + 2)).toEqual({
        outcome: 'unavailable',
      });
      expect((await traces(code.codeHash, clientId, '')).issued).toHaveLength(1);
    });

    // Each burns the code (whoever holds it is not the one it was issued to) and issues nothing.
    it.each<[string, Partial<AuthorizationCodeRecord>, Partial<CodeRedemption>, number | null]>([
      ['another redirect URI', {}, { redirectUri: 'https://localhost/other' }, null],
      ['another user', { userId: USER }, { userId: 'user_7' }, null],
      ['a userid for a generic code', {}, { userId: USER }, null],
      [
        "no userid where strict mode wants the code's",
        { userId: USER },
        { userIdRequired: true },
        null,
      ],
      ['no verifier for a challenge', { codeChallenge: CHALLENGE }, {}, null],
      [
        'a wrong verifier',
        { codeChallenge: CHALLENGE },
        { verifierChallenge: CHALLENGE.toLowerCase() },
        null,
      ],
      ['a malformed verifier', { codeChallenge: CHALLENGE }, { verifierChallenge: '' }, null],
      ['a verifier without a challenge', {}, { verifierChallenge: CHALLENGE }, null],
      ['a user disabled since', { userId: USER }, {}, NOW],
    ])('refuses %s as a mismatch', async (_name, codeOverrides, change, disabledAt) => {
      const clientId = await aClientId();
      await aUser(disabledAt);
      const code = await aCode(clientId, codeOverrides);
      const terms = redemptionOf(code.codeHash, clientId, NOW + 1, change);

      expect(await store.redeemCode(terms)).toEqual({ outcome: 'mismatch' });
      expect(await traces(code.codeHash, clientId, terms.token.jti)).toEqual({
        used: true,
        token: undefined,
        issued: [],
      });
    });

    it('refuses the code of a deleted user: it went with the user', async () => {
      const clientId = await aClientId();
      await aUser();
      const code = await aCode(clientId, { userId: USER });
      await store.users.remove(USER);

      expect(await redeem(store, code.codeHash, clientId, NOW + 1)).toEqual({
        outcome: 'unavailable',
      });
    });

    it("leaves a user's code unused when the Bearer it needs is missing, and a generic code is not held up", async () => {
      const clientId = await aClientId();
      await aUser();
      const userCode = await aCode(clientId, { userId: USER });
      const genericCode = await aCode(clientId);
      const withoutBearer = { userCodeNeedsBearer: true };

      expect(await redeem(store, userCode.codeHash, clientId, NOW + 1, withoutBearer)).toEqual({
        outcome: 'bearer-required',
      });
      expect(await store.codes.isConsumed(userCode.codeHash, clientId)).toBe(false);
      expect(await redeem(store, userCode.codeHash, clientId, NOW + 2)).toMatchObject({
        outcome: 'issued',
        userId: USER,
      });
      expect(
        await redeem(store, genericCode.codeHash, clientId, NOW + 1, withoutBearer),
      ).toMatchObject({ outcome: 'issued', userId: null });
    });

    it.each([20, 50])(
      `of %i concurrent redemptions of one code exactly one gets a token${isPostgres ? ' (over a pool)' : ''}`,
      async (racers) => {
        const clientId = await aClientId();
        const code = await aCode(clientId);

        const outcomes = await Promise.all(
          Array.from({ length: racers }, () => redeem(store, code.codeHash, clientId, NOW + 1)),
        );

        expect(outcomes.filter(({ outcome }) => outcome === 'issued')).toHaveLength(1);
        expect(outcomes.filter(({ outcome }) => outcome === 'unavailable')).toHaveLength(
          racers - 1,
        );
        expect((await traces(code.codeHash, clientId, '')).issued).toHaveLength(1);
      },
    );

    // PostgreSQL: one statement, no transaction around it. SQLite: BEGIN IMMEDIATE, the UPDATE,
    // the two INSERTs and COMMIT, in one synchronous call.
    it(`sends ${isPostgres ? 'one statement' : 'five statements'} to issue a token`, async () => {
      const clientId = await aClientId();
      const code = await aCode(clientId);
      statements = 0;

      expect(await redeem(store, code.codeHash, clientId, NOW + 1)).toMatchObject({
        outcome: 'issued',
      });
      expect(statements).toBe(isPostgres ? 1 : 5);
    });

    it('is refused inside another transaction', async () => {
      const clientId = await aClientId();
      const code = await aCode(clientId);

      await expect(
        store.transaction((tx) => redeem(tx, code.codeHash, clientId, NOW + 1)),
      ).rejects.toThrow('in a transaction of its own');
    });
  });
});
