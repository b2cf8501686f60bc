import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ClientWithSecret } from '../../src/clients/clients.ts';
import { WEB_CLIENT_ID } from '../../src/vocabulary/web-client.ts';
import { createTestApp, REDIRECT_URI, type TestApp } from '../helpers/test-app.ts';
import { exchangeCode, getCode } from '../helpers/oauth-flow.ts';
import { authorizeRequest, expectOAuthProblem, type Response } from '../helpers/oauth-requests.ts';
import { inspectionRequest } from '../helpers/token-inspection.ts';
import {
  asUser,
  del,
  expectInsufficientScope,
  expectProblem,
  expectRoleDenied,
  genericToken,
  get,
  iso,
  post,
  type Caller,
} from '../helpers/api-requests.ts';

// The API clients admin API (/api/Clients/*): CompanyAdmin registers, edits, rotates, unlocks and
// deletes the OAuth2 clients. The secret is in the create and rotate answers only; the web app's
// built-in client is never listed and cannot be changed.

interface ApiClient {
  id: string;
  name: string;
  redirectUris: string[];
  createdAt: string;
  disabled: boolean;
  lockedUntil: string | null;
  previousSecretExpiresAt: string | null;
}

interface ClientAndSecret {
  client: ApiClient;
  clientSecret: string;
}

let t: TestApp;
let admin: Caller;

beforeEach(async () => {
  t = await createTestApp({
    AIRISK_LOCKOUT_THRESHOLD: '3',
    AIRISK_LOCKOUT_SECONDS: '600',
    AIRISK_RATE_LIMIT_PER_IP: '0',
    AIRISK_RATE_LIMIT_PER_CLIENT: '0',
  });
  admin = await asUser(t, ['CompanyAdmin']);
});
afterEach(() => t.close());

async function createClient(
  name = 'Reporting service',
  redirectUris = [REDIRECT_URI],
): Promise<ClientAndSecret> {
  const response = await post(t, admin.token, '/api/Clients/CreateClient', { name, redirectUris });
  expect(response.statusCode, response.body).toBe(201);
  return response.json<ClientAndSecret>();
}

async function listClients(): Promise<ApiClient[]> {
  const response = await get(t, admin.token, '/api/Clients/ListClients');
  expect(response.statusCode, response.body).toBe(200);
  return response.json<ApiClient[]>();
}

async function listed(clientId: string): Promise<ApiClient | undefined> {
  return (await listClients()).find((client) => client.id === clientId);
}

function credentials(clientId: string, clientSecret: string): ClientWithSecret {
  return { client: { id: clientId }, clientSecret } as ClientWithSecret;
}

/** A real code from GET /api/oauth2, exchanged at POST /api/oauth2/Token with this secret. */
async function exchangeStatus(clientId: string, secret: string): Promise<number> {
  const code = await getCode(t, credentials(clientId, secret));
  const response = await exchangeCode(t, credentials(clientId, secret), code);
  if (response.statusCode !== 200) {
    expectOAuthProblem(response, 401, 'invalid_client');
  }
  return response.statusCode;
}

async function rotate(body: Record<string, unknown>): Promise<ClientAndSecret> {
  const response = await post(t, admin.token, '/api/Clients/RotateClientSecret', body);
  expect(response.statusCode, response.body).toBe(200);
  return response.json<ClientAndSecret>();
}

async function update(body: Record<string, unknown>): Promise<ApiClient> {
  const response = await post(t, admin.token, '/api/Clients/UpdateClient', body);
  expect(response.statusCode, response.body).toBe(200);
  return response.json<ApiClient>();
}

async function auditEvents(event: string, clientId: string) {
  const response = await get(
    t,
    admin.token,
    `/api/Logs/ListLogs?event=${event}&clientId=${encodeURIComponent(clientId)}`,
  );
  expect(response.statusCode, response.body).toBe(200);
  return response.json<{ event: string; details: Record<string, unknown> }[]>();
}

