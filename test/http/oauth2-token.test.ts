import { decodeJwt } from 'jose';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ClientWithSecret } from '../../src/clients/clients.ts';
import { aClient, aUser, createTestApp, REDIRECT_URI, type TestApp } from '../helpers/test-app.ts';
import { getCode, getToken } from '../helpers/oauth-flow.ts';
import {
  basicAuthorization,
  exchangeParams,
  expectOAuthProblem,
  listUsersStatus,
  OAUTH_ERROR_MEDIA_TYPE,
  tokenRequest,
  type Response,
  without,
} from '../helpers/oauth-requests.ts';

// Spec §3: POST /api/oauth2/Token, the successful exchanges and how the client may authenticate.

/** The seeds' curl example, byte for byte, with the placeholders filled in. */
function seedCurlBody({ client, clientSecret }: ClientWithSecret, code: string, userid?: string) {
  const body =
    `client_id=${client.id}&client_secret=${clientSecret}` +
    `&redirect_uri=https%3A%2F%2Flocalhost%2Fcallback&code=${code}`;
  return userid === undefined ? body : `${body}&userid=${userid}`;
}

/** The seeds' Python example: requests.post(url, json=data) serialises with json.dumps. */
function seedPythonBody({ client, clientSecret }: ClientWithSecret, code: string, userid?: string) {
  const data: Record<string, string> = {
    client_id: client.id,
    client_secret: clientSecret,
    redirect_uri: 'https://localhost/callback',
    code,
    ...(userid === undefined ? {} : { userid }),
  };
  const pairs = Object.entries(data).map(([k, v]) => `${JSON.stringify(k)}: ${JSON.stringify(v)}`);
  return `{${pairs.join(', ')}}`;
}

const SEED_CLIENTS = {
  curl: {
    body: seedCurlBody,
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      accept: '*/*',
      'user-agent': 'curl/8.5.0',
    },
  },
  python: {
    body: seedPythonBody,
    headers: {
      'content-type': 'application/json',
      accept: '*/*',
      'user-agent': 'python-requests/2.32.3',
    },
  },
};

/** A 200 token response, checked against spec §3 and the JWT it carries; returns the claims. */
function expectTokenResponse(t: TestApp, response: Response) {
  expect(response.statusCode, response.body).toBe(200);
  expect(response.headers['content-type']).toMatch(/^application\/json/);
  expect(response.headers['cache-control']).toBe('no-store');
  expect(response.headers.pragma).toBe('no-cache');
  const body = response.json<Record<string, unknown>>();
  expect(Object.keys(body).sort()).toEqual([
    'access_token',
    'expiration',
    'expires_in',
    'token_type',
  ]);
  expect(body.token_type).toBe('Bearer');
  const claims = decodeJwt(body.access_token as string);
  const exp = claims.exp as number;
  expect(body.expiration).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
  expect(Date.parse(body.expiration as string) / 1000).toBe(exp);
  expect(body.expires_in).toBe(t.config.accessTokenTtlSeconds);
  expect(exp).toBe(t.clock.nowSeconds() + t.config.accessTokenTtlSeconds);
  return { body: body as { access_token: string }, claims };
}

