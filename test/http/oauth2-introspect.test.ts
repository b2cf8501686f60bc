import { decodeJwt } from 'jose';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { setClientDisabled, type ClientWithSecret } from '../../src/clients/clients.ts';
import { deleteUser } from '../../src/users/users.ts';
import { aClient, aUser, createTestApp, TEST_ISSUER, type TestApp } from '../helpers/test-app.ts';
import { getToken } from '../helpers/oauth-flow.ts';
import { expectOAuthProblem } from '../helpers/oauth-requests.ts';
import { inspectionRequest, introspect } from '../helpers/token-inspection.ts';

// RFC 7662: POST /api/oauth2/Introspect. A client learns about its own live tokens only; every
// other token, whatever the reason, is just {"active": false} (§2.2, §4).

let t: TestApp;
let credentials: ClientWithSecret;

beforeEach(async () => {
  t = await createTestApp();
  credentials = await aClient(t);
});
afterEach(() => t.close());

describe('POST /api/oauth2/Introspect', () => {
  it('describes a live generic token with the values of its claims', async () => {
    const token = await getToken(t, credentials);
    const claims = decodeJwt(token);

    const response = await inspectionRequest(t, 'Introspect', credentials, { token }, 'basic');

    expect(response.statusCode, response.body).toBe(200);
    expect(response.headers['cache-control']).toBe('no-store');
    expect(response.json()).toEqual({
      active: true,
      client_id: credentials.client.id,
      token_type: 'Bearer',
      token_kind: 'generic',
      sub: credentials.client.id,
      iss: TEST_ISSUER,
      aud: TEST_ISSUER,
      jti: claims.jti,
      iat: claims.iat,
      exp: claims.exp,
    });
    expect(claims).toMatchObject({ client_id: credentials.client.id, token_kind: 'generic' });
    expect(typeof claims.jti).toBe('string');
  });

  it('describes a live user token with its userid', async () => {
    const user = await aUser(t);
    const token = await getToken(t, credentials, { userid: user.id });
    const claims = decodeJwt(token);

    const body = await introspect(t, credentials, token);

    expect(body).toEqual({
      active: true,
      client_id: credentials.client.id,
      token_type: 'Bearer',
      token_kind: 'user',
      sub: user.id,
      userid: user.id,
      iss: claims.iss,
      aud: claims.aud,
      jti: claims.jti,
      iat: claims.iat,
      exp: claims.exp,
    });
    expect(claims).toMatchObject({ userid: user.id, sub: user.id, token_kind: 'user' });
    expect((claims.exp ?? 0) - (claims.iat ?? 0)).toBe(t.config.accessTokenTtlSeconds);
  });

  it.each([
    ['a garbage token', async () => 'garbage'],
    [
      'an expired token',
      async () => {
        const token = await getToken(t, credentials);
        t.clock.advance(t.config.accessTokenTtlSeconds + 1);
        return token;
      },
    ],
    [
      'a revoked token',
      async () => {
        const token = await getToken(t, credentials);
        const revoked = await inspectionRequest(t, 'Revoke', credentials, { token });
        expect(revoked.statusCode, revoked.body).toBe(200);
        return token;
      },
    ],
    [
      'the token of a deleted user',
      async () => {
        const user = await aUser(t);
        const token = await getToken(t, credentials, { userid: user.id });
        await deleteUser(t, user.id);
        return token;
      },
    ],
    ['another client’s token', async () => getToken(t, await aClient(t))],
  ])('answers {active: false} for %s', async (_case, tokenFor) => {
    const token = await tokenFor();
    const response = await inspectionRequest(t, 'Introspect', credentials, { token });
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json()).toEqual({ active: false });
  });

  it('tells a disabled client nothing: its tokens are inactive and it cannot authenticate', async () => {
    const token = await getToken(t, credentials);
    const observer = await aClient(t);
    await setClientDisabled(t, credentials.client.id, true);

    expectOAuthProblem(
      await inspectionRequest(t, 'Introspect', credentials, { token }),
      401,
      'invalid_client',
    );
    expect(await introspect(t, observer, token)).toEqual({ active: false });
  });

  it.each([
    ['a wrong secret in the body', 'post', 'wrong-secret'],
    ['a wrong secret with HTTP Basic', 'basic', 'wrong-secret'],
    ['a client_id without a secret', 'post', ''],
  ] as const)('answers 401 invalid_client for %s', async (_case, method, secret) => {
    const token = await getToken(t, credentials);
    const response = await inspectionRequest(
      t,
      'Introspect',
      { client: credentials.client, clientSecret: secret },
      { token },
      method,
    );
    const body = expectOAuthProblem(response, 401, 'invalid_client');
    expect(body).not.toHaveProperty('active');
  });

  it('refuses a request without any client authentication', async () => {
    const token = await getToken(t, credentials);
    const response = await inspectionRequest(t, 'Introspect', credentials, { token }, 'none');
    expect([400, 401]).toContain(response.statusCode);
    expect(response.json()).not.toHaveProperty('active');
  });

  it('answers 400 invalid_request without a token', async () => {
    const response = await inspectionRequest(t, 'Introspect', credentials, {});
    expectOAuthProblem(response, 400, 'invalid_request', /token/);
  });
});
