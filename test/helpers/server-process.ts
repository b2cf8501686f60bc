import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort } from './listening-app.ts';
import { createClient, type ClientWithSecret } from '../../src/clients/clients.ts';
import { systemClock, type Clock } from '../../src/lib/clock.ts';
import { openStore } from '../../src/store/kysely-store.ts';
import type { Store } from '../../src/store/store.ts';
import { isolatedDatabase, isPostgres } from './test-store.ts';
import { REDIRECT_URI } from './test-app.ts';

// The real server (`node --import tsx src/main.ts`, or what `npm start` runs: `node dist/main.js`)
// as separate processes on one database: what a deployment runs, with its own sockets, signals
// and crashes.

const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const FLEET_ISSUER = 'http://fleet.test';
// Starting takes a second alone, but over 15 s on two cores busy with the rest of the suite (tsx
// compiling the server, the scanners warming up); only a failing start waits this long.
const READY_TIMEOUT_MS = 60_000;

/** How the server is run: from its TypeScript sources, compiled (dist/), or by `npm start`. */
export type ServerEntry = 'sources' | 'compiled' | 'npm-start';
const ENTRY_COMMANDS: Record<ServerEntry, [string, string[]]> = {
  sources: [process.execPath, ['--import', 'tsx', 'src/main.ts']],
  compiled: [process.execPath, ['dist/main.js']],
  'npm-start': ['npm', ['start', '--silent']],
};

export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface ServerProcess {
  /** `http://127.0.0.1:<port>` */
  url: string;
  child: ChildProcess;
  /** Resolves when the process has exited, however it ended. */
  exited: Promise<Exit>;
  /** Everything the process printed so far (stdout and stderr). */
  output(): string;
  /** SIGTERM, then the exit. */
  stop(): Promise<Exit>;
  /** SIGKILL, then the exit. */
  kill(): Promise<Exit>;
}

export interface ServerDatabase {
  /** The URL a server process opens: a temp SQLite file, or PostgreSQL with its schema in it. */
  processUrl: string;
  /** A migrated store over the same database, for the test's own setup and checks. */
  store: Store;
  clock: Clock;
  masterKey: string;
  drop(): Promise<void>;
}

/** A fresh database (migrated) that several processes can share, and a shared master key. */
export async function serverDatabase(): Promise<ServerDatabase> {
  let processUrl: string;
  let store: Store;
  let dropDatabase: () => Promise<void>;
  if (isPostgres) {
    const database = await isolatedDatabase();
    const separator = database.url.includes('?') ? '&' : '?';
    const options = encodeURIComponent(`-c search_path=${database.searchPath}`);
    processUrl = `${database.url}${separator}options=${options}`;
    store = await openStore(database.url, { searchPath: database.searchPath });
    dropDatabase = () => database.drop();
  } else {
    const folder = mkdtempSync(join(tmpdir(), 'airisk-fleet-'));
    processUrl = `sqlite:${join(folder, 'airisk.db')}`;
    store = await openStore(processUrl);
    dropDatabase = async () => rmSync(folder, { recursive: true, force: true });
  }
  return {
    processUrl,
    store,
    clock: systemClock,
    masterKey: randomBytes(32).toString('base64'),
    async drop() {
      await store.close();
      await dropDatabase();
    },
  };
}

const running = new Set<ServerProcess>();

/** Starts one server process on the database and waits until GET /readyz answers 200. */
export async function startServer(
  database: ServerDatabase,
  env: Record<string, string> = {},
  entry: ServerEntry = 'sources',
): Promise<ServerProcess> {
  for (let attempt = 1; ; attempt += 1) {
    const server = spawnServer(await freePort(), database, env, entry);
    try {
      await waitUntilReady(server);
      return server;
    } catch (error) {
      await server.kill();
      // A port taken between choosing and listening is the one failure worth another try.
      if (!/EADDRINUSE/.test(server.output()) || attempt >= 3) {
        throw error;
      }
    }
  }
}

