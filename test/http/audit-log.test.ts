import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ClientWithSecret } from '../../src/clients/clients.ts';
import { aClient, createTestApp, type TestApp } from '../helpers/test-app.ts';
import { exchangeCode, getCode } from '../helpers/oauth-flow.ts';
import {
  asUser,
  expectInsufficientScope,
  expectProblem,
  genericToken,
  get,
  post,
  type Caller,
  iso,
} from '../helpers/api-requests.ts';

// GET /api/Logs/ListLogs: the security audit log, newest first, for CompanyAdmin and
// Compliance. It names who did what, and never holds a secret, a code or a token.

interface AuditEvent {
  id: string;
  at: string;
  event: string;
  outcome: 'success' | 'failure';
  clientId: string | null;
  userId: string | null;
  reason: string | null;
  details: Record<string, unknown>;
}

let t: TestApp;
let admin: Caller;
let credentials: ClientWithSecret;
/** Everything secret the scenario handled: none of it may reach the log. */
const secrets: string[] = [];
/** When each step of the scenario happened, in Unix seconds. */
const at: Record<string, number> = {};

async function listLogs(query = '', token = admin.token): Promise<AuditEvent[]> {
  const response = await get(t, token, `/api/Logs/ListLogs?results=1000${query}`);
  expect(response.statusCode, response.body).toBe(200);
  return response.json<AuditEvent[]>();
}

beforeEach(async () => {
  secrets.length = 0;
  t = await createTestApp({ AIRISK_LOCKOUT_THRESHOLD: '0' });
  admin = await asUser(t, ['CompanyAdmin']);
  secrets.push(admin.token);
  credentials = await aClient(t);
  secrets.push(credentials.clientSecret);
  // One step a second, so that newest-first order is the scenario's order reversed.
  t.clock.advance(10);

  at.flow = t.clock.nowSeconds();
  const code = await getCode(t, credentials, { userid: admin.user.id });
  t.clock.advance(1);
  at.issued = t.clock.nowSeconds();
  const issued = await exchangeCode(t, credentials, code, { userid: admin.user.id });
  expect(issued.statusCode).toBe(200);
  secrets.push(code, issued.json<{ access_token: string }>().access_token);

  t.clock.advance(1);
  at.denied = t.clock.nowSeconds();
  const guessedCode = 'guessed-code-0123456789';
  secrets.push(guessedCode);
  expect((await exchangeCode(t, credentials, guessedCode)).statusCode).toBe(400);

  t.clock.advance(1);
  at.replayed = t.clock.nowSeconds();
  expect((await exchangeCode(t, credentials, code, { userid: admin.user.id })).statusCode).toBe(
    400,
  );

  t.clock.advance(1);
  at.wrongSecret = t.clock.nowSeconds();
  const guessedSecret = 'guessed-secret-9876543210';
  secrets.push(guessedSecret);
  const wrong = await exchangeCode(
    t,
    { client: credentials.client, clientSecret: guessedSecret },
    await getCode(t, credentials),
  );
  expect(wrong.statusCode).toBe(401);

  t.clock.advance(1);
  at.created = t.clock.nowSeconds();
  const created = await post(t, admin.token, '/api/Users/CreateUser', {
    email: 'audited@example.com',
    name: 'Audited',
  });
  expect(created.statusCode, created.body).toBe(201);
});
afterEach(() => t.close());