describe('CreateClient and ListClients', () => {
  it('registers a client whose secret is answered once and works at the token endpoint', async () => {
    const created = await createClient('  Reporting service  ', [
      `${REDIRECT_URI}, https://reports.example.com/cb`,
    ]);

    expect(created.client).toEqual({
      id: expect.any(String),
      name: 'Reporting service',
      redirectUris: [REDIRECT_URI, 'https://reports.example.com/cb'],
      createdAt: iso(t.clock.nowSeconds()),
      disabled: false,
      lockedUntil: null,
      previousSecretExpiresAt: null,
    });
    expect(created.clientSecret.length).toBeGreaterThanOrEqual(32);
    expect(await exchangeStatus(created.client.id, created.clientSecret)).toBe(200);
    expect(await exchangeStatus(created.client.id, 'a-wrong-secret')).toBe(401);

    const list = await get(t, admin.token, '/api/Clients/ListClients');
    expect(list.body).not.toContain(created.clientSecret);
    expect(list.json<ApiClient[]>()).toContainEqual(created.client);
    expect(await auditEvents('client_created', created.client.id)).toHaveLength(1);
  });

  it('lists by name, without secrets and without the web app’s built-in client', async () => {
    const zeta = await createClient('Zeta');
    const alpha = await createClient('alpha');
    const middle = await createClient('Middle');

    const clients = await listClients();
    const names = clients.map((client) => client.name);
    expect(names.filter((name) => ['Zeta', 'alpha', 'Middle'].includes(name))).toEqual([
      'alpha',
      'Middle',
      'Zeta',
    ]);
    expect(clients.map((client) => client.id)).not.toContain(WEB_CLIENT_ID);
    for (const client of clients) {
      expect(Object.keys(client).sort()).toEqual(
        [
          'createdAt',
          'disabled',
          'id',
          'lockedUntil',
          'name',
          'previousSecretExpiresAt',
          'redirectUris',
        ].sort(),
      );
    }
    const body = JSON.stringify(clients);
    for (const secret of [zeta, alpha, middle].map((created) => created.clientSecret)) {
      expect(body).not.toContain(secret);
    }
  });
});

describe('RotateClientSecret', () => {
  it('with grace: old and new secrets work until previousSecretExpiresAt, then only the new', async () => {
    const { client, clientSecret: oldSecret } = await createClient();
    const rotated = await rotate({ clientId: client.id, graceSeconds: 300 });

    expect(rotated.clientSecret).not.toBe(oldSecret);
    expect(rotated.client).toMatchObject({
      id: client.id,
      previousSecretExpiresAt: iso(t.clock.nowSeconds() + 300),
    });
    expect(JSON.stringify(await listClients())).not.toContain(rotated.clientSecret);
    expect(await exchangeStatus(client.id, oldSecret)).toBe(200);
    expect(await exchangeStatus(client.id, rotated.clientSecret)).toBe(200);

    t.clock.advance(299);
    expect(await exchangeStatus(client.id, oldSecret)).toBe(200);
    t.clock.advance(2);
    expect(await exchangeStatus(client.id, oldSecret)).toBe(401);
    expect(await exchangeStatus(client.id, rotated.clientSecret)).toBe(200);
    expect((await listed(client.id))?.previousSecretExpiresAt).toBeNull();

    const [event] = await auditEvents('client_secret_rotated', client.id);
    expect(event?.details).toEqual({ graceSeconds: 300 });
  });

  it('without grace (the default): the old secret fails at once', async () => {
    const { client, clientSecret: oldSecret } = await createClient();
    const rotated = await rotate({ clientId: client.id });

    expect(rotated.client.previousSecretExpiresAt).toBeNull();
    expect(await exchangeStatus(client.id, oldSecret)).toBe(401);
    expect(await exchangeStatus(client.id, rotated.clientSecret)).toBe(200);
  });
});

