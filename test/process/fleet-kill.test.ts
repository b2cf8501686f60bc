import { Agent, request as httpRequest } from 'node:http';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
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
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
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
    const victim = servers[2] as (typeof servers)[number];
    const { store } = fleet.database;

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
      await sleep(LOAD_MS / 2);
      const exit = await victim.kill();
      killed = true;
      return exit;
    })();
    await Promise.all(Array.from({ length: WORKERS }, (_, w) => worker(w)));
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
      expect(statuses.filter((status) => status !== 200)).toEqual([]);
    }
    const stored = await Promise.all(users.map((id) => store.users.findById(id)));
    expect(users.filter((_, i) => stored[i] === undefined)).toEqual([]);
  }, 30_000);
});

/**
 * A POST whose body is sent in two parts, so the request stays in flight in between; on a
 * kept-alive connection, as a reverse proxy sends it.
 */
function postInTwoParts(agent: Agent, url: string, token: string, body: string) {
  const request = httpRequest(url, {
    method: 'POST',
    agent,
    headers: {
      authorization: `Bearer ${token}`,
      'content-type': 'application/json',
      'content-length': Buffer.byteLength(body),
    },
  });
  const response = new Promise<{ status: number; body: string }>((resolve, reject) => {
    request.on('error', reject);
    request.on('response', (incoming) => {
      let text = '';
      incoming.setEncoding('utf8').on('data', (chunk: string) => (text += chunk));
      incoming.on('end', () => resolve({ status: incoming.statusCode ?? 0, body: text }));
    });
  });
  request.write(body.slice(0, 10));
  return { response, finish: () => request.end(body.slice(10)) };
}

describe('SIGTERM', () => {
  const USERS = 300;
  const REQUESTS = 40;
  const EXIT_WITHIN_MS = 5000;
  const keepAlive = new Agent({ keepAlive: true });
  afterAll(() => keepAlive.destroy());

  it('finishes every accepted request, then exits 0', async () => {
    database = await serverDatabase();
    for (let i = 0; i < USERS; i += 50) {
      await Promise.all(
        Array.from({ length: 50 }, (_, j) =>
          createUser(database as ServerDatabase, { email: `u${i + j}@example.com`, name: 'U' }),
        ),
      );
    }
    const admin = await createUser(database, {
      email: 'drain.admin@example.com',
      name: 'Admin',
      roles: ['CompanyAdmin'],
    });
    const credentials = await createClient(database, {
      name: 'Drain',
      redirectUris: [REDIRECT_URI],
    });
    // At info level the server logs "incoming request" once it has taken a request on.
    const server = await startServer(database, { AIRISK_LOG_LEVEL: 'info' });
    const token = await tokenOverHttp(server.url, server.url, credentials, admin.id);
    const logged = (text: string, path = '') =>
      server
        .output()
        .split('\n')
        .filter((line) => line.includes(text) && line.includes(path)).length;
    const waitFor = async (done: () => boolean) => {
      const deadline = Date.now() + 10_000;
      while (!done() && Date.now() < deadline) {
        await new Promise((resolve) => setImmediate(resolve));
      }
      expect(done()).toBe(true);
    };

    // One request surely in flight: its body is still on the way when SIGTERM comes.
    const upload = postInTwoParts(
      keepAlive,
      `${server.url}/api/Users/CreateUser`,
      token,
      JSON.stringify({ id: 'late', email: 'late@example.com', name: 'Late' }),
    );
    // And many on kept-alive connections, as a load balancer sends them.
    const lists = Array.from({ length: REQUESTS }, async () => {
      const response = await withBearer(`${server.url}/api/Users/ListUsers?results=1000`, token);
      return { status: response.status, users: ((await response.json()) as unknown[]).length };
    });
    await waitFor(() => logged('"incoming request"', '/api/Users/CreateUser') === 1);
    await waitFor(() => logged('"incoming request"', '/api/Users/ListUsers') === REQUESTS);
    const exited = server.stop();
    await waitFor(() => logged('shutting down') === 1);
    upload.finish();

    expect(await upload.response).toMatchObject({ status: 201 });
    expect(await database.store.users.findById('late')).toMatchObject({
      email: 'late@example.com',
    });
    // Each list holds the seeded users and the admin, and "late" too if it ran after it.
    for (const list of await Promise.all(lists)) {
      expect(list.status).toBe(200);
      expect([USERS + 1, USERS + 2]).toContain(list.users);
    }
    // The drained process must go; kept-alive connections must not hold it.
    const exit = await Promise.race([exited, sleep(EXIT_WITHIN_MS).then(() => 'still running')]);
    expect(exit, `${EXIT_WITHIN_MS} ms after the last response`).toEqual({ code: 0, signal: null });
    await expect(fetch(`${server.url}/healthz`)).rejects.toThrow();
  });
});
