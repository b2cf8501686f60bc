import { afterEach, describe, expect, it } from 'vitest';
import type { ClientWithSecret } from '../../src/clients/clients.ts';
import { aClient, createTestApp, REDIRECT_URI, type TestApp } from '../helpers/test-app.ts';
import { getToken, type HasApp } from '../helpers/oauth-flow.ts';
import {
  basicAuthorization,
  listUsersStatus,
  OAUTH_ERROR_MEDIA_TYPE,
  type Response,
} from '../helpers/oauth-requests.ts';
import { startFleet, type Fleet } from '../helpers/shared-database.ts';

// RFC 9700 §4.15: the OAuth2 endpoints share fixed one-minute budgets per IP address and per
// client, counted in the database so that every instance spends the same budget.

const WINDOW_SECONDS = 60;
let t: TestApp | undefined;
let fleet: Fleet | undefined;

afterEach(async () => {
  await t?.close();
  await fleet?.close();
  t = undefined;
  fleet = undefined;
});

async function app(env: Record<string, string>): Promise<TestApp> {
  t = await createTestApp(env);
  return t;
}

function authorize(on: HasApp, clientId: string, remoteAddress = '127.0.0.1'): Promise<Response> {
  const query = new URLSearchParams({ client_id: clientId, redirect_uri: REDIRECT_URI });
  return on.app.inject({ url: `/api/oauth2?${query.toString()}`, remoteAddress });
}

function token(on: HasApp, { client, clientSecret }: ClientWithSecret): Promise<Response> {
  return on.app.inject({
    method: 'POST',
    url: '/api/oauth2/Token',
    headers: { authorization: basicAuthorization(client.id, clientSecret) },
    payload: { code: 'no-such-code', redirect_uri: REDIRECT_URI },
  });
}

/** Asserts a 429 problem whose Retry-After is the time left in the current window. */
function expectTooManyRequests(response: Response, now: number): number {
  expect(response.statusCode, response.body).toBe(429);
  expect(response.headers['content-type']).toMatch(OAUTH_ERROR_MEDIA_TYPE);
  expect(response.json()).toMatchObject({ status: 429, title: expect.any(String) });
  const retryAfter = response.headers['retry-after'];
  expect(retryAfter).toMatch(/^\d+$/);
  expect(Number(retryAfter)).toBe(WINDOW_SECONDS - (now % WINDOW_SECONDS));
  return Number(retryAfter);
}

