import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ClientWithSecret } from '../../src/clients/clients.ts';
import { aClient, createTestApp, REDIRECT_URI, type TestApp } from '../helpers/test-app.ts';
import { getCode, getToken } from '../helpers/oauth-flow.ts';
import { asUser, expectProblem } from '../helpers/api-requests.ts';
import {
  ACCEPT_JSON,
  exchangeParams,
  expectOAuthProblem,
  tokenRequest,
} from '../helpers/oauth-requests.ts';

// No AIRisk request needs more than 64 parameters; far more is an attack on the parser or the
// handler, and is refused with 400 before any work is done (never a 5xx).

const LIMIT = 64;
let t: TestApp;
let credentials: ClientWithSecret;

beforeEach(async () => {
  t = await createTestApp();
  credentials = await aClient(t);
});
afterEach(() => t.close());

/** `base` plus filler parameters up to `total` parameters in all. */
function padded(base: Record<string, string>, total: number): URLSearchParams {
  const params = new URLSearchParams(base);
  for (let index = 0; params.size < total; index += 1) {
    params.append(`extra${index}`, 'x');
  }
  expect(params.size).toBe(total);
  return params;
}

const authorizeBase = () => ({ client_id: credentials.client.id, redirect_uri: REDIRECT_URI });

describe('query parameters', () => {
  it('accepts 64 on the authorization endpoint and refuses 65 with 400 invalid_request', async () => {
    const fine = await t.app.inject({
      url: `/api/oauth2?${padded(authorizeBase(), LIMIT).toString()}`,
    });
    expect(fine.statusCode, fine.body).toBe(302);
    expect(new URL(fine.headers.location as string).searchParams.get('code')).toBeTruthy();

    const tooMany = await t.app.inject({
      url: `/api/oauth2?${padded(authorizeBase(), LIMIT + 1).toString()}`,
      headers: ACCEPT_JSON,
    });
    expectOAuthProblem(tooMany, 400, 'invalid_request', /64/);
    expect(tooMany.headers.location).toBeUndefined();
  });

  it('accepts 64 on ListUsers and refuses 65 with a 400 problem', async () => {
    const headers = { authorization: `Bearer ${await getToken(t, credentials)}` };
    const fine = await t.app.inject({
      url: `/api/Users/ListUsers?${padded({ results: '5' }, LIMIT).toString()}`,
      headers,
    });
    expect(fine.statusCode, fine.body).toBe(200);

    const tooMany = await t.app.inject({
      url: `/api/Users/ListUsers?${padded({ results: '5' }, LIMIT + 1).toString()}`,
      headers,
    });
    expectProblem(tooMany, 400, /64/);
  });

  it.each([
    ['65 copies of one parameter', 'a=1&'.repeat(65)],
    ['10 000 parameters', 'p=1&'.repeat(10_000)],
    ['65 empty-valued parameters', Array.from({ length: 65 }, (_, i) => `k${i}=`).join('&')],
  ])('answers %s with 400, never 5xx', async (_case, query) => {
    for (const url of ['/api/oauth2', '/api/Users/ListUsers', '/api/oauth2/Token']) {
      const response = await t.app.inject({ url: `${url}?${query}` });
      expect(response.statusCode, `${url}: ${response.body}`).toBe(400);
    }
  });
});

describe('body parameters', () => {
  it('accepts a form body of 64 parameters and refuses 65 with 400 invalid_request', async () => {
    const base = exchangeParams(credentials, await getCode(t, credentials));
    const fine = await tokenRequest(t, { form: padded(base, LIMIT).toString() });
    expect(fine.statusCode, fine.body).toBe(200);

    const other = exchangeParams(credentials, await getCode(t, credentials));
    const tooMany = await tokenRequest(t, { form: padded(other, LIMIT + 1).toString() });
    expectOAuthProblem(tooMany, 400, 'invalid_request', /64/);
    // The code was not even looked at: it still works.
    const retry = await tokenRequest(t, { form: other });
    expect(retry.statusCode, retry.body).toBe(200);
  });

  it('refuses a JSON body of 65 members with 400 invalid_request', async () => {
    const base = exchangeParams(credentials, await getCode(t, credentials));
    const json = Object.fromEntries(padded(base, LIMIT + 1));
    expectOAuthProblem(await tokenRequest(t, { json }), 400, 'invalid_request');
  });

  it.each(['/api/oauth2/Token', '/api/oauth2/Revoke', '/api/oauth2/Introspect'])(
    'answers form bodies of 1 000 parameters on %s with 400, never 5xx',
    async (path) => {
      const distinct = Array.from({ length: 1000 }, (_, i) => `k${i}=1`).join('&');
      for (const form of ['p=1&'.repeat(1000), distinct]) {
        const response = await tokenRequest(t, { form, path });
        expectOAuthProblem(response, 400, 'invalid_request');
      }
    },
  );
});

// PostgreSQL text cannot hold NUL: found by test/property/oauth-endpoints.test.ts as a 500.
describe('NUL characters', () => {
  let t: TestApp;
  let authorization: string;
  beforeEach(async () => {
    t = await createTestApp();
    authorization = `Bearer ${(await asUser(t, ['CompanyAdmin'])).token}`;
  });
  afterEach(() => t.close());

  it.each([
    ['a query value', { method: 'GET' as const, url: '/api/oauth2?client_id=%00' }],
    ['a path parameter', { method: 'DELETE' as const, url: '/api/Users/DeleteUser/a%00b' }],
    [
      'a form body value',
      {
        method: 'POST' as const,
        url: '/api/oauth2/Token',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        payload: 'client_id=%00&client_secret=x&code=y&redirect_uri=z',
      },
    ],
    [
      'a JSON body value',
      {
        method: 'POST' as const,
        url: '/api/oauth2/Introspect',
        payload: { client_id: 'a\u0000', token: 'x' },
      },
    ],
  ])('in %s is a 400, never a 500', async (_where, request) => {
    const response = await t.app.inject({
      ...request,
      headers: { ...('headers' in request ? request.headers : {}), authorization },
    });
    expect(response.statusCode, response.body).toBe(400);
  });
});

describe('NUL in HTTP Basic credentials', () => {
  it('is a 401 invalid_client, never a 500', async () => {
    const t = await createTestApp();
    try {
      const basic = Buffer.from('a%00b:secret').toString('base64');
      const response = await t.app.inject({
        method: 'POST',
        url: '/api/oauth2/Token',
        headers: { authorization: `Basic ${basic}` },
        payload: { code: 'x', redirect_uri: REDIRECT_URI },
      });
      expect(response.statusCode, response.body).toBe(401);
      expect(response.json<{ error: string }>().error).toBe('invalid_client');
    } finally {
      await t.close();
    }
  });
});
