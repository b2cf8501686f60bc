import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  authorizeOverHttp,
  exchangeOverHttp,
  killAllServers,
  startFleet,
  withBearer,
  type Fleet,
} from '../helpers/server-process.ts';

// Three real server processes on one database (a shared SQLite file, or one PostgreSQL schema)
// behave as one server: what one issues, the others honour; what one burns, all refuse.

let fleet: Fleet;

beforeAll(async () => {
  fleet = await startFleet(3);
}, 30_000);

afterAll(async () => {
  await fleet?.close();
  await killAllServers();
});

const urls = () => fleet.servers.map((server) => server.url);

const listUsersStatus = async (url: string, token: string) =>
  (await withBearer(`${url}/api/Users/ListUsers`, token)).status;

describe('three server processes on one database', () => {
  it('redeems on B a code minted on A, and the token works on C', async () => {
    const [a, b, c] = urls() as [string, string, string];
    const code = await authorizeOverHttp(a, fleet.credentials);

    const exchange = await exchangeOverHttp(b, fleet.credentials, code);

    expect(exchange.status, await exchange.clone().text()).toBe(200);
    const { access_token: token } = (await exchange.json()) as { access_token: string };
    expect(await listUsersStatus(c, token)).toBe(200);
    expect(await listUsersStatus(a, token)).toBe(200);
    // Without a shared database and key set, C would have refused it; a forged one it still does.
    expect(await listUsersStatus(c, `${token.slice(0, -4)}AAAA`)).toBe(401);
  });

  it('lets exactly one of 50 concurrent redemptions spread over the processes win, and the replays revoke its token', async () => {
    const servers = urls();
    const code = await authorizeOverHttp(servers[0] as string, fleet.credentials);

    const responses = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        exchangeOverHttp(servers[i % servers.length] as string, fleet.credentials, code),
      ),
    );

    const statuses = responses.map((response) => response.status);
    expect(statuses.filter((status) => status === 200)).toHaveLength(1);
    expect(statuses.filter((status) => status === 400)).toHaveLength(49);
    const bodies = await Promise.all(
      responses.map(async (response) => (await response.json()) as Record<string, unknown>),
    );
    const winner = bodies[statuses.indexOf(200)] as { access_token: string };
    for (const [i, body] of bodies.entries()) {
      if (statuses[i] === 400) {
        expect(body.error).toBe('invalid_grant');
      }
    }
    for (const url of servers) {
      expect(await listUsersStatus(url, winner.access_token), url).toBe(401);
    }
  });

  it('honours on every process a token issued after another process revoked others', async () => {
    // Revocation is per token: a fresh code from C, redeemed on A, is unaffected by the replays.
    const [a, , c] = urls() as [string, string, string];
    const code = await authorizeOverHttp(c, fleet.credentials);
    const exchange = await exchangeOverHttp(a, fleet.credentials, code);
    expect(exchange.status).toBe(200);
    const { access_token: token } = (await exchange.json()) as { access_token: string };
    for (const url of urls()) {
      expect(await listUsersStatus(url, token), url).toBe(200);
    }
  });
});
