import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, REDIRECT_URI, type TestApp } from '../helpers/test-app.ts';
import { exchangeCode, getCode, getToken } from '../helpers/oauth-flow.ts';
import { authorizeRequest, redirectOf } from '../helpers/oauth-requests.ts';
import {
  allUsers,
  asUser,
  clientOf,
  del,
  expectInsufficientScope,
  expectInvalidToken,
  expectProblem,
  expectRoleDenied,
  fetchUser,
  genericToken,
  get,
  post,
  type Caller,
  type UserResponse,
} from '../helpers/api-requests.ts';

// Issue 3: POST /api/Users/UpdateUser, disabled users, and the last-CompanyAdmin rule that also
// guards DeleteUser. The company must keep one enabled CompanyAdmin.

let t: TestApp;
let admin: Caller;

beforeEach(async () => {
  t = await createTestApp();
  admin = await asUser(t, ['CompanyAdmin'], { email: 'admin@example.com', name: 'Admin' });
});
afterEach(() => t.close());

const update = (token: string, payload: Record<string, unknown>) =>
  post(t, token, '/api/Users/UpdateUser', payload);

describe('POST /api/Users/UpdateUser', () => {
  it('changes name, email, roles and disabled, and answers the updated user', async () => {
    const { user } = await asUser(t, ['User'], { email: 'ada@example.com', name: 'Ada' });

    const response = await update(admin.token, {
      userid: user.id,
      name: 'Ada Lovelace',
      email: 'Ada.Lovelace@Example.com',
      roles: ['Monitor', 'Compliance'],
      disabled: true,
    });

    expect(response.statusCode, response.body).toBe(200);
    const expected: UserResponse = {
      id: user.id,
      email: 'Ada.Lovelace@Example.com',
      name: 'Ada Lovelace',
      roles: ['Monitor', 'Compliance'],
      groups: [],
      disabled: true,
      defaultAgentId: null,
    };
    expect(response.json()).toEqual(expected);
    expect(await fetchUser(t, admin.token, user.id)).toEqual(expected);
    expect(await allUsers(t, admin.token)).toContainEqual(expected);
  });

  it('changes only the fields sent', async () => {
    const { user } = await asUser(t, ['Monitor'], { email: 'bo@example.com', name: 'Bo' });

    const response = await update(admin.token, { userid: user.id, name: '  Bo Renamed  ' });

    expect(response.statusCode, response.body).toBe(200);
    expect(response.json()).toEqual({
      id: user.id,
      email: 'bo@example.com',
      name: 'Bo Renamed',
      roles: ['Monitor'],
      groups: [],
      disabled: false,
      defaultAgentId: null,
    });
  });

  it("lets a user's email change case: the address is still its own", async () => {
    const { user } = await asUser(t, ['User'], { email: 'cy@example.com' });
    const response = await update(admin.token, { userid: user.id, email: 'CY@Example.com' });
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json<UserResponse>().email).toBe('CY@Example.com');
  });

  it("answers 409 for another user's email in another case, and changes nothing", async () => {
    const { user } = await asUser(t, ['User'], { email: 'dee@example.com', name: 'Dee' });

    const response = await update(admin.token, {
      userid: user.id,
      email: 'ADMIN@example.COM',
      name: 'Not applied',
    });

    expectProblem(response, 409);
    expect(await fetchUser(t, admin.token, user.id)).toMatchObject({
      email: 'dee@example.com',
      name: 'Dee',
    });
  });

  it.each([
    ['an invalid email', { email: 'not-an-email' }],
    ['an unknown role', { roles: ['User', 'Overlord'] }],
    ['a blank name', { name: '   ' }],
    ['a name over 200 characters', { name: 'n'.repeat(201) }],
    ['a number for name', { name: 42 }],
    ['roles that are not a list', { roles: 'User' }],
    ['disabled as a string', { disabled: 'true' }],
  ])('answers 400 for %s and changes nothing', async (_case, changes) => {
    const { user } = await asUser(t, ['User'], { email: 'eve@example.com', name: 'Eve' });

    const response = await update(admin.token, { userid: user.id, ...changes });

    expectProblem(response, 400);
    expect(await fetchUser(t, admin.token, user.id)).toMatchObject({
      email: 'eve@example.com',
      name: 'Eve',
      roles: ['User'],
      disabled: false,
    });
  });

  it.each([
    ['a missing userid', { name: 'X' }],
    ['a numeric userid', { userid: 7, name: 'X' }],
  ])('answers 400 for %s', async (_case, payload) => {
    expectProblem(await update(admin.token, payload), 400);
  });

  it('answers 404 for an unknown userid', async () => {
    expectProblem(await update(admin.token, { userid: 'nobody', name: 'X' }), 404, /nobody/);
  });

  it('refuses a user without CompanyAdmin with a 403 naming the role, and changes nothing', async () => {
    const plain = await asUser(t, ['User', 'Monitor', 'Compliance']);
    expectRoleDenied(await update(plain.token, { userid: plain.user.id, roles: ['CompanyAdmin'] }));
    expect((await fetchUser(t, admin.token, plain.user.id)).roles).not.toContain('CompanyAdmin');
  });

  it('refuses a generic token with 403 insufficient_scope', async () => {
    const response = await update(await genericToken(t), { userid: admin.user.id, name: 'X' });
    expectInsufficientScope(response);
    expect((await fetchUser(t, admin.token, admin.user.id)).name).toBe('Admin');
  });
});

