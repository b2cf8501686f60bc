import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/test-app.ts';
import {
  asUser,
  expectInsufficientScope,
  expectProblem,
  genericToken,
  get,
  post,
  type Caller,
} from '../helpers/api-requests.ts';
import { anAgent, ask, assign, chatWorld, type AgentResponse } from '../helpers/chat.ts';

// Spec §6: the user's agents, conversations (created, started by AskAgent, listed newest activity
// first in all three route forms, paged and searched) and one conversation with its messages.

interface Conversation {
  id: string;
  agentId: string | null;
  title: string;
  metadata: Record<string, string>;
  createdAt: number;
  updatedAt: number;
}

interface Message {
  id: string;
  role: string;
  content: string;
  createdAt: number;
  engine: string | null;
  model: string | null;
  promptTokens: number | null;
  completionTokens: number | null;
  files: unknown[];
  feedback: unknown;
}

let t: TestApp;
let admin: Caller;
let user: Caller;
let agent: AgentResponse;

beforeEach(async () => {
  t = await createTestApp();
  ({ admin, user, agent } = await chatWorld(t, { model: 'echo-1' }));
});
afterEach(() => t.close());

/** POST CreateConversation as `caller`, asserted 201; then a minute passes, so order is by time. */
async function aConversation(
  body: { title?: string; metadata?: Record<string, unknown> } = {},
  { caller = user, agentId = agent.id }: { caller?: Caller; agentId?: string } = {},
): Promise<Conversation> {
  const response = await post(t, caller.token, '/api/Chat/CreateConversation', {
    agentid: agentId,
    ...body,
  });
  expect(response.statusCode, response.body).toBe(201);
  t.clock.advance(60);
  return response.json<Conversation>();
}

async function listed(url: string, caller: Caller = user): Promise<Conversation[]> {
  const response = await get(t, caller.token, url);
  expect(response.statusCode, response.body).toBe(200);
  return response.json<Conversation[]>();
}

const titles = async (url: string, caller?: Caller) =>
  (await listed(url, caller)).map((c) => c.title);

async function conversationDetail(id: string, caller: Caller = user) {
  const response = await get(t, caller.token, `/api/Chat/GetConversation/${id}`);
  expect(response.statusCode, response.body).toBe(200);
  return response.json<Conversation & { messages: Message[]; files: unknown[] }>();
}

describe('ListAgents', () => {
  it('lists agents assigned directly, through a group or as default, once each, by name', async () => {
    const direct = await anAgent(t, admin.token, { name: 'charlie' });
    const viaGroup = await anAgent(t, admin.token, { name: 'Bravo' });
    const byDefault = await anAgent(t, admin.token, { name: 'alpha' });
    await anAgent(t, admin.token, { name: 'Aardvark (unassigned)' });
    const someoneElses = await anAgent(t, admin.token, { name: 'Alice (another user)' });
    const other = await asUser(t);
    await assign(t, admin.token, someoneElses.id, { userid: other.user.id });
    await assign(t, admin.token, direct.id, { userid: user.user.id });
    const group = await post(t, admin.token, '/api/Groups/CreateGroup', { name: 'Auditors' });
    const groupid = group.json<{ id: string }>().id;
    const membership = { userid: user.user.id, groupid };
    expect((await post(t, admin.token, '/api/Users/AddUserToGroup', membership)).statusCode).toBe(
      200,
    );
    await assign(t, admin.token, viaGroup.id, { groupid });
    await assign(t, admin.token, direct.id, { groupid });
    const setDefault = { userid: user.user.id, agentid: byDefault.id };
    expect((await post(t, admin.token, '/api/Users/SetDefaultAgent', setDefault)).statusCode).toBe(
      204,
    );

    const response = await get(t, user.token, '/api/Chat/ListAgents');
    expect(response.statusCode, response.body).toBe(200);
    // "Agent n" (chatWorld's, assigned directly) sorts first, in any case.
    expect(response.json()).toEqual([
      { ...pick(agent), isDefault: false },
      { ...pick(byDefault), isDefault: true },
      { ...pick(viaGroup), isDefault: false },
      { ...pick(direct), isDefault: false },
    ]);
  });

  it('shows no key, endpoint or settings of an agent', async () => {
    const openai = await anAgent(t, admin.token, {
      engine: 'openai',
      model: 'gpt-4o-mini',
      endpoint: 'https://llm.internal.example/v1',
      apiKey: 'sk-very-secret-key-9876',
      systemPrompt: 'Internal instructions',
    });
    await assign(t, admin.token, openai.id, { userid: user.user.id });
    const response = await get(t, user.token, '/api/Chat/ListAgents');
    expect(response.statusCode, response.body).toBe(200);
    const listedOpenai = response.json<Record<string, unknown>[]>().find((a) => a.id === openai.id);
    expect(Object.keys(listedOpenai ?? {}).sort()).toEqual(
      ['description', 'engine', 'id', 'isDefault', 'model', 'name'].sort(),
    );
    expect(response.body).not.toMatch(/sk-very|9876|llm\.internal|Internal instructions/);
  });
});

