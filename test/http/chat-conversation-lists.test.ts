import { describe, expect, it } from 'vitest';
import { asUser, expectProblem, get, post, iso } from '../helpers/api-requests.ts';
import { anAgent, ask, assign, type ConversationResponse } from '../helpers/chat.ts';
import { useConversationWorld } from '../helpers/chat-fixtures.ts';

// Spec §6 GetConversations: the user's conversations listed newest activity first in all three
// route forms, paged and searched, with or without an agent.

const world = useConversationWorld();

interface Page {
  results?: number;
  skip?: number;
  metadatasearch?: string;
}

const query = (page: Record<string, string | number | undefined>) =>
  new URLSearchParams(
    Object.entries(page).flatMap(([key, value]) =>
      value === undefined ? [] : [[key, `${value}`] as [string, string]],
    ),
  ).toString();

// The same list through each route form; all of them filtered by the agent.
const FORMS: Record<string, (agentId: string, page?: Page) => string> = {
  '?agentid=': (agentId, page = {}) =>
    `/api/Chat/GetConversations?${query({ agentid: agentId, ...page })}`,
  '/{agentid}': (agentId, page = {}) =>
    `/api/Chat/GetConversations/${agentId}?${query({ ...page })}`,
  '/{agentid}/{results}/{skip}[/{metadatasearch}]': (agentId, page = {}) =>
    `/api/Chat/GetConversations/${agentId}/${page.results ?? 20}/${page.skip ?? 0}${
      page.metadatasearch === undefined ? '' : `/${encodeURIComponent(page.metadatasearch)}`
    }`,
};

describe.each(Object.entries(FORMS))('GetConversations%s', (_form, url) => {
  it('lists newest activity first; asking in an old conversation moves it to the top', async () => {
    const { t, user, agent, aConversation, titles, listed } = world();
    const oldest = await aConversation({ title: 'oldest' });
    await aConversation({ title: 'middle' });
    await aConversation({ title: 'newest' });
    expect(await titles(url(agent.id))).toEqual(['newest', 'middle', 'oldest']);

    await ask(t, user.token, { agentid: agent.id, question: 'Again', conversationId: oldest.id });
    expect(await titles(url(agent.id))).toEqual(['oldest', 'newest', 'middle']);
    const [moved] = (await listed(url(agent.id))) as [ConversationResponse];
    expect(moved.updatedAt).toBe(iso(t.clock.nowSeconds()));
    expect(moved.updatedAt > moved.createdAt).toBe(true);
  });

  it('pages with results and skip: disjoint pages that cover everything in order', async () => {
    const { agent, aConversation, titles } = world();
    for (let i = 1; i <= 7; i += 1) {
      await aConversation({ title: `c${i}` });
    }
    const pages = [
      await titles(url(agent.id, { results: 3, skip: 0 })),
      await titles(url(agent.id, { results: 3, skip: 3 })),
      await titles(url(agent.id, { results: 3, skip: 6 })),
    ];
    expect(pages).toEqual([['c7', 'c6', 'c5'], ['c4', 'c3', 'c2'], ['c1']]);
    expect(await titles(url(agent.id, { results: 3, skip: 9 }))).toEqual([]);
    expect(await titles(url(agent.id, { results: 0, skip: 0 }))).toEqual([]);
  });

  it('answers results over 1000, negative results or negative skip with 400', async () => {
    const { t, user, agent } = world();
    for (const page of [{ results: 1001 }, { results: -1 }, { skip: -1 }]) {
      expectProblem(await get(t, user.token, url(agent.id, page)), 400);
    }
  });

  it("lists only the agent's conversations, never another user's", async () => {
    const { t, admin, user, agent, aConversation, titles } = world();
    const second = await anAgent(t, admin.token);
    const other = await asUser(t);
    await assign(t, admin.token, second.id, { userid: user.user.id });
    await assign(t, admin.token, agent.id, { userid: other.user.id });
    await aConversation({ title: 'mine with the agent' });
    await aConversation({ title: 'mine with the second agent' }, { agentId: second.id });
    await aConversation({ title: "other's with the agent" }, { caller: other });
    expect(await titles(url(agent.id))).toEqual(['mine with the agent']);
    expect(await titles(url(second.id))).toEqual(['mine with the second agent']);
    expect(await titles(url(agent.id), other)).toEqual(["other's with the agent"]);
  });

  it('answers 404 for an agent the user may not use or that does not exist; [] for one without conversations', async () => {
    const { t, admin, user, agent, aConversation, titles } = world();
    const unassigned = await anAgent(t, admin.token);
    const unused = await anAgent(t, admin.token);
    await assign(t, admin.token, unused.id, { userid: user.user.id });
    const other = await asUser(t);
    await assign(t, admin.token, agent.id, { userid: other.user.id });
    await aConversation({ title: "other's" }, { caller: other });
    await aConversation({ title: 'mine' });

    for (const agentId of [unassigned.id, 'no-such-agent']) {
      expectProblem(await get(t, user.token, url(agentId)), 404, `No agent with id "${agentId}"`);
    }
    expect(await titles(url(unused.id))).toEqual([]);
    expect(await titles(url(agent.id))).toEqual(['mine']);
  });

  it('searches titles and metadata values in any case; % and _ are literal', async () => {
    const { agent, aConversation, listed } = world();
    await aConversation({ title: 'Quarterly BUDGET' });
    await aConversation({ metadata: { project: 'Apollo Launch' } });
    await aConversation({ title: 'Progress', metadata: { status: '100% done' } });
    await aConversation({ title: 'Progress 100 of 100' });
    await aConversation({ metadata: { code: 'risk_a' } });
    await aConversation({ metadata: { code: 'riskxa' } });
    const search = (metadatasearch: string) => listed(url(agent.id, { metadatasearch }));

    expect((await search('budget')).map((c) => c.title)).toEqual(['Quarterly BUDGET']);
    expect((await search('aPOLLO')).map((c) => c.metadata)).toEqual([{ project: 'Apollo Launch' }]);
    expect((await search('100%')).map((c) => c.metadata)).toEqual([{ status: '100% done' }]);
    expect((await search('k_a')).map((c) => c.metadata)).toEqual([{ code: 'risk_a' }]);
    // Metadata keys are not searched, only values.
    expect(await search('project')).toEqual([]);
  });
});

