import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { buildApp, type AppDeps } from '../../src/app.ts';
import type { AnswerToCheck, ChatCheck, PromptToCheck } from '../../src/chat/chat-checks.ts';
import type { EngineMessage } from '../../src/chat/engines/engine.ts';
import { ForbiddenError, ValidationError } from '../../src/lib/errors.ts';
import { createTestApp, type TestApp } from '../helpers/test-app.ts';
import { asUser, expectProblem, get, post, type Response } from '../helpers/api-requests.ts';
import { answerWith, ask, assign, chatWorld, fakeLlamaAgent } from '../helpers/chat.ts';
import {
  errorReply,
  silentReply,
  startFakeProvider,
  streamReply,
  type FakeProvider,
} from '../helpers/fake-providers/fake-server.ts';
import { openAiWire } from '../helpers/fake-providers/openai-wire.ts';
import { promptly } from '../helpers/fake-providers/engine-contract.ts';

// AskAgent and ChatWithAgent (JSON) through the real app against a loopback fake provider:
// what the model is sent, what comes back, and that a failed or refused turn leaves no trace.

const SYSTEM = 'You assess AI risks.';
const AGENT_KEY = 'sk-agent-fakeKey0123456789abcdefABCDEF';
const USER_KEY = 'sk-user-fakeKey9876543210fedcbaFEDCBA';

let t: TestApp;
let fake: FakeProvider;
const sameStoreApps: FastifyInstance[] = [];
beforeEach(async () => {
  t = await createTestApp();
  fake = await startFakeProvider();
});
afterEach(async () => {
  await Promise.all(sameStoreApps.splice(0).map((app) => app.close()));
  await fake.close();
  await t.close();
});

/** Another app over the same store and keys, with some of its dependencies replaced. */
async function sameStoreApp(overrides: Partial<AppDeps>): Promise<TestApp> {
  const app = await buildApp({ ...t, ...overrides });
  sameStoreApps.push(app);
  return { ...t, app };
}

/** Answers the n-th request (from 1) with "Answer n.", so the history shows who said what. */
function numberedAnswers(): void {
  fake.reply = (request, response) => {
    const n = fake.requests.indexOf(request) + 1;
    const frames = openAiWire.answer([`Answer `, `${n}.`], { input: 10 * n, output: n });
    return streamReply(openAiWire.contentType, frames)(request, response);
  };
}

function sentMessages(index: number): unknown {
  return (fake.requests[index]?.json as { messages?: unknown } | undefined)?.messages;
}

function openAiAgent(body: Record<string, unknown> = {}) {
  return { engine: 'openai', model: 'gpt-4o-mini', endpoint: `${fake.origin}/v1`, ...body };
}

/** Every conversation of the user with all its messages: what a failed turn must not change. */
async function storedState(app: TestApp, token: string): Promise<unknown[]> {
  const list = await get(app, token, '/api/Chat/GetConversations?results=100');
  expect(list.statusCode, list.body).toBe(200);
  const ids = list.json<{ id: string }[]>().map((c) => c.id);
  return Promise.all(
    ids.map(async (id) => (await get(app, token, `/api/Chat/GetConversation/${id}`)).json()),
  );
}

