import { decodeJwt } from 'jose';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ClientWithSecret } from '../../src/clients/clients.ts';
import { aClient, aUser, createTestApp, REDIRECT_URI, type TestApp } from '../helpers/test-app.ts';
import { getCode, getToken, threeFieldExchange } from '../helpers/oauth-flow.ts';
import { untilFollowingChanges } from '../helpers/eventually.ts';
import {
  expectOAuthProblem,
  listUsersStatus,
  tokenRequest,
  type Response,
} from '../helpers/oauth-requests.ts';

// Spec §3 decisions (turn 2): the real client exchanges a code with exactly client_id,
// client_secret and code. redirect_uri and userid are optional, the code's own binding decides;
// what is sent must agree with it. AIRISK_STRICT_TOKEN_REQUEST=true wants both repeated.

/** The three fields plus `extra`, form-encoded, accepting JSON errors. */
function exchangeWith(
  t: TestApp,
  { client, clientSecret }: ClientWithSecret,
  code: string,
  extra: Record<string, string> = {},
  headers: Record<string, string> = {},
): Promise<Response> {
  const form = { client_id: client.id, client_secret: clientSecret, code, ...extra };
  return tokenRequest(t, { form, headers });
}

/** A 200 whose token works; returns its claims. */
async function expectToken(t: TestApp, response: Response) {
  expect(response.statusCode, response.body).toBe(200);
  expect(response.headers['content-type']).toMatch(/^application\/json/);
  const { access_token: accessToken } = response.json<{ access_token: string }>();
  expect(await listUsersStatus(t, accessToken)).toBe(200);
  return decodeJwt(accessToken);
}

function expectInvalidCode(response: Response) {
  expectOAuthProblem(response, 400, 'invalid_grant', 'Invalid Code');
}

