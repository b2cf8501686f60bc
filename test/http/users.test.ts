import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ClientWithSecret } from '../../src/clients/clients.ts';
import type { UserRecord } from '../../src/store/store.ts';
import { aClient, aUser, createTestApp, type TestApp } from '../helpers/test-app.ts';
import { getToken } from '../helpers/oauth-flow.ts';

// Spec §4 and §5: the Users API, driven as a client would, with real tokens from the OAuth flow.

interface UserResponse {
  id: string;
  email: string;
  name: string;
  roles: string[];
  groups: string[];
}

let t: TestApp;
let client: ClientWithSecret;
let admin: UserRecord;
let adminToken: string;

beforeEach(async () => {
  t = await createTestApp();
  client = await aClient(t);
  admin = await aUser(t, { email: 'zed.admin@example.com', name: 'Zed', roles: ['CompanyAdmin'] });
  adminToken = await getToken(t, client, { userid: admin.id });
});
afterEach(() => t.close());

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

function listUsers(token: string, query = '') {
  return t.app.inject({ url: `/api/Users/ListUsers${query}`, headers: bearer(token) });
}

function createUser(token: string, payload: Record<string, unknown>) {
  return t.app.inject({
    method: 'POST',
    url: '/api/Users/CreateUser',
    headers: bearer(token),
    payload,
  });
}

const emailsOf = (body: UserResponse[]) => body.map((user) => user.email);

describe('GET /api/Users/ListUsers', () => {
  it.each(['generic', 'user'] as const)(
    'answers a %s token with {id,email,name,roles,groups,disabled,defaultAgentId} ordered by email',
    async (kind) => {
      await aUser(t, { email: 'carol@example.com', name: 'Carol', roles: ['Monitor'] });
      await aUser(t, { email: 'Alice@example.com', name: 'Alice' });
      await aUser(t, { email: 'bob@example.com', name: 'Bob' });
      const token = kind === 'generic' ? await getToken(t, client) : adminToken;

      const response = await listUsers(token);

      expect(response.statusCode, response.body).toBe(200);
      const body = response.json<UserResponse[]>();
      expect(emailsOf(body)).toEqual([
        'Alice@example.com',
        'bob@example.com',
        'carol@example.com',
        'zed.admin@example.com',
      ]);
      for (const user of body) {
        expect(Object.keys(user).sort()).toEqual([
          'defaultAgentId',
          'disabled',
          'email',
          'groups',
          'id',
          'name',
          'roles',
        ]);
      }
      expect(body[2]).toMatchObject({ name: 'Carol', roles: ['Monitor'], groups: [] });
      expect(body[3]).toEqual({
        id: admin.id,
        email: admin.email,
        name: 'Zed',
        roles: ['CompanyAdmin'],
        groups: [],
        disabled: false,
        defaultAgentId: null,
      });
    },
  );

  it('pages with results and skip, 20 by default', async () => {
    for (let i = 0; i < 24; i += 1) {
      await aUser(t, { email: `u${String(i).padStart(2, '0')}@example.com` });
    }
    const all = emailsOf((await listUsers(adminToken, '?results=1000')).json());
    expect(all).toHaveLength(25);

    expect(emailsOf((await listUsers(adminToken)).json())).toEqual(all.slice(0, 20));
    expect(emailsOf((await listUsers(adminToken, '?results=3')).json())).toEqual(all.slice(0, 3));
    expect(emailsOf((await listUsers(adminToken, '?results=3&skip=2')).json())).toEqual(
      all.slice(2, 5),
    );
    expect(emailsOf((await listUsers(adminToken, '?skip=22')).json())).toEqual(all.slice(22));
  });

  it.each([
    ['results=0', '?results=0'],
    ['skip past the end', '?skip=5'],
  ])('answers %s with an empty list', async (_name, query) => {
    const response = await listUsers(adminToken, query);
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json()).toEqual([]);
  });

  it('searches name or email in any case', async () => {
    await aUser(t, { email: 'ada@example.com', name: 'Ada Lovelace' });
    await aUser(t, { email: 'grace@navy.example', name: 'Grace Hopper' });
    await aUser(t, { email: 'lin@example.com', name: 'Lin' });

    const byName = await listUsers(adminToken, '?search=LOVELACE');
    expect(emailsOf(byName.json())).toEqual(['ada@example.com']);
    const byEmail = await listUsers(adminToken, '?search=NaVy');
    expect(emailsOf(byEmail.json())).toEqual(['grace@navy.example']);
    const both = await listUsers(adminToken, `?search=${encodeURIComponent('example.com')}`);
    expect(emailsOf(both.json())).toEqual([
      'ada@example.com',
      'lin@example.com',
      'zed.admin@example.com',
    ]);
  });

  // Unescaped, each search would be a LIKE wildcard that also matches the decoy.
  it.each([
    ['%', 'a%b', 'Ma%ba', 'Maxxba'],
    ['_', 'a_b', 'Ma_ba', 'Maxba'],
  ])('treats %s in search as a literal character', async (_c, search, literal, decoy) => {
    await aUser(t, { email: 'one@example.com', name: literal });
    await aUser(t, { email: 'two@example.com', name: decoy });

    const response = await listUsers(adminToken, `?search=${encodeURIComponent(search)}`);

    expect(response.statusCode, response.body).toBe(200);
    expect(emailsOf(response.json())).toEqual(['one@example.com']);
  });

  it.each([
    ['results over 1000', '?results=1001'],
    ['negative results', '?results=-1'],
    ['results not a number', '?results=ten'],
    ['negative skip', '?skip=-1'],
    ['skip not a number', '?skip=x'],
  ])('rejects %s with a 400 problem', async (_name, query) => {
    const response = await listUsers(adminToken, query);
    expect(response.statusCode, response.body).toBe(400);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(response.json()).toMatchObject({ status: 400, title: 'Bad Request' });
  });

  it('matches the path in any case', async () => {
    const response = await t.app.inject({
      url: '/api/users/listusers',
      headers: bearer(adminToken),
    });
    expect(response.statusCode, response.body).toBe(200);
    expect(emailsOf(response.json())).toEqual([admin.email]);
  });
});

