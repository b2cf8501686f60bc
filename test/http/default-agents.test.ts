import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/test-app.ts';
import {
  asUser,
  del,
  expectProblem,
  expectRoleDenied,
  get,
  iso,
  post,
  type Caller,
} from '../helpers/api-requests.ts';
import { anAgent, type AgentResponse } from '../helpers/chat.ts';

// Server Admin → Default Agents: agents given to every new user (CreateUser, InviteUser,
// ImportUsers) and to every user who joins a group (AddUserToGroup, an import's group column);
// given means assigned to the user, so it outlives the membership.

let t: TestApp;
let admin: Caller;
let policy: AgentResponse;
let travel: AgentResponse;

beforeEach(async () => {
  t = await createTestApp();
  admin = await asUser(t, ['CompanyAdmin']);
  policy = await anAgent(t, admin.token, { name: 'Policy helper' });
  travel = await anAgent(t, admin.token, { name: 'Travel desk' });
});
afterEach(() => t.close());

const addDefault = (body: Record<string, unknown>, token = admin.token) =>
  post(t, token, '/api/DefaultAgents/AddDefaultAgent', body);
const removeDefault = (body: Record<string, unknown>) =>
  post(t, admin.token, '/api/DefaultAgents/RemoveDefaultAgent', body);

async function listDefaults(): Promise<Record<string, unknown>[]> {
  const response = await get(t, admin.token, '/api/DefaultAgents/ListDefaultAgents');
  expect(response.statusCode, response.body).toBe(200);
  return response.json();
}

/** The ids of the agents assigned to the user directly, as ListAllAgents shows them. */
async function assignedTo(userId: string): Promise<string[]> {
  const response = await get(t, admin.token, '/api/Agents/ListAllAgents');
  const agents = response.json<{ id: string; userIds: string[] }[]>();
  return agents.filter((agent) => agent.userIds.includes(userId)).map((agent) => agent.id);
}

async function newUser(email: string): Promise<string> {
  const created = await post(t, admin.token, '/api/Users/CreateUser', { email, name: email });
  expect(created.statusCode, created.body).toBe(201);
  return created.json<{ id: string }>().id;
}

/** Imports the CSV rows (after the header) as the admin; the users' ids by email. */
async function importUsers(rows: string): Promise<Map<string, string>> {
  const imported = await t.app.inject({
    method: 'POST',
    url: '/api/Users/ImportUsers',
    headers: { authorization: `Bearer ${admin.token}`, 'content-type': 'text/csv' },
    payload: `email,name,roles,groups\n${rows}`,
  });
  expect(imported.statusCode, imported.body).toBe(200);
  const users = await get(t, admin.token, '/api/Users/ListUsers?results=100');
  return new Map(users.json<{ id: string; email: string }[]>().map((u) => [u.email, u.id]));
}

async function newGroup(name: string): Promise<string> {
  const created = await post(t, admin.token, '/api/Groups/CreateGroup', { name });
  expect(created.statusCode, created.body).toBe(201);
  return created.json<{ id: string }>().id;
}

async function join(userid: string, groupid: string): Promise<void> {
  const added = await post(t, admin.token, '/api/Users/AddUserToGroup', { userid, groupid });
  expect(added.statusCode, added.body).toBe(200);
}

async function leave(userid: string, groupid: string): Promise<void> {
  const removed = await post(t, admin.token, '/api/Users/RemoveUserFromGroup', { userid, groupid });
  expect(removed.statusCode, removed.body).toBe(204);
}