describe('POST /api/oauth2/Token, the short forms', () => {
  let t: TestApp;
  let credentials: ClientWithSecret;
  beforeEach(async () => {
    t = await createTestApp();
    credentials = await aClient(t);
    await aUser(t, { id: 'user_42' });
    await aUser(t, { id: 'user_43' });
  });
  afterEach(() => t.close());

  describe("the real client's three-field exchange", () => {
    it('gets a generic token for a code requested without userid', async () => {
      const code = await getCode(t, credentials);
      const claims = await expectToken(t, await threeFieldExchange(t, credentials, code));
      expect(claims).toMatchObject({ client_id: credentials.client.id, token_kind: 'generic' });
      expect(claims.userid).toBeUndefined();
    });

    it('gets a token for the user the code was requested for', async () => {
      const code = await getCode(t, credentials, { userid: 'user_42' });
      const claims = await expectToken(t, await threeFieldExchange(t, credentials, code));
      expect(claims).toMatchObject({
        client_id: credentials.client.id,
        token_kind: 'user',
        userid: 'user_42',
      });
    });

    it('works as JSON too', async () => {
      const code = await getCode(t, credentials, { userid: 'user_42' });
      const response = await tokenRequest(t, {
        json: { client_id: credentials.client.id, client_secret: credentials.clientSecret, code },
      });
      expect(await expectToken(t, response)).toMatchObject({ userid: 'user_42' });
    });

    it('sends the database the same statements as the full form, no more', async () => {
      // Warm the caches (client, signing key) first, so both counts start from the same state:
      // on PostgreSQL nothing is cached until the store follows changes.
      await untilFollowingChanges(t.store);
      await getToken(t, credentials, { userid: 'user_42' });
      const count = async (full: boolean) => {
        const code = await getCode(t, credentials, { userid: 'user_42' });
        const extra: Record<string, string> = full
          ? { redirect_uri: REDIRECT_URI, userid: 'user_42' }
          : {};
        const before = t.statements();
        expect((await exchangeWith(t, credentials, code, extra)).statusCode).toBe(200);
        return t.statements() - before;
      };
      expect(await count(false)).toBe(await count(true));
    });
  });

  describe('what is sent must agree with the code, or the code is burned', () => {
    it('refuses a redirect_uri other than the code’s, and the code is then spent', async () => {
      const other = 'https://localhost/other';
      const twoUris = await aClient(t, [REDIRECT_URI, other]);
      const code = await getCode(t, twoUris);
      expectInvalidCode(await exchangeWith(t, twoUris, code, { redirect_uri: other }));
      expectInvalidCode(await exchangeWith(t, twoUris, code));
    });

    it('accepts the code’s own userid', async () => {
      const code = await getCode(t, credentials, { userid: 'user_42' });
      const response = await exchangeWith(t, credentials, code, { userid: 'user_42' });
      expect(await expectToken(t, response)).toMatchObject({ userid: 'user_42' });
    });

    it.each([
      ['another user’s id for a user code', 'user_42', 'user_43'],
      ['a userid for a generic code', undefined, 'user_42'],
    ])('refuses %s, and the code is then spent', async (_name, codeUser, sentUser) => {
      const code = await getCode(
        t,
        credentials,
        codeUser === undefined ? {} : { userid: codeUser },
      );
      expectInvalidCode(await exchangeWith(t, credentials, code, { userid: sentUser }));
      expectInvalidCode(await exchangeWith(t, credentials, code));
    });
  });

  describe('with AIRISK_REQUIRE_GENERIC_BEARER=true', () => {
    let strict: TestApp;
    let client: ClientWithSecret;
    beforeEach(async () => {
      strict = await createTestApp({ AIRISK_REQUIRE_GENERIC_BEARER: 'true' });
      client = await aClient(strict);
      await aUser(strict, { id: 'user_42' });
    });
    afterEach(() => strict.close());

    it('refuses a user code exchanged without userid and without the Bearer, and keeps it', async () => {
      const code = await getCode(strict, client, { userid: 'user_42' });
      const refused = await exchangeWith(strict, client, code);
      expectOAuthProblem(refused, 401, 'invalid_token', /generic access token/);
      expect(refused.headers['www-authenticate']).toMatch(/^Bearer .*error="invalid_token"/);

      // The refusal consumed nothing: with the generic token as Bearer the same code works.
      const generic = await getToken(strict, client);
      const headers = { authorization: `Bearer ${generic}` };
      const response = await exchangeWith(strict, client, code, {}, headers);
      expect(await expectToken(strict, response)).toMatchObject({ userid: 'user_42' });
    });

    it('still gives a generic code its token without a Bearer', async () => {
      const code = await getCode(strict, client);
      const claims = await expectToken(strict, await threeFieldExchange(strict, client, code));
      expect(claims.token_kind).toBe('generic');
    });
  });

  describe('with AIRISK_STRICT_TOKEN_REQUEST=true (RFC 6749 §4.1.3 as written)', () => {
    let strict: TestApp;
    let client: ClientWithSecret;
    beforeEach(async () => {
      strict = await createTestApp({ AIRISK_STRICT_TOKEN_REQUEST: 'true' });
      client = await aClient(strict);
      await aUser(strict, { id: 'user_42' });
    });
    afterEach(() => strict.close());

    it('refuses the three-field exchange the default accepts: redirect_uri is required', async () => {
      expect(
        (await threeFieldExchange(t, credentials, await getCode(t, credentials))).statusCode,
      ).toBe(200);

      const code = await getCode(strict, client);
      const response = await exchangeWith(strict, client, code);
      expectOAuthProblem(response, 400, 'invalid_request', 'redirect_uri is required');
      const plain = await threeFieldExchange(strict, client, code);
      expect(plain.statusCode).toBe(400);
      expect(plain.body).toBe('redirect_uri is required');
      // Refused before the code was looked at: the full request still gets its token.
      const full = await exchangeWith(strict, client, code, { redirect_uri: REDIRECT_URI });
      expect((await expectToken(strict, full)).token_kind).toBe('generic');
    });

    it('burns a user code exchanged without its userid, which the default accepts', async () => {
      const withUri = { redirect_uri: REDIRECT_URI };
      const accepted = await getCode(t, credentials, { userid: 'user_42' });
      const defaultAnswer = await exchangeWith(t, credentials, accepted, withUri);
      expect(await expectToken(t, defaultAnswer)).toMatchObject({ userid: 'user_42' });

      const code = await getCode(strict, client, { userid: 'user_42' });
      expectInvalidCode(await exchangeWith(strict, client, code, withUri));
      expectInvalidCode(
        await exchangeWith(strict, client, code, { ...withUri, userid: 'user_42' }),
      );
      // The full request, with a fresh code, gets the user token.
      const fresh = await getCode(strict, client, { userid: 'user_42' });
      const full = await exchangeWith(strict, client, fresh, { ...withUri, userid: 'user_42' });
      expect(await expectToken(strict, full)).toMatchObject({ userid: 'user_42' });
    });
  });
});
