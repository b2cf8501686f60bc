import { afterEach, describe, expect, it } from 'vitest';
import type { InjectOptions } from 'fastify';
import { aClient, createTestApp, REDIRECT_URI, type TestApp } from '../helpers/test-app.ts';
import { getCode, threeFieldExchange } from '../helpers/oauth-flow.ts';
import { genericToken, type Response } from '../helpers/api-requests.ts';

// AIRISK_CORS_ORIGINS lets the browser apps of those origins call the API; any other origin,
// and every origin when it is unset, gets no CORS header at all.

const APP_ORIGIN = 'https://app.example.com';
const OTHER_ORIGIN = 'https://evil.example.com';
const ORIGINS = `${APP_ORIGIN},http://localhost:5173`;

let t: TestApp | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

async function app(env: Record<string, string> = { AIRISK_CORS_ORIGINS: ORIGINS }) {
  t = await createTestApp(env);
  return t;
}

function corsHeaders(response: Response): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(response.headers).filter(([name]) => name.startsWith('access-control-')),
  );
}

/** A browser's preflight for a request with these headers. */
function preflight(
  t: TestApp,
  url: string,
  origin: string,
  method = 'POST',
  headers = 'content-type',
): Promise<Response> {
  return t.app.inject({
    method: 'OPTIONS',
    url,
    headers: {
      origin,
      'access-control-request-method': method,
      'access-control-request-headers': headers,
    },
  });
}

function expectPreflightAnswered(response: Response, origin: string) {
  expect(response.statusCode, response.body).toBe(204);
  expect(response.headers['access-control-allow-origin']).toBe(origin);
  expect(response.headers['access-control-allow-methods']).toContain('POST');
  expect(response.headers['access-control-allow-headers']).toBe('Authorization, Content-Type');
  expect(response.headers['access-control-allow-credentials']).toBeUndefined();
  expect(response.headers.vary).toMatch(/\bOrigin\b/i);
}

function expectActualRequestHeaders(response: Response, origin: string) {
  expect(response.headers['access-control-allow-origin']).toBe(origin);
  expect(response.headers['access-control-expose-headers']).toBe(
    'Link, Retry-After, WWW-Authenticate',
  );
  expect(response.headers['access-control-allow-credentials']).toBeUndefined();
}

const listUsers = (token: string | undefined, origin: string): InjectOptions => ({
  url: '/api/Users/ListUsers?results=1',
  headers: { origin, ...(token === undefined ? {} : { authorization: `Bearer ${token}` }) },
});

describe('with AIRISK_CORS_ORIGINS', () => {
  it('answers the preflight of an allowed origin, for the API and the token endpoint', async () => {
    const t = await app();
    const api = await preflight(t, '/api/Users/ListUsers', APP_ORIGIN, 'GET', 'authorization');
    expectPreflightAnswered(api, APP_ORIGIN);
    expect(api.headers['access-control-max-age']).toBe('600');
    // The security headers ride along without getting in the way.
    expect(api.headers['x-content-type-options']).toBe('nosniff');
    const other = 'http://localhost:5173';
    expectPreflightAnswered(await preflight(t, '/api/oauth2/Token', other), other);
  });

  it("answers a preflight even when the OAuth2 endpoints' rate limit is spent", async () => {
    const t = await app({ AIRISK_CORS_ORIGINS: ORIGINS, AIRISK_RATE_LIMIT_PER_IP: '1' });
    const { client } = await aClient(t);
    const authorize = { url: `/api/oauth2?client_id=${client.id}&redirect_uri=${REDIRECT_URI}` };
    expect((await t.app.inject(authorize)).statusCode).toBe(302);
    expect((await t.app.inject(authorize)).statusCode).toBe(429);
    expectPreflightAnswered(await preflight(t, '/api/oauth2/Token', APP_ORIGIN), APP_ORIGIN);
  });

  it('lets a script of an allowed origin read answers, a 401 and its WWW-Authenticate too', async () => {
    const t = await app();
    const ok = await t.app.inject(listUsers(await genericToken(t), APP_ORIGIN));
    expect(ok.statusCode, ok.body).toBe(200);
    expectActualRequestHeaders(ok, APP_ORIGIN);

    const refused = await t.app.inject(listUsers(undefined, APP_ORIGIN));
    expect(refused.statusCode).toBe(401);
    expect(refused.headers['www-authenticate']).toMatch(/^Bearer /);
    expectActualRequestHeaders(refused, APP_ORIGIN);
  });

  it('serves the token endpoint to an allowed origin', async () => {
    const t = await app();
    const credentials = await aClient(t);
    const code = await getCode(t, credentials);
    const response = await threeFieldExchange(t, credentials, code, {
      headers: { origin: APP_ORIGIN },
    });
    expect(response.statusCode, response.body).toBe(200);
    expectActualRequestHeaders(response, APP_ORIGIN);
  });

  it('gives any other origin no CORS header, on the preflight or the request', async () => {
    const t = await app();
    expectPreflightAnswered(await preflight(t, '/api/oauth2/Token', APP_ORIGIN), APP_ORIGIN);
    const refusedPreflight = await preflight(t, '/api/Users/ListUsers', OTHER_ORIGIN, 'GET');
    expect(refusedPreflight.statusCode).not.toBe(204);
    expect(corsHeaders(refusedPreflight)).toEqual({});
    const response = await t.app.inject(listUsers(await genericToken(t), OTHER_ORIGIN));
    expect(response.statusCode).toBe(200);
    expect(corsHeaders(response)).toEqual({});
    // Origins match exactly: no prefix, suffix or scheme variant passes.
    for (const near of ['https://app.example.com.evil.test', 'http://app.example.com', 'null']) {
      expect(corsHeaders(await preflight(t, '/api/oauth2/Token', near))).toEqual({});
    }
  });
});

describe('without AIRISK_CORS_ORIGINS', () => {
  it('sends no CORS header to anyone and answers no preflight', async () => {
    const configured = await createTestApp({ AIRISK_CORS_ORIGINS: ORIGINS });
    try {
      const answered = await preflight(configured, '/api/oauth2/Token', APP_ORIGIN);
      expectPreflightAnswered(answered, APP_ORIGIN);
    } finally {
      await configured.close();
    }

    const t = await app({});
    const refusedPreflight = await preflight(t, '/api/oauth2/Token', APP_ORIGIN);
    expect(refusedPreflight.statusCode).toBe(404);
    expect(corsHeaders(refusedPreflight)).toEqual({});
    const response = await t.app.inject(listUsers(await genericToken(t), APP_ORIGIN));
    expect(response.statusCode).toBe(200);
    expect(corsHeaders(response)).toEqual({});
    expect(response.headers.vary).toBeUndefined();
  });
});