describe('server-wide default agents', () => {
  it('are given to users created afterwards, and not to users who already were', async () => {
    const before = await newUser('before@example.com');
    const added = await addDefault({ agentId: policy.id });
    expect(added.statusCode, added.body).toBe(200);
    expect(added.json()).toEqual({ added: true, usersGiven: 0 });

    const after = await newUser('after@example.com');

    expect(await assignedTo(after)).toEqual([policy.id]);
    expect(await assignedTo(before)).toEqual([]);
    const later = await asUser(t);
    const listed = await get(t, later.token, '/api/Chat/ListAgents');
    expect(listed.json<{ id: string }[]>().map((agent) => agent.id)).toEqual([policy.id]);
  });

  it('with giveToExisting, every existing user gets it now; a second add changes nothing', async () => {
    const ann = await newUser('ann@example.com');
    const bob = await newUser('bob@example.com');
    await post(t, admin.token, '/api/Agents/AssignAgent', { agentId: policy.id, userId: bob });

    const added = await addDefault({ agentId: policy.id, giveToExisting: true });

    // ann, and the admin; bob already had it.
    expect(added.json()).toEqual({ added: true, usersGiven: 2 });
    expect(await assignedTo(ann)).toEqual([policy.id]);
    expect(await assignedTo(admin.user.id)).toEqual([policy.id]);
    expect((await addDefault({ agentId: policy.id })).json()).toEqual({
      added: false,
      usersGiven: 0,
    });
  });

  it('reach users invited and imported too', async () => {
    await addDefault({ agentId: travel.id });

    const invited = await post(t, admin.token, '/api/Users/InviteUser', {
      email: 'invited@example.com',
      name: 'Invited',
    });
    expect(invited.statusCode, invited.body).toBe(201);
    const ids = await importUsers('imported@example.com,Imported,,\n');
    expect(await assignedTo(ids.get('invited@example.com') as string)).toEqual([travel.id]);
    expect(await assignedTo(ids.get('imported@example.com') as string)).toEqual([travel.id]);
  });
});

describe('group default agents', () => {
  it('are given on joining and kept after leaving, unlike a group assignment', async () => {
    const finance = await newGroup('Finance');
    const ann = await asUser(t);
    await addDefault({ agentId: policy.id, groupId: finance });
    await post(t, admin.token, '/api/Agents/AssignAgent', { agentId: travel.id, groupId: finance });

    await join(ann.user.id, finance);
    expect(await assignedTo(ann.user.id)).toEqual([policy.id]);
    await leave(ann.user.id, finance);

    // The group's assignment went with the membership; the default agent stayed.
    const usable = await get(t, ann.token, '/api/Chat/ListAgents');
    expect(usable.json<{ id: string }[]>().map((agent) => agent.id)).toEqual([policy.id]);
  });

  it("go only to that group's joiners, and to its current members with giveToExisting", async () => {
    const finance = await newGroup('Finance');
    const research = await newGroup('Research');
    const member = await newUser('member@example.com');
    const other = await newUser('other@example.com');
    await join(member, finance);

    const added = await addDefault({ agentId: policy.id, groupId: finance, giveToExisting: true });

    expect(added.json()).toEqual({ added: true, usersGiven: 1 });
    expect(await assignedTo(member)).toEqual([policy.id]);
    await join(other, research);
    expect(await assignedTo(other)).toEqual([]);
  });

  it('reach the users an import puts in the group', async () => {
    const finance = await newGroup('Finance');
    await addDefault({ agentId: travel.id, groupId: finance });

    const ids = await importUsers('ada@example.com,Ada,,finance\nbob@example.com,Bob,,\n');
    expect(await assignedTo(ids.get('ada@example.com') as string)).toEqual([travel.id]);
    expect(await assignedTo(ids.get('bob@example.com') as string)).toEqual([]);
  });
});

