import { decodeJwt } from 'jose';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { aClient, aUser, createTestApp, type TestApp } from '../helpers/test-app.ts';
import { getCode } from '../helpers/oauth-flow.ts';
import {
  exchangeParams,
  expectOAuthProblem,
  listUsersStatus,
  tokenRequest,
} from '../helpers/oauth-requests.ts';

// Single use must hold under concurrency (STYLE §3.6, RFC 6749 §4.1.2): the store redeems a
// code with one conditional UPDATE … RETURNING, so the database, not the application, picks the
// one winner. Every request here goes through the same app instance at once.

const RACERS = 20;

describe('concurrent token requests', () => {
  let t: TestApp;
  beforeEach(async () => {
    t = await createTestApp();
  });
  afterEach(() => t.close());

  it(`${RACERS} simultaneous exchanges of one code: one token, the rest invalid_grant`, async () => {
    const credentials = await aClient(t);
    const user = await aUser(t);
    const code = await getCode(t, credentials, { userid: user.id });
    const form = exchangeParams(credentials, code, { userid: user.id });

    const responses = await Promise.all(
      Array.from({ length: RACERS }, () => tokenRequest(t, { form })),
    );

    const winners = responses.filter((response) => response.statusCode === 200);
    const losers = responses.filter((response) => response.statusCode !== 200);
    expect(winners).toHaveLength(1);
    expect(losers).toHaveLength(RACERS - 1);
    for (const loser of losers) {
      expectOAuthProblem(loser, 400, 'invalid_grant', 'Invalid Code');
    }

    // Every loser that finds the code consumed revokes the tokens issued from it (the replay
    // rule). The winner consumes the code and records its token in one transaction, and a loser
    // only sees the code as consumed once that transaction has committed (PostgreSQL makes the
    // losers' UPDATE wait on the row lock; SQLite runs one transaction at a time), so at least
    // one revocation runs after the token exists. Once all responses are in, the surviving
    // token is therefore always revoked: a raced code yields no usable token.
    const token = winners[0]!.json<{ access_token: string }>().access_token;
    expect(decodeJwt(token)).toMatchObject({ userid: user.id, token_kind: 'user' });
    expect(await listUsersStatus(t, token)).toBe(401);
  });

  it('simultaneous exchanges of different codes all succeed and stay valid', async () => {
    const credentials = await aClient(t);
    const codes = await Promise.all(Array.from({ length: 10 }, () => getCode(t, credentials)));
    expect(new Set(codes).size).toBe(codes.length);

    const responses = await Promise.all(
      codes.map((code) => tokenRequest(t, { form: exchangeParams(credentials, code) })),
    );

    for (const response of responses) {
      expect(response.statusCode, response.body).toBe(200);
    }
    const tokens = responses.map((r) => r.json<{ access_token: string }>().access_token);
    expect(new Set(tokens.map((token) => decodeJwt(token).jti)).size).toBe(tokens.length);
    // No request revoked another's token: revocation is bound to the replayed code only.
    const statuses = await Promise.all(tokens.map((token) => listUsersStatus(t, token)));
    expect(statuses).toEqual(tokens.map(() => 200));
  });

  it('a replay racing a second, unrelated exchange revokes only the replayed code', async () => {
    const credentials = await aClient(t);
    const replayed = exchangeParams(credentials, await getCode(t, credentials));
    const first = await tokenRequest(t, { form: replayed });
    const firstToken = first.json<{ access_token: string }>().access_token;
    const unrelated = exchangeParams(credentials, await getCode(t, credentials));

    const [replay, other] = await Promise.all([
      tokenRequest(t, { form: replayed }),
      tokenRequest(t, { form: unrelated }),
    ]);

    expectOAuthProblem(replay, 400, 'invalid_grant', 'Invalid Code');
    expect(other.statusCode, other.body).toBe(200);
    expect(await listUsersStatus(t, firstToken)).toBe(401);
    expect(await listUsersStatus(t, other.json<{ access_token: string }>().access_token)).toBe(200);
  });
});
