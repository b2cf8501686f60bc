import { afterEach, describe, expect, it } from 'vitest';
import { createUser } from '../../src/users/users.ts';
import {
  killAllServers,
  serverDatabase,
  startFleet,
  startServer,
  tokenOverHttp,
  withBearer,
  type Fleet,
  type ServerDatabase,
} from '../helpers/server-process.ts';
import { createClient } from '../../src/clients/clients.ts';
import { REDIRECT_URI } from '../helpers/test-app.ts';

// Processes die: by SIGKILL (a crash, the OOM killer) or by SIGTERM (a rolling deploy). What a
// process answered as done before it died must stay done.

let fleet: Fleet | undefined;
let database: ServerDatabase | undefined;

afterEach(async () => {
  await killAllServers();
  await fleet?.close();
  await database?.drop();
  fleet = database = undefined;
});

const LOAD_MS = 2000;
const WORKERS = 12;

describe('kill -9 of one process under load', () => {
  it('keeps every token answered 200 and every user answered 201', async () => {
    fleet = await startFleet(3);
    const { servers, credentials } = fleet;
    const admin = await createUser(fleet.database, {
      email: 'fleet.admin@example.com',
      name: 'Fleet admin',
      roles: ['CompanyAdmin'],
    });
    const [first, second] = servers.map((server) => server.url) as [string, string];
    const adminToken = await tokenOverHttp(first, second, credentials, admin.id);
    const victim = servers[2];
    if (!victim) throw new Error('three servers expected');

    const tokens: string[] = [];
    const users: string[] = [];
    const failures: string[] = [];
    let connectionErrors = 0;
    let killed = false;
    let sent = 0;
    const started = Date.now();

    const worker = async (w: number) => {
      for (let i = 0; Date.now() - started < LOAD_MS; i += 1) {
        const n = (sent += 1);
        const at = servers[(w + i) % 3]?.url as string;
        const next = servers[(w + i + 1) % 3]?.url as string;
        try {
          if (n % 2 === 0) {
            tokens.push(await tokenOverHttp(at, next, credentials));
          } else {
            const id = `load-${w}-${i}`;
            const response = await withBearer(`${at}/api/Users/CreateUser`, adminToken, {
              method: 'POST',
              body: { id, email: `${id}@example.com`, name: id },
            });
            if (response.status === 201) {
              users.push(id);
            } else {
              failures.push(`${at} CreateUser ${response.status} ${await response.text()}`);
            }
          }
        } catch (error) {
          const message = error instanceof Error ? error.message : String(error);
          if (message === 'fetch failed') {
            connectionErrors += 1;
          } else {
            failures.push(`${at} -> ${next}: ${message}`);
          }
        }
      }
    };

    const kill = (async () => {
      await new Promise((resolve) => setTimeout(resolve, LOAD_MS / 2));
      const exit = await victim.kill();
      killed = true;
      return exit;
    })();
    await Promise.all(Array.from({ length: WORKERS }, (_, w) => worker(w)));
    console.log("LOAD", tokens.length, users.length, connectionErrors, failures.length, Date.now() - started);
    expect(killed).toBe(true);
    expect(await kill).toEqual({ code: null, signal: 'SIGKILL' });

    // The survivors answered everything; only the dead process may have dropped requests.
    expect(failures.filter((failure) => !failure.includes(victim.url))).toEqual([]);
    expect(connectionErrors).toBeGreaterThan(0);
    expect(tokens.length).toBeGreaterThan(20);
    expect(users.length).toBeGreaterThan(20);

    for (let i = 0; i < tokens.length; i += 25) {
      const statuses = await Promise.all(
        tokens.slice(i, i + 25).map(async (token, j) => {
          const url = (j % 2 === 0 ? first : second) + '/api/Users/ListUsers';
          return (await withBearer(url, token)).status;
        }),
      );
      expect(statuses.every((status) => status === 200)).toBe(true);
    }
    const stored = await Promise.all(users.map((id) => fleet?.database.store.users.findById(id)));
    expect(stored.filter((user) => user === undefined)).toHaveLength(0);
  }, 30_000);
});

describe('SIGTERM', () => {
  const USERS = 300;
  const REQUESTS = 40;

  it('finishes every accepted request with 200, then exits 0', async () => {
    database = await serverDatabase();
    for (let i = 0; i < USERS; i += 1) {
      await createUser(database, { email: `u${i}@example.com`, name: `User ${i}` });
    }
    const credentials = await createClient(database, { name: 'Drain', redirectUris: [REDIRECT_URI] });
    // At info level the server logs "incoming request" once it has taken a request on.
    const server = await startServer(database, { AIRISK_LOG_LEVEL: 'info' });
    const token = await tokenOverHttp(server.url, server.url, credentials);
    const accepted = () =>
      server
        .output()
        .split('\n')
        .filter((line) => line.includes('"incoming request"') && line.includes('ListUsers'))
        .length;

    let completed = 0;
    const requests = Array.from({ length: REQUESTS }, async () => {
      const response = await withBearer(`${server.url}/api/Users/ListUsers?results=1000`, token);
      const body = (await response.json()) as unknown[];
      completed += 1;
      return { status: response.status, users: body.length };
    });
    const deadline = Date.now() + 10_000;
    while (accepted() < REQUESTS && Date.now() < deadline) {
      await new Promise((resolve) => setImmediate(resolve));
    }
    expect(accepted()).toBe(REQUESTS);
    const inFlight = REQUESTS - completed;
    console.log("INFLIGHT", inFlight);
    const exited = server.stop();

    const results = await Promise.all(requests);
    expect(inFlight).toBeGreaterThan(0);
    expect(results).toEqual(Array.from({ length: REQUESTS }, () => ({ status: 200, users: USERS })));
    expect(await exited).toEqual({ code: 0, signal: null });
    await expect(fetch(`${server.url}/healthz`)).rejects.toThrow();
  });
});