describe('UpdateClient', () => {
  it('disables a client (no code, no token) and enables it again', async () => {
    const { client, clientSecret } = await createClient();
    const code = await getCode(t, credentials(client.id, clientSecret));

    const disabled = await update({ clientId: client.id, disabled: true });
    expect(disabled).toMatchObject({ id: client.id, disabled: true, name: client.name });
    t.clock.advance(1);
    expectOAuthProblem(
      await exchangeCode(t, credentials(client.id, clientSecret), code),
      401,
      'invalid_client',
      /disabled/,
    );
    const authorize = await authorizeRequest(t, {
      client_id: client.id,
      redirect_uri: REDIRECT_URI,
    });
    expect(authorize.statusCode).not.toBe(302);
    expect((await listed(client.id))?.disabled).toBe(true);

    expect(await update({ clientId: client.id, disabled: false })).toMatchObject({
      disabled: false,
    });
    expect(await exchangeStatus(client.id, clientSecret)).toBe(200);
    const events = await auditEvents('client_updated', client.id);
    expect(events.map((event) => event.details)).toEqual([
      { changed: ['disabled'], disabled: false },
      { changed: ['disabled'], disabled: true },
    ]);
  });

  it('renames a client and replaces its redirect URIs; a field left out stays', async () => {
    const { client, clientSecret } = await createClient('Old name');
    const newUri = 'https://reports.example.com/callback';

    const renamed = await update({ clientId: client.id, name: '  New name ' });
    expect(renamed).toMatchObject({ name: 'New name', redirectUris: [REDIRECT_URI] });
    t.clock.advance(1);

    const moved = await update({ clientId: client.id, redirectUris: [newUri] });
    expect(moved).toEqual({ ...client, name: 'New name', redirectUris: [newUri] });
    expect(await listed(client.id)).toEqual(moved);
    // Nothing to change: the client as it is, and nothing logged.
    expect(await update({ clientId: client.id })).toEqual(moved);

    // The old redirect URI is refused at once; the new one gets codes that work.
    const old = await authorizeRequest(t, { client_id: client.id, redirect_uri: REDIRECT_URI });
    expect(old.statusCode).toBe(400);
    const code = await getCode(t, credentials(client.id, clientSecret), { redirectUri: newUri });
    const token = await exchangeCode(t, credentials(client.id, clientSecret), code, {
      redirectUri: newUri,
    });
    expect(token.statusCode, token.body).toBe(200);

    const events = await auditEvents('client_updated', client.id);
    expect(events.map((event) => event.details)).toEqual([
      { changed: ['redirectUris'] },
      { changed: ['name'], name: 'New name' },
    ]);
  });
});

describe('UnlockClient', () => {
  it('lifts a lock-out after failed authentications', async () => {
    const { client, clientSecret } = await createClient();
    for (let i = 0; i < 3; i += 1) {
      const failed = await inspectionRequest(
        t,
        'Introspect',
        credentials(client.id, `wrong-${i}`),
        { token: 'x' },
      );
      expectOAuthProblem(failed, 401, 'invalid_client');
    }
    expect(await exchangeStatus(client.id, clientSecret)).toBe(401);
    expect((await listed(client.id))?.lockedUntil).toBe(iso(t.clock.nowSeconds() + 600));

    const response = await post(t, admin.token, '/api/Clients/UnlockClient', {
      clientId: client.id,
    });
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json<ApiClient>()).toMatchObject({ id: client.id, lockedUntil: null });
    expect(await exchangeStatus(client.id, clientSecret)).toBe(200);
    expect(await auditEvents('client_unlocked', client.id)).toHaveLength(1);
  });
});

describe('DeleteClient', () => {
  it('deletes a client: gone from the list, its secret refused, a second delete 404', async () => {
    const { client, clientSecret } = await createClient();
    const url = `/api/Clients/DeleteClient/${client.id}`;

    const response = await del(t, admin.token, url);
    expect(response.statusCode, response.body).toBe(204);
    expect(response.body).toBe('');
    expect(await listed(client.id)).toBeUndefined();
    const authorize = await authorizeRequest(t, {
      client_id: client.id,
      redirect_uri: REDIRECT_URI,
    });
    expect(authorize.statusCode).not.toBe(302);
    expectOAuthProblem(
      await inspectionRequest(t, 'Introspect', credentials(client.id, clientSecret), {
        token: 'x',
      }),
      401,
      'invalid_client',
    );
    expectProblem(await del(t, admin.token, url), 404, `No API client with id "${client.id}"`);
  });
});

