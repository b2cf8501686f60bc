import { describe, expect, it } from 'vitest';
import type { EngineMessage } from '../../src/chat/engines/engine.ts';
import { asUser, expectProblem, get, post } from '../helpers/api-requests.ts';
import {
  answerWith,
  ask,
  assign,
  chatWorld,
  fakeLlamaAgent,
  openAiAgent,
} from '../helpers/chat.ts';
import { AGENT_KEY, storedState, useAppWithFakeProvider } from '../helpers/chat-fixtures.ts';
import { streamReply } from '../helpers/fake-providers/fake-server.ts';
import { openAiWire } from '../helpers/fake-providers/openai-wire.ts';

// AskAgent and ChatWithAgent (JSON) through the real app against a loopback fake provider: what
// the model is sent and what comes back. Failed and refused turns are in chat-ask-failures.test.ts.

const SYSTEM = 'You assess AI risks.';
const USER_KEY = 'sk-user-fakeKey9876543210fedcbaFEDCBA';

const chatApp = useAppWithFakeProvider();

/** Answers the n-th request (from 1) with "Answer n.", so the history shows who said what. */
function numberedAnswers(): void {
  const { fake } = chatApp();
  fake.reply = (request, response) => {
    const n = fake.requests.indexOf(request) + 1;
    const frames = openAiWire.answer([`Answer `, `${n}.`], { input: 10 * n, output: n });
    return streamReply(openAiWire.contentType, frames)(request, response);
  };
}

function sentMessages(index: number): unknown {
  const { fake } = chatApp();
  return (fake.requests[index]?.json as { messages?: unknown } | undefined)?.messages;
}

describe('Max Messages', () => {
  it.each([1, 3, 20])(
    'maxMessages %i: the system prompt, the last N-1 stored messages, the question',
    async (n) => {
      const { t, fake } = chatApp();
      const settings = { systemPrompt: SYSTEM, ...(n === 20 ? {} : { maxMessages: n }) };
      const { user, agent } = await chatWorld(t, fakeLlamaAgent(fake, settings));
      expect(agent.maxMessages).toBe(n);
      numberedAnswers();
      const stored: EngineMessage[] = [];
      let conversation: { conversationId?: string } = {};
      // With 20, the last turn has 22 stored messages behind it: more than the agent may send.
      const turns = n === 20 ? 12 : 5;
      for (let turn = 1; turn <= turns; turn += 1) {
        const question = `Question ${turn}`;
        const answer = await ask(t, user.token, { agentid: agent.id, question, ...conversation });
        conversation = { conversationId: answer.conversationId };
        expect(answer.answer).toBe(`Answer ${turn}.`);
        expect(sentMessages(turn - 1)).toEqual([
          { role: 'system', content: SYSTEM },
          ...stored.slice(Math.max(0, stored.length - (n - 1))),
          { role: 'user', content: question },
        ]);
        stored.push(
          { role: 'user', content: question },
          { role: 'assistant', content: answer.answer },
        );
      }
      expect(sentMessages(turns - 1)).toHaveLength(n + 1);
      const detail = await get(
        t,
        user.token,
        `/api/Chat/GetConversation/${conversation.conversationId}`,
      );
      const messages = detail.json<{ messages: EngineMessage[] }>().messages;
      expect(messages.map(({ role, content }) => ({ role, content }))).toEqual(stored);
    },
  );

  it.each(['', '   '])('an empty system prompt (%j) sends no system message', async (prompt) => {
    const { t, fake } = chatApp();
    const { user, agent } = await chatWorld(t, fakeLlamaAgent(fake, { systemPrompt: prompt }));
    numberedAnswers();
    const first = await ask(t, user.token, { agentid: agent.id, question: 'Question 1' });
    await ask(t, user.token, { ...first, agentid: agent.id, question: 'Question 2' });
    expect(sentMessages(0)).toEqual([{ role: 'user', content: 'Question 1' }]);
    expect(sentMessages(1)).toEqual([
      { role: 'user', content: 'Question 1' },
      { role: 'assistant', content: 'Answer 1.' },
      { role: 'user', content: 'Question 2' },
    ]);
  });
});

