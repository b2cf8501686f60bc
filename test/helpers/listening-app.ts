import { createServer } from 'node:net';
import type { FastifyServerOptions } from 'fastify';
import { expect } from 'vitest';
import { createTestApp, type TestApp } from './test-app.ts';

export interface ListeningApp extends TestApp {
  /** `http://127.0.0.1:<port>`: where the server listens, and its configured issuer. */
  issuer: string;
}

/** A port the kernel says is free right now (listen on 0, read it, release it). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/**
 * The real app listening on an ephemeral loopback port, with AIRISK_ISSUER set to that address
 * so discovery metadata points at it. The issuer must be known before the app is built, hence
 * the port is chosen first; a rare race for it is retried.
 */
export async function createListeningApp(
  env: Record<string, string> = {},
  logger: FastifyServerOptions['logger'] = false,
): Promise<ListeningApp> {
  for (let attempt = 1; ; attempt += 1) {
    const port = await freePort();
    const issuer = `http://127.0.0.1:${port}`;
    const t = await createTestApp({ AIRISK_ISSUER: issuer, ...env }, logger);
    try {
      await t.app.listen({ host: '127.0.0.1', port });
      return Object.assign(t, { issuer });
    } catch (error) {
      await t.close();
      const inUse = (error as { code?: string }).code === 'EADDRINUSE';
      if (!inUse || attempt >= 3) {
        throw error;
      }
    }
  }
}

/**
 * Calls an authorization URL over HTTP as a browser would, without following the redirect,
 * and returns the Location it redirects to.
 */
export async function followAuthorization(authorizationUrl: URL | string): Promise<URL> {
  const response = await fetch(authorizationUrl, { redirect: 'manual' });
  expect(response.status, await response.clone().text()).toBe(302);
  const location = response.headers.get('location');
  expect(location).toBeTruthy();
  return new URL(location as string);
}

/** GET /api/Users/ListUsers over HTTP with a bearer token. */
export function listUsersOverHttp(issuer: string, accessToken: string): Promise<Response> {
  return fetch(`${issuer}/api/Users/ListUsers`, {
    headers: { authorization: `Bearer ${accessToken}`, accept: 'application/json' },
  });
}