describe('the last enabled CompanyAdmin', () => {
  it.each([
    ['demoted', { roles: ['User'] }],
    ['disabled', { disabled: true }],
  ])('cannot be %s (409), and stays an enabled admin', async (_case, changes) => {
    const response = await update(admin.token, { userid: admin.user.id, ...changes });

    expectProblem(response, 409, /CompanyAdmin/);
    expect(await fetchUser(t, admin.token, admin.user.id)).toMatchObject({
      roles: ['CompanyAdmin'],
      disabled: false,
    });
  });

  it('may change its roles while keeping CompanyAdmin', async () => {
    const response = await update(admin.token, {
      userid: admin.user.id,
      roles: ['Monitor', 'CompanyAdmin'],
    });
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json<UserResponse>().roles).toEqual(['Monitor', 'CompanyAdmin']);
  });

  it.each([
    ['demoted', { roles: ['User'] }],
    ['disabled', { disabled: true }],
  ])('can be %s once there is a second enabled admin', async (_case, changes) => {
    await asUser(t, ['CompanyAdmin']);
    const response = await update(admin.token, { userid: admin.user.id, ...changes });
    expect(response.statusCode, response.body).toBe(200);
  });

  it('is still the last one when the other admin is disabled', async () => {
    const other = await asUser(t, ['CompanyAdmin']);
    expect((await update(admin.token, { userid: other.user.id, disabled: true })).statusCode).toBe(
      200,
    );
    expectProblem(await update(admin.token, { userid: admin.user.id, roles: ['User'] }), 409);
  });

  it('cannot be deleted (409), by either DeleteUser form', async () => {
    const byPath = await del(t, admin.token, `/api/Users/DeleteUser/${admin.user.id}`);
    expectProblem(byPath, 409, /CompanyAdmin/);
    const byBody = await post(t, admin.token, '/api/Users/DeleteUser', { userid: admin.user.id });
    expectProblem(byBody, 409);
    expect((await get(t, admin.token, '/api/Users/ListUsers')).statusCode).toBe(200);
  });

  it('can be deleted once there is a second enabled admin', async () => {
    const other = await asUser(t, ['CompanyAdmin']);
    const response = await del(t, other.token, `/api/Users/DeleteUser/${admin.user.id}`);
    expect(response.statusCode, response.body).toBe(204);
    expect((await allUsers(t, other.token)).map((user) => user.id)).toEqual([other.user.id]);
  });

  it('survives two admins demoting each other at once: exactly one succeeds', async () => {
    const other = await asUser(t, ['CompanyAdmin']);

    const responses = await Promise.all([
      update(admin.token, { userid: other.user.id, roles: ['User'] }),
      update(other.token, { userid: admin.user.id, roles: ['User'] }),
    ]);

    // The loser is refused by the last-admin rule (409) or, when the winner committed before
    // its bearer check, because it no longer holds the role (403).
    const [first, second] = responses.map((response) => response.statusCode).sort();
    expect(first).toBe(200);
    expect([403, 409]).toContain(second);
    const admins = (await allUsers(t, await genericToken(t))).filter((user) =>
      user.roles.includes('CompanyAdmin'),
    );
    expect(admins).toHaveLength(1);
  });
});

describe('a disabled user', () => {
  it('has its existing token refused with 401 at once', async () => {
    const victim = await asUser(t);
    expect((await get(t, victim.token, '/api/Users/ListUsers')).statusCode).toBe(200);

    expect((await update(admin.token, { userid: victim.user.id, disabled: true })).statusCode).toBe(
      200,
    );

    expectInvalidToken(await get(t, victim.token, '/api/Users/ListUsers'));
    expectInvalidToken(await get(t, victim.token, `/api/Users/GetUser/${victim.user.id}`));
  });

  it('gets no code: authorize with its userid redirects with error=access_denied', async () => {
    const { user } = await asUser(t);
    await update(admin.token, { userid: user.id, disabled: true });
    const { client } = await clientOf(t);

    const location = redirectOf(
      await authorizeRequest(t, {
        client_id: client.id,
        redirect_uri: REDIRECT_URI,
        userid: user.id,
        state: 's1',
      }),
    );

    expect(`${location.origin}${location.pathname}`).toBe(REDIRECT_URI);
    expect(location.searchParams.get('error')).toBe('access_denied');
    expect(location.searchParams.get('state')).toBe('s1');
    expect(location.searchParams.has('code')).toBe(false);
  });

  // store.ts: "a disabled user's tokens fail and no new ones are issued"; a deleted user's
  // codes go with it (invalid_grant), and a disabled user's should fail the same way.
  it('gets no token from a code issued before it was disabled (400 invalid_grant)', async () => {
    const { user } = await asUser(t);
    const client = await clientOf(t);
    const code = await getCode(t, client, { userid: user.id });
    await update(admin.token, { userid: user.id, disabled: true });

    const response = await exchangeCode(t, client, code, { userid: user.id });

    expect(response.statusCode, response.body).toBe(400);
    expect(response.json()).toMatchObject({ error: 'invalid_grant' });
  });

  it('is listed as disabled, and re-enabling restores access for new tokens', async () => {
    const { user } = await asUser(t);
    await update(admin.token, { userid: user.id, disabled: true });
    expect((await fetchUser(t, admin.token, user.id)).disabled).toBe(true);

    const enabled = await update(admin.token, { userid: user.id, disabled: false });

    expect(enabled.statusCode, enabled.body).toBe(200);
    expect(enabled.json<UserResponse>().disabled).toBe(false);
    const fresh = await getToken(t, await clientOf(t), { userid: user.id });
    expect((await get(t, fresh, `/api/Users/GetUser/${user.id}`)).statusCode).toBe(200);
  });
});