describe('GET /api/Logs/ListLogs', () => {
  it('lists the security events of a scenario, newest first, with their details', async () => {
    const events = await listLogs(`&since=${iso(at.flow!)}`);

    const times = events.map((event) => event.at);
    expect(times).toEqual([...times].sort().reverse());
    const steps: [string, number][] = [
      ['user_created', at.created!],
      ['code_replayed', at.replayed!],
      ['token_denied', at.denied!],
      ['token_issued', at.issued!],
      ['code_issued', at.flow!],
    ];
    const positions = steps.map(([name, second]) =>
      events.findIndex((event) => event.event === name && event.at === iso(second)),
    );
    expect(Math.min(...positions), JSON.stringify(events)).toBeGreaterThanOrEqual(0);
    expect(positions).toEqual([...positions].sort((a, b) => a - b));

    const find = (name: string, second: number) =>
      events.find((event) => event.event === name && event.at === iso(second));
    expect(find('code_issued', at.flow!)).toMatchObject({
      outcome: 'success',
      clientId: credentials.client.id,
      userId: admin.user.id,
    });
    expect(find('token_issued', at.issued!)).toMatchObject({
      clientId: credentials.client.id,
      userId: admin.user.id,
    });
    expect(find('token_denied', at.denied!)).toMatchObject({
      outcome: 'failure',
      clientId: credentials.client.id,
      reason: expect.stringContaining('invalid_grant'),
    });
    expect(find('code_replayed', at.replayed!)).toMatchObject({
      outcome: 'failure',
      clientId: credentials.client.id,
    });
    expect(find('client_auth_failed', at.wrongSecret!)).toMatchObject({
      outcome: 'failure',
      clientId: credentials.client.id,
    });
    expect(find('user_created', at.created!)).toBeDefined();
  });

  it('never holds the client secret, a code, an access token or a guessed secret', async () => {
    const body = JSON.stringify(await listLogs());
    expect(body.length).toBeGreaterThan(100);
    for (const secret of secrets) {
      expect(body).not.toContain(secret);
    }
  });

  it('filters by since, until and event, and pages with results and skip', async () => {
    const all = await listLogs();
    const window = await listLogs(`&since=${iso(at.denied!)}&until=${iso(at.created!)}`);
    expect(window.length).toBeGreaterThan(0);
    expect(window).toEqual(
      all.filter((event) => event.at >= iso(at.denied!) && event.at < iso(at.created!)),
    );
    expect(window.map((event) => event.event)).toContain('code_replayed');
    expect(window.map((event) => event.event)).not.toContain('user_created');

    const denied = await listLogs('&event=token_denied');
    expect(denied.length).toBeGreaterThanOrEqual(2);
    expect(denied).toEqual(all.filter((event) => event.event === 'token_denied'));

    const page = await get(t, admin.token, '/api/Logs/ListLogs?results=2&skip=1');
    expect(page.statusCode).toBe(200);
    expect(page.json()).toEqual(all.slice(1, 3));
  });

  it('filters by userId and clientId, alone or together and with the other filters', async () => {
    const all = await listLogs();
    const user = encodeURIComponent(admin.user.id);
    const client = encodeURIComponent(credentials.client.id);

    const byUser = await listLogs(`&userId=${user}`);
    expect(byUser.map((event) => event.event)).toEqual(
      expect.arrayContaining(['code_issued', 'token_issued', 'user_created']),
    );
    expect(byUser).toEqual(all.filter((event) => event.userId === admin.user.id));

    const byClient = await listLogs(`&clientId=${client}`);
    expect(byClient.map((event) => event.event)).toEqual(
      expect.arrayContaining(['client_created', 'token_denied', 'client_auth_failed']),
    );
    expect(byClient).toEqual(all.filter((event) => event.clientId === credentials.client.id));

    const both = await listLogs(`&userId=${user}&clientId=${client}&event=token_issued`);
    expect(both).toHaveLength(1);
    expect(both[0]).toMatchObject({ at: iso(at.issued!), userId: admin.user.id });

    expect(await listLogs('&userId=nobody')).toEqual([]);
    expectProblem(
      await get(t, admin.token, `/api/Logs/ListLogs?clientId=${'x'.repeat(129)}`),
      400,
      'clientId must be at most 128 characters long',
    );
  });

  it('is open to Compliance as well as CompanyAdmin', async () => {
    const compliance = await asUser(t, ['Compliance']);
    expect((await listLogs('', compliance.token)).length).toBeGreaterThan(0);
  });

  it('refuses a plain user with 403 naming both roles, and a generic token', async () => {
    const user = await asUser(t, ['User']);
    const denied = expectProblem(await get(t, user.token, '/api/Logs/ListLogs'), 403);
    expect(denied.detail).toContain('CompanyAdmin');
    expect(denied.detail).toContain('Compliance');

    expectInsufficientScope(await get(t, await genericToken(t), '/api/Logs/ListLogs'));
    expectProblem(await t.app.inject({ url: '/api/Logs/ListLogs' }), 401);
  });
});
