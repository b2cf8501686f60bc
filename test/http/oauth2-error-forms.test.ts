import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ClientWithSecret } from '../../src/clients/clients.ts';
import { aClient, createTestApp, REDIRECT_URI, type TestApp } from '../helpers/test-app.ts';
import { getToken } from '../helpers/oauth-flow.ts';
import {
  authorizeRequest,
  exchangeParams,
  expectOAuthProblem,
  tokenRequest,
  without,
  type Response,
} from '../helpers/oauth-requests.ts';

// Spec §3 decision (turn 2): the OAuth2 endpoints answer errors as the original server does
// unless the client asks for JSON. By default (no Accept, */*, text/*: curl, Python requests) a
// 400 is text/plain with the bare description and any other status problem details; a client
// preferring application/json (stock OAuth2 libraries, axios) gets RFC 6749 §5.2 JSON.

const TRACE_ID = /^00-[0-9a-f]{32}-[0-9a-f]{16}-00$/;

/** Accept values that get the original's answers: `null` sends no Accept at all. */
const ORIGINAL_FORM_ACCEPTS: [string, string | null][] = [
  ['no Accept', null],
  ['*/*', '*/*'],
  ['text/*', 'text/*'],
  ['text/plain', 'text/plain'],
  ['a browser’s', 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8'],
  ['JSON at a lower q than text', 'text/plain, application/json;q=0.5'],
  ['JSON refused (q=0)', 'application/json;q=0, */*'],
];

/** Accept values that prefer application/json. */
const JSON_ACCEPTS: [string, string][] = [
  ['application/json', 'application/json'],
  ['axios’s', 'application/json, text/plain, */*'],
  ['application/*', 'application/*'],
  ['JSON at a higher q than text', 'text/plain;q=0.5, application/json'],
];

function expectBareText(response: Response, status: number, text: string) {
  expect(response.statusCode, response.body).toBe(status);
  expect(response.headers['content-type']).toBe('text/plain; charset=utf-8');
  expect(response.body).toBe(text);
}

/** Problem details (RFC 9457) as application/problem+json, with RFC 6749's error fields. */
function expectProblemJson(response: Response, status: number, error: string) {
  expect(response.statusCode, response.body).toBe(status);
  expect(response.headers['content-type']).toBe('application/problem+json; charset=utf-8');
  expect(response.json()).toMatchObject({
    type: expect.stringMatching(/^https:\/\/tools\.ietf\.org\/html\/rfc\d+#section-[\d.]+$/),
    title: expect.any(String),
    status,
    traceId: expect.stringMatching(TRACE_ID),
    error,
  });
}

function expectJson(response: Response, status: number, error: string, description?: string) {
  expectOAuthProblem(response, status, error, description);
  expect(response.headers['content-type']).toBe('application/json; charset=utf-8');
}

describe('OAuth2 error answers by Accept', () => {
  let t: TestApp;
  let credentials: ClientWithSecret;
  beforeEach(async () => {
    t = await createTestApp();
    credentials = await aClient(t);
  });
  afterEach(() => t.close());

  /** A token request for a code that does not exist: 400 invalid_grant. */
  const unknownCode = (accept: string | null) =>
    tokenRequest(t, { form: exchangeParams(credentials, 'SplxlOBeZQQYbYS6WxSbIA'), accept });
  /** A token request with a wrong secret: 401 invalid_client. */
  const wrongSecret = (accept: string | null) =>
    tokenRequest(t, {
      form: { ...exchangeParams(credentials, 'SplxlOBeZQQYbYS6WxSbIA'), client_secret: 'wrong' },
      accept,
    });

  describe('the token endpoint, by default as the original', () => {
    it.each(ORIGINAL_FORM_ACCEPTS)(
      'for %s: a 400 is the bare text, a 401 application/problem+json',
      async (_name, accept) => {
        expectBareText(await unknownCode(accept), 400, 'Invalid Code');
        const unauthorized = await wrongSecret(accept);
        expectProblemJson(unauthorized, 401, 'invalid_client');
        expect(unauthorized.json()).toMatchObject({
          type: 'https://tools.ietf.org/html/rfc9110#section-15.5.2',
          title: 'Unauthorized',
        });
      },
    );

    it.each([
      ['client_id', 'Invalid client_id'],
      ['code', 'code is required'],
    ])('a missing %s is the bare %j', async (name, text) => {
      const form = without(exchangeParams(credentials, 'x'), name);
      expectBareText(await tokenRequest(t, { form, accept: null }), 400, text);
    });

    it.each([
      ['413', 'application/x-www-form-urlencoded', `code=${'a'.repeat(16 * 1024)}`, 413],
      ['415', 'text/xml', '<code>x</code>', 415],
    ])('a %s for */* is application/problem+json', async (_name, contentType, payload, status) => {
      const response = await t.app.inject({
        method: 'POST',
        url: '/api/oauth2/Token',
        headers: { 'content-type': contentType, accept: '*/*' },
        payload,
      });
      expectProblemJson(response, status, 'invalid_request');
    });
  });

  describe('the token endpoint, for a client that prefers JSON', () => {
    it.each(JSON_ACCEPTS)(
      'for %s: a 400 and a 401 are RFC 6749 JSON, where */* gets the bare text',
      async (_name, accept) => {
        expectJson(await unknownCode(accept), 400, 'invalid_grant', 'Invalid Code');
        expectJson(await wrongSecret(accept), 401, 'invalid_client');
        expectBareText(await unknownCode('*/*'), 400, 'Invalid Code');
      },
    );

    it('application/problem+json gets problem details with that media type', async () => {
      const response = await unknownCode('application/problem+json');
      expectProblemJson(response, 400, 'invalid_grant');
      expect(response.json()).toMatchObject({ error_description: 'Invalid Code' });
      expectBareText(await unknownCode(null), 400, 'Invalid Code');
    });
  });

  describe("the authorization endpoint's direct errors", () => {
    const missingRedirectUri = (headers: Record<string, string>) =>
      authorizeRequest(t, { client_id: credentials.client.id }, { headers });
    const unknownClient = (headers: Record<string, string>) =>
      authorizeRequest(
        t,
        { client_id: '00000000-0000-4000-8000-000000000000', redirect_uri: REDIRECT_URI },
        { headers },
      );

    it('a 400 is the bare text by default, and never a redirect', async () => {
      const defaults: Record<string, string>[] = [{}, { accept: '*/*' }];
      for (const headers of defaults) {
        const response = await missingRedirectUri(headers);
        expectBareText(response, 400, 'The redirect_uri query parameter is required');
        expect(response.headers.location).toBeUndefined();
      }
    });

    it('a 401 for an unknown client is application/problem+json by default', async () => {
      const response = await unknownClient({});
      expectProblemJson(response, 401, 'invalid_client');
      expect(response.headers.location).toBeUndefined();
    });

    it('both are RFC 6749 JSON for a client that prefers it', async () => {
      const accept = { accept: 'application/json' };
      expectJson(await missingRedirectUri(accept), 400, 'invalid_request');
      expectJson(await unknownClient(accept), 401, 'invalid_client');
      expect((await missingRedirectUri({})).headers['content-type']).toMatch(/^text\/plain/);
      expect((await unknownClient({})).headers['content-type']).toMatch(
        /^application\/problem\+json/,
      );
    });
  });

  it.each(['Revoke', 'Introspect'])(
    'the %s endpoint answers a 400 with the bare text by default',
    async (endpoint) => {
      const response = await t.app.inject({
        method: 'POST',
        url: `/api/oauth2/${endpoint}`,
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        payload: new URLSearchParams({
          client_id: credentials.client.id,
          client_secret: credentials.clientSecret,
        }).toString(),
      });
      expectBareText(response, 400, 'token is required');
    },
  );

  it('leaves every other endpoint with problem details, whatever the Accept', async () => {
    const token = await getToken(t, credentials);
    const oauthForms = {
      '*/*': 'text/plain',
      'text/plain': 'text/plain',
      'application/json': 'application/json',
    };
    for (const [accept, oauthForm] of Object.entries(oauthForms)) {
      const oauth = await unknownCode(accept);
      expect(oauth.statusCode).toBe(400);
      expect(oauth.headers['content-type']).toBe(`${oauthForm}; charset=utf-8`);

      const response = await t.app.inject({
        url: '/api/Users/ListUsers?results=-1',
        headers: { accept, authorization: `Bearer ${token}` },
      });
      expect(response.statusCode, response.body).toBe(400);
      expect(response.headers['content-type']).toBe('application/problem+json; charset=utf-8');
      expect(response.json()).not.toHaveProperty('error');
    }
  });
});
