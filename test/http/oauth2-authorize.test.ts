import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { setClientDisabled } from '../../src/clients/clients.ts';
import { aClient, aUser, createTestApp, REDIRECT_URI, type TestApp } from '../helpers/test-app.ts';
import {
  ACCEPT_JSON,
  authorizeRequest,
  exchangeParams,
  expectOAuthProblem,
  pkcePair,
  redirectOf,
  tokenRequest,
  type Response,
} from '../helpers/oauth-requests.ts';

// Spec §2: GET /api/oauth2. Errors before client and redirect URI are verified are answered
// directly; later ones go back to the (verified) redirect URI (RFC 6749 §4.1.2.1).

/** A direct answer: a problem document and, above all, no redirect. */
function expectNoRedirect(response: Response, status: number, error: string) {
  expectOAuthProblem(response, status, error);
  expect(response.headers.location).toBeUndefined();
}

/** The redirect carries an error, the state, and no code. */
function expectErrorRedirect(response: Response, error: string, state: string) {
  const location = redirectOf(response);
  expect(`${location.origin}${location.pathname}`).toBe(REDIRECT_URI);
  expect(location.searchParams.get('error')).toBe(error);
  expect(location.searchParams.get('error_description')).toBeTruthy();
  expect(location.searchParams.get('state')).toBe(state);
  expect(location.searchParams.has('code')).toBe(false);
}

