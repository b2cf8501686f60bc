import { afterEach, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { unlockClient, type ClientWithSecret } from '../../src/clients/clients.ts';
import { aClient, createTestApp, type TestApp } from '../helpers/test-app.ts';
import { exchangeCode, getCode } from '../helpers/oauth-flow.ts';
import { expectOAuthProblem, type Response } from '../helpers/oauth-requests.ts';
import { inspectionRequest, type ClientAuthMethod } from '../helpers/token-inspection.ts';

// RFC 6749 §10.10 / RFC 9700 §4.15: guessing a client secret is cut short. After
// AIRISK_LOCKOUT_THRESHOLD failures the client is refused, right secret or not, until the lock
// ends or an administrator lifts it. The refusal is the one an unknown client gets, so that
// the lock does not tell an attacker which client ids exist.

let t: TestApp;
afterEach(() => t.close());

async function start(env: Record<string, string> = {}): Promise<TestApp> {
  t = await createTestApp({
    AIRISK_LOCKOUT_THRESHOLD: '3',
    AIRISK_LOCKOUT_SECONDS: '600',
    AIRISK_RATE_LIMIT_PER_IP: '0',
    AIRISK_RATE_LIMIT_PER_CLIENT: '0',
    ...env,
  });
  return t;
}

/** A real code exchanged with this secret: 200 when the client may authenticate. */
async function exchangeWith(credentials: ClientWithSecret, secret: string): Promise<Response> {
  const code = await getCode(t, credentials);
  return exchangeCode(t, { client: credentials.client, clientSecret: secret }, code);
}

async function fail(credentials: ClientWithSecret, times: number): Promise<void> {
  for (let i = 0; i < times; i += 1) {
    const response = await inspectionRequest(
      t,
      'Introspect',
      {
        client: credentials.client,
        clientSecret: `wrong-${i}`,
      },
      { token: 'x' },
    );
    expectOAuthProblem(response, 401, 'invalid_client');
  }
}

/** Everything a client sees of an answer, but the traceId that differs on every request. */
function seen(response: Response) {
  return {
    status: response.statusCode,
    // The Date header may tick between the two requests.
    headers: { ...response.headers, date: undefined },
    body: response.body.replace(/00-[0-9a-f]{32}-[0-9a-f]{16}-00/g, '<traceId>'),
  };
}

/** Asserts that a locked client, right secret and all, is answered as an unknown client is. */
async function expectRefusedAsUnknown(credentials: ClientWithSecret): Promise<void> {
  const unknown = { client: { id: randomUUID() }, clientSecret: credentials.clientSecret };
  const methods: ClientAuthMethod[] = ['basic', 'post'];
  for (const method of methods) {
    const ask = (asked: { client: { id: string }; clientSecret: string }) =>
      inspectionRequest(t, 'Introspect', asked, { token: 'x' }, method);
    const locked = await ask(credentials);
    expectOAuthProblem(locked, 401, 'invalid_client');
    expect(seen(locked)).toEqual(seen(await ask(unknown)));
  }
  expectOAuthProblem(
    await exchangeWith(credentials, credentials.clientSecret),
    401,
    'invalid_client',
    'Client authentication failed: unknown client_id or wrong client_secret',
  );
}

async function auditEvents(event: string, clientId: string) {
  const events = await t.store.audit.list({ limit: 100, offset: 0, event });
  return events.filter((entry) => entry.clientId === clientId);
}

describe('client lock-out', () => {
  it('locks a client after the threshold: then even the right secret is refused', async () => {
    await start();
    const credentials = await aClient(t);
    await fail(credentials, 2);
    expect(await auditEvents('client_locked', credentials.client.id)).toHaveLength(0);
    await fail(credentials, 1);

    await expectRefusedAsUnknown(credentials);

    expect(await auditEvents('client_auth_failed', credentials.client.id)).toHaveLength(3);
    expect(await auditEvents('client_locked', credentials.client.id)).toHaveLength(1);
  });

  it('is lifted at once by unlockClient, which also forgets the failures', async () => {
    await start();
    const credentials = await aClient(t);
    await fail(credentials, 3);
    expect((await exchangeWith(credentials, credentials.clientSecret)).statusCode).toBe(401);

    await unlockClient(t, credentials.client.id);

    expect((await exchangeWith(credentials, credentials.clientSecret)).statusCode).toBe(200);
    // Counting starts again from zero: one more failure does not lock it.
    await fail(credentials, 1);
    expect((await exchangeWith(credentials, credentials.clientSecret)).statusCode).toBe(200);
    expect(await auditEvents('client_unlocked', credentials.client.id)).toHaveLength(1);
  });

  it('ends by itself after AIRISK_LOCKOUT_SECONDS', async () => {
    await start();
    const credentials = await aClient(t);
    await fail(credentials, 3);

    t.clock.advance(599);
    await expectRefusedAsUnknown(credentials);
    t.clock.advance(1);
    expect((await exchangeWith(credentials, credentials.clientSecret)).statusCode).toBe(200);
  });

  it('never locks one client for another’s failures', async () => {
    await start();
    const attacked = await aClient(t);
    const bystander = await aClient(t);
    await fail(attacked, 5);

    expect((await exchangeWith(bystander, bystander.clientSecret)).statusCode).toBe(200);
    expect(await auditEvents('client_locked', bystander.client.id)).toHaveLength(0);
    expect(await auditEvents('client_auth_failed', bystander.client.id)).toHaveLength(0);
  });

  it('never locks at threshold 0, though it still records the failures', async () => {
    await start({ AIRISK_LOCKOUT_THRESHOLD: '0' });
    const credentials = await aClient(t);
    await fail(credentials, 12);

    expect((await exchangeWith(credentials, credentials.clientSecret)).statusCode).toBe(200);
    expect(await auditEvents('client_auth_failed', credentials.client.id)).toHaveLength(12);
    expect(await auditEvents('client_locked', credentials.client.id)).toHaveLength(0);
  });
});
