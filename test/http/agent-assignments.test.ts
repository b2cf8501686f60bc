import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/test-app.ts';
import {
  asUser,
  del,
  expectProblem,
  expectRoleDenied,
  get,
  post,
  type Caller,
} from '../helpers/api-requests.ts';
import { anAgent, assign, type AgentResponse } from '../helpers/chat.ts';

// Who may use an agent: AssignAgent / UnassignAgent to a user or a group, SetDefaultAgent, and
// how that shows in the admin's ListAllAgents and the user's /api/Chat/ListAgents.

let t: TestApp;
let admin: Caller;
let ann: Caller;
let bob: Caller;
let agent: AgentResponse;

beforeEach(async () => {
  t = await createTestApp();
  admin = await asUser(t, ['CompanyAdmin']);
  ann = await asUser(t);
  bob = await asUser(t);
  agent = await anAgent(t, admin.token, { name: 'Policy helper', description: 'Policies' });
});
afterEach(() => t.close());

const assignAgent = (body: Record<string, unknown>) =>
  post(t, admin.token, '/api/Agents/AssignAgent', body);
const unassignAgent = (body: Record<string, unknown>) =>
  post(t, admin.token, '/api/Agents/UnassignAgent', body);
const setDefault = (token: string, userid: string, agentid: string | null) =>
  post(t, token, '/api/Users/SetDefaultAgent', { userid, agentid });

interface UsableAgent {
  id: string;
  isDefault: boolean;
}

async function usable(caller: Caller): Promise<UsableAgent[]> {
  const response = await get(t, caller.token, '/api/Chat/ListAgents');
  expect(response.statusCode, response.body).toBe(200);
  return response.json();
}

async function assignees(agentId = agent.id): Promise<{ userIds: string[]; groupIds: string[] }> {
  const response = await get(t, admin.token, '/api/Agents/ListAllAgents');
  const found = response.json<(AgentResponse & { userIds: string[]; groupIds: string[] })[]>();
  const { userIds, groupIds } = found.find((a) => a.id === agentId) ?? {
    userIds: [],
    groupIds: [],
  };
  return { userIds, groupIds };
}

async function aGroup(name: string, members: Caller[]): Promise<string> {
  const created = await post(t, admin.token, '/api/Groups/CreateGroup', { name });
  expect(created.statusCode, created.body).toBe(201);
  const groupid = created.json<{ id: string }>().id;
  for (const member of members) {
    const added = await post(t, admin.token, '/api/Users/AddUserToGroup', {
      userid: member.user.id,
      groupid,
    });
    expect(added.statusCode, added.body).toBe(200);
  }
  return groupid;
}

