import { describe, expect, it } from 'vitest';
import {
  asUser,
  del,
  expectInsufficientScope,
  expectProblem,
  expectRoleDenied,
  genericToken,
  get,
  type Caller,
} from '../helpers/api-requests.ts';
import {
  anAgent,
  assign,
  fakeLlamaAgent,
  text,
  toAgent,
  toConversation,
  upload,
  type FileResponse,
} from '../helpers/chat.ts';
import { SYSTEM_PROMPT, useFileWorld, type FileWorld } from '../helpers/chat-fixtures.ts';

// Issue 11, the documentation's Admin > AI Agents > Files: a CompanyAdmin's upload to an agent is
// the agent's own, read in every user's conversations with it; a user's stays their own. What
// the model reads shows in the system message the fake provider records for each request.

const start = useFileWorld();

interface AgentFileResponse extends FileResponse {
  userId: string | null;
  shared: boolean;
}

/** POST AddFilesToAgent, asserted 201; a minute passes after it, so that order is by time. */
async function addToAgent(
  { t }: FileWorld,
  caller: Caller,
  agentId: string,
  files: Record<string, string>,
): Promise<AgentFileResponse[]> {
  const parts = Object.entries(files).map(([name, content]) => text(name, content));
  const response = await upload(t, caller.token, toAgent(agentId), parts);
  expect(response.statusCode, response.body).toBe(201);
  t.clock.advance(60);
  return response.json<AgentFileResponse[]>();
}

/** A user of the world's agent besides its own user. */
async function aColleague({ t, admin, agent }: FileWorld): Promise<Caller> {
  const colleague = await asUser(t);
  await assign(t, admin.token, agent.id, { userid: colleague.user.id });
  return colleague;
}

const listFiles = ({ t }: FileWorld, caller: Caller, agentId: string) =>
  get(t, caller.token, `/api/Agents/ListAgentFiles/${agentId}`);

async function listed(world: FileWorld, caller: Caller, agentId: string) {
  const response = await listFiles(world, caller, agentId);
  expect(response.statusCode, response.body).toBe(200);
  return response.json<AgentFileResponse[]>();
}

describe("AddFilesToAgent by a CompanyAdmin: the agent's own files", () => {
  it("are read in every user's conversations with the agent, whoever started them when", async () => {
    const world = await start();
    const { admin, user, agent, createConversation, systemSent, systemInNewConversation } = world;
    const colleague = await aColleague(world);
    const before = await createConversation(user.token, agent.id);

    const files = await addToAgent(world, admin, agent.id, {
      'a.txt': 'Kakapo notes',
      'b.md': '# Quoll\n\nstatus',
    });

    expect(files).toEqual(
      ['a.txt', 'b.md'].map((name) => ({
        id: expect.any(String),
        name,
        mediaType: expect.any(String),
        sizeBytes: expect.any(Number),
        conversationId: null,
        agentId: agent.id,
        messageId: null,
        createdAt: expect.stringMatching(/Z$/),
        userId: null,
        shared: true,
      })),
    );
    const systems = [
      await systemSent(user.token, { agentid: agent.id, conversationId: before }),
      await systemInNewConversation(user.token, agent.id),
      await systemSent(user.token, { agentid: agent.id }),
      await systemInNewConversation(colleague.token, agent.id),
      await systemSent(colleague.token, { agentid: agent.id }),
    ];
    for (const system of systems) {
      expect(system).toContain('Kakapo');
      expect(system).toContain('Quoll');
    }
  });

  it('go to any agent, assigned to the admin or not; 404 only for no agent', async () => {
    const world = await start();
    const { t, fake, admin, user } = world;
    const unassigned = await anAgent(t, admin.token, fakeLlamaAgent(fake));

    await addToAgent(world, admin, unassigned.id, { 'x.txt': 'Wombat' });
    await assign(t, admin.token, unassigned.id, { userid: user.user.id });

    expect(await world.systemInNewConversation(user.token, unassigned.id)).toContain('Wombat');
    const missing = await upload(t, admin.token, toAgent('no-such-agent'), [text('y.txt', 'Y')]);
    expectProblem(missing, 404, 'No agent with id "no-such-agent"');
  });

  it("are read beside a user's own files, which never reach another user", async () => {
    const world = await start();
    const { admin, user, agent, systemInNewConversation } = world;
    const colleague = await aColleague(world);
    await addToAgent(world, admin, agent.id, { 'shared.txt': 'Echidna' });

    const own = await addToAgent(world, user, agent.id, { 'own.txt': 'Numbat' });

    expect(own).toEqual([expect.objectContaining({ userId: user.user.id, shared: false })]);
    const users = await systemInNewConversation(user.token, agent.id);
    expect(users).toContain('Echidna');
    expect(users).toContain('Numbat');
    const colleagues = await systemInNewConversation(colleague.token, agent.id);
    expect(colleagues).toContain('Echidna');
    expect(colleagues).not.toContain('Numbat');
  });

  it('outlive the admin who uploaded them', async () => {
    const world = await start();
    const { t, admin, user, agent, systemInNewConversation } = world;
    const formerAdmin = await asUser(t, ['CompanyAdmin']);
    const [file] = await addToAgent(world, formerAdmin, agent.id, { 'kept.txt': 'Bilby' });

    const deleted = await del(t, admin.token, `/api/Users/DeleteUser/${formerAdmin.user.id}`);

    expect(deleted.statusCode, deleted.body).toBe(204);
    expect(await systemInNewConversation(user.token, agent.id)).toContain('Bilby');
    expect(await listed(world, user, agent.id)).toEqual([file]);
  });
});