function pick({ id, name, engine, model }: AgentResponse) {
  return { id, name, description: '', engine, model };
}

describe('CreateConversation', () => {
  it('starts an empty conversation titled "New conversation", metadata kept as text', async () => {
    const now = t.clock.nowSeconds();
    const created = await aConversation({
      metadata: { project: 'Apollo', year: 2024, draft: true },
    });
    const expected = {
      id: expect.any(String),
      agentId: agent.id,
      title: 'New conversation',
      metadata: { project: 'Apollo', year: '2024', draft: 'true' },
      createdAt: now,
      updatedAt: now,
    };
    expect(created).toEqual(expected);
    expect(await conversationDetail(created.id)).toEqual({ ...expected, messages: [], files: [] });
    expect(await listed('/api/Chat/GetConversations')).toEqual([expected]);
  });

  it('keeps a given title and allows 200 characters and 50 metadata keys', async () => {
    const title = 't'.repeat(200);
    const metadata = Object.fromEntries(Array.from({ length: 50 }, (_, i) => [`k${i}`, `v${i}`]));
    const created = await aConversation({ title, metadata });
    expect(created.title).toBe(title);
    expect(Object.keys(created.metadata)).toHaveLength(50);
    expect((await aConversation({ title: 'Budget review' })).title).toBe('Budget review');
  });

  it.each([
    ['a 201-character title', { title: 't'.repeat(201) }],
    [
      '51 metadata keys',
      { metadata: Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`k${i}`, 'v'])) },
    ],
    ['a nested metadata value', { metadata: { project: { name: 'Apollo' } } }],
  ])('answers %s with 400 and creates nothing', async (_case, body) => {
    const response = await post(t, user.token, '/api/Chat/CreateConversation', {
      agentid: agent.id,
      ...body,
    });
    expectProblem(response, 400);
    expect(await listed('/api/Chat/GetConversations')).toEqual([]);
  });

  it('answers 404 for an agent the user may not use, or that does not exist', async () => {
    const unassigned = await anAgent(t, admin.token);
    for (const agentid of [unassigned.id, 'no-such-agent']) {
      const response = await post(t, user.token, '/api/Chat/CreateConversation', { agentid });
      expectProblem(response, 404);
    }
    expect(await listed('/api/Chat/GetConversations')).toEqual([]);
  });
});

