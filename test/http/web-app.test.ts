import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { loadConfig } from '../../src/config/config.ts';
import { openAppDeps } from '../../src/deps.ts';
import { buildApp } from '../../src/app.ts';
import { WEB_APP_CSP } from '../../src/http/security-headers.ts';
import { isolatedDatabase } from '../helpers/test-store.ts';
import { rawRequest } from '../helpers/raw-http.ts';
import { TEST_ISSUER, TestClock } from '../helpers/test-app.ts';

// The server serves the built web app at / (src/http/web-app.ts): its hashed files cached for a
// year, its index.html for any other GET outside the server's own paths, with the app's CSP;
// the API's answers (and 404s) stay what they were.

const INDEX = '<!doctype html><html><body><div id="root"></div></body></html>';
const SCRIPT = 'console.log("app");';
const API_CSP = "default-src 'none'; frame-ancestors 'none'";

let folder: string;
let webRoot: string;

beforeAll(() => {
  folder = mkdtempSync(join(tmpdir(), 'airisk-web-'));
  webRoot = join(folder, 'dist');
  mkdirSync(join(webRoot, 'assets'), { recursive: true });
  mkdirSync(join(webRoot, '.vite'));
  writeFileSync(join(webRoot, 'index.html'), INDEX);
  writeFileSync(join(webRoot, 'assets', 'index-Ab12Cd34.js'), SCRIPT);
  writeFileSync(join(webRoot, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
  writeFileSync(join(webRoot, '.vite', 'manifest.json'), '{}');
  // Beside the root, never to be served.
  writeFileSync(join(folder, 'secret.txt'), 'TOP SECRET');
});

afterAll(() => rmSync(folder, { recursive: true, force: true }));

let served: { app: FastifyInstance; close(): Promise<void> } | undefined;
afterEach(async () => {
  await served?.close();
  served = undefined;
});

/** The real app, serving the web app from `root`. */
async function serving(root: string): Promise<FastifyInstance> {
  const database = await isolatedDatabase();
  const config = loadConfig({
    AIRISK_DATABASE_URL: database.url,
    AIRISK_ISSUER: TEST_ISSUER,
    AIRISK_MASTER_KEY: randomBytes(32).toString('base64'),
  });
  const deps = await openAppDeps(config, {
    clock: new TestClock(),
    database: { searchPath: database.searchPath },
  });
  const app = await buildApp({ ...deps, webRoot: root });
  served = {
    app,
    async close() {
      await app.close();
      await deps.store.close();
      await database.drop();
    },
  };
  return app;
}

describe('the web app', () => {
  it.each(['/', '/signin', '/chat', '/chat/conv_123', '/invite-people', '/auth/callback?code=x'])(
    'answers GET %s with index.html, revalidated, under the app CSP',
    async (url) => {
      const app = await serving(webRoot);
      const response = await app.inject({ url });
      expect(response.statusCode).toBe(200);
      expect(response.headers['content-type']).toMatch(/^text\/html/);
      expect(response.body).toBe(INDEX);
      expect(response.headers['cache-control']).toBe('no-cache');
      expect(response.headers['content-security-policy']).toBe(WEB_APP_CSP);
      expect(response.headers['x-frame-options']).toBe('DENY');
    },
  );

  it('answers HEAD on an app path', async () => {
    const app = await serving(webRoot);
    const response = await app.inject({ method: 'HEAD', url: '/account' });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(/^text\/html/);
    expect(response.body).toBe('');
  });

  it('serves hashed assets as immutable for a year', async () => {
    const app = await serving(webRoot);
    const response = await app.inject({ url: '/assets/index-Ab12Cd34.js' });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(/javascript/);
    expect(response.body).toBe(SCRIPT);
    expect(response.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(response.headers['content-security-policy']).toBe(WEB_APP_CSP);
  });

  it('revalidates files without a hash', async () => {
    const app = await serving(webRoot);
    const response = await app.inject({ url: '/favicon.svg' });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(/^image\/svg\+xml/);
    expect(response.headers['cache-control']).toBe('no-cache');
  });

  it('answers a missing asset with a 404, never the page', async () => {
    const app = await serving(webRoot);
    const response = await app.inject({ url: '/assets/index-Gone.js' });
    expect(response.statusCode).toBe(404);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
  });

  it('answers an unchanged ETag with 304', async () => {
    const app = await serving(webRoot);
    const first = await app.inject({ url: '/' });
    const etag = first.headers.etag as string;
    expect(etag).toBeTruthy();
    const again = await app.inject({ url: '/', headers: { 'if-none-match': etag } });
    expect(again.statusCode).toBe(304);
  });
});

describe("the server's own paths", () => {
  it.each([
    ['GET', '/api/NoSuchThing'],
    ['GET', '/API/Users/NoSuchThing'],
    ['GET', '/docs/no-such-page'],
    ['GET', '/.well-known/no-such-document'],
    ['GET', '/healthz/more'],
    ['GET', '/readyz/more'],
    ['HEAD', '/api/NoSuchThing'],
    ['POST', '/signin'],
    ['DELETE', '/chat'],
  ] as const)('keep %s %s a 404 problem', async (method, url) => {
    const app = await serving(webRoot);
    const response = await app.inject({ method, url });
    expect(response.statusCode).toBe(404);
    if (method !== 'HEAD') {
      expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(response.json<{ detail: string }>().detail).toContain(url);
    }
  });

  it.each(['/api/NoSuchThing', '/healthz', '/.well-known/jwks.json'])(
    'keep the API CSP on %s',
    async (url) => {
      const app = await serving(webRoot);
      const response = await app.inject({ url });
      expect(response.headers['content-security-policy']).toBe(API_CSP);
    },
  );
});

describe('paths that leave the web root', () => {
  // Sent byte for byte: inject and fetch would resolve the dot segments before sending.
  it.each([
    '/../secret.txt',
    '/assets/../../secret.txt',
    '/%2e%2e/secret.txt',
    '/assets/%2e%2e/%2e%2e/secret.txt',
    '/assets/..%2f..%2fsecret.txt',
    '/assets/..%5c..%5csecret.txt',
    '/%2e%2e%2fsecret.txt',
    '/.vite/manifest.json',
  ])('refuse %s with a 404', async (target) => {
    const app = await serving(webRoot);
    await app.listen({ port: 0, host: '127.0.0.1' });
    const { port } = app.server.address() as AddressInfo;
    const response = await rawRequest(port, { method: 'GET', target, headers: {} });
    expect(response.body).not.toContain('TOP SECRET');
    expect(response.status).toBe(404);
  });

  it.each(['/assets/%00.js', '/%E0%A4%A'])('refuse %s as a bad request', async (url) => {
    const app = await serving(webRoot);
    const response = await app.inject({ url });
    expect(response.statusCode).toBe(400);
  });
});

describe('without a build', () => {
  it.each(['/', '/signin'])('answers GET %s with how to build the app', async (url) => {
    const app = await serving(join(folder, 'not-built'));
    const response = await app.inject({ url });
    expect(response.statusCode).toBe(503);
    expect(response.headers['content-type']).toMatch(/^text\/html/);
    expect(response.body).toContain('npm run web:build');
    expect(response.headers['content-security-policy']).toBe(WEB_APP_CSP);
  });

  it('still serves the API', async () => {
    const app = await serving(join(folder, 'not-built'));
    expect((await app.inject({ url: '/healthz' })).statusCode).toBe(200);
  });
});