describe('what reaches the provider and what comes back', () => {
  it('sends the agent’s temperature and max tokens, and only when it sets them', async () => {
    const { t, fake } = chatApp();
    const tuned = await chatWorld(
      t,
      fakeLlamaAgent(fake, { temperature: 0.3, maxOutputTokens: 123 }),
    );
    const plain = await anotherAgent(tuned.admin.token, tuned.user.user.id, fakeLlamaAgent(fake));
    answerWith(fake, ['Fine.']);
    await ask(t, tuned.user.token, { agentid: tuned.agent.id, question: 'Hello?' });
    await ask(t, tuned.user.token, { agentid: plain, question: 'Hello?' });
    expect(fake.requests[0]?.json).toMatchObject({
      model: 'fake-model',
      temperature: 0.3,
      max_tokens: 123,
      stream: true,
    });
    expect(fake.requests[1]?.json).not.toHaveProperty('temperature');
    expect(fake.requests[1]?.json).not.toHaveProperty('max_tokens');
    expect(fake.requests[1]?.json).not.toHaveProperty('max_completion_tokens');
  });

  it('returns the provider’s usage and stores it on the answer', async () => {
    const { t, fake } = chatApp();
    const { user, agent } = await chatWorld(t, fakeLlamaAgent(fake));
    answerWith(fake, ['Risks ', 'are ', 'harms.'], { input: 42, output: 5 });
    const answer = await ask(t, user.token, { agentid: agent.id, question: ' What is a risk? ' });
    expect(answer).toEqual({
      conversationId: expect.any(String),
      messageId: expect.any(String),
      answer: 'Risks are harms.',
      usage: { promptTokens: 42, completionTokens: 5 },
      scans: { prompt: expect.any(Array), answer: [] },
      toolCalls: [],
    });
    const detail = await get(t, user.token, `/api/Chat/GetConversation/${answer.conversationId}`);
    expect(detail.json()).toMatchObject({
      id: answer.conversationId,
      agentId: agent.id,
      messages: [
        { role: 'user', content: 'What is a risk?', engine: null, promptTokens: null },
        {
          id: answer.messageId,
          role: 'assistant',
          content: 'Risks are harms.',
          engine: 'llama',
          model: 'fake-model',
          promptTokens: 42,
          completionTokens: 5,
          feedback: null,
        },
      ],
    });
  });

  it('sends an openai agent’s key as a Bearer token to its endpoint', async () => {
    const { t, fake } = chatApp();
    const agentBody = openAiAgent(fake, {
      apiKey: AGENT_KEY,
      temperature: 0.5,
      maxOutputTokens: 64,
    });
    const { user, agent } = await chatWorld(t, agentBody);
    answerWith(fake, ['Fine.']);
    await ask(t, user.token, { agentid: agent.id, question: 'Hello?' });
    const request = await fake.request();
    expect(request.url).toBe('/v1/chat/completions');
    expect(request.headers.authorization).toBe(`Bearer ${AGENT_KEY}`);
    expect(request.json).toMatchObject({ model: 'gpt-4o-mini', temperature: 0.5, max_tokens: 64 });
  });

  it('useUserKey: sends the user’s own key; a user without one is told to set it', async () => {
    const { t, fake } = chatApp();
    const { admin, user, agent } = await chatWorld(
      t,
      openAiAgent(fake, { apiKey: AGENT_KEY, useUserKey: true }),
    );
    const keyless = await asUser(t);
    await assign(t, admin.token, agent.id, { userid: keyless.user.id });
    const set = await post(t, user.token, '/api/Users/SetUserToken', {
      userid: user.user.id,
      provider: 'openai',
      token: USER_KEY,
    });
    expect(set.statusCode, set.body).toBe(200);
    answerWith(fake, ['Fine.']);
    await ask(t, user.token, { agentid: agent.id, question: 'Hello?' });
    expect(fake.requests[0]?.headers.authorization).toBe(`Bearer ${USER_KEY}`);

    const refused = await post(t, keyless.token, '/api/Chat/AskAgent', {
      agentid: agent.id,
      question: 'Hello?',
    });
    expectProblem(refused, 400, /SetUserToken/);
    expect(fake.requests).toHaveLength(1);
    expect(await storedState(t, keyless.token)).toEqual([]);
  });

  async function anotherAgent(adminToken: string, userId: string, body: object): Promise<string> {
    const { t } = chatApp();
    const created = await post(t, adminToken, '/api/Agents/CreateAgent', {
      name: 'Plain agent',
      ...body,
    });
    expect(created.statusCode, created.body).toBe(201);
    const id = created.json<{ id: string }>().id;
    await assign(t, adminToken, id, { userid: userId });
    return id;
  }
});