describe('GET /api/DefaultAgents/ListDefaultAgents', () => {
  it('lists the server-wide ones first, then by group name, with names and times', async () => {
    const research = await newGroup('Research');
    const finance = await newGroup('Finance');
    await addDefault({ agentId: travel.id, groupId: research });
    await addDefault({ agentId: policy.id, groupId: finance });
    await addDefault({ agentId: travel.id });
    await addDefault({ agentId: policy.id, groupId: null });

    const at = iso(t.clock.nowSeconds());
    expect(await listDefaults()).toEqual([
      {
        agentId: policy.id,
        agentName: 'Policy helper',
        groupId: null,
        groupName: null,
        addedAt: at,
      },
      { agentId: travel.id, agentName: 'Travel desk', groupId: null, groupName: null, addedAt: at },
      {
        agentId: policy.id,
        agentName: 'Policy helper',
        groupId: finance,
        groupName: 'Finance',
        addedAt: at,
      },
      {
        agentId: travel.id,
        agentName: 'Travel desk',
        groupId: research,
        groupName: 'Research',
        addedAt: at,
      },
    ]);
  });

  it('forgets an agent or a group once deleted', async () => {
    const finance = await newGroup('Finance');
    await addDefault({ agentId: policy.id, groupId: finance });
    await addDefault({ agentId: travel.id });

    expect((await del(t, admin.token, `/api/Groups/DeleteGroup/${finance}`)).statusCode).toBe(204);
    expect((await del(t, admin.token, `/api/Agents/DeleteAgent/${travel.id}`)).statusCode).toBe(
      204,
    );

    expect(await listDefaults()).toEqual([]);
  });
});

describe('POST /api/DefaultAgents/RemoveDefaultAgent', () => {
  it('stops giving the agent; users who were given it keep it', async () => {
    await addDefault({ agentId: policy.id });
    const given = await newUser('given@example.com');

    const removed = await removeDefault({ agentId: policy.id });

    expect(removed.statusCode, removed.body).toBe(204);
    expect(await listDefaults()).toEqual([]);
    expect(await assignedTo(given)).toEqual([policy.id]);
    expect(await assignedTo(await newUser('later@example.com'))).toEqual([]);
  });

  it('is a 404 when the agent is not a default there', async () => {
    const finance = await newGroup('Finance');
    await addDefault({ agentId: policy.id });

    expectProblem(
      await removeDefault({ agentId: policy.id, groupId: finance }),
      404,
      `Agent "${policy.id}" is not a default agent of group "${finance}"`,
    );
    expectProblem(
      await removeDefault({ agentId: travel.id }),
      404,
      `Agent "${travel.id}" is not a default agent for new users`,
    );
  });
});

describe('refusals', () => {
  it('names an unknown agent or group (404) and a missing agentId (400)', async () => {
    expectProblem(await addDefault({ agentId: 'nope' }), 404, 'No agent with id "nope"');
    expectProblem(
      await addDefault({ agentId: policy.id, groupId: 'nope' }),
      404,
      'No group with id "nope"',
    );
    expectProblem(await addDefault({ groupId: 'x' }), 400);
    expect(await listDefaults()).toEqual([]);
  });

  it('are CompanyAdmin-only', async () => {
    const user = await asUser(t, ['User', 'Monitor', 'Compliance']);
    expectRoleDenied(await addDefault({ agentId: policy.id }, user.token));
    expectRoleDenied(await get(t, user.token, '/api/DefaultAgents/ListDefaultAgents'));
    expectRoleDenied(
      await post(t, user.token, '/api/DefaultAgents/RemoveDefaultAgent', { agentId: policy.id }),
    );
    expect(await listDefaults()).toEqual([]);
  });
});

describe('the audit log', () => {
  it('records each change with the agent, the group and how many users were given it', async () => {
    const finance = await newGroup('Finance');
    await addDefault({ agentId: policy.id, groupId: finance, giveToExisting: true });
    await addDefault({ agentId: policy.id, groupId: finance });
    t.clock.advance(1);
    await removeDefault({ agentId: policy.id, groupId: finance });

    const logs = await get(t, admin.token, '/api/Logs/ListLogs?results=100');
    const events = logs
      .json<{ event: string; details: Record<string, unknown> }[]>()
      .filter((entry) => entry.event.startsWith('default_agent'));
    expect(events.map(({ event, details }) => ({ event, details }))).toEqual([
      { event: 'default_agent_removed', details: { agentId: policy.id, groupId: finance } },
      {
        event: 'default_agent_added',
        details: { agentId: policy.id, groupId: finance, usersGiven: 0 },
      },
    ]);
  });
});
