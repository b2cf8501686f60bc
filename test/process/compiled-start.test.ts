import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  killAllServers,
  serverDatabase,
  startServer,
  type ServerDatabase,
} from '../helpers/server-process.ts';

// `npm start` runs the compiled server (dist/, built by `npm ci` through prepare): it must find
// everything the sources find next to them (web/dist, the scanners' data, the extraction worker).

const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));
const dist = (path: string) => `${REPO_ROOT}dist/${path}`;

let database: ServerDatabase;
let url: string;

beforeAll(async () => {
  if (!existsSync(dist('main.js'))) {
    // CI's npm ci has built it; a working tree may not have yet.
    const build = spawnSync('npm', ['run', '-s', 'build'], { cwd: REPO_ROOT, encoding: 'utf8' });
    expect(build.status, build.stdout + build.stderr).toBe(0);
  }
  database = await serverDatabase();
  ({ url } = await startServer(database, {}, 'compiled'));
}, 240_000);

afterAll(async () => {
  await killAllServers();
  await database?.drop();
});

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
