import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { UserRecord } from '../../src/store/store.ts';
import { aUser, createTestApp, type TestApp } from '../helpers/test-app.ts';
import {
  allUsers,
  asUser,
  del,
  expectInsufficientScope,
  expectProblem,
  expectRoleDenied,
  fetchUser,
  genericToken,
  get,
  post,
  type Caller,
} from '../helpers/api-requests.ts';

// Spec §5: POST /api/Users/AddUserToGroup and RemoveUserFromGroup {userid, groupid}, and how
// memberships show in the Users and Groups APIs and go away with their user.

let t: TestApp;
let admin: Caller;
let member: UserRecord;
let groupId: string;

beforeEach(async () => {
  t = await createTestApp();
  admin = await asUser(t, ['CompanyAdmin'], { email: 'admin@example.com' });
  member = await aUser(t, { email: 'member@example.com', name: 'Member' });
  groupId = await aGroup('Finance');
});
afterEach(() => t.close());

async function aGroup(name: string): Promise<string> {
  const response = await post(t, admin.token, '/api/Groups/CreateGroup', { name });
  expect(response.statusCode, response.body).toBe(201);
  return response.json<{ id: string }>().id;
}

const addUser = (payload: unknown, token = admin.token) =>
  post(t, token, '/api/Users/AddUserToGroup', payload);
const removeUser = (payload: unknown, token = admin.token) =>
  post(t, token, '/api/Users/RemoveUserFromGroup', payload);

async function memberIds(id: string): Promise<string[]> {
  const response = await get(t, admin.token, `/api/Groups/GetGroup/${id}`);
  expect(response.statusCode, response.body).toBe(200);
  return response.json<{ members: { id: string }[] }>().members.map((user) => user.id);
}

async function memberCount(id: string): Promise<number | undefined> {
  const response = await get(t, admin.token, '/api/Groups/ListGroups');
  const groups = response.json<{ id: string; memberCount: number }[]>();
  return groups.find((group) => group.id === id)?.memberCount;
}

describe('POST /api/Users/AddUserToGroup', () => {
  it('adds the user (added: true), then again changes nothing (added: false)', async () => {
    const first = await addUser({ userid: member.id, groupid: groupId });
    expect(first.statusCode, first.body).toBe(200);
    expect(first.json()).toEqual({ userId: member.id, groupId, added: true });

    const second = await addUser({ userid: member.id, groupid: groupId });
    expect(second.statusCode, second.body).toBe(200);
    expect(second.json()).toEqual({ userId: member.id, groupId, added: false });

    expect(await memberIds(groupId)).toEqual([member.id]);
    expect(await memberCount(groupId)).toBe(1);
  });

  it('shows the membership in GetUser, ListUsers and GetGroup', async () => {
    const other = await aGroup('Legal');
    await addUser({ userid: member.id, groupid: groupId });
    await addUser({ userid: member.id, groupid: other });

    expect((await fetchUser(t, admin.token, member.id)).groups.sort()).toEqual(
      [groupId, other].sort(),
    );
    const listed = await allUsers(t, await genericToken(t));
    expect(listed.find((user) => user.id === member.id)?.groups.sort()).toEqual(
      [groupId, other].sort(),
    );
    expect(listed.find((user) => user.id === admin.user.id)?.groups).toEqual([]);
    expect(await memberIds(other)).toEqual([member.id]);
  });

  it.each([
    ['user', () => ({ userid: 'nobody', groupid: groupId }), /nobody/],
    ['group', () => ({ userid: member.id, groupid: 'nogroup' }), /nogroup/],
  ])('answers 404 for an unknown %s', async (_case, payload, detail) => {
    expectProblem(await addUser(payload()), 404, detail);
    expect(await memberIds(groupId)).toEqual([]);
  });

  it('refuses a user without CompanyAdmin with a 403 naming the role', async () => {
    const plain = await asUser(t, ['User', 'Monitor']);
    expectRoleDenied(await addUser({ userid: plain.user.id, groupid: groupId }, plain.token));
    expect(await memberIds(groupId)).toEqual([]);
  });

  it('refuses a generic token with 403 insufficient_scope', async () => {
    const token = await genericToken(t);
    expectInsufficientScope(await addUser({ userid: member.id, groupid: groupId }, token));
    expect(await memberIds(groupId)).toEqual([]);
  });
});