describe('GET /api/oauth2', () => {
  let t: TestApp;
  beforeEach(async () => {
    t = await createTestApp();
  });
  afterEach(() => t.close());

  describe('success', () => {
    it('redirects to redirect_uri with a code and the state, unchanged', async () => {
      const { client } = await aClient(t);
      const state = 'a b&c=d/é?';
      const response = await authorizeRequest(t, {
        client_id: client.id,
        redirect_uri: REDIRECT_URI,
        state,
      });
      const location = redirectOf(response);
      expect(`${location.origin}${location.pathname}`).toBe(REDIRECT_URI);
      expect(location.searchParams.get('state')).toBe(state);
      // ≥128 bits of randomness: at least 22 base64url characters.
      expect(location.searchParams.get('code')).toMatch(/^[A-Za-z0-9_-]{22,}$/);
      expect(response.headers['cache-control']).toBe('no-store');
    });

    it('sends no state when none was given, and a new code each time', async () => {
      const { client } = await aClient(t);
      const query = { client_id: client.id, redirect_uri: REDIRECT_URI };
      const first = redirectOf(await authorizeRequest(t, query));
      const second = redirectOf(await authorizeRequest(t, query));
      expect([...first.searchParams.keys()]).toEqual(['code']);
      expect(first.searchParams.get('code')).not.toBe(second.searchParams.get('code'));
    });

    it("keeps the redirect URI's existing query parameters", async () => {
      const registered = 'https://app.example/cb?tenant=7&lang=en';
      const { client } = await aClient(t, [registered]);
      const location = redirectOf(
        await authorizeRequest(t, { client_id: client.id, redirect_uri: registered, state: 's' }),
      );
      expect(`${location.origin}${location.pathname}`).toBe('https://app.example/cb');
      expect(location.searchParams.get('tenant')).toBe('7');
      expect(location.searchParams.get('lang')).toBe('en');
      expect(location.searchParams.get('code')).toBeTruthy();
      expect(location.searchParams.get('state')).toBe('s');
    });

    it('issues a code that works once', async () => {
      const credentials = await aClient(t);
      const location = redirectOf(
        await authorizeRequest(t, { client_id: credentials.client.id, redirect_uri: REDIRECT_URI }),
      );
      const form = exchangeParams(credentials, location.searchParams.get('code') as string);
      expect((await tokenRequest(t, { form })).statusCode).toBe(200);
      expectOAuthProblem(await tokenRequest(t, { form }), 400, 'invalid_grant', 'Invalid Code');
    });

    it('accepts response_type=code, a known userid and an S256 challenge', async () => {
      const { client } = await aClient(t);
      const user = await aUser(t, { id: 'user_42' });
      const location = redirectOf(
        await authorizeRequest(t, {
          client_id: client.id,
          redirect_uri: REDIRECT_URI,
          response_type: 'code',
          userid: user.id,
          code_challenge: pkcePair().challenge,
          code_challenge_method: 'S256',
        }),
      );
      expect(location.searchParams.get('code')).toBeTruthy();
      expect(location.searchParams.has('error')).toBe(false);
    });

    it.each(['/API/OAUTH2', '/api/oauth2/', '/Api/OAuth2/'])('answers on %s', async (path) => {
      const { client } = await aClient(t);
      const response = await authorizeRequest(
        t,
        { client_id: client.id, redirect_uri: REDIRECT_URI },
        { path },
      );
      expect(redirectOf(response).searchParams.get('code')).toBeTruthy();
    });
  });

  describe('errors answered directly, never redirected', () => {
    it('400 without client_id', async () => {
      const response = await authorizeRequest(
        t,
        { redirect_uri: REDIRECT_URI, state: 's' },
        { headers: ACCEPT_JSON },
      );
      expectNoRedirect(response, 400, 'invalid_request');
      expect(response.headers['cache-control']).toBe('no-store');
    });

    it('401 for an unknown client', async () => {
      const response = await authorizeRequest(
        t,
        {
          client_id: '00000000-0000-4000-8000-000000000000',
          redirect_uri: REDIRECT_URI,
        },
        { headers: ACCEPT_JSON },
      );
      expectNoRedirect(response, 401, 'invalid_client');
    });

    it('401 for a disabled client', async () => {
      const { client } = await aClient(t);
      await setClientDisabled(t, client.id, true);
      const response = await authorizeRequest(
        t,
        {
          client_id: client.id,
          redirect_uri: REDIRECT_URI,
        },
        { headers: ACCEPT_JSON },
      );
      expectNoRedirect(response, 401, 'invalid_client');
    });

    it('400 for a repeated client_id', async () => {
      const { client } = await aClient(t);
      const other = await aClient(t);
      const response = await authorizeRequest(
        t,
        {
          client_id: [client.id, other.client.id],
          redirect_uri: REDIRECT_URI,
        },
        { headers: ACCEPT_JSON },
      );
      expectNoRedirect(response, 400, 'invalid_request');
    });

    it('400 without redirect_uri', async () => {
      const { client } = await aClient(t);
      expectNoRedirect(
        await authorizeRequest(t, { client_id: client.id }, { headers: ACCEPT_JSON }),
        400,
        'invalid_request',
      );
    });

    it.each([
      ['an unregistered URI', 'https://evil.example/callback'],
      ['a trailing slash', `${REDIRECT_URI}/`],
      ['a different case', 'https://localhost/Callback'],
      ['an extra query', `${REDIRECT_URI}?x=1`],
      ['http instead of https', 'http://localhost/callback'],
      ['an explicit port', 'https://localhost:443/callback'],
      ['a fragment', `${REDIRECT_URI}#frag`],
    ])('400 for %s', async (_name, redirectUri) => {
      const { client } = await aClient(t);
      const response = await authorizeRequest(
        t,
        {
          client_id: client.id,
          redirect_uri: redirectUri,
          state: 's',
        },
        { headers: ACCEPT_JSON },
      );
      expectNoRedirect(response, 400, 'invalid_request');
    });
  });

  describe('loopback redirect URIs (RFC 8252 §7.3)', () => {
    it.each(['http://127.0.0.1:53123/cb', 'http://127.0.0.1:8080/cb', 'http://127.0.0.1/cb'])(
      'http://127.0.0.1/cb matches %s',
      async (requested) => {
        const { client } = await aClient(t, ['http://127.0.0.1/cb']);
        const location = redirectOf(
          await authorizeRequest(t, { client_id: client.id, redirect_uri: requested }),
        );
        expect(`${location.origin}${location.pathname}`).toBe(requested);
        expect(location.searchParams.get('code')).toBeTruthy();
      },
    );

    it.each([
      'http://localhost:53123/cb',
      'http://localhost/cb',
      'http://127.0.0.2:53123/cb',
      'http://127.0.0.1.evil.example:53123/cb',
      'https://127.0.0.1:53123/cb',
      'http://127.0.0.1:53123/other',
    ])('http://127.0.0.1/cb does not match %s', async (requested) => {
      const { client } = await aClient(t, ['http://127.0.0.1/cb']);
      const response = await authorizeRequest(
        t,
        { client_id: client.id, redirect_uri: requested },
        { headers: ACCEPT_JSON },
      );
      expectNoRedirect(response, 400, 'invalid_request');
    });

    it.each([
      ['http://127.0.0.1:5555/cb', 'http://127.0.0.1:4444/cb'],
      ['http://127.0.0.1:5555/cb', 'http://127.0.0.1/cb'],
      ['http://127.0.0.1:5555/cb?app=1', 'http://127.0.0.1:65535/cb?app=1'],
      ['http://[::1]:5555/cb', 'http://[::1]:4444/cb'],
    ])('%s, registered with its port, matches %s', async (registered, requested) => {
      const { client } = await aClient(t, [registered]);
      const location = redirectOf(
        await authorizeRequest(t, { client_id: client.id, redirect_uri: requested, state: 's' }),
      );
      expect(location.href.startsWith(`${requested}${requested.includes('?') ? '&' : '?'}`)).toBe(
        true,
      );
      expect(location.searchParams.get('code')).toBeTruthy();
      expect(location.searchParams.get('state')).toBe('s');
    });

    it.each([
      ['a port out of range', 'http://127.0.0.1:99999/cb'],
      ['port 65536', 'http://127.0.0.1:65536/cb'],
      ['port 0', 'http://127.0.0.1:0/cb'],
      ['port 0 on [::1]', 'http://[::1]:00/cb'],
      ['another path', 'http://127.0.0.1:4444/other'],
      ['an added query', 'http://127.0.0.1:4444/cb?x=1'],
      ['localhost, a name and not an IP literal', 'http://localhost:4444/cb'],
    ])('answers %s with a direct 400, never a redirect or a 500', async (_name, requested) => {
      const { client } = await aClient(t, [
        'http://127.0.0.1/cb',
        'http://[::1]:5555/cb',
        'http://localhost:5555/cb',
      ]);
      const response = await authorizeRequest(
        t,
        { client_id: client.id, redirect_uri: requested, state: 's' },
        { headers: ACCEPT_JSON },
      );
      expectNoRedirect(response, 400, 'invalid_request');
    });

    it('a non-loopback host gets no port exception', async () => {
      const { client } = await aClient(t, ['http://app.example/cb']);
      const response = await authorizeRequest(
        t,
        {
          client_id: client.id,
          redirect_uri: 'http://app.example:53123/cb',
        },
        { headers: ACCEPT_JSON },
      );
      expectNoRedirect(response, 400, 'invalid_request');
    });
  });

  describe('errors redirected once the redirect URI is verified', () => {
    const state = 'st-9';

    it('unsupported_response_type for response_type=token', async () => {
      const { client } = await aClient(t);
      const response = await authorizeRequest(t, {
        client_id: client.id,
        redirect_uri: REDIRECT_URI,
        response_type: 'token',
        state,
      });
      expectErrorRedirect(response, 'unsupported_response_type', state);
      expect(response.headers['cache-control']).toBe('no-store');
    });

    it('access_denied for an unknown userid', async () => {
      const { client } = await aClient(t);
      const response = await authorizeRequest(t, {
        client_id: client.id,
        redirect_uri: REDIRECT_URI,
        userid: 'no_such_user',
        state,
      });
      expectErrorRedirect(response, 'access_denied', state);
    });

    it.each([
      ['a method without a challenge', { code_challenge_method: 'S256' }],
      ['method plain', { code_challenge: pkcePair().verifier, code_challenge_method: 'plain' }],
      ['a challenge without a method', { code_challenge: pkcePair().challenge }],
      ['a challenge too short', { code_challenge: 'a'.repeat(42), code_challenge_method: 'S256' }],
      ['a challenge too long', { code_challenge: 'a'.repeat(129), code_challenge_method: 'S256' }],
      [
        'a challenge with bad characters',
        { code_challenge: `${'a'.repeat(42)}+`, code_challenge_method: 'S256' },
      ],
    ])('invalid_request for PKCE with %s', async (_name, pkce: Record<string, string>) => {
      const { client } = await aClient(t);
      const response = await authorizeRequest(t, {
        client_id: client.id,
        redirect_uri: REDIRECT_URI,
        state,
        ...pkce,
      });
      expectErrorRedirect(response, 'invalid_request', state);
    });
  });
});
