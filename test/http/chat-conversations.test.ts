import { describe, expect, it } from 'vitest';
import {
  asUser,
  expectInsufficientScope,
  expectProblem,
  genericToken,
  get,
  post,
  iso,
} from '../helpers/api-requests.ts';
import { anAgent, ask, assign, type AgentResponse } from '../helpers/chat.ts';
import { useConversationWorld } from '../helpers/chat-fixtures.ts';

// Spec §6: the user's agents, conversations (created or started by AskAgent) and one conversation
// with its messages. Listing conversations is in chat-conversation-lists.test.ts.

const world = useConversationWorld();

describe('ListAgents', () => {
  it('lists agents assigned directly, through a group or as default, once each, by name', async () => {
    const { t, admin, user, agent } = world();
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
    const { t, admin, user } = world();
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
    const { t, agent, aConversation, conversationDetail, listed } = world();
    const now = t.clock.nowSeconds();
    const created = await aConversation({
      metadata: { project: 'Apollo', year: 2024, draft: true },
    });
    const expected = {
      id: expect.any(String),
      agentId: agent.id,
      title: 'New conversation',
      metadata: { project: 'Apollo', year: '2024', draft: 'true' },
      createdAt: iso(now),
      updatedAt: iso(now),
    };
    expect(created).toEqual(expected);
    expect(await conversationDetail(created.id)).toEqual({ ...expected, messages: [], files: [] });
    expect(await listed('/api/Chat/GetConversations')).toEqual([expected]);
  });

  it('keeps a given title and allows 200 characters and 50 metadata keys', async () => {
    const { aConversation } = world();
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
    const { t, user, agent, listed } = world();
    const response = await post(t, user.token, '/api/Chat/CreateConversation', {
      agentid: agent.id,
      ...body,
    });
    expectProblem(response, 400);
    expect(await listed('/api/Chat/GetConversations')).toEqual([]);
  });

  it('answers 404 for an agent the user may not use, or that does not exist', async () => {
    const { t, admin, user, listed } = world();
    const unassigned = await anAgent(t, admin.token);
    for (const agentid of [unassigned.id, 'no-such-agent']) {
      const response = await post(t, user.token, '/api/Chat/CreateConversation', { agentid });
      expectProblem(response, 404);
    }
    expect(await listed('/api/Chat/GetConversations')).toEqual([]);
  });
});

describe('AskAgent', () => {
  it('without a conversationId starts a conversation titled from the question', async () => {
    const { t, user, agent, listed } = world();
    const now = t.clock.nowSeconds();
    const answer = await ask(t, user.token, {
      agentid: agent.id,
      question: '  What are the\n risks of   this model? ',
    });
    expect(answer).toEqual({
      conversationId: expect.any(String),
      messageId: expect.any(String),
      answer: expect.stringContaining('you said "What are the\n risks of   this model?"'),
      usage: { promptTokens: expect.any(Number), completionTokens: expect.any(Number) },
      scans: { prompt: expect.any(Array), answer: [] },
      toolCalls: [],
    });
    expect(await listed('/api/Chat/GetConversations')).toEqual([
      {
        id: answer.conversationId,
        agentId: agent.id,
        title: 'What are the risks of this model?',
        metadata: {},
        createdAt: iso(now),
        updatedAt: iso(now),
      },
    ]);
  });

  it('cuts a long question to an 80-character title', async () => {
    const { t, user, agent, titles } = world();
    const question = `${'word '.repeat(30)}end`;
    await ask(t, user.token, { agentid: agent.id, question });
    const [title] = await titles('/api/Chat/GetConversations');
    expect(title).toBe(`${question.slice(0, 79)}…`);
  });

  it('with a conversationId continues that conversation', async () => {
    const { t, user, agent, conversationDetail, listed } = world();
    const first = await ask(t, user.token, { agentid: agent.id, question: 'First question' });
    const conversationId = first.conversationId;
    const second = await ask(t, user.token, {
      agentid: agent.id,
      question: 'Second question',
      conversationId,
    });
    expect(second.conversationId).toBe(conversationId);
    expect(second.messageId).not.toBe(first.messageId);
    const { messages, title } = await conversationDetail(conversationId);
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
    const { t, admin, agent, aConversation, conversationDetail, listed } = world();
    const mine = await aConversation();
    const other = await asUser(t);
    await assign(t, admin.token, agent.id, { userid: other.user.id });
    const response = await post(t, other.token, '/api/Chat/AskAgent', {
      agentid: agent.id,
      question: 'Hello?',
      conversationId: mine.id,
    });
    expectProblem(response, 404);
    expect((await conversationDetail(mine.id)).messages).toEqual([]);
    expect(await listed('/api/Chat/GetConversations', other)).toEqual([]);
  });

  it("answers 400 when agentid is not the conversation's agent", async () => {
    const { t, admin, user, aConversation, conversationDetail, listed } = world();
    const mine = await aConversation();
    const second = await anAgent(t, admin.token);
    await assign(t, admin.token, second.id, { userid: user.user.id });
    const response = await post(t, user.token, '/api/Chat/AskAgent', {
      agentid: second.id,
      question: 'Hello?',
      conversationId: mine.id,
    });
    expectProblem(response, 400, /another agent/);
    expect((await conversationDetail(mine.id)).messages).toEqual([]);
    expect(await listed('/api/Chat/GetConversations')).toHaveLength(1);
  });
});

describe('GetConversation', () => {
  it('shows the messages in order, the answers with engine, model and usage', async () => {
    const { t, user, agent, conversationDetail } = world();
    const started = t.clock.nowSeconds();
    const first = await ask(t, user.token, { agentid: agent.id, question: 'What is a risk?' });
    t.clock.advance(30);
    const second = await ask(t, user.token, {
      agentid: agent.id,
      question: 'Give an example.',
      conversationId: first.conversationId,
    });
    const question = (content: string, createdAt: number) => ({
      id: expect.any(String),
      role: 'user',
      content,
      createdAt: iso(createdAt),
      engine: null,
      model: null,
      promptTokens: null,
      completionTokens: null,
      files: [],
      feedback: null,
      scans: expect.arrayContaining([
        expect.objectContaining({ scanner: 'personalInformation', verdict: 'pass' }),
      ]),
      toolCalls: [],
    });
    const answer = (reply: typeof first, createdAt: number) => ({
      id: reply.messageId,
      role: 'assistant',
      content: reply.answer,
      createdAt: iso(createdAt),
      engine: 'demo',
      model: 'echo-1',
      ...reply.usage,
      files: [],
      feedback: null,
      scans: [],
      toolCalls: [],
    });
    expect(await conversationDetail(first.conversationId)).toEqual({
      id: first.conversationId,
      agentId: agent.id,
      title: 'What is a risk?',
      metadata: {},
      createdAt: iso(started),
      updatedAt: iso(started + 30),
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
    const { t, user, aConversation } = world();
    const mine = await aConversation();
    const other = await asUser(t);
    expectProblem(await get(t, other.token, `/api/Chat/GetConversation/${mine.id}`), 404);
    expectProblem(await get(t, user.token, '/api/Chat/GetConversation/no-such-id'), 404);
  });
});

describe('a generic token', () => {
  it('is refused with 403 insufficient_scope by every conversation endpoint', async () => {
    const { t, agent } = world();
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
