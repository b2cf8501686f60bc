import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { rotateClientSecret, type ClientWithSecret } from '../../src/clients/clients.ts';
import { aClient, createTestApp, type TestApp } from '../helpers/test-app.ts';
import { exchangeCode, getCode, getToken } from '../helpers/oauth-flow.ts';
import { expectOAuthProblem, listUsersStatus } from '../helpers/oauth-requests.ts';

// Secret rotation: with a grace period both secrets work until it ends, so deployed copies of
// the old one can be replaced without downtime; without one, the old secret dies at once.

let t: TestApp;
let credentials: ClientWithSecret;

beforeEach(async () => {
  t = await createTestApp({ AIRISK_LOCKOUT_THRESHOLD: '0' });
  credentials = await aClient(t);
});
afterEach(() => t.close());

/** Status of a real code exchange authenticated with this secret. */
async function exchangeStatus(secret: string): Promise<number> {
  const code = await getCode(t, credentials);
  const response = await exchangeCode(
    t,
    { client: credentials.client, clientSecret: secret },
    code,
  );
  if (response.statusCode !== 200) {
    expectOAuthProblem(response, 401, 'invalid_client');
  }
  return response.statusCode;
}

describe('rotateClientSecret', () => {
  it('without grace: the old secret fails at once, the new one works', async () => {
    const oldSecret = credentials.clientSecret;
    const newSecret = await rotateClientSecret(t, credentials.client.id, 0);

    expect(newSecret).not.toBe(oldSecret);
    expect(await exchangeStatus(oldSecret)).toBe(401);
    expect(await exchangeStatus(newSecret)).toBe(200);
  });

  it('with 300 s of grace: both work until it ends, then only the new one', async () => {
    const oldSecret = credentials.clientSecret;
    const newSecret = await rotateClientSecret(t, credentials.client.id, 300);

    expect(await exchangeStatus(oldSecret)).toBe(200);
    expect(await exchangeStatus(newSecret)).toBe(200);
    t.clock.advance(299);
    expect(await exchangeStatus(oldSecret)).toBe(200);

    t.clock.advance(2);
    expect(await exchangeStatus(oldSecret)).toBe(401);
    expect(await exchangeStatus(newSecret)).toBe(200);
  });

  it('a second rotation ends the grace of the first secret', async () => {
    const first = credentials.clientSecret;
    const second = await rotateClientSecret(t, credentials.client.id, 300);
    const third = await rotateClientSecret(t, credentials.client.id, 300);

    expect(await exchangeStatus(first)).toBe(401);
    expect(await exchangeStatus(second)).toBe(200);
    expect(await exchangeStatus(third)).toBe(200);
  });

  it.each([0, 300])('leaves tokens issued before a rotation (grace %i s) valid', async (grace) => {
    const token = await getToken(t, credentials);
    await rotateClientSecret(t, credentials.client.id, grace);
    t.clock.advance(grace + 1);
    expect(await listUsersStatus(t, token)).toBe(200);
  });

  it('records the rotation in the audit log, without the secret', async () => {
    const newSecret = await rotateClientSecret(t, credentials.client.id, 300);
    const [event] = await t.store.audit.list({
      limit: 1,
      offset: 0,
      event: 'client_secret_rotated',
    });
    expect(event).toMatchObject({
      clientId: credentials.client.id,
      details: { graceSeconds: 300 },
    });
    expect(JSON.stringify(event)).not.toContain(newSecret);
    expect(JSON.stringify(event)).not.toContain(credentials.clientSecret);
  });
});
