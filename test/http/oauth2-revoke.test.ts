import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ClientWithSecret } from '../../src/clients/clients.ts';
import { aClient, aUser, createTestApp, type TestApp } from '../helpers/test-app.ts';
import { getToken } from '../helpers/oauth-flow.ts';
import { expectOAuthProblem, listUsersStatus } from '../helpers/oauth-requests.ts';
import { inspectionRequest, introspect } from '../helpers/token-inspection.ts';

// RFC 7009: POST /api/oauth2/Revoke. The client authenticates, may revoke only its own tokens,
// and learns nothing about tokens that are already unusable (200 all the same).

let t: TestApp;
let credentials: ClientWithSecret;

beforeEach(async () => {
  t = await createTestApp();
  credentials = await aClient(t);
});
afterEach(() => t.close());

const revoke = (
  token: string | undefined,
  method: 'basic' | 'post' = 'post',
  as: ClientWithSecret = credentials,
) => inspectionRequest(t, 'Revoke', as, token === undefined ? {} : { token }, method);

describe('POST /api/oauth2/Revoke', () => {
  it.each(['basic', 'post'] as const)(
    'revokes the client’s own token (client_secret_%s), at once and for good',
    async (method) => {
      const user = await aUser(t);
      const token = await getToken(t, credentials, { userid: user.id });
      const other = await getToken(t, credentials, { userid: user.id });
      expect(await listUsersStatus(t, token)).toBe(200);

      const response = await revoke(token, method);

      expect(response.statusCode, response.body).toBe(200);
      expect(response.headers['cache-control']).toBe('no-store');
      expect(await listUsersStatus(t, token)).toBe(401);
      expect(await introspect(t, credentials, token)).toEqual({ active: false });
      // Only that token: another one of the same client and user still works.
      expect(await listUsersStatus(t, other)).toBe(200);

      const again = await revoke(token, method);
      expect(again.statusCode, again.body).toBe(200);
      expect(await listUsersStatus(t, token)).toBe(401);
    },
  );

  it('revokes a generic token too', async () => {
    const token = await getToken(t, credentials);
    expect((await revoke(token, 'basic')).statusCode).toBe(200);
    expect(await listUsersStatus(t, token)).toBe(401);
  });

  it.each([
    ['a garbage token', async () => 'not-a-token'],
    ['a JWT-shaped forgery', async () => 'eyJhbGciOiJub25lIn0.eyJqdGkiOiJ4In0.'],
    [
      'an expired token',
      async () => {
        const token = await getToken(t, credentials);
        t.clock.advance(t.config.accessTokenTtlSeconds + 1);
        return token;
      },
    ],
  ])('answers 200 for %s (RFC 7009 §2.2)', async (_case, tokenFor) => {
    const response = await revoke(await tokenFor());
    expect(response.statusCode, response.body).toBe(200);
    expect(response.headers['cache-control']).toBe('no-store');
  });

  it('refuses another client’s token with 400 unauthorized_client, and leaves it valid', async () => {
    const owner = await aClient(t);
    const token = await getToken(t, owner);

    const response = await revoke(token);

    expectOAuthProblem(response, 400, 'unauthorized_client');
    expect(response.headers['cache-control']).toBe('no-store');
    expect(await listUsersStatus(t, token)).toBe(200);
    expect(await introspect(t, owner, token)).toMatchObject({ active: true });
  });

  it('answers 400 invalid_request without a token', async () => {
    const response = await revoke(undefined);
    expectOAuthProblem(response, 400, 'invalid_request', /token/);
    expect(response.headers['cache-control']).toBe('no-store');
  });

  it.each([
    ['a wrong secret in the body', 'post', false],
    ['a wrong secret with HTTP Basic', 'basic', true],
    ['an unknown client', 'post', false],
  ] as const)(
    'answers 401 invalid_client for %s, revoking nothing',
    async (name, method, basic) => {
      const token = await getToken(t, credentials);
      const impostor = {
        client: { id: name.includes('unknown') ? 'no-such-client' : credentials.client.id },
        clientSecret: 'wrong-secret',
      };

      const response = await inspectionRequest(t, 'Revoke', impostor, { token }, method);

      expectOAuthProblem(response, 401, 'invalid_client');
      expect(response.headers['cache-control']).toBe('no-store');
      if (basic) {
        expect(response.headers['www-authenticate']).toMatch(/^Basic /);
      }
      expect(await listUsersStatus(t, token)).toBe(200);
    },
  );
});