describe('POST /api/oauth2/Token', () => {
  let t: TestApp;
  beforeEach(async () => {
    t = await createTestApp();
  });
  afterEach(() => t.close());

  describe.each(Object.entries(SEED_CLIENTS))("the seeds' %s request", (_name, seed) => {
    it.each([
      ['a generic token', undefined, false],
      ['a generic token, with a generic Bearer', undefined, true],
      ['a user token', 'user_42', false],
      ['a user token, with the generic Bearer', 'user_42', true],
    ])('gets %s', async (_case, userid, withBearer) => {
      const credentials = await aClient(t);
      await aUser(t, { id: 'user_42' });
      const bearer = withBearer
        ? { authorization: `Bearer ${await getToken(t, credentials)}` }
        : {};
      const code = await getCode(t, credentials, userid === undefined ? {} : { userid });
      const response = await t.app.inject({
        method: 'POST',
        url: '/api/oauth2/Token',
        headers: { ...seed.headers, ...bearer },
        payload: seed.body(credentials, code, userid),
      });
      const { body, claims } = expectTokenResponse(t, response);
      expect(claims).toMatchObject({
        client_id: credentials.client.id,
        token_kind: userid === undefined ? 'generic' : 'user',
      });
      expect(claims.userid).toBe(userid);
      expect(await listUsersStatus(t, body.access_token)).toBe(200);
    });
  });

  it('expires_in and exp follow AIRISK_ACCESS_TOKEN_TTL', async () => {
    const custom = await createTestApp({ AIRISK_ACCESS_TOKEN_TTL: '900' });
    try {
      const credentials = await aClient(custom);
      const code = await getCode(custom, credentials);
      const response = await tokenRequest(custom, { json: exchangeParams(credentials, code) });
      const { claims } = expectTokenResponse(custom, response);
      expect(response.json()).toMatchObject({ expires_in: 900 });
      expect((claims.exp as number) - (claims.iat as number)).toBe(900);
    } finally {
      await custom.close();
    }
  });

  it('defaults the token lifetime to one hour', async () => {
    const credentials = await aClient(t);
    const response = await tokenRequest(t, {
      json: exchangeParams(credentials, await getCode(t, credentials)),
    });
    expect(response.json()).toMatchObject({ expires_in: 3600 });
  });

  it('accepts response_uri as a synonym of redirect_uri', async () => {
    const credentials = await aClient(t);
    const form = exchangeParams(credentials, await getCode(t, credentials));
    const response = await tokenRequest(t, {
      form: { ...without(form, 'redirect_uri'), response_uri: form.redirect_uri },
    });
    expectTokenResponse(t, response);
  });

  it('refuses redirect_uri and response_uri that differ', async () => {
    const credentials = await aClient(t);
    const form = exchangeParams(credentials, await getCode(t, credentials), {
      response_uri: 'https://localhost/other',
    });
    expectOAuthProblem(await tokenRequest(t, { form }), 400, 'invalid_request');
  });

  it('accepts grant_type=authorization_code', async () => {
    const credentials = await aClient(t);
    const form = exchangeParams(credentials, await getCode(t, credentials), {
      grant_type: 'authorization_code',
    });
    expectTokenResponse(t, await tokenRequest(t, { form }));
  });

  it.each(['client_credentials', 'password', 'refresh_token', 'AUTHORIZATION_CODE'])(
    'answers 400 unsupported_grant_type for grant_type=%s',
    async (grantType) => {
      const credentials = await aClient(t);
      const form = exchangeParams(credentials, await getCode(t, credentials), {
        grant_type: grantType,
      });
      expectOAuthProblem(await tokenRequest(t, { form }), 400, 'unsupported_grant_type');
    },
  );

  it.each(['/api/oauth2/token', '/API/OAUTH2/TOKEN', '/api/oauth2/Token/'])(
    'answers on %s',
    async (path) => {
      const credentials = await aClient(t);
      const json = exchangeParams(credentials, await getCode(t, credentials));
      expectTokenResponse(t, await tokenRequest(t, { json, path }));
    },
  );

  describe('client_secret_basic (RFC 6749 §2.3.1)', () => {
    it.each([
      ['without client_id in the body', false],
      ['with the same client_id in the body', true],
    ])('works %s', async (_name, withBodyId) => {
      const credentials = await aClient(t);
      const form = exchangeParams(credentials, await getCode(t, credentials));
      const response = await tokenRequest(t, {
        form: without(form, 'client_secret', ...(withBodyId ? [] : ['client_id'])),
        headers: { authorization: basicAuthorization(form.client_id, form.client_secret) },
      });
      expectTokenResponse(t, response);
    });

    it('refuses a secret both in Basic and in the body with 400 invalid_request', async () => {
      const credentials = await aClient(t);
      const form = exchangeParams(credentials, await getCode(t, credentials));
      const response = await tokenRequest(t, {
        form,
        headers: { authorization: basicAuthorization(form.client_id, form.client_secret) },
      });
      expectOAuthProblem(response, 400, 'invalid_request');
    });

    it('answers a wrong Basic secret with 401 invalid_client and WWW-Authenticate: Basic', async () => {
      const credentials = await aClient(t);
      const form = exchangeParams(credentials, await getCode(t, credentials));
      const response = await tokenRequest(t, {
        form: without(form, 'client_id', 'client_secret'),
        headers: { authorization: basicAuthorization(form.client_id, 'not-the-secret') },
      });
      expectOAuthProblem(response, 401, 'invalid_client');
      expect(response.headers['www-authenticate']).toMatch(/^Basic\b/);
    });
  });

  describe('the generic token as Bearer (spec §3 decision)', () => {
    it.each([
      ['a user token', 'user'],
      ["another client's generic token", 'other-client'],
      ['garbage', 'garbage'],
    ])('answers 401 when the Bearer is %s', async (_name, kind) => {
      const credentials = await aClient(t);
      const user = await aUser(t, { id: 'user_42' });
      const bearers: Record<string, () => Promise<string>> = {
        user: () => getToken(t, credentials, { userid: user.id }),
        'other-client': async () => getToken(t, await aClient(t)),
        garbage: async () => 'not.a.jwt',
      };
      const bearer = await bearers[kind]!();
      const code = await getCode(t, credentials, { userid: user.id });
      const response = await tokenRequest(t, {
        form: exchangeParams(credentials, code, { userid: user.id }),
        headers: { authorization: `Bearer ${bearer}` },
      });
      expect(response.statusCode, response.body).toBe(401);
      expect(response.headers['content-type']).toMatch(OAUTH_ERROR_MEDIA_TYPE);
      expect(response.json()).toMatchObject({ status: 401, error: 'invalid_token' });
    });

    describe('with AIRISK_REQUIRE_GENERIC_BEARER=true', () => {
      let strict: TestApp;
      beforeEach(async () => {
        strict = await createTestApp({ AIRISK_REQUIRE_GENERIC_BEARER: 'true' });
      });
      afterEach(() => strict.close());

      it('refuses a user-token exchange without the generic Bearer with 401', async () => {
        const credentials = await aClient(strict);
        const user = await aUser(strict);
        const code = await getCode(strict, credentials, { userid: user.id });
        const response = await tokenRequest(strict, {
          json: exchangeParams(credentials, code, { userid: user.id }),
        });
        expect(response.statusCode, response.body).toBe(401);
        expect(response.json()).toMatchObject({ error: 'invalid_token' });
      });

      it('still issues the generic token, and then the user token with it', async () => {
        const credentials = await aClient(strict);
        const user = await aUser(strict);
        const generic = await getToken(strict, credentials);
        const code = await getCode(strict, credentials, { userid: user.id });
        const response = await tokenRequest(strict, {
          json: exchangeParams(credentials, code, { userid: user.id }),
          headers: { authorization: `Bearer ${generic}` },
        });
        const { claims } = expectTokenResponse(strict, response);
        expect(claims).toMatchObject({ token_kind: 'user', userid: user.id });
      });
    });
  });

  it('binds the token to the redirect URI the code was issued for, among several', async () => {
    const other = 'https://app.example/cb';
    const credentials = await aClient(t, [REDIRECT_URI, other]);
    const code = await getCode(t, credentials, { redirectUri: other });
    const response = await tokenRequest(t, {
      json: exchangeParams(credentials, code, { redirect_uri: other }),
    });
    expectTokenResponse(t, response);
  });
});