describe('per-IP limit', () => {
  it('answers the (N+1)th authorization request of a minute with 429, until the window ends', async () => {
    const t = await app({ AIRISK_RATE_LIMIT_PER_IP: '5', AIRISK_RATE_LIMIT_PER_CLIENT: '0' });
    const { client } = await aClient(t);
    for (let i = 0; i < 5; i += 1) {
      expect((await authorize(t, client.id)).statusCode).toBe(302);
    }

    const limited = await authorize(t, client.id);
    const retryAfter = expectTooManyRequests(limited, t.clock.nowSeconds());
    expect(limited.headers['cache-control']).toBe('no-store');
    // Another address has its own budget.
    expect((await authorize(t, client.id, '192.0.2.7')).statusCode).toBe(302);

    if (retryAfter > 1) {
      t.clock.advance(retryAfter - 1);
      expect((await authorize(t, client.id)).statusCode).toBe(429);
      t.clock.advance(1);
    } else {
      t.clock.advance(retryAfter);
    }
    expect((await authorize(t, client.id)).statusCode).toBe(302);
  });

  it('limits the token endpoint the same way, and lifts the limit a minute later', async () => {
    const t = await app({ AIRISK_RATE_LIMIT_PER_IP: '3', AIRISK_RATE_LIMIT_PER_CLIENT: '0' });
    const credentials = await aClient(t);
    for (let i = 0; i < 3; i += 1) {
      expect((await token(t, credentials)).statusCode).toBe(400);
    }
    expectTooManyRequests(await token(t, credentials), t.clock.nowSeconds());

    t.clock.advance(60);
    expect((await token(t, credentials)).statusCode).toBe(400);
  });

  it.each(['/api/oauth2/Revoke', '/api/oauth2/Introspect', '/API/OAUTH2/token'])(
    'covers %s as well',
    async (path) => {
      const limited = await app({
        AIRISK_RATE_LIMIT_PER_IP: '2',
        AIRISK_RATE_LIMIT_PER_CLIENT: '0',
      });
      const send = () => limited.app.inject({ method: 'POST', url: path, payload: {} });
      for (let i = 0; i < 2; i += 1) {
        expect((await send()).statusCode).toBe(400);
      }
      expectTooManyRequests(await send(), limited.clock.nowSeconds());
    },
  );

  it('does not limit the rest of the API', async () => {
    const t = await app({ AIRISK_RATE_LIMIT_PER_IP: '2', AIRISK_RATE_LIMIT_PER_CLIENT: '0' });
    const credentials = await aClient(t);
    const accessToken = await getToken(t, credentials);
    expect((await authorize(t, credentials.client.id)).statusCode).toBe(429);
    for (let i = 0; i < 5; i += 1) {
      expect(await listUsersStatus(t, accessToken)).toBe(200);
    }
  });

  it('is off at 0', async () => {
    const t = await app({ AIRISK_RATE_LIMIT_PER_IP: '0', AIRISK_RATE_LIMIT_PER_CLIENT: '0' });
    const { client } = await aClient(t);
    for (let i = 0; i < 25; i += 1) {
      expect((await authorize(t, client.id)).statusCode).toBe(302);
    }
  });

  it('is one budget for every instance on the database', async () => {
    fleet = await startFleet(2, {
      AIRISK_RATE_LIMIT_PER_IP: '4',
      AIRISK_RATE_LIMIT_PER_CLIENT: '0',
    });
    const [first, second] = fleet.instances as [TestApp, TestApp];
    const { client } = await aClient(first);
    for (const instance of [first, second, first, second]) {
      expect((await authorize(instance, client.id)).statusCode).toBe(302);
    }
    for (const instance of [first, second]) {
      expectTooManyRequests(await authorize(instance, client.id), fleet.clock.nowSeconds());
    }
    fleet.clock.advance(60);
    expect((await authorize(second, client.id)).statusCode).toBe(302);
  });
});

describe('per-client limit', () => {
  it('counts each client_id on its own, wherever the request names it', async () => {
    const t = await app({ AIRISK_RATE_LIMIT_PER_IP: '0', AIRISK_RATE_LIMIT_PER_CLIENT: '3' });
    const limited = await aClient(t);
    const other = await aClient(t);
    // Query, Basic credentials and body all name the same client.
    expect((await authorize(t, limited.client.id)).statusCode).toBe(302);
    expect((await token(t, limited)).statusCode).toBe(400);
    expect((await authorize(t, limited.client.id, '192.0.2.8')).statusCode).toBe(302);

    expectTooManyRequests(await authorize(t, limited.client.id), t.clock.nowSeconds());
    expectTooManyRequests(await token(t, limited), t.clock.nowSeconds());
    // Even from a fresh address: the budget is the client's.
    expect((await authorize(t, limited.client.id, '192.0.2.9')).statusCode).toBe(429);

    for (let i = 0; i < 3; i += 1) {
      expect((await authorize(t, other.client.id)).statusCode).toBe(302);
    }
    t.clock.advance(60);
    expect((await authorize(t, limited.client.id)).statusCode).toBe(302);
  });

  it('is off at 0', async () => {
    const t = await app({ AIRISK_RATE_LIMIT_PER_IP: '0', AIRISK_RATE_LIMIT_PER_CLIENT: '0' });
    const credentials = await aClient(t);
    for (let i = 0; i < 25; i += 1) {
      expect((await token(t, credentials)).statusCode).toBe(400);
    }
  });
});