describe('ListAgentFiles', () => {
  it('shows a CompanyAdmin every file, shared or whose, oldest first; a user the shared and their own', async () => {
    const world = await start();
    const { admin, user, agent } = world;
    const colleague = await aColleague(world);
    const [first] = await addToAgent(world, admin, agent.id, { 'first.txt': 'One' });
    // One upload each: files of one upload share their time, and ties have no set order.
    const usersOwn = [
      ...(await addToAgent(world, user, agent.id, { 'u1.txt': 'Two' })),
      ...(await addToAgent(world, user, agent.id, { 'u2.md': 'Three' })),
    ];
    const [colleaguesOwn] = await addToAgent(world, colleague, agent.id, { 'c.txt': 'Four' });
    const [last] = await addToAgent(world, admin, agent.id, { 'last.txt': 'Five' });

    const all = await listed(world, admin, agent.id);

    expect(all).toEqual([first, ...usersOwn, colleaguesOwn, last]);
    expect(all.map(({ name, shared, userId }) => ({ name, shared, userId }))).toEqual([
      { name: 'first.txt', shared: true, userId: null },
      { name: 'u1.txt', shared: false, userId: user.user.id },
      { name: 'u2.md', shared: false, userId: user.user.id },
      { name: 'c.txt', shared: false, userId: colleague.user.id },
      { name: 'last.txt', shared: true, userId: null },
    ]);
    expect(await listed(world, user, agent.id)).toEqual([first, ...usersOwn, last]);
    expect(await listed(world, colleague, agent.id)).toEqual([first, colleaguesOwn, last]);
    expect(JSON.stringify(all)).not.toMatch(/One|Two|Three|Four|Five/);
  });

  it("lists no conversation's files, and [] for an agent without files", async () => {
    const world = await start();
    const { t, admin, user, agent, createConversation } = world;
    const conversationId = await createConversation(user.token, agent.id);
    const sent = await upload(t, user.token, toConversation(conversationId), [text('c.txt', 'C')]);
    expect(sent.statusCode, sent.body).toBe(201);

    expect(await listed(world, user, agent.id)).toEqual([]);
    expect(await listed(world, admin, agent.id)).toEqual([]);
  });

  it('answers 404 for an agent the user may not use or that does not exist; an admin 404 only for the latter', async () => {
    const world = await start();
    const { t, fake, admin, user } = world;
    const unassigned = await anAgent(t, admin.token, fakeLlamaAgent(fake));
    const [shared] = await addToAgent(world, admin, unassigned.id, { 's.txt': 'Secret' });

    expectProblem(await listFiles(world, user, unassigned.id), 404, /No agent with id/);
    expectProblem(await listFiles(world, user, 'no-such-agent'), 404, /No agent with id/);
    expect(await listed(world, admin, unassigned.id)).toEqual([shared]);
    expectProblem(await listFiles(world, admin, 'no-such-agent'), 404, /No agent with id/);
  });

  it('needs a user token', async () => {
    const { t, agent } = await start();
    const generic = await genericToken(t);

    expectInsufficientScope(await get(t, generic, `/api/Agents/ListAgentFiles/${agent.id}`));
  });
});