describe('Max Messages', () => {
  it.each([1, 3, 20])(
    'maxMessages %i: the system prompt, the last N-1 stored messages, the question',
    async (n) => {
      const settings = { systemPrompt: SYSTEM, ...(n === 20 ? {} : { maxMessages: n }) };
      const { user, agent } = await chatWorld(t, fakeLlamaAgent(fake, settings));
      expect(agent.maxMessages).toBe(n);
      numberedAnswers();
      const stored: EngineMessage[] = [];
      let conversation: { conversationid?: string } = {};
      // With 20, the last turn has 22 stored messages behind it: more than the agent may send.
      const turns = n === 20 ? 12 : 5;
      for (let turn = 1; turn <= turns; turn += 1) {
        const question = `Question ${turn}`;
        const answer = await ask(t, user.token, { agentid: agent.id, question, ...conversation });
        conversation = { conversationid: answer.conversationid };
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
        `/api/Chat/GetConversation/${conversation.conversationid}`,
      );
      const messages = detail.json<{ messages: EngineMessage[] }>().messages;
      expect(messages.map(({ role, content }) => ({ role, content }))).toEqual(stored);
    },
  );

  it.each(['', '   '])('an empty system prompt (%j) sends no system message', async (prompt) => {
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
    const { user, agent } = await chatWorld(t, fakeLlamaAgent(fake));
    answerWith(fake, ['Risks ', 'are ', 'harms.'], { input: 42, output: 5 });
    const answer = await ask(t, user.token, { agentid: agent.id, question: ' What is a risk? ' });
    expect(answer).toEqual({
      conversationid: expect.any(String),
      messageid: expect.any(String),
      answer: 'Risks are harms.',
      usage: { promptTokens: 42, completionTokens: 5 },
    });
    const detail = await get(t, user.token, `/api/Chat/GetConversation/${answer.conversationid}`);
    expect(detail.json()).toMatchObject({
      id: answer.conversationid,
      agentId: agent.id,
      messages: [
        { role: 'user', content: 'What is a risk?', engine: null, promptTokens: null },
        {
          id: answer.messageid,
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
    const agentBody = openAiAgent({ apiKey: AGENT_KEY, temperature: 0.5, maxOutputTokens: 64 });
    const { user, agent } = await chatWorld(t, agentBody);
    answerWith(fake, ['Fine.']);
    await ask(t, user.token, { agentid: agent.id, question: 'Hello?' });
    const request = await fake.request();
    expect(request.url).toBe('/v1/chat/completions');
    expect(request.headers.authorization).toBe(`Bearer ${AGENT_KEY}`);
    expect(request.json).toMatchObject({ model: 'gpt-4o-mini', temperature: 0.5, max_tokens: 64 });
  });

  it('useUserKey: sends the user’s own key; a user without one is told to set it', async () => {
    const { admin, user, agent } = await chatWorld(
      t,
      openAiAgent({ apiKey: AGENT_KEY, useUserKey: true }),
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

describe('when the provider fails, nothing is stored', () => {
  /**
   * One good turn, then the failure twice: asked anew and in the existing conversation. Returns
   * the two failed responses after checking the user's conversations did not change.
   */
  async function failTwice(fail: () => void, app = t): Promise<[Response, Response]> {
    const { user, agent } = await chatWorld(app, openAiAgent({ apiKey: AGENT_KEY }));
    answerWith(fake, ['Fine.']);
    const first = await ask(app, user.token, { agentid: agent.id, question: 'Hello?' });
    const before = await storedState(app, user.token);
    fail();
    const anew = await post(app, user.token, '/api/Chat/AskAgent', {
      agentid: agent.id,
      question: 'And now?',
    });
    const again = await post(app, user.token, '/api/Chat/AskAgent', {
      agentid: agent.id,
      question: 'And now?',
      conversationid: first.conversationid,
    });
    expect(fake.requests).toHaveLength(3);
    expect(await storedState(app, user.token)).toEqual(before);
    return [anew, again];
  }

  it('a refused key: 502 naming the engine, without the key the provider echoed', async () => {
    const echo = `Incorrect API key provided: ${AGENT_KEY}.`;
    const responses = await failTwice(() => {
      fake.reply = errorReply(401, openAiWire.errorBody(401, echo));
    });
    for (const response of responses) {
      expectProblem(response, 502, /^The openai engine answered HTTP 401/);
      expect(response.body).not.toContain(AGENT_KEY);
      expect(response.body).toContain('[redacted]');
    }
  });

  it('a rate limit: 429 with the provider’s Retry-After', async () => {
    const responses = await failTwice(() => {
      const body = openAiWire.errorBody(429, 'Rate limit reached, slow down.');
      fake.reply = errorReply(429, body, { 'retry-after': '7' });
    });
    for (const response of responses) {
      expectProblem(response, 429, /openai engine answered HTTP 429.*try again in 7 s/);
      expect(response.headers['retry-after']).toBe('7');
    }
  });

  it('a provider that never answers: 504 once the engine timeout (1 s) is up', async () => {
    const impatient = await sameStoreApp({ config: { ...t.config, engineTimeoutSeconds: 1 } });
    const started = performance.now();
    const responses = await failTwice(() => {
      fake.reply = silentReply;
    }, impatient);
    // Two timed-out calls, one after the other, and a quick good turn before them.
    const elapsed = performance.now() - started;
    expect(elapsed).toBeGreaterThanOrEqual(2000);
    expect(elapsed).toBeLessThan(2000 + 3000);
    for (const response of responses) {
      expectProblem(response, 504, 'The openai engine did not answer within 1 s');
    }
    for (const index of [1, 2]) {
      await promptly((await fake.request(index)).abandoned, 'the provider call to be abandoned');
    }
  });
});

describe('ChatWithAgent and AskAgent requests', () => {
  it('ChatWithAgent without Accept: text/event-stream answers JSON like AskAgent', async () => {
    const { user, agent } = await chatWorld(t, fakeLlamaAgent(fake, { systemPrompt: SYSTEM }));
    numberedAnswers();
    const first = await ask(t, user.token, { agentid: agent.id, question: 'Question 1' });
    const asJson = await post(t, user.token, '/api/Chat/ChatWithAgent', {
      conversationid: first.conversationid,
      message: 'Question 2',
    });
    const noAccept = await t.app.inject({
      method: 'POST',
      url: '/api/Chat/ChatWithAgent',
      headers: { authorization: `Bearer ${user.token}` },
      payload: { conversationid: first.conversationid, message: 'Question 3' },
    });
    for (const [response, n] of [
      [asJson, 2],
      [noAccept, 3],
    ] as const) {
      expect(response.statusCode, response.body).toBe(200);
      expect(response.headers['content-type']).toMatch(/^application\/json/);
      expect(response.json()).toEqual({
        conversationid: first.conversationid,
        messageid: expect.any(String),
        answer: `Answer ${n}.`,
        usage: { promptTokens: 10 * n, completionTokens: n },
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
    const { admin, user, agent } = await chatWorld(t, fakeLlamaAgent(fake));
    const other = await asUser(t);
    await assign(t, admin.token, agent.id, { userid: other.user.id });
    answerWith(fake, ['Fine.']);
    const mine = await ask(t, user.token, { agentid: agent.id, question: 'Hello?' });
    const before = await storedState(t, user.token);
    const cases: [token: string, conversationid: string][] = [
      [user.token, 'no-such-conversation'],
      [other.token, mine.conversationid],
    ];
    for (const [token, conversationid] of cases) {
      const body = { agentid: agent.id, question: 'Hello?', conversationid };
      expectProblem(await post(t, token, '/api/Chat/AskAgent', body), 404);
      const chat = { conversationid, message: 'Hello?' };
      expectProblem(await post(t, token, '/api/Chat/ChatWithAgent', chat), 404);
    }
    expect(fake.requests).toHaveLength(1);
    expect(await storedState(t, user.token)).toEqual(before);
    expect(await storedState(t, other.token)).toEqual([]);
  });

  it('an empty question is 400 and reaches no model', async () => {
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
    const chat = { conversationid: conversation.json<{ id: string }>().id, message: ' ' };
    expectProblem(await post(t, user.token, '/api/Chat/ChatWithAgent', chat), 400);
    expect(fake.requests).toHaveLength(0);
    const [detail] = await storedState(t, user.token);
    expect(detail).toMatchObject({ messages: [] });
  });
});

describe('pipeline checks', () => {
  const prompts: PromptToCheck[] = [];
  const answers: AnswerToCheck[] = [];
  const guard: ChatCheck = {
    name: 'test guard',
    async beforeModel(prompt) {
      prompts.push(prompt);
      if (prompt.question.includes('forbidden')) {
        throw new ValidationError('Questions about forbidden things are refused');
      }
    },
    async afterModel(answer) {
      answers.push(answer);
      if (answer.answer.includes('secret')) {
        throw new ForbiddenError('The answer gave a secret away');
      }
    },
  };
  let checked: TestApp;
  beforeEach(async () => {
    prompts.length = 0;
    answers.length = 0;
    checked = await sameStoreApp({ chatChecks: [guard] });
  });

  it('see the question before the model and the answer after it', async () => {
    const { user, agent } = await chatWorld(checked, fakeLlamaAgent(fake));
    answerWith(fake, ['Risks ', 'are ', 'harms.']);
    const answer = await ask(checked, user.token, {
      agentid: agent.id,
      question: 'What is a risk?',
    });
    const seen = {
      userId: user.user.id,
      agent: expect.objectContaining({ id: agent.id }),
      conversationId: answer.conversationid,
      question: 'What is a risk?',
    };
    expect(prompts).toEqual([seen]);
    expect(answers).toEqual([{ ...seen, answer: 'Risks are harms.' }]);
  });

  it('a question refused before the model: 400, and the provider is never called', async () => {
    const { user, agent } = await chatWorld(checked, fakeLlamaAgent(fake));
    answerWith(fake, ['Fine.']);
    const response = await post(checked, user.token, '/api/Chat/AskAgent', {
      agentid: agent.id,
      question: 'Tell me something forbidden',
    });
    expectProblem(response, 400, 'Questions about forbidden things are refused');
    expect(fake.requests).toHaveLength(0);
    expect(answers).toEqual([]);
    expect(await storedState(checked, user.token)).toEqual([]);
  });

  it('an answer refused after the model is neither returned nor stored', async () => {
    const { user, agent } = await chatWorld(checked, fakeLlamaAgent(fake));
    answerWith(fake, ['The secret ', 'is 42.']);
    const response = await post(checked, user.token, '/api/Chat/AskAgent', {
      agentid: agent.id,
      question: 'Any secrets?',
    });
    expectProblem(response, 403, 'The answer gave a secret away');
    expect(response.body).not.toContain('is 42');
    expect(fake.requests).toHaveLength(1);
    expect(answers.map((a) => a.answer)).toEqual(['The secret is 42.']);
    expect(await storedState(checked, user.token)).toEqual([]);
  });
});
