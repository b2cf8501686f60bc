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
