import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ClientWithSecret } from '../../src/clients/clients.ts';
import { aClient, aUser, createTestApp, REDIRECT_URI, type TestApp } from '../helpers/test-app.ts';

// Thousands of random and malformed requests at the four OAuth2 endpoints: none may answer
// 5xx, and none may yield a token, since no request here carries a real code.

const RUNS = 1500;

describe('OAuth2 endpoints under random input', () => {
  let t: TestApp;
  let credentials: ClientWithSecret;
  let userId: string;

  beforeAll(async () => {
    // Limits off: this test is about parsing and rules, not about being throttled.
    t = await createTestApp({
      AIRISK_RATE_LIMIT_PER_IP: '0',
      AIRISK_RATE_LIMIT_PER_CLIENT: '0',
      AIRISK_LOCKOUT_THRESHOLD: '0',
    });
    credentials = await aClient(t);
    userId = (await aUser(t)).id;
  });
  afterAll(() => t.close());

  const junk = fc.oneof(
    fc.string({ maxLength: 40 }),
    fc.string({ unit: 'binary', maxLength: 20 }),
    fc.constantFrom('', ' ', '%00', '%', '&', '=', '[]', '{}', 'null', '\u0000', 'a'.repeat(3000)),
  );
  // Each parameter is absent, junk, a plausible real value, or sent twice.
  const parameter = (real: () => string) =>
    fc.oneof(
      fc.constant(undefined),
      junk,
      fc.constant('REAL').map(() => real()),
      fc.tuple(junk, junk).map(([a, b]) => [a, b]),
    );

  const parameters = fc.record({
    client_id: parameter(() => credentials.client.id),
    client_secret: parameter(() => credentials.clientSecret),
    redirect_uri: parameter(() => REDIRECT_URI),
    response_uri: parameter(() => REDIRECT_URI),
    code: parameter(() => 'SplxlOBeZQQYbYS6WxSbIA'),
    userid: parameter(() => userId),
    grant_type: parameter(() => 'authorization_code'),
    code_verifier: parameter(() => 'v'.repeat(43)),
    code_challenge: parameter(() => 'c'.repeat(43)),
    code_challenge_method: parameter(() => 'S256'),
    response_type: parameter(() => 'code'),
    state: parameter(() => 'xyz'),
    token: parameter(() => 'eyJhbGciOiJFUzI1NiJ9.e30.sig'),
    token_type_hint: parameter(() => 'access_token'),
  });

  const encodings = fc.constantFrom('form', 'json', 'json-typed', 'text', 'none', 'broken-json');
  const paths = fc.constantFrom(
    '/api/oauth2/Token',
    '/api/oauth2/Revoke',
    '/api/oauth2/Introspect',
  );
  const authorizations = fc.oneof(
    fc.constant(undefined),
    junk.map((value) => `Bearer ${value}`),
    junk.map((value) => `Basic ${Buffer.from(value).toString('base64')}`),
    fc
      .constant('REAL')
      .map(
        () =>
          `Basic ${Buffer.from(`${credentials.client.id}:${credentials.clientSecret}`).toString('base64')}`,
      ),
    junk,
  );

  // The error form is negotiated from Accept (spec §3): no header, junk, or real preferences.
  const accepts = fc.oneof(
    fc.constant(undefined),
    junk,
    fc.constantFrom('*/*', 'text/plain', 'application/json, text/plain, */*', '*/*;q=x', ';q=1'),
  );

  function present(fields: Record<string, unknown>): Record<string, unknown> {
    return Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined));
  }

  function formEncode(fields: Record<string, unknown>): string {
    const form = new URLSearchParams();
    for (const [name, value] of Object.entries(fields)) {
      for (const one of Array.isArray(value) ? value : [value]) {
        form.append(name, String(one));
      }
    }
    return form.toString();
  }

  function bodyOf(encoding: string, fields: Record<string, unknown>) {
    switch (encoding) {
      case 'form':
        return { 'content-type': 'application/x-www-form-urlencoded', payload: formEncode(fields) };
      case 'json':
        return { 'content-type': 'application/json', payload: JSON.stringify(fields) };
      case 'json-typed':
        // Numbers, booleans, nulls and objects where strings belong.
        return {
          'content-type': 'application/json',
          payload: JSON.stringify(
            Object.fromEntries(Object.keys(fields).map((k, i) => [k, [1, true, null, {}][i % 4]])),
          ),
        };
      case 'text':
        return { 'content-type': 'text/plain', payload: formEncode(fields) };
      case 'broken-json':
        return { 'content-type': 'application/json', payload: `${JSON.stringify(fields)}}` };
      default:
        return { 'content-type': undefined, payload: undefined };
    }
  }

  it('never answers 5xx and never issues a token at the token, revoke and introspect endpoints', async () => {
    await fc.assert(
      fc.asyncProperty(
        paths,
        parameters,
        encodings,
        authorizations,
        accepts,
        async (path, fields, encoding, authorization, accept) => {
          const { 'content-type': contentType, payload } = bodyOf(encoding, present(fields));
          const response = await t.app.inject({
            method: 'POST',
            url: path,
            headers: {
              ...(contentType ? { 'content-type': contentType } : {}),
              ...(authorization === undefined ? {} : { authorization }),
              ...(accept === undefined ? {} : { accept }),
            },
            payload,
          });
          expect(response.statusCode, response.body).toBeLessThan(500);
          // An issued token is an "access_token" member; error details may name the word.
          expect(response.body).not.toContain('"access_token"');
          if (path.endsWith('Introspect') && response.statusCode === 200) {
            expect(response.json()).toEqual({ active: false });
          }
        },
      ),
      { numRuns: RUNS },
    );
    // Every issued token is in the audit log, so none was.
    expect(await t.store.audit.list({ limit: 1, offset: 0, event: 'token_issued' })).toEqual([]);
  });

  it('never answers 5xx at the authorization endpoint, and redirects only to the registered URI', async () => {
    await fc.assert(
      fc.asyncProperty(parameters, async (fields) => {
        const query = formEncode(present(fields));
        const response = await t.app.inject({ method: 'GET', url: `/api/oauth2?${query}` });
        expect(response.statusCode, response.body).toBeLessThan(500);
        if (response.statusCode === 302) {
          const location = String(response.headers.location);
          expect(location.startsWith(`${REDIRECT_URI}?`)).toBe(true);
        }
      }),
      { numRuns: RUNS },
    );
  });

  it('answers any port of a loopback redirect URI with a redirect to it or a direct 400, never a 5xx', async () => {
    const loopback = await aClient(t, ['http://127.0.0.1/cb', 'http://[::1]:5555/cb']);
    const ports = fc.oneof(
      fc.integer({ min: 0, max: 200_000 }).map(String),
      fc.stringMatching(/^[0-9]{0,7}$/),
      junk,
    );
    await fc.assert(
      fc.asyncProperty(fc.constantFrom('127.0.0.1', '[::1]'), ports, async (host, port) => {
        const requested = `http://${host}:${port}/cb`;
        const query = new URLSearchParams({
          client_id: loopback.client.id,
          redirect_uri: requested,
        });
        const response = await t.app.inject({ url: `/api/oauth2?${query.toString()}` });
        expect([302, 400], response.body).toContain(response.statusCode);
        if (response.statusCode === 302) {
          const location = new URL(String(response.headers.location));
          expect(Number(port)).toBeGreaterThanOrEqual(1);
          expect(Number(port)).toBeLessThanOrEqual(65_535);
          expect(`${location.hostname}${location.pathname}`).toBe(`${host}/cb`);
          expect(location.port).toBe(new URL(requested).port);
        }
      }),
      { numRuns: 300 },
    );
  });
});
