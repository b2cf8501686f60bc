import { afterEach, describe, expect, it } from 'vitest';
import { aClient, createTestApp, REDIRECT_URI, type TestApp } from '../helpers/test-app.ts';
import type { HasApp } from '../helpers/oauth-flow.ts';
import type { Response } from '../helpers/oauth-requests.ts';
import { startFleet, type Fleet } from '../helpers/shared-database.ts';

// Rate limits of 200 a minute and more are leased from the shared counter in chunks of 1% of the
// limit, and spent locally: the database is asked once per chunk, not once per request. The
// limit still holds across instances; a single instance spends its budget exactly.

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
  // The monitoring rules' and notifications' timers query too: not while statements are counted.
  t = await createTestApp({ AIRISK_MONITOR_INTERVAL_MS: '3600000', ...env });
  return t;
}

/** The lease the server takes for a limit: 1% of it, at least 1, at most 1,000. */
const leaseOf = (limit: number) => Math.max(1, Math.min(1000, Math.floor(limit / 100)));

function authorize(on: HasApp, clientId: string, remoteAddress = '127.0.0.1'): Promise<Response> {
  const query = new URLSearchParams({ client_id: clientId, redirect_uri: REDIRECT_URI });
  return on.app.inject({ url: `/api/oauth2?${query.toString()}`, remoteAddress });
}

/** A request the OAuth2 routes refuse (400) before touching the database; rate-limited all the same. */
function invalidRevoke(on: HasApp, clientId?: string): Promise<Response> {
  return on.app.inject({
    method: 'POST',
    url: '/api/oauth2/Revoke',
    payload: clientId === undefined ? {} : { client_id: clientId },
  });
}

/** Sends `count` requests one after the other and tallies their status codes. */
async function statuses(
  count: number,
  send: (index: number) => Promise<Response>,
): Promise<Map<number, number>> {
  const tally = new Map<number, number>();
  for (let index = 0; index < count; index += 1) {
    const { statusCode } = await send(index);
    tally.set(statusCode, (tally.get(statusCode) ?? 0) + 1);
  }
  return tally;
}

function expectTooManyRequests(response: Response, now: number): void {
  expect(response.statusCode, response.body).toBe(429);
  expect(Number(response.headers['retry-after'])).toBe(WINDOW_SECONDS - (now % WINDOW_SECONDS));
}