describe('POST /api/Agents/AssignAgent', () => {
  it('to a user: that user, and no other, lists it (without admin-only fields)', async () => {
    await assign(t, admin.token, agent.id, { userid: ann.user.id });
    expect(await usable(ann)).toEqual([
      {
        id: agent.id,
        name: 'Policy helper',
        description: 'Policies',
        engine: 'demo',
        model: 'demo',
        isDefault: false,
      },
    ]);
    expect(await usable(bob)).toEqual([]);
    expect(await assignees()).toEqual({ userIds: [ann.user.id], groupIds: [] });
  });

  it('to a group: members list it, non-members do not, leaving the group takes it away', async () => {
    const groupid = await aGroup('Finance', [ann]);
    await assign(t, admin.token, agent.id, { groupid });
    expect((await usable(ann)).map((a) => a.id)).toEqual([agent.id]);
    expect(await usable(bob)).toEqual([]);
    expect(await assignees()).toEqual({ userIds: [], groupIds: [groupid] });

    const left = await post(t, admin.token, '/api/Users/RemoveUserFromGroup', {
      userid: ann.user.id,
      groupid,
    });
    expect(left.statusCode, left.body).toBe(204);
    expect(await usable(ann)).toEqual([]);
  });

  it('lists an agent once for a user who has it directly, through a group and as default', async () => {
    const groupid = await aGroup('Finance', [ann]);
    await assign(t, admin.token, agent.id, { groupid });
    await assign(t, admin.token, agent.id, { userid: ann.user.id });
    expect((await setDefault(admin.token, ann.user.id, agent.id)).statusCode).toBe(204);
    expect(await usable(ann)).toEqual([expect.objectContaining({ id: agent.id, isDefault: true })]);
  });

  it('assigning twice is fine and still one assignment', async () => {
    await assign(t, admin.token, agent.id, { userid: ann.user.id });
    await assign(t, admin.token, agent.id, { userid: ann.user.id });
    expect(await assignees()).toEqual({ userIds: [ann.user.id], groupIds: [] });
    expect(await usable(ann)).toHaveLength(1);
  });

  it('ListAllAgents shows every user and group it is assigned to', async () => {
    const finance = await aGroup('Finance', []);
    const legal = await aGroup('Legal', []);
    const other = await anAgent(t, admin.token, { name: 'Other' });
    for (const to of [{ userid: ann.user.id }, { userid: bob.user.id }, { groupid: finance }]) {
      await assign(t, admin.token, agent.id, to);
    }
    await assign(t, admin.token, other.id, { groupid: legal });
    expect(await assignees()).toEqual({
      userIds: [ann.user.id, bob.user.id].sort(),
      groupIds: [finance],
    });
    expect(await assignees(other.id)).toEqual({ userIds: [], groupIds: [legal] });
  });

  it.each([
    ['both userid and groupid', { userid: 'u', groupid: 'g' }],
    ['neither', {}],
  ])('refuses %s with 400', async (_case, to) => {
    for (const call of [assignAgent, unassignAgent]) {
      expectProblem(
        await call({ agentid: agent.id, ...to }),
        400,
        'Give exactly one of userId and groupId',
      );
    }
  });

  it('answers 404 for an unknown agent, user or group, and assigns nothing', async () => {
    const groupid = await aGroup('Finance', []);
    expectProblem(await assignAgent({ agentid: 'nope', userid: ann.user.id }), 404, /nope/);
    expectProblem(await assignAgent({ agentid: agent.id, userid: 'nobody' }), 404, /nobody/);
    expectProblem(await assignAgent({ agentid: agent.id, groupid: 'nogroup' }), 404, /nogroup/);
    expectProblem(await assignAgent({ agentid: 'nope', groupid }), 404, /nope/);
    expect(await assignees()).toEqual({ userIds: [], groupIds: [] });
  });

  it('deleting a user or a group removes its assignments', async () => {
    const groupid = await aGroup('Finance', []);
    await assign(t, admin.token, agent.id, { userid: ann.user.id });
    await assign(t, admin.token, agent.id, { userid: bob.user.id });
    await assign(t, admin.token, agent.id, { groupid });

    const userGone = await del(t, admin.token, `/api/Users/DeleteUser/${ann.user.id}`);
    expect(userGone.statusCode, userGone.body).toBe(204);
    const groupGone = await del(t, admin.token, `/api/Groups/DeleteGroup/${groupid}`);
    expect(groupGone.statusCode, groupGone.body).toBe(204);
    expect(await assignees()).toEqual({ userIds: [bob.user.id], groupIds: [] });
  });
});

describe('POST /api/Agents/UnassignAgent', () => {
  it('takes the agent away from a user or a group; not assigned → 404', async () => {
    const groupid = await aGroup('Finance', [bob]);
    await assign(t, admin.token, agent.id, { userid: ann.user.id });
    await assign(t, admin.token, agent.id, { groupid });

    const fromUser = await unassignAgent({ agentid: agent.id, userid: ann.user.id });
    expect(fromUser.statusCode, fromUser.body).toBe(204);
    const fromGroup = await unassignAgent({ agentid: agent.id, groupid });
    expect(fromGroup.statusCode, fromGroup.body).toBe(204);
    expect(await usable(ann)).toEqual([]);
    expect(await usable(bob)).toEqual([]);
    expect(await assignees()).toEqual({ userIds: [], groupIds: [] });

    expectProblem(await unassignAgent({ agentid: agent.id, userid: ann.user.id }), 404);
    expectProblem(await unassignAgent({ agentid: agent.id, groupid }), 404);
    expectProblem(await unassignAgent({ agentid: 'nope', userid: ann.user.id }), 404);
  });
});