describe('POST /api/Users/RemoveUserFromGroup', () => {
  it('removes the membership (204) but not the user; a second removal is 404', async () => {
    await addUser({ userid: member.id, groupid: groupId });

    const response = await removeUser({ userid: member.id, groupid: groupId });

    expect(response.statusCode, response.body).toBe(204);
    expect(response.body).toBe('');
    expect(await memberIds(groupId)).toEqual([]);
    expect(await memberCount(groupId)).toBe(0);
    expect((await fetchUser(t, admin.token, member.id)).groups).toEqual([]);
    expectProblem(await removeUser({ userid: member.id, groupid: groupId }), 404);
  });

  it.each([
    ['a user who is not a member', () => ({ userid: member.id, groupid: groupId })],
    ['an unknown user', () => ({ userid: 'nobody', groupid: groupId })],
    ['an unknown group', () => ({ userid: member.id, groupid: 'nogroup' })],
  ])('answers 404 for %s', async (_case, payload) => {
    expectProblem(await removeUser(payload()), 404);
  });

  it('refuses a user without CompanyAdmin with a 403 naming the role', async () => {
    await addUser({ userid: member.id, groupid: groupId });
    const plain = await asUser(t, ['User']);
    expectRoleDenied(await removeUser({ userid: member.id, groupid: groupId }, plain.token));
    expect(await memberIds(groupId)).toEqual([member.id]);
  });

  it('refuses a generic token with 403 insufficient_scope', async () => {
    await addUser({ userid: member.id, groupid: groupId });
    const token = await genericToken(t);
    expectInsufficientScope(await removeUser({ userid: member.id, groupid: groupId }, token));
    expect(await memberIds(groupId)).toEqual([member.id]);
  });
});

describe.each([
  ['AddUserToGroup', addUser],
  ['RemoveUserFromGroup', removeUser],
] as const)('%s input', (_name, send) => {
  it.each([
    ['no body', () => undefined],
    ['a missing userid', () => ({ groupid: groupId })],
    ['a missing groupid', () => ({ userid: member.id })],
    ['a numeric userid', () => ({ userid: 42, groupid: groupId })],
    ['a list for groupid', () => ({ userid: member.id, groupid: [groupId] })],
    ['a null groupid', () => ({ userid: member.id, groupid: null })],
  ])('answers 400 for %s', async (_case, payload) => {
    expectProblem(await send(payload()), 400);
    expect(await memberIds(groupId)).toEqual([]);
  });

  it('answers 400 for a repeated form parameter', async () => {
    const response = await t.app.inject({
      method: 'POST',
      url: `/api/Users/${_name}`,
      headers: {
        authorization: `Bearer ${admin.token}`,
        'content-type': 'application/x-www-form-urlencoded',
      },
      payload: new URLSearchParams([
        ['userid', member.id],
        ['groupid', groupId],
        ['groupid', groupId],
      ]).toString(),
    });
    expectProblem(response, 400);
  });
});

describe('deleting a user', () => {
  it('removes its memberships, never the group', async () => {
    const other = await aUser(t, { email: 'other@example.com' });
    await addUser({ userid: member.id, groupid: groupId });
    await addUser({ userid: other.id, groupid: groupId });

    const response = await del(t, admin.token, `/api/Users/DeleteUser/${member.id}`);

    expect(response.statusCode, response.body).toBe(204);
    expect(await memberIds(groupId)).toEqual([other.id]);
    expect(await memberCount(groupId)).toBe(1);
  });

  it('leaves an empty group behind when it was the only member', async () => {
    await addUser({ userid: member.id, groupid: groupId });
    await post(t, admin.token, '/api/Users/DeleteUser', { userid: member.id });
    expect(await memberIds(groupId)).toEqual([]);
    expect(await memberCount(groupId)).toBe(0);
  });
});

describe('/openapi.json', () => {
  const ADMIN = 'Requires a user-specific token of a user with the CompanyAdmin role.';
  const ANY_USER = 'Requires a user-specific token.';
  it.each([
    ['get', '/api/Users/GetUser/{userId}', ANY_USER],
    ['post', '/api/Users/UpdateUser', ADMIN],
    ['delete', '/api/Users/DeleteUser/{userId}', ADMIN],
    ['post', '/api/Users/DeleteUser', ADMIN],
    ['post', '/api/Users/AddUserToGroup', ADMIN],
    ['post', '/api/Users/RemoveUserFromGroup', ADMIN],
    ['post', '/api/Users/SetUserToken', ANY_USER, /CompanyAdmin/],
    ['delete', '/api/Users/SetUserToken', ANY_USER, /CompanyAdmin/],
    ['get', '/api/Users/ListUserTokens/{userId}', ANY_USER, /CompanyAdmin/],
    ['post', '/api/Groups/CreateGroup', ADMIN],
    ['get', '/api/Groups/ListGroups', ANY_USER],
    ['get', '/api/Groups/GetGroup/{groupId}', ANY_USER],
    ['delete', '/api/Groups/DeleteGroup/{groupId}', ADMIN],
  ])(
    'documents %s %s with bearerAuth and who may call it, once',
    async (method, path, rule, also?: RegExp) => {
      const response = await t.app.inject({ url: '/openapi.json' });
      expect(response.statusCode).toBe(200);
      const paths = response.json<{
        paths: Record<string, Record<string, { security?: unknown; description?: string }>>;
      }>().paths;
      const operation = paths[path]?.[method];

      expect(operation, `${method} ${path}`).toBeDefined();
      expect(operation?.security).toEqual([{ bearerAuth: [] }]);
      const description = operation?.description ?? '';
      expect(description.split(rule)).toHaveLength(2);
      expect(description.match(/Requires /g)).toHaveLength(1);
      if (also) {
        expect(description).toMatch(also);
      }
    },
  );
});