function spawnServer(
  port: number,
  database: ServerDatabase,
  env: Record<string, string>,
  entry: ServerEntry,
): ServerProcess {
  const inherited = Object.fromEntries(
    Object.entries(process.env).filter(([name]) => !name.startsWith('AIRISK_')),
  );
  const [command, args] = ENTRY_COMMANDS[entry];
  const child = spawn(command, args, {
    cwd: REPO_ROOT,
    env: {
      ...inherited,
      PORT: String(port),
      HOST: '127.0.0.1',
      AIRISK_DATABASE_URL: database.processUrl,
      AIRISK_MASTER_KEY: database.masterKey,
      AIRISK_ISSUER: FLEET_ISSUER,
      AIRISK_LOG_LEVEL: 'warn',
      AIRISK_RATE_LIMIT_PER_IP: '0',
      AIRISK_RATE_LIMIT_PER_CLIENT: '0',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  const exited = new Promise<Exit>((resolve) => {
    child.once('exit', (code, signal) => resolve({ code, signal }));
  });
  const signal = (name: NodeJS.Signals) => async (): Promise<Exit> => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill(name);
    }
    return exited;
  };
  const server: ServerProcess = {
    url: `http://127.0.0.1:${port}`,
    child,
    exited,
    output: () => output,
    stop: signal('SIGTERM'),
    kill: signal('SIGKILL'),
  };
  running.add(server);
  void exited.then(() => running.delete(server));
  return server;
}

async function waitUntilReady(server: ServerProcess): Promise<void> {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  let hasExited = false;
  void server.exited.then(() => (hasExited = true));
  while (Date.now() < deadline && !hasExited) {
    try {
      const response = await fetch(`${server.url}/readyz`);
      if (response.status === 200) {
        return;
      }
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`The server at ${server.url} did not get ready:\n${server.output()}`);
}

/** SIGKILLs every server process still running (for afterEach/afterAll). */
export async function killAllServers(): Promise<void> {
  await Promise.all([...running].map((server) => server.kill()));
}

export interface Fleet {
  database: ServerDatabase;
  servers: ServerProcess[];
  /** A client registered through the domain on the shared database. */
  credentials: ClientWithSecret;
  close(): Promise<void>;
}

/** `count` server processes started together on one fresh database, and a registered client. */
export async function startFleet(count: number, env: Record<string, string> = {}): Promise<Fleet> {
  const database = await serverDatabase();
  try {
    const servers = await Promise.all(
      Array.from({ length: count }, () => startServer(database, env)),
    );
    const credentials = await createClient(database, {
      name: 'Fleet client',
      redirectUris: [REDIRECT_URI],
    });
    return {
      database,
      servers,
      credentials,
      async close() {
        await Promise.all(servers.map((server) => server.kill()));
        await database.drop();
      },
    };
  } catch (error) {
    await killAllServers();
    await database.drop();
    throw error;
  }
}

// The OAuth flow over real HTTP.

/** GET /api/oauth2 without following the redirect; the code, or the failed response. */
export async function authorizeOverHttp(
  baseUrl: string,
  { client }: ClientWithSecret,
  userid?: string,
): Promise<string> {
  const query = new URLSearchParams({ client_id: client.id, redirect_uri: REDIRECT_URI });
  if (userid !== undefined) {
    query.set('userid', userid);
  }
  const response = await fetch(`${baseUrl}/api/oauth2?${query.toString()}`, { redirect: 'manual' });
  const location = response.headers.get('location');
  const code = location ? new URL(location).searchParams.get('code') : null;
  if (response.status !== 302 || !code) {
    throw new Error(`authorize answered ${response.status}: ${await response.text()}`);
  }
  return code;
}

/** POST /api/oauth2/Token with client_secret_post (and the userid of a user-specific code). */
export function exchangeOverHttp(
  baseUrl: string,
  { client, clientSecret }: ClientWithSecret,
  code: string,
  userid?: string,
): Promise<Response> {
  return fetch(`${baseUrl}/api/oauth2/Token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
    body: new URLSearchParams({
      client_id: client.id,
      client_secret: clientSecret,
      redirect_uri: REDIRECT_URI,
      code,
      ...(userid === undefined ? {} : { userid }),
    }),
  });
}

/** The whole flow over HTTP: authorize on one server, exchange on another. */
export async function tokenOverHttp(
  authorizeAt: string,
  exchangeAt: string,
  credentials: ClientWithSecret,
  userid?: string,
): Promise<string> {
  const code = await authorizeOverHttp(authorizeAt, credentials, userid);
  const response = await exchangeOverHttp(exchangeAt, credentials, code, userid);
  if (response.status !== 200) {
    throw new Error(`token endpoint answered ${response.status}: ${await response.text()}`);
  }
  return ((await response.json()) as { access_token: string }).access_token;
}

/** A request with a bearer token and JSON. */
export function withBearer(
  url: string,
  token: string,
  init: { method?: string; body?: unknown } = {},
): Promise<Response> {
  return fetch(url, {
    method: init.method ?? 'GET',
    headers: {
      authorization: `Bearer ${token}`,
      accept: 'application/json',
      ...(init.body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
  });
}