describe('POST /api/Users/CreateUser', () => {
  it('creates a user with the given id and default roles, then lists it', async () => {
    const response = await createUser(adminToken, {
      id: 'user_42',
      email: 'ada@example.com',
      name: 'Ada',
    });

    expect(response.statusCode, response.body).toBe(201);
    const created = { id: 'user_42', email: 'ada@example.com', name: 'Ada', roles: ['User'] };
    expect(response.json()).toEqual({
      ...created,
      groups: [],
      disabled: false,
      defaultAgentId: null,
    });
    expect((await listUsers(adminToken)).json()).toContainEqual({
      ...created,
      groups: [],
      disabled: false,
      defaultAgentId: null,
    });
  });

  it('gives a user without id a GUID and keeps the roles given', async () => {
    const response = await createUser(adminToken, {
      email: 'mo@example.com',
      name: 'Mo',
      roles: ['Monitor', 'Compliance'],
    });
    expect(response.statusCode, response.body).toBe(201);
    const body = response.json<UserResponse>();
    expect(body.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect(body.roles).toEqual(['Monitor', 'Compliance']);
  });

  it.each([
    ['an email taken in another case', { email: 'ZED.Admin@Example.com', name: 'Z2' }],
    ['an id taken', { id: 'taken', email: 'new@example.com', name: 'New' }],
  ])('answers 409 for %s', async (_name, payload) => {
    await aUser(t, { id: 'taken' });
    const response = await createUser(adminToken, payload);
    expect(response.statusCode, response.body).toBe(409);
    expect(response.json()).toMatchObject({ status: 409, title: 'Conflict' });
  });

  it.each([
    ['an invalid email', { email: 'not-an-email', name: 'X' }],
    ['an unknown role', { email: 'x@example.com', name: 'X', roles: ['Overlord'] }],
    ['a missing name', { email: 'x@example.com' }],
    ['a blank name', { email: 'x@example.com', name: '   ' }],
  ])('answers 400 for %s and creates nothing', async (_name, payload) => {
    const response = await createUser(adminToken, payload);
    expect(response.statusCode, response.body).toBe(400);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(emailsOf((await listUsers(adminToken)).json())).toEqual([admin.email]);
  });

  it('refuses a generic token with 403 insufficient_scope', async () => {
    const generic = await getToken(t, client);
    const response = await createUser(generic, { email: 'x@example.com', name: 'X' });
    expect(response.statusCode, response.body).toBe(403);
    expect(response.headers['www-authenticate']).toMatch(/^Bearer .*error="insufficient_scope"/);
    expect(response.json()).toMatchObject({ status: 403, title: 'Forbidden' });
  });

  it('refuses a user without CompanyAdmin with a 403 problem naming the role', async () => {
    const plain = await aUser(t, { roles: ['User', 'Monitor'] });
    const token = await getToken(t, client, { userid: plain.id });
    const response = await createUser(token, { email: 'x@example.com', name: 'X' });
    expect(response.statusCode, response.body).toBe(403);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(response.json<{ detail: string }>().detail).toContain('CompanyAdmin');
    expect(emailsOf((await listUsers(adminToken)).json())).not.toContain('x@example.com');
  });
});

describe('DeleteUser', () => {
  const deleteBy = {
    DELETE: (token: string, userid: string) =>
      t.app.inject({
        method: 'DELETE',
        url: `/api/Users/DeleteUser/${encodeURIComponent(userid)}`,
        headers: bearer(token),
      }),
    POST: (token: string, userid: string) =>
      t.app.inject({
        method: 'POST',
        url: '/api/Users/DeleteUser',
        headers: bearer(token),
        payload: { userid },
      }),
  };

  it.each(['DELETE', 'POST'] as const)('%s deletes a user with 204, then 404', async (method) => {
    const doomed = await aUser(t, { id: 'user_7' });
    const first = await deleteBy[method](adminToken, doomed.id);
    expect(first.statusCode, first.body).toBe(204);
    expect(first.body).toBe('');
    expect(emailsOf((await listUsers(adminToken)).json())).toEqual([admin.email]);

    const again = await deleteBy[method](adminToken, doomed.id);
    expect(again.statusCode, again.body).toBe(404);
    expect(again.json()).toMatchObject({ status: 404, title: 'Not Found' });
  });

  it.each(['DELETE', 'POST'] as const)('%s of an unknown user is 404', async (method) => {
    const response = await deleteBy[method](adminToken, 'nobody');
    expect(response.statusCode, response.body).toBe(404);
  });

  it("makes the deleted user's token fail with 401 at once", async () => {
    const doomed = await aUser(t);
    const token = await getToken(t, client, { userid: doomed.id });
    expect((await listUsers(token)).statusCode).toBe(200);

    expect((await deleteBy.DELETE(adminToken, doomed.id)).statusCode).toBe(204);

    const after = await listUsers(token);
    expect(after.statusCode, after.body).toBe(401);
    expect(after.headers['www-authenticate']).toMatch(/error="invalid_token"/);
  });

  it('matches the path in any case but keeps the id case', async () => {
    await aUser(t, { id: 'User_42' });
    const del = (path: string) =>
      t.app.inject({ method: 'DELETE', url: path, headers: bearer(adminToken) });

    // Ids are case-sensitive: the lower-cased path parameter names nobody.
    expect((await del('/api/users/deleteuser/user_42')).statusCode).toBe(404);
    const response = await del('/api/users/deleteuser/User_42');
    expect(response.statusCode, response.body).toBe(204);
    expect(emailsOf((await listUsers(adminToken)).json())).toEqual([admin.email]);
  });

  it('refuses a user without CompanyAdmin with 403 and deletes nothing', async () => {
    const plain = await aUser(t);
    const token = await getToken(t, client, { userid: plain.id });
    const response = await deleteBy.DELETE(token, admin.id);
    expect(response.statusCode, response.body).toBe(403);
    expect(response.json<{ detail: string }>().detail).toContain('CompanyAdmin');
    expect((await listUsers(adminToken)).statusCode).toBe(200);
    expect(emailsOf((await listUsers(token)).json())).toContain(admin.email);
  });
});