describe('leased rate limits, one instance', () => {
  it('lets exactly the limit through, though it leases it in chunks, and refuses the next', async () => {
    // 301 is 100 leases of 3 and one last lease cut to the 1 left.
    const limit = 301;
    const t = await app({
      AIRISK_RATE_LIMIT_PER_IP: String(limit),
      AIRISK_RATE_LIMIT_PER_CLIENT: '0',
    });
    const { client } = await aClient(t);

    const passed = await statuses(limit, () => authorize(t, client.id));
    expect(passed).toEqual(new Map([[302, limit]]));
    for (let i = 0; i < 3; i += 1) {
      expectTooManyRequests(await authorize(t, client.id), t.clock.nowSeconds());
    }
    // Another address has a budget of its own.
    expect((await authorize(t, client.id, '192.0.2.7')).statusCode).toBe(302);

    // The next window has the whole budget again.
    t.clock.advance(WINDOW_SECONDS);
    const next = await statuses(limit, () => authorize(t, client.id));
    expect(next).toEqual(new Map([[302, limit]]));
    expect((await authorize(t, client.id)).statusCode).toBe(429);
  });

  it('spends its budget exactly under concurrent requests as well', async () => {
    // What a server sees: requests of one address in flight together. Each that finds no lease
    // left takes one from the database; none of what those leases grant may be lost.
    const limit = 301;
    const t = await app({
      AIRISK_RATE_LIMIT_PER_IP: String(limit),
      AIRISK_RATE_LIMIT_PER_CLIENT: '0',
    });
    const { client } = await aClient(t);
    const concurrent = 10;
    let passed = 0;
    for (let sent = 0; sent < 2 * limit; sent += concurrent) {
      const batch = await Promise.all(
        Array.from({ length: concurrent }, () => authorize(t, client.id)),
      );
      passed += batch.filter((response) => response.statusCode === 302).length;
    }
    expect(passed).toBe(limit);
  });

  it('spends a per-client limit exactly too, whichever endpoint names the client', async () => {
    const limit = 250;
    const t = await app({
      AIRISK_RATE_LIMIT_PER_IP: '0',
      AIRISK_RATE_LIMIT_PER_CLIENT: String(limit),
    });
    const limited = await aClient(t);
    const other = await aClient(t);

    // Alternating the authorization endpoint and the revocation endpoint: one budget.
    const passed = await statuses(limit, (index) =>
      index % 2 === 0 ? authorize(t, limited.client.id) : invalidRevoke(t, limited.client.id),
    );
    expect(passed).toEqual(
      new Map([
        [302, Math.ceil(limit / 2)],
        // No secret: invalid_client, but counted all the same.
        [401, Math.floor(limit / 2)],
      ]),
    );
    expectTooManyRequests(await authorize(t, limited.client.id), t.clock.nowSeconds());
    expectTooManyRequests(await invalidRevoke(t, limited.client.id), t.clock.nowSeconds());
    // Even from another address; but another client is not affected.
    expect((await authorize(t, limited.client.id, '192.0.2.9')).statusCode).toBe(429);
    expect((await authorize(t, other.client.id)).statusCode).toBe(302);

    t.clock.advance(WINDOW_SECONDS);
    expect((await authorize(t, limited.client.id)).statusCode).toBe(302);
  });

  it('asks the database once per lease, not once per request', async () => {
    const limit = 400;
    const lease = leaseOf(limit);
    const { statements, ...t } = await app({
      AIRISK_RATE_LIMIT_PER_IP: String(limit),
      AIRISK_RATE_LIMIT_PER_CLIENT: '0',
    });
    // Invalid requests touch the database for nothing but the rate limit.
    const requests = 200;
    const before = statements();
    const answered = await statuses(requests, () => invalidRevoke(t));
    const sent = statements() - before;
    expect(answered).toEqual(new Map([[400, requests]]));
    expect(sent).toBeGreaterThan(0);
    expect(sent).toBeLessThanOrEqual(Math.ceil(requests / lease));

    // The rest of the budget, then the refusal, which is remembered: no more statements.
    await statuses(limit - requests, () => invalidRevoke(t));
    expect((await invalidRevoke(t)).statusCode).toBe(429);
    const exhausted = statements();
    for (let i = 0; i < 20; i += 1) {
      expect((await invalidRevoke(t)).statusCode).toBe(429);
    }
    expect(statements()).toBe(exhausted);
  });

  it('counts every request below 200 a minute (a lease of one)', async () => {
    const limit = 150;
    const { statements, ...t } = await app({
      AIRISK_RATE_LIMIT_PER_IP: String(limit),
      AIRISK_RATE_LIMIT_PER_CLIENT: '0',
    });
    const before = statements();
    expect(await statuses(20, () => invalidRevoke(t))).toEqual(new Map([[400, 20]]));
    expect(statements() - before).toBe(20);
  });
});

describe('leased rate limits, two instances on one database', () => {
  it('never let more than the limit through together, strand at most a lease each, and refuse the (limit+1)th', async () => {
    const limit = 400;
    const lease = leaseOf(limit);
    fleet = await startFleet(2, {
      AIRISK_RATE_LIMIT_PER_IP: String(limit),
      AIRISK_RATE_LIMIT_PER_CLIENT: '0',
    });
    const { instances, clock } = fleet;
    const [first, second] = instances as [TestApp, TestApp];
    const { client } = await aClient(first);
    const on = (index: number) => instances[index % instances.length]!;

    const window = await statuses(limit, (index) => authorize(on(index), client.id));
    const passed = window.get(302) ?? 0;
    expect(passed + (window.get(429) ?? 0)).toBe(limit);
    expect(passed).toBeGreaterThanOrEqual(limit - instances.length * lease);
    // The (limit+1)th request overall is refused, whichever instance it reaches.
    expectTooManyRequests(await authorize(on(limit), client.id), clock.nowSeconds());

    // Whatever either instance still holds, together they stay within the limit.
    const more = await statuses(4 * lease, (index) => authorize(on(limit + 1 + index), client.id));
    expect(passed + (more.get(302) ?? 0)).toBeLessThanOrEqual(limit);
    for (const instance of [first, second]) {
      expectTooManyRequests(await authorize(instance, client.id), clock.nowSeconds());
    }

    // A new window: both instances have the budget back.
    clock.advance(WINDOW_SECONDS);
    for (const instance of [first, second, first, second]) {
      expect((await authorize(instance, client.id)).statusCode).toBe(302);
    }
  });
});
