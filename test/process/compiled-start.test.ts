import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../helpers/listening-app.ts';
import { serverDatabase, type ServerDatabase } from '../helpers/server-process.ts';

// `npm start` runs the compiled server (dist/, built by `npm ci` through prepare): it must find
// everything the sources find next to them (web/dist, the scanners' data, the extraction worker).

const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));
const dist = (path: string) => `${REPO_ROOT}dist/${path}`;
const READY_TIMEOUT_MS = 60_000;

let database: ServerDatabase;
let server: ChildProcess | undefined;
let output = '';
let url: string;

beforeAll(async () => {
  if (!existsSync(dist('main.js'))) {
    // CI's npm ci has built it; a working tree may not have yet.
    const build = spawnSync('npm', ['run', '-s', 'build'], { cwd: REPO_ROOT, encoding: 'utf8' });
    expect(build.status, build.stdout + build.stderr).toBe(0);
  }
  database = await serverDatabase();
  const port = await freePort();
  url = `http://127.0.0.1:${port}`;
  const inherited = Object.fromEntries(
    Object.entries(process.env).filter(([name]) => !name.startsWith('AIRISK_')),
  );
  server = spawn(process.execPath, [dist('main.js')], {
    cwd: REPO_ROOT,
    env: {
      ...inherited,
      PORT: String(port),
      HOST: '127.0.0.1',
      AIRISK_DATABASE_URL: database.processUrl,
      AIRISK_MASTER_KEY: database.masterKey,
      AIRISK_ISSUER: url,
      AIRISK_LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  server.stdout?.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  server.stderr?.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  await untilReady();
}, 240_000);

afterAll(async () => {
  if (server && server.exitCode === null) {
    const exited = new Promise((resolve) => server?.once('exit', resolve));
    server.kill('SIGTERM');
    await exited;
  }
  await database?.drop();
});

async function untilReady(): Promise<void> {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  while (Date.now() < deadline && server?.exitCode === null) {
    const status = await fetch(`${url}/readyz`).then(
      (response) => response.status,
      () => 0,
    );
    if (status === 200) {
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`node dist/main.js did not get ready:\n${output}`);
}

describe('node dist/main.js (npm start)', () => {
  it('holds the files the server reads next to its modules', () => {
    expect(existsSync(dist('files/extraction-worker.js'))).toBe(true);
    expect(existsSync(dist('scanners/general/data/given-names.json'))).toBe(true);
  });

  it('serves the API: its keys, and a validated request refused without a token', async () => {
    const jwks = await fetch(`${url}/.well-known/jwks.json`);
    expect(jwks.status).toBe(200);
    expect(((await jwks.json()) as { keys: unknown[] }).keys.length).toBeGreaterThan(0);

    const users = await fetch(`${url}/api/Users/ListUsers?limit=5`);
    expect(users.status).toBe(401);
  });

  it('serves the OpenAPI document and the web app', async () => {
    const openapi = await fetch(`${url}/openapi.json`);
    expect(openapi.status).toBe(200);
    expect(((await openapi.json()) as { openapi: string }).openapi).toBe('3.1.0');

    const index = await fetch(`${url}/`, { headers: { accept: 'text/html' } });
    expect(index.status).toBe(200);
    expect(await index.text()).toContain('<div id="root">');
  });
});
