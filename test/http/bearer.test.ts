import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { decodeJwt, decodeProtectedHeader, generateKeyPair, SignJWT } from 'jose';
import {
  deleteClient,
  rotateClientSecret,
  setClientDisabled,
  type ClientWithSecret,
} from '../../src/clients/clients.ts';
import { deleteUser } from '../../src/users/users.ts';
import type { UserRecord } from '../../src/store/store.ts';
import { aClient, aUser, createTestApp, REDIRECT_URI, type TestApp } from '../helpers/test-app.ts';
import { getCode, getToken } from '../helpers/oauth-flow.ts';

// Spec §0, §3, §4: which bearer tokens a protected endpoint accepts, and how it refuses the rest.

let t: TestApp;
let client: ClientWithSecret;
let user: UserRecord;
let token: string;

beforeEach(async () => {
  t = await createTestApp();
  client = await aClient(t);
  user = await aUser(t);
  token = await getToken(t, client, { userid: user.id });
});
afterEach(() => t.close());

function listUsers(headers: Record<string, string> = {}) {
  return t.app.inject({ url: '/api/Users/ListUsers', headers });
}

const withToken = (value: string) => listUsers({ authorization: `Bearer ${value}` });

const TRACE_ID = /^00-[0-9a-f]{32}-[0-9a-f]{16}-00$/;

function expectInvalidToken(response: Awaited<ReturnType<typeof listUsers>>): void {
  expect(response.statusCode, response.body).toBe(401);
  expect(response.headers['www-authenticate']).toMatch(/^Bearer\b.*error="invalid_token"/);
  expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
  expect(response.json()).toMatchObject({
    type: 'https://tools.ietf.org/html/rfc9110#section-15.5.2',
    title: 'Unauthorized',
    status: 401,
    traceId: expect.stringMatching(TRACE_ID),
  });
}

/** The same JWT with one character of its payload replaced. */
function tamper(jwt: string): string {
  const [header, payload, signature] = jwt.split('.') as [string, string, string];
  const i = Math.floor(payload.length / 2);
  const changed = payload[i] === 'A' ? 'B' : 'A';
  return [header, payload.slice(0, i) + changed + payload.slice(i + 1), signature].join('.');
}

const base64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

it('accepts the valid token (the baseline every refusal below departs from)', async () => {
  const response = await withToken(token);
  expect(response.statusCode, response.body).toBe(200);
});

describe('refuses with 401 invalid_token', () => {
  it('a request without Authorization', async () => {
    expectInvalidToken(await listUsers());
  });

  it.each([
    ['an empty bearer credential', () => 'Bearer '],
    ['a credential that is not a JWT', () => 'Bearer not-a-jwt'],
    ['a JWT without its signature', () => `Bearer ${token.split('.').slice(0, 2).join('.')}`],
    ['the token under another scheme', () => `Basic ${token}`],
  ])('%s', async (_name, authorization) => {
    expectInvalidToken(await listUsers({ authorization: authorization() }));
  });

  it('a token with one payload character changed', async () => {
    const tampered = tamper(token);
    expect(tampered).not.toBe(token);
    expectInvalidToken(await withToken(tampered));
  });

  it('an expired token', async () => {
    const { exp, iat } = decodeJwt(token) as { exp: number; iat: number };
    t.clock.advance(exp - iat - 5);
    expect((await withToken(token)).statusCode).toBe(200);

    t.clock.advance(10);
    const response = await withToken(token);
    expectInvalidToken(response);
    expect(response.json<{ detail: string }>().detail).toMatch(/expired/i);
  });

  it('a token with the same claims signed by another key', async () => {
    const header = decodeProtectedHeader(token);
    const { privateKey } = await generateKeyPair('ES256');
    const forged = await new SignJWT(decodeJwt(token))
      .setProtectedHeader({ alg: 'ES256', kid: header.kid, typ: 'at+jwt' })
      .sign(privateKey);
    expect(decodeJwt(forged)).toEqual(decodeJwt(token));
    expectInvalidToken(await withToken(forged));
  });

  it('an unsigned token (alg none)', async () => {
    const header = { ...decodeProtectedHeader(token), alg: 'none' };
    const unsigned = `${base64url(header)}.${token.split('.')[1]}.`;
    expectInvalidToken(await withToken(unsigned));
  });

  it('a token of a deleted user', async () => {
    await deleteUser(t, user.id);
    expectInvalidToken(await withToken(token));
  });

  it('a token of a disabled client, working again once the client is re-enabled', async () => {
    const generic = await getToken(t, client);
    await setClientDisabled(t, client.client.id, true);
    expectInvalidToken(await withToken(token));
    expectInvalidToken(await withToken(generic));

    await setClientDisabled(t, client.client.id, false);
    expect((await withToken(token)).statusCode).toBe(200);
    expect((await withToken(generic)).statusCode).toBe(200);
  });

  it('a token of a deleted client', async () => {
    const generic = await getToken(t, client);
    await deleteClient(t, client.client.id);
    expectInvalidToken(await withToken(token));
    expectInvalidToken(await withToken(generic));
  });

  it("does not let one client's tokens stand for another's", async () => {
    const other = await aClient(t);
    const otherToken = await getToken(t, other);
    await deleteClient(t, client.client.id);
    expectInvalidToken(await withToken(token));
    expect((await withToken(otherToken)).statusCode).toBe(200);
  });
});

describe('client secret rotation', () => {
  // Rotation replaces the credential that obtains tokens; spec §4 names deleting or disabling
  // a client, not rotating its secret, as what kills live tokens. The server checks a token by
  // signature and its jti's standing (revoked, client disabled or gone, user gone), never
  // against the secret, so tokens issued before the rotation stay valid until they expire.
  it('leaves issued tokens valid but refuses the old secret at the token endpoint', async () => {
    const code = await getCode(t, client);
    await rotateClientSecret(t, client.client.id);

    expect((await withToken(token)).statusCode).toBe(200);
    const withOldSecret = await t.app.inject({
      method: 'POST',
      url: '/api/oauth2/Token',
      payload: {
        client_id: client.client.id,
        client_secret: client.clientSecret,
        redirect_uri: REDIRECT_URI,
        code,
      },
    });
    expect(withOldSecret.statusCode, withOldSecret.body).toBe(401);
    expect(withOldSecret.json()).toMatchObject({ error: 'invalid_client' });
  });
});

describe('traceId', () => {
  it('is a fresh W3C trace id per request', async () => {
    const first = (await listUsers()).json<{ traceId: string }>().traceId;
    const second = (await listUsers()).json<{ traceId: string }>().traceId;
    expect(first).toMatch(TRACE_ID);
    expect(second).toMatch(TRACE_ID);
    expect(first.split('-')[1]).not.toBe(second.split('-')[1]);
  });

  it('continues the trace id of an incoming traceparent', async () => {
    const traceId = '4bf92f3577b34da6a3ce929d0e0e4736';
    const response = await listUsers({ traceparent: `00-${traceId}-00f067aa0ba902b7-01` });
    expectInvalidToken(response);
    expect(response.json<{ traceId: string }>().traceId).toMatch(
      new RegExp(`^00-${traceId}-[0-9a-f]{16}-00$`),
    );
  });

  it('ignores a malformed or all-zero traceparent', async () => {
    for (const traceparent of ['garbage', `00-${'0'.repeat(32)}-00f067aa0ba902b7-01`]) {
      const response = await listUsers({ traceparent });
      const traceId = response.json<{ traceId: string }>().traceId;
      expect(traceId).toMatch(TRACE_ID);
      expect(traceId).not.toContain('0'.repeat(32));
    }
  });
});