describe('AskAgent', () => {
  it('without a conversationid starts a conversation titled from the question', async () => {
    const now = t.clock.nowSeconds();
    const answer = await ask(t, user.token, {
      agentid: agent.id,
      question: '  What are the\n risks of   this model? ',
    });
    expect(answer).toEqual({
      conversationid: expect.any(String),
      messageid: expect.any(String),
      answer: expect.stringContaining('you said "What are the\n risks of   this model?"'),
      usage: { promptTokens: expect.any(Number), completionTokens: expect.any(Number) },
    });
    expect(await listed('/api/Chat/GetConversations')).toEqual([
      {
        id: answer.conversationid,
        agentId: agent.id,
        title: 'What are the risks of this model?',
        metadata: {},
        createdAt: now,
        updatedAt: now,
      },
    ]);
  });

  it('cuts a long question to an 80-character title', async () => {
    const question = `${'word '.repeat(30)}end`;
    await ask(t, user.token, { agentid: agent.id, question });
    const [title] = await titles('/api/Chat/GetConversations');
    expect(title).toBe(`${question.slice(0, 79)}…`);
  });

  it('with a conversationid continues that conversation', async () => {
    const first = await ask(t, user.token, { agentid: agent.id, question: 'First question' });
    const conversationid = first.conversationid;
    const second = await ask(t, user.token, {
      agentid: agent.id,
      question: 'Second question',
      conversationid,
    });
    expect(second.conversationid).toBe(conversationid);
    expect(second.messageid).not.toBe(first.messageid);
    const { messages, title } = await conversationDetail(conversationid);
    expect(title).toBe('First question');
    expect(messages.map((m) => m.content)).toEqual([
      'First question',
      first.answer,
      'Second question',
      second.answer,
    ]);
    expect(await listed('/api/Chat/GetConversations')).toHaveLength(1);
  });

  it("answers 404 for another user's conversation and stores nothing in it", async () => {
    const mine = await aConversation();
    const other = await asUser(t);
    await assign(t, admin.token, agent.id, { userid: other.user.id });
    const response = await post(t, other.token, '/api/Chat/AskAgent', {
      agentid: agent.id,
      question: 'Hello?',
      conversationid: mine.id,
    });
    expectProblem(response, 404);
    expect((await conversationDetail(mine.id)).messages).toEqual([]);
    expect(await listed('/api/Chat/GetConversations', other)).toEqual([]);
  });

  it("answers 400 when agentid is not the conversation's agent", async () => {
    const mine = await aConversation();
    const second = await anAgent(t, admin.token);
    await assign(t, admin.token, second.id, { userid: user.user.id });
    const response = await post(t, user.token, '/api/Chat/AskAgent', {
      agentid: second.id,
      question: 'Hello?',
      conversationid: mine.id,
    });
    expectProblem(response, 400, /another agent/);
    expect((await conversationDetail(mine.id)).messages).toEqual([]);
    expect(await listed('/api/Chat/GetConversations')).toHaveLength(1);
  });
});

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
    const oldest = await aConversation({ title: 'oldest' });
    await aConversation({ title: 'middle' });
    await aConversation({ title: 'newest' });
    expect(await titles(url(agent.id))).toEqual(['newest', 'middle', 'oldest']);

    await ask(t, user.token, { agentid: agent.id, question: 'Again', conversationid: oldest.id });
    expect(await titles(url(agent.id))).toEqual(['oldest', 'newest', 'middle']);
    const [moved] = await listed(url(agent.id));
    expect(moved?.updatedAt).toBe(t.clock.nowSeconds());
    expect(moved?.updatedAt).toBeGreaterThan(moved?.createdAt ?? Infinity);
  });

  it('pages with results and skip: disjoint pages that cover everything in order', async () => {
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
    for (const page of [{ results: 1001 }, { results: -1 }, { skip: -1 }]) {
      expectProblem(await get(t, user.token, url(agent.id, page)), 400);
    }
  });

  it("lists only the agent's conversations, never another user's", async () => {
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

  it('searches titles and metadata values in any case; % and _ are literal', async () => {
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

describe('GetConversation', () => {
  it('shows the messages in order, the answers with engine, model and usage', async () => {
    const started = t.clock.nowSeconds();
    const first = await ask(t, user.token, { agentid: agent.id, question: 'What is a risk?' });
    t.clock.advance(30);
    const second = await ask(t, user.token, {
      agentid: agent.id,
      question: 'Give an example.',
      conversationid: first.conversationid,
    });
    const question = (content: string, createdAt: number) => ({
      id: expect.any(String),
      role: 'user',
      content,
      createdAt,
      engine: null,
      model: null,
      promptTokens: null,
      completionTokens: null,
      files: [],
      feedback: null,
    });
    const answer = (reply: typeof first, createdAt: number) => ({
      id: reply.messageid,
      role: 'assistant',
      content: reply.answer,
      createdAt,
      engine: 'demo',
      model: 'echo-1',
      ...reply.usage,
      files: [],
      feedback: null,
    });
    expect(await conversationDetail(first.conversationid)).toEqual({
      id: first.conversationid,
      agentId: agent.id,
      title: 'What is a risk?',
      metadata: {},
      createdAt: started,
      updatedAt: started + 30,
      files: [],
      messages: [
        question('What is a risk?', started),
        answer(first, started),
        question('Give an example.', started + 30),
        answer(second, started + 30),
      ],
    });
    expect(first.usage.promptTokens).toBeGreaterThan(0);
    expect(second.usage.promptTokens).toBeGreaterThan(first.usage.promptTokens);
  });

  it("answers 404 for another user's conversation and for an unknown id", async () => {
    const mine = await aConversation();
    const other = await asUser(t);
    expectProblem(await get(t, other.token, `/api/Chat/GetConversation/${mine.id}`), 404);
    expectProblem(await get(t, user.token, '/api/Chat/GetConversation/no-such-id'), 404);
  });
});

describe('a generic token', () => {
  it('is refused with 403 insufficient_scope by every conversation endpoint', async () => {
    const token = await genericToken(t);
    for (const url of [
      '/api/Chat/ListAgents',
      '/api/Chat/GetConversations',
      `/api/Chat/GetConversations/${agent.id}`,
      `/api/Chat/GetConversations/${agent.id}/20/0`,
      '/api/Chat/GetConversation/any',
    ]) {
      expectInsufficientScope(await get(t, token, url));
    }
    for (const url of ['/api/Chat/CreateConversation', '/api/Chat/AskAgent']) {
      expectInsufficientScope(await post(t, token, url, { agentid: agent.id, question: 'Hi' }));
    }
  });
});