describe('GetConversations without an agent', () => {
  it("lists all of the user's conversations with every agent", async () => {
    const { t, admin, user, aConversation, titles } = world();
    const second = await anAgent(t, admin.token);
    await assign(t, admin.token, second.id, { userid: user.user.id });
    await aConversation({ title: 'with the agent' });
    await aConversation({ title: 'with the second agent' }, { agentId: second.id });
    expect(await titles('/api/Chat/GetConversations')).toEqual([
      'with the second agent',
      'with the agent',
    ]);
  });

  it('answers 20 by default', async () => {
    const { agent, aConversation, titles } = world();
    for (let i = 1; i <= 21; i += 1) {
      await aConversation({ title: `c${i}` });
    }
    const firstPage = await titles('/api/Chat/GetConversations');
    expect(firstPage).toHaveLength(20);
    expect(firstPage[0]).toBe('c21');
    expect(await titles(`/api/Chat/GetConversations/${agent.id}`)).toEqual(firstPage);
    expect(await titles('/api/Chat/GetConversations?skip=20')).toEqual(['c1']);
  });

  it('pages conversations with the same activity time disjointly', async () => {
    const { t, user, agent, listed } = world();
    for (let i = 1; i <= 5; i += 1) {
      const response = await post(t, user.token, '/api/Chat/CreateConversation', {
        agentid: agent.id,
      });
      expect(response.statusCode).toBe(201);
    }
    const all = (await listed('/api/Chat/GetConversations')).map((c) => c.id);
    const paged = [0, 2, 4].map((skip) =>
      listed(`/api/Chat/GetConversations?results=2&skip=${skip}`),
    );
    const ids = (await Promise.all(paged)).flat().map((c) => c.id);
    expect(ids).toEqual(all);
    expect(new Set(ids).size).toBe(5);
  });
});

describe('GetConversations?agentId= (empty)', () => {
  it('is no filter, as ASP.NET binds an empty value to null', async () => {
    const { t, admin, user, aConversation, titles } = world();
    const second = await anAgent(t, admin.token);
    await assign(t, admin.token, second.id, { userid: user.user.id });
    await aConversation({ title: 'with the agent' });
    await aConversation({ title: 'with the second agent' }, { agentId: second.id });
    expect(await titles('/api/Chat/GetConversations?agentId=&results=10')).toEqual([
      'with the second agent',
      'with the agent',
    ]);
  });
});