describe('POST /api/Users/SetDefaultAgent', () => {
  it("an admin sets anyone's default: the user may then use it, marked isDefault", async () => {
    const set = await setDefault(admin.token, ann.user.id, agent.id);
    expect(set.statusCode, set.body).toBe(204);
    expect(await usable(ann)).toEqual([expect.objectContaining({ id: agent.id, isDefault: true })]);
    expect(await usable(bob)).toEqual([]);
    // A default is not an assignment.
    expect(await assignees()).toEqual({ userIds: [], groupIds: [] });

    const talk = await post(t, ann.token, '/api/Chat/CreateConversation', { agentid: agent.id });
    expect(talk.statusCode, talk.body).toBe(201);

    const cleared = await setDefault(admin.token, ann.user.id, null);
    expect(cleared.statusCode, cleared.body).toBe(204);
    expect(await usable(ann)).toEqual([]);
  });

  it("shows in the user's defaultAgentId (GetUser, ListUsers), null once cleared or deleted", async () => {
    const defaultOf = async (userId: string) => {
      const one = await get(t, admin.token, `/api/Users/GetUser/${userId}`);
      const all = await get(t, admin.token, '/api/Users/ListUsers');
      const listed = all.json<{ id: string; defaultAgentId: string | null }[]>();
      const inList = listed.find((user) => user.id === userId)?.defaultAgentId;
      expect(one.json<{ defaultAgentId: string | null }>().defaultAgentId).toBe(inList);
      return inList;
    };
    expect(await defaultOf(ann.user.id)).toBeNull();

    await setDefault(admin.token, ann.user.id, agent.id);
    expect(await defaultOf(ann.user.id)).toBe(agent.id);
    expect(await defaultOf(bob.user.id)).toBeNull();

    await setDefault(admin.token, ann.user.id, null);
    expect(await defaultOf(ann.user.id)).toBeNull();

    await setDefault(admin.token, bob.user.id, agent.id);
    expect((await del(t, admin.token, `/api/Agents/DeleteAgent/${agent.id}`)).statusCode).toBe(204);
    expect(await defaultOf(bob.user.id)).toBeNull();
  });

  it('an admin gets 404 for an unknown user or agent', async () => {
    expectProblem(await setDefault(admin.token, 'nobody', agent.id), 404, /nobody/);
    expectProblem(await setDefault(admin.token, ann.user.id, 'nope'), 404, /nope/);
    expect(await usable(ann)).toEqual([]);
  });

  it('a user may not set a default, not even their own: a default grants the agent', async () => {
    const other = await anAgent(t, admin.token, { name: 'Not for Ann' });
    await assign(t, admin.token, agent.id, { userid: ann.user.id });

    expectRoleDenied(await setDefault(ann.token, ann.user.id, other.id), 'CompanyAdmin');
    expectRoleDenied(await setDefault(ann.token, ann.user.id, agent.id), 'CompanyAdmin');
    expect(await usable(ann)).toEqual([
      expect.objectContaining({ id: agent.id, isDefault: false }),
    ]);
  });

  it("a user setting another user's default gets 403 naming CompanyAdmin", async () => {
    await assign(t, admin.token, agent.id, { userid: ann.user.id });
    await assign(t, admin.token, agent.id, { userid: bob.user.id });
    expectRoleDenied(await setDefault(ann.token, bob.user.id, agent.id), 'CompanyAdmin');
    expectRoleDenied(await setDefault(ann.token, bob.user.id, null), 'CompanyAdmin');
    expect(await usable(bob)).toEqual([expect.objectContaining({ isDefault: false })]);
  });
});