describe('errors', () => {
  it('answers 400 naming the field', async () => {
    const { client } = await createClient();
    const cases: [string, Record<string, unknown>, string | RegExp][] = [
      ['CreateClient', { redirectUris: [REDIRECT_URI] }, 'name is required'],
      ['CreateClient', { name: 'x' }, 'redirectUris is required'],
      ['CreateClient', { name: '', redirectUris: [REDIRECT_URI] }, 'name must not be empty'],
      ['CreateClient', { name: '   ', redirectUris: [REDIRECT_URI] }, 'name must not be empty'],
      [
        'CreateClient',
        { name: 'x'.repeat(201), redirectUris: [REDIRECT_URI] },
        'name must be at most 200 characters long',
      ],
      ['CreateClient', { name: 'x', redirectUris: [] }, /^redirectUris /],
      ['CreateClient', { name: 'x', redirectUris: 'https://a.example' }, /^redirectUris /],
      ['CreateClient', { name: 'x', redirectUris: ['not a uri'] }, /Redirect URI "not a uri"/],
      ['CreateClient', { name: 'x', redirectUris: ['javascript:alert(1)'] }, /forbidden scheme/],
      ['UpdateClient', { name: 'x' }, 'clientId is required'],
      ['UpdateClient', { clientId: client.id, name: '' }, 'name must not be empty'],
      ['UpdateClient', { clientId: client.id, redirectUris: [] }, /^redirectUris /],
      ['UpdateClient', { clientId: client.id, disabled: 'yes' }, 'disabled must be a boolean'],
      [
        'RotateClientSecret',
        { clientId: client.id, graceSeconds: 2_592_001 },
        'graceSeconds must be a whole number from 0 to 2592000',
      ],
      [
        'RotateClientSecret',
        { clientId: client.id, graceSeconds: -1 },
        'graceSeconds must be a whole number from 0 to 2592000',
      ],
      ['UnlockClient', {}, 'clientId is required'],
    ];
    for (const [operation, body, detail] of cases) {
      const response = await post(t, admin.token, `/api/Clients/${operation}`, body);
      expectProblem(response, 400, detail);
    }
    // Nothing changed by the refused requests.
    expect(await listed(client.id)).toEqual(client);
  });

  it('answers 404 for an unknown client and for the web app’s built-in client', async () => {
    const requests = (clientId: string): Promise<Response>[] => [
      post(t, admin.token, '/api/Clients/UpdateClient', { clientId, name: 'x' }),
      post(t, admin.token, '/api/Clients/RotateClientSecret', { clientId, graceSeconds: 60 }),
      post(t, admin.token, '/api/Clients/UnlockClient', { clientId }),
      del(t, admin.token, `/api/Clients/DeleteClient/${clientId}`),
    ];
    for (const response of await Promise.all(requests('no-such-client'))) {
      expectProblem(response, 404, 'No API client with id "no-such-client"');
    }
    for (const response of await Promise.all(requests(WEB_CLIENT_ID))) {
      expectProblem(response, 404, /built-in public client/);
    }
  });

  it('answers 401 without a token, and 403 to a plain user and to a generic token', async () => {
    const { client } = await createClient();
    const user = await asUser(t, ['User']);
    const generic = await genericToken(t);
    const calls: ['GET' | 'POST' | 'DELETE', string, Record<string, unknown>?][] = [
      ['GET', '/api/Clients/ListClients'],
      ['POST', '/api/Clients/CreateClient', { name: 'x', redirectUris: [REDIRECT_URI] }],
      ['POST', '/api/Clients/UpdateClient', { clientId: client.id, disabled: true }],
      ['POST', '/api/Clients/RotateClientSecret', { clientId: client.id }],
      ['POST', '/api/Clients/UnlockClient', { clientId: client.id }],
      ['DELETE', `/api/Clients/DeleteClient/${client.id}`],
    ];
    for (const [method, url, body] of calls) {
      const as = (token: string) =>
        method === 'GET'
          ? get(t, token, url)
          : method === 'DELETE'
            ? del(t, token, url)
            : post(t, token, url, body);
      expectRoleDenied(await as(user.token));
      expectInsufficientScope(await as(generic));
      expectProblem(await t.app.inject({ method, url, ...(body ? { payload: body } : {}) }), 401);
    }
    expect(await listed(client.id)).toEqual(client);
  });
});