describe('DeleteFile of an agent file', () => {
  const deleteFile = ({ t }: FileWorld, caller: Caller, file: { id: string } | undefined) =>
    del(t, caller.token, `/api/Chat/DeleteFile/${file?.id}`);
  const notFound = (file: { id: string } | undefined) => `No file with id "${file?.id}"`;

  it('lets a CompanyAdmin delete a shared file: no conversation reads it any more', async () => {
    const world = await start();
    const { admin, user, agent, systemInNewConversation } = world;
    const [drop, keep] = await addToAgent(world, admin, agent.id, {
      'drop.txt': 'Dugong',
      'keep.txt': 'Dingo',
    });

    const response = await deleteFile(world, admin, drop);

    expect(response.statusCode, response.body).toBe(204);
    const system = await systemInNewConversation(user.token, agent.id);
    expect(system).not.toContain('Dugong');
    expect(system).toContain('Dingo');
    expect(await listed(world, admin, agent.id)).toEqual([keep]);
  });

  it('refuses a user a shared file with 403 naming the CompanyAdmin role; it stays', async () => {
    const world = await start();
    const { admin, user, agent, systemInNewConversation } = world;
    const [shared] = await addToAgent(world, admin, agent.id, { 'shared.txt': 'Dugong' });

    expectRoleDenied(await deleteFile(world, user, shared), 'CompanyAdmin');

    expect(await systemInNewConversation(user.token, agent.id)).toContain('Dugong');
  });

  it("answers a user 404 for another user's own agent file, and for a file of an agent they may not use", async () => {
    const world = await start();
    const { t, fake, admin, user, agent, systemInNewConversation } = world;
    const colleague = await aColleague(world);
    const [colleaguesOwn] = await addToAgent(world, colleague, agent.id, { 'c.txt': 'Quokka' });
    const unassigned = await anAgent(t, admin.token, fakeLlamaAgent(fake));
    const [elsewhere] = await addToAgent(world, admin, unassigned.id, { 'e.txt': 'Elsewhere' });

    expectProblem(await deleteFile(world, user, colleaguesOwn), 404, notFound(colleaguesOwn));
    expectProblem(await deleteFile(world, user, elsewhere), 404, notFound(elsewhere));

    expect(await systemInNewConversation(colleague.token, agent.id)).toContain('Quokka');
    expect(await listed(world, admin, unassigned.id)).toEqual([elsewhere]);
  });

  it("lets a CompanyAdmin delete a user's own agent file, never a file of their conversation", async () => {
    const world = await start();
    const { t, admin, user, agent, createConversation, systemSent } = world;
    const [own] = await addToAgent(world, user, agent.id, { 'own.txt': 'Numbat' });
    const conversationId = await createConversation(user.token, agent.id);
    const sent = await upload(t, user.token, toConversation(conversationId), [
      text('private.txt', 'Platypus'),
    ]);
    const privateFile = sent.json<FileResponse>();

    expect((await deleteFile(world, admin, own)).statusCode).toBe(204);
    expectProblem(await deleteFile(world, admin, privateFile), 404, notFound(privateFile));

    const system = await systemSent(user.token, { agentid: agent.id, conversationId });
    expect(system).not.toContain('Numbat');
    expect(system).toContain('Platypus');
    expect(system).not.toBe(SYSTEM_PROMPT);
  });
});
