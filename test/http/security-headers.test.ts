import { afterEach, describe, expect, it } from 'vitest';
import type { LightMyRequestResponse } from 'fastify';
import { aClient, createTestApp, REDIRECT_URI, type TestApp } from '../helpers/test-app.ts';
import { exchangeCode, getCode, getToken } from '../helpers/oauth-flow.ts';

// RFC 9700 §4.16 and OWASP: every answer of this JSON API forbids sniffing, framing and
// referrers; the OAuth2 answers are never cached; no origin gets CORS access to the
// authorization endpoint; HSTS only where the issuer is served over https.

let t: TestApp;
afterEach(() => t.close());

type Probe = (t: TestApp) => Promise<LightMyRequestResponse>;

const probes: [string, number, Probe][] = [
  [
    'an API response',
    200,
    async (t) =>
      t.app.inject({
        url: '/api/Users/ListUsers',
        headers: { authorization: `Bearer ${await getToken(t, await aClient(t))}` },
      }),
  ],
  [
    'a token response',
    200,
    async (t) => {
      const credentials = await aClient(t);
      return exchangeCode(t, credentials, await getCode(t, credentials));
    },
  ],
  [
    'an authorization redirect',
    302,
    async (t) => {
      const { client } = await aClient(t);
      const query = new URLSearchParams({ client_id: client.id, redirect_uri: REDIRECT_URI });
      return t.app.inject({ url: `/api/oauth2?${query.toString()}` });
    },
  ],
  [
    'an OAuth2 error',
    400,
    async (t) => t.app.inject({ method: 'POST', url: '/api/oauth2/Token', payload: {} }),
  ],
  ['an API error', 401, async (t) => t.app.inject({ url: '/api/Users/ListUsers' })],
  ['a 404', 404, async (t) => t.app.inject({ url: '/api/NoSuchThing' })],
  ['the JWK Set', 200, async (t) => t.app.inject({ url: '/.well-known/jwks.json' })],
];

describe('security headers', () => {
  it.each(probes)('are on %s', async (_case, status, probe) => {
    t = await createTestApp();
    const response = await probe(t);
    expect(response.statusCode, response.body).toBe(status);
    expect(response.headers['x-content-type-options']).toBe('nosniff');
    expect(response.headers['x-frame-options']).toBe('DENY');
    expect(response.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(response.headers['referrer-policy']).toBe('no-referrer');
    // The test issuer is http: HSTS there would be wrong (and ignored by browsers).
    expect(response.headers['strict-transport-security']).toBeUndefined();
  });

  it.each(probes.filter(([name]) => /token response|redirect|OAuth2 error/.test(name)))(
    'forbid caching of %s',
    async (_case, _status, probe) => {
      t = await createTestApp();
      const response = await probe(t);
      expect(response.headers['cache-control']).toBe('no-store');
      expect(response.headers.pragma).toBe('no-cache');
    },
  );

  it.each(probes)('add HSTS to %s when the issuer is https', async (_case, status, probe) => {
    t = await createTestApp({ AIRISK_ISSUER: 'https://airisk.test' });
    const response = await probe(t);
    expect(response.statusCode, response.body).toBe(status);
    expect(response.headers['strict-transport-security']).toMatch(/^max-age=\d{7,}/);
  });
});

describe('CORS on the authorization endpoint', () => {
  const origin = 'https://evil.example';

  it('grants no origin access to a GET', async () => {
    t = await createTestApp();
    const { client } = await aClient(t);
    const query = new URLSearchParams({ client_id: client.id, redirect_uri: REDIRECT_URI });
    const response = await t.app.inject({
      url: `/api/oauth2?${query.toString()}`,
      headers: { origin },
    });
    expect(response.statusCode).toBe(302);
    expect(response.headers['access-control-allow-origin']).toBeUndefined();
    expect(response.headers['access-control-allow-credentials']).toBeUndefined();
  });

  it.each(['/api/oauth2', '/api/oauth2/Token'])(
    'grants nothing to a preflight on %s',
    async (url) => {
      t = await createTestApp();
      const response = await t.app.inject({
        method: 'OPTIONS',
        url,
        headers: {
          origin,
          'access-control-request-method': 'GET',
          'access-control-request-headers': 'authorization',
        },
      });
      expect(response.statusCode, response.body).toBeLessThan(500);
      expect(response.headers['access-control-allow-origin']).toBeUndefined();
      expect(response.headers['access-control-allow-methods']).toBeUndefined();
      expect(response.headers['access-control-allow-headers']).toBeUndefined();
      expect(response.headers['x-frame-options']).toBe('DENY');
    },
  );
});
