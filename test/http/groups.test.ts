import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { aUser, createTestApp, type TestApp } from '../helpers/test-app.ts';
import {
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

// Issue 3: /api/Groups/... — a CompanyAdmin creates and deletes groups; any user may read them.

interface GroupSummary {
  id: string;
  name: string;
  description: string;
  memberCount: number;
}

interface GroupDetail {
  id: string;
  name: string;
  description: string;
  members: { id: string; email: string; name: string }[];
}

let t: TestApp;
let admin: Caller;

beforeEach(async () => {
  t = await createTestApp();
  admin = await asUser(t, ['CompanyAdmin'], { email: 'admin@example.com', name: 'Admin' });
});
afterEach(() => t.close());

const createGroup = (payload: unknown, token = admin.token) =>
  post(t, token, '/api/Groups/CreateGroup', payload);

async function aGroup(name: string, description?: string): Promise<string> {
  const response = await createGroup({
    name,
    ...(description === undefined ? {} : { description }),
  });
  expect(response.statusCode, response.body).toBe(201);
  return response.json<{ id: string }>().id;
}

async function addMember(userid: string, groupid: string): Promise<void> {
  const response = await post(t, admin.token, '/api/Users/AddUserToGroup', { userid, groupid });
  expect(response.statusCode, response.body).toBe(200);
}

const listGroups = (query = '', token = admin.token) =>
  get(t, token, `/api/Groups/ListGroups${query}`);
const namesOf = (response: { json: <T>() => T }) =>
  response.json<GroupSummary[]>().map((group) => group.name);

describe('POST /api/Groups/CreateGroup', () => {
  it('creates a group (201) that GetGroup then finds', async () => {
    const response = await createGroup({ name: ' Finance ', description: 'Money people' });

    expect(response.statusCode, response.body).toBe(201);
    const body = response.json<{ id: string }>();
    expect(body).toEqual({ id: expect.any(String), name: 'Finance', description: 'Money people' });
    const found = await get(t, admin.token, `/api/Groups/GetGroup/${body.id}`);
    expect(found.json()).toEqual({ ...body, members: [] });
  });

  it('gives a group without description an empty one', async () => {
    const response = await createGroup({ name: 'Legal' });
    expect(response.statusCode, response.body).toBe(201);
    expect(response.json()).toMatchObject({ name: 'Legal', description: '' });
  });

  it('answers 409 for a name taken in another case, and keeps one group', async () => {
    await aGroup('Finance');
    expectProblem(await createGroup({ name: 'FINANCE' }), 409, /FINANCE/);
    expect(namesOf(await listGroups())).toEqual(['Finance']);
  });

  it.each([
    ['an empty name', { name: '' }],
    ['a blank name', { name: '   ' }],
    ['a missing name', { description: 'x' }],
    ['a numeric name', { name: 7 }],
    ['a name over 200 characters', { name: 'g'.repeat(201) }],
    ['a numeric description', { name: 'Ok', description: 1 }],
  ])('answers 400 for %s and creates nothing', async (_case, payload) => {
    expectProblem(await createGroup(payload), 400);
    expect(namesOf(await listGroups())).toEqual([]);
  });

  it('refuses a user without CompanyAdmin with a 403 naming the role', async () => {
    const plain = await asUser(t, ['User', 'Monitor']);
    expectRoleDenied(await createGroup({ name: 'Sneaky' }, plain.token));
    expect(namesOf(await listGroups())).toEqual([]);
  });

  it('refuses a generic token with 403 insufficient_scope', async () => {
    expectInsufficientScope(await createGroup({ name: 'Sneaky' }, await genericToken(t)));
  });
});

describe('GET /api/Groups/ListGroups', () => {
  it('lists groups ordered by name in any case, with their member counts', async () => {
    const beta = await aGroup('beta', 'B');
    const alpha = await aGroup('Alpha', 'A');
    await aGroup('gamma');
    const one = await aUser(t);
    await addMember(one.id, beta);
    await addMember(admin.user.id, beta);
    await addMember(one.id, alpha);

    const response = await listGroups();

    expect(response.statusCode, response.body).toBe(200);
    expect(response.json()).toEqual([
      { id: alpha, name: 'Alpha', description: 'A', memberCount: 1 },
      { id: beta, name: 'beta', description: 'B', memberCount: 2 },
      { id: expect.any(String), name: 'gamma', description: '', memberCount: 0 },
    ]);
  });

  it('pages with results and skip, and searches names in any case', async () => {
    for (const name of ['Ops', 'FinOps', 'Legal', 'Sales', 'finance']) {
      await aGroup(name);
    }
    const all = ['finance', 'FinOps', 'Legal', 'Ops', 'Sales'];
    expect(namesOf(await listGroups())).toEqual(all);
    expect(namesOf(await listGroups('?results=2'))).toEqual(all.slice(0, 2));
    expect(namesOf(await listGroups('?results=2&skip=2'))).toEqual(all.slice(2, 4));
    expect(namesOf(await listGroups('?skip=4'))).toEqual(all.slice(4));
    expect(namesOf(await listGroups('?search=OPS'))).toEqual(['FinOps', 'Ops']);
    expect(namesOf(await listGroups('?search=FIN&results=1&skip=1'))).toEqual(['FinOps']);
    expect(namesOf(await listGroups('?search=none'))).toEqual([]);
  });

  it('answers any user token, without a role', async () => {
    await aGroup('Visible');
    const plain = await asUser(t, ['User']);
    const response = await listGroups('', plain.token);
    expect(response.statusCode, response.body).toBe(200);
    expect(namesOf(response)).toEqual(['Visible']);
  });

  it('refuses a generic token with 403 insufficient_scope', async () => {
    expectInsufficientScope(await listGroups('', await genericToken(t)));
  });
});

describe('GET /api/Groups/GetGroup/{groupid}', () => {
  it('answers a group with its members ordered by email, to any user', async () => {
    const id = await aGroup('Research', 'R&D');
    const carol = await aUser(t, { email: 'carol@example.com', name: 'Carol' });
    const alice = await aUser(t, { email: 'Alice@example.com', name: 'Alice' });
    const bob = await aUser(t, { email: 'bob@example.com', name: 'Bob' });
    await aUser(t, { email: 'outsider@example.com' });
    for (const user of [carol, alice, bob]) {
      await addMember(user.id, id);
    }
    const plain = await asUser(t, ['User']);

    const response = await get(t, plain.token, `/api/Groups/GetGroup/${id}`);

    expect(response.statusCode, response.body).toBe(200);
    expect(response.json<GroupDetail>()).toEqual({
      id,
      name: 'Research',
      description: 'R&D',
      members: [alice, bob, carol].map(({ id: userId, email, name }) => ({
        id: userId,
        email,
        name,
      })),
    });
  });

  it('answers 404 for an unknown group', async () => {
    expectProblem(await get(t, admin.token, '/api/Groups/GetGroup/nope'), 404, /nope/);
  });

  it('refuses a generic token with 403 insufficient_scope', async () => {
    const id = await aGroup('Research');
    expectInsufficientScope(await get(t, await genericToken(t), `/api/Groups/GetGroup/${id}`));
  });
});

describe('POST /api/Groups/UpdateGroup', () => {
  const updateGroup = (payload: unknown, token = admin.token) =>
    post(t, token, '/api/Groups/UpdateGroup', payload);

  it('renames the group, keeping its description and members', async () => {
    const id = await aGroup('Finance', 'Money people');
    const member = await aUser(t);
    await addMember(member.id, id);

    const response = await updateGroup({ groupId: id, name: ' Treasury ' });

    expect(response.statusCode, response.body).toBe(200);
    expect(response.json()).toEqual({ id, name: 'Treasury', description: 'Money people' });
    const found = await get(t, admin.token, `/api/Groups/GetGroup/${id}`);
    expect(found.json<GroupDetail>()).toMatchObject({
      name: 'Treasury',
      members: [{ id: member.id }],
    });
    expect(namesOf(await listGroups('?search=treas'))).toEqual(['Treasury']);
  });

  it('changes only the case of its own name', async () => {
    const id = await aGroup('finance');
    const response = await updateGroup({ groupid: id, name: 'Finance' });
    expect(response.statusCode, response.body).toBe(200);
    expect(namesOf(await listGroups())).toEqual(['Finance']);
  });

  it('answers 409 for a name another group has in another case, and renames nothing', async () => {
    await aGroup('Finance');
    const legal = await aGroup('Legal');
    expectProblem(await updateGroup({ groupId: legal, name: 'FINANCE' }), 409, /FINANCE/);
    expect(namesOf(await listGroups())).toEqual(['Finance', 'Legal']);
  });

  it('answers 404 for an unknown group', async () => {
    expectProblem(await updateGroup({ groupId: 'nope', name: 'Any' }), 404, /nope/);
  });

  it.each([
    ['an empty name', { name: '' }, /name must be 1 to 200 characters/],
    ['a blank name', { name: '   ' }, /name must be 1 to 200 characters/],
    ['a missing name', {}, /name/],
    ['a name over 200 characters', { name: 'g'.repeat(201) }, /name/],
  ])('answers 400 for %s and renames nothing', async (_case, payload, detail) => {
    const id = await aGroup('Stays');
    expectProblem(await updateGroup({ groupId: id, ...payload }), 400, detail);
    expect(namesOf(await listGroups())).toEqual(['Stays']);
  });

  it('answers 400 naming groupId when it is missing', async () => {
    expectProblem(await updateGroup({ name: 'Any' }), 400, /groupId/);
  });

  it('refuses a user without CompanyAdmin with a 403 naming the role', async () => {
    const id = await aGroup('Stays');
    const plain = await asUser(t, ['User']);
    expectRoleDenied(await updateGroup({ groupId: id, name: 'Sneaky' }, plain.token));
    expect(namesOf(await listGroups())).toEqual(['Stays']);
  });

  it('refuses a generic token with 403 insufficient_scope', async () => {
    const id = await aGroup('Stays');
    expectInsufficientScope(await updateGroup({ groupId: id, name: 'X' }, await genericToken(t)));
  });
});

describe('DELETE /api/Groups/DeleteGroup/{groupid}', () => {
  it('deletes the group (204), keeps its users and drops it from their groups', async () => {
    const doomed = await aGroup('Doomed');
    const kept = await aGroup('Kept');
    const member = await aUser(t);
    await addMember(member.id, doomed);
    await addMember(member.id, kept);

    const response = await del(t, admin.token, `/api/Groups/DeleteGroup/${doomed}`);

    expect(response.statusCode, response.body).toBe(204);
    expect(response.body).toBe('');
    expect(namesOf(await listGroups())).toEqual(['Kept']);
    expectProblem(await get(t, admin.token, `/api/Groups/GetGroup/${doomed}`), 404);
    expect((await fetchUser(t, admin.token, member.id)).groups).toEqual([kept]);
    expectProblem(await del(t, admin.token, `/api/Groups/DeleteGroup/${doomed}`), 404);
  });

  it('answers 404 for an unknown group', async () => {
    expectProblem(await del(t, admin.token, '/api/Groups/DeleteGroup/nope'), 404);
  });

  it('refuses a user without CompanyAdmin with a 403 naming the role', async () => {
    const id = await aGroup('Stays');
    const plain = await asUser(t, ['User', 'Compliance']);
    expectRoleDenied(await del(t, plain.token, `/api/Groups/DeleteGroup/${id}`));
    expect(namesOf(await listGroups())).toEqual(['Stays']);
  });

  it('refuses a generic token with 403 insufficient_scope', async () => {
    const id = await aGroup('Stays');
    expectInsufficientScope(await del(t, await genericToken(t), `/api/Groups/DeleteGroup/${id}`));
    expect(namesOf(await listGroups())).toEqual(['Stays']);
  });
});

describe('the audit log of groups', () => {
  it('records each change with the group, and the member for a membership', async () => {
    const { id: userId } = await aUser(t, { email: 'member@example.com' });
    const id = await aGroup('Audited');
    await addMember(userId, id);
    // Adding again changes nothing, so it records nothing.
    await addMember(userId, id);
    const renamed = await post(t, admin.token, '/api/Groups/UpdateGroup', {
      groupid: id,
      name: 'Audited twice',
    });
    expect(renamed.statusCode, renamed.body).toBe(200);
    const removed = await post(t, admin.token, '/api/Users/RemoveUserFromGroup', {
      userid: userId,
      groupid: id,
    });
    expect(removed.statusCode, removed.body).toBe(204);
    expect((await del(t, admin.token, `/api/Groups/DeleteGroup/${id}`)).statusCode).toBe(204);

    const logs = await get(t, admin.token, '/api/Logs/ListLogs?results=100');
    const events = logs
      .json<{ event: string; userId: string | null; details: Record<string, unknown> }[]>()
      .filter((entry) => entry.event.startsWith('group_'))
      .map(({ event, userId: who, details }) => ({ event, userId: who, details }));
    // The test clock stands still: all in the same second, in no particular order.
    expect(events).toHaveLength(5);
    expect(events).toEqual(
      expect.arrayContaining([
        { event: 'group_created', userId: null, details: { groupId: id, name: 'Audited' } },
        { event: 'group_member_added', userId, details: { groupId: id } },
        { event: 'group_renamed', userId: null, details: { groupId: id, name: 'Audited twice' } },
        { event: 'group_member_removed', userId, details: { groupId: id } },
        { event: 'group_deleted', userId: null, details: { groupId: id } },
      ]),
    );
  });
});