describe('ChatWithAgent and AskAgent requests', () => {
  it('ChatWithAgent without Accept: text/event-stream answers JSON like AskAgent', async () => {
    const { t, fake } = chatApp();
    const { user, agent } = await chatWorld(t, fakeLlamaAgent(fake, { systemPrompt: SYSTEM }));
    numberedAnswers();
    const first = await ask(t, user.token, { agentid: agent.id, question: 'Question 1' });
    const asJson = await post(t, user.token, '/api/Chat/ChatWithAgent', {
      conversationId: first.conversationId,
      message: 'Question 2',
    });
    const noAccept = await t.app.inject({
      method: 'POST',
      url: '/api/Chat/ChatWithAgent',
      headers: { authorization: `Bearer ${user.token}` },
      payload: { conversationId: first.conversationId, message: 'Question 3' },
    });
    for (const [response, n] of [
      [asJson, 2],
      [noAccept, 3],
    ] as const) {
      expect(response.statusCode, response.body).toBe(200);
      expect(response.headers['content-type']).toMatch(/^application\/json/);
      expect(response.json()).toEqual({
        conversationId: first.conversationId,
        messageId: expect.any(String),
        answer: `Answer ${n}.`,
        usage: { promptTokens: 10 * n, completionTokens: n },
        scans: { prompt: expect.any(Array), answer: [] },
        toolCalls: [],
      });
    }
    expect(sentMessages(2)).toEqual([
      { role: 'system', content: SYSTEM },
      ...['1', '2'].flatMap((n) => [
        { role: 'user', content: `Question ${n}` },
        { role: 'assistant', content: `Answer ${n}.` },
      ]),
      { role: 'user', content: 'Question 3' },
    ]);
  });

  it('an unknown conversation, or another user’s, is 404 and reaches no model', async () => {
    const { t, fake } = chatApp();
    const { admin, user, agent } = await chatWorld(t, fakeLlamaAgent(fake));
    const other = await asUser(t);
    await assign(t, admin.token, agent.id, { userid: other.user.id });
    answerWith(fake, ['Fine.']);
    const mine = await ask(t, user.token, { agentid: agent.id, question: 'Hello?' });
    const before = await storedState(t, user.token);
    const cases: [token: string, conversationId: string][] = [
      [user.token, 'no-such-conversation'],
      [other.token, mine.conversationId],
    ];
    for (const [token, conversationId] of cases) {
      const body = { agentid: agent.id, question: 'Hello?', conversationId };
      expectProblem(await post(t, token, '/api/Chat/AskAgent', body), 404);
      const chat = { conversationId, message: 'Hello?' };
      expectProblem(await post(t, token, '/api/Chat/ChatWithAgent', chat), 404);
    }
    expect(fake.requests).toHaveLength(1);
    expect(await storedState(t, user.token)).toEqual(before);
    expect(await storedState(t, other.token)).toEqual([]);
  });

  it('an empty question is 400 and reaches no model', async () => {
    const { t, fake } = chatApp();
    const { user, agent } = await chatWorld(t, fakeLlamaAgent(fake));
    answerWith(fake, ['Fine.']);
    for (const question of ['', '   \n ']) {
      const response = await post(t, user.token, '/api/Chat/AskAgent', {
        agentid: agent.id,
        question,
      });
      expectProblem(response, 400, /question must be 1 to/);
    }
    const conversation = await post(t, user.token, '/api/Chat/CreateConversation', {
      agentid: agent.id,
    });
    const chat = { conversationId: conversation.json<{ id: string }>().id, message: ' ' };
    expectProblem(await post(t, user.token, '/api/Chat/ChatWithAgent', chat), 400);
    expect(fake.requests).toHaveLength(0);
    const [detail] = await storedState(t, user.token);
    expect(detail).toMatchObject({ messages: [] });
  });
});
