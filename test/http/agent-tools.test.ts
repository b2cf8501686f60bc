import type { ServerResponse } from 'node:http';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/test-app.ts';
import {
  asUser,
  expectInsufficientScope,
  expectInvalidToken,
  expectProblem,
  expectRoleDenied,
  genericToken,
  get,
  post,
  type Caller,
  type Response,
} from '../helpers/api-requests.ts';
import { anAgent, openAiAgent } from '../helpers/chat.ts';
import {
  errorReply,
  silentReply,
  startFakeProvider,
  type FakeProvider,
  type RecordedRequest,
} from '../helpers/fake-providers/fake-server.ts';
import { openAiWire } from '../helpers/fake-providers/openai-wire.ts';

// GET /api/Agents/ListTemplates and POST /api/Agents/TestConnection, the latter against a
// loopback fake provider: one real call, whose failure is an answer and whose key never shows.

const SAVED_KEY = 'sk-saved-fakeKey0123456789abcdefABCDEF';
const GIVEN_KEY = 'sk-given-fakeKey9876543210zyxwvuZYXWVU';
const ADMIN_OWN_KEY = 'sk-admin-own-fakeKey00112233445566778899';

let t: TestApp;
let fake: FakeProvider;
let admin: Caller;

beforeEach(async () => {
  t = await createTestApp();
  fake = await startFakeProvider();
  admin = await asUser(t, ['CompanyAdmin']);
});
afterEach(async () => {
  await fake.close();
  await t.close();
});

interface ConnectionTest {
  ok: boolean;
  latencyMs: number;
  answer: string | null;
  error: string | null;
}

/** A non-streamed Chat Completions answer, as generateText asks for it. */
function answerOnce(content: string) {
  return (_request: RecordedRequest, response: ServerResponse) => {
    response.writeHead(200, { 'content-type': 'application/json' }).end(
      JSON.stringify({
        id: 'chatcmpl-fake',
        object: 'chat.completion',
        created: 1_760_000_000,
        model: 'gpt-4o-mini',
        choices: [{ index: 0, message: { role: 'assistant', content }, finish_reason: 'stop' }],
        usage: { prompt_tokens: 12, completion_tokens: 1, total_tokens: 13 },
      }),
    );
  };
}

const testConnection = (body: Record<string, unknown>, token = admin.token) =>
  post(t, token, '/api/Agents/TestConnection', body);

function resultOf(response: Response): ConnectionTest {
  expect(response.statusCode, response.body).toBe(200);
  const result = response.json<ConnectionTest>();
  expect(Number.isInteger(result.latencyMs)).toBe(true);
  expect(result.latencyMs).toBeGreaterThanOrEqual(0);
  return result;
}

const authorizationSent = (index = 0) => fake.requests[index]?.headers.authorization;

describe('GET /api/Agents/ListTemplates', () => {
  it('lists the CLI’s templates, the demo first, every field present', async () => {
    const response = await get(t, admin.token, '/api/Agents/ListTemplates');

    expect(response.statusCode, response.body).toBe(200);
    const templates = response.json<Record<string, unknown>[]>();
    expect(templates[0]).toEqual({
      template: 'demo',
      name: 'Demo assistant',
      description: expect.stringContaining('without any AI provider'),
      engine: 'demo',
      model: 'demo',
      endpoint: null,
      region: null,
    });
    expect(templates.map((template) => template.template)).toEqual(
      expect.arrayContaining(['openai', 'azure-openai', 'mistral', 'gemini', 'ollama', 'bedrock']),
    );
    expect(templates.find((template) => template.template === 'ollama')).toMatchObject({
      engine: 'llama',
      endpoint: 'http://localhost:11434/v1',
      region: null,
    });
    expect(templates.find((template) => template.template === 'bedrock')).toMatchObject({
      engine: 'bedrock',
      region: 'us-east-1',
      endpoint: null,
    });
  });

  it('is for CompanyAdmins only', async () => {
    const user = await asUser(t);
    expectRoleDenied(await get(t, user.token, '/api/Agents/ListTemplates'));
    expectInsufficientScope(await get(t, await genericToken(t), '/api/Agents/ListTemplates'));
    expectInvalidToken(await get(t, 'not-a-token', '/api/Agents/ListTemplates'));
  });
});

describe('POST /api/Agents/TestConnection: the call', () => {
  it('answers with the model’s words, asked once for one word in 16 tokens at most', async () => {
    fake.reply = answerOnce('OK');
    const agent = await anAgent(t, admin.token, openAiAgent(fake, { apiKey: SAVED_KEY }));

    const result = resultOf(await testConnection({ agentId: agent.id }));

    expect(result).toEqual({ ok: true, latencyMs: expect.any(Number), answer: 'OK', error: null });
    expect(fake.requests).toHaveLength(1);
    expect(fake.requests[0]?.url).toBe('/v1/chat/completions');
    expect(fake.requests[0]?.json).toMatchObject({
      model: 'gpt-4o-mini',
      messages: [{ role: 'user', content: 'Reply with the word OK.' }],
      max_tokens: 16,
    });
    expect(fake.requests[0]?.json).not.toHaveProperty('stream', true);
  });

  it('uses the saved key when apiKey is left out, and the given one (unsaved) when present', async () => {
    fake.reply = answerOnce('OK');
    const agent = await anAgent(t, admin.token, openAiAgent(fake, { apiKey: SAVED_KEY }));

    resultOf(await testConnection({ agentId: agent.id }));
    resultOf(await testConnection({ agentId: agent.id, apiKey: GIVEN_KEY }));

    expect(authorizationSent(0)).toBe(`Bearer ${SAVED_KEY}`);
    expect(authorizationSent(1)).toBe(`Bearer ${GIVEN_KEY}`);
    const listed = await get(t, admin.token, '/api/Agents/ListAllAgents');
    expect(listed.json<{ apiKeyLast4: string }[]>()[0]?.apiKeyLast4).toBe(SAVED_KEY.slice(-4));
  });

  it('lets the fields given override the saved ones', async () => {
    fake.reply = answerOnce('OK');
    const other = await startFakeProvider();
    other.reply = answerOnce('Other');
    try {
      const agent = await anAgent(t, admin.token, openAiAgent(fake, { apiKey: SAVED_KEY }));

      const result = resultOf(
        await testConnection({ agentId: agent.id, endpoint: `${other.origin}/v1`, model: 'gpt-x' }),
      );

      expect(result.answer).toBe('Other');
      expect(fake.requests).toHaveLength(0);
      expect(other.requests[0]?.json).toMatchObject({ model: 'gpt-x' });
      expect(other.requests[0]?.headers.authorization).toBe(`Bearer ${SAVED_KEY}`);
    } finally {
      await other.close();
    }
  });

  it('tests settings not saved yet: engine and model, no agent', async () => {
    fake.reply = answerOnce('OK');

    const result = resultOf(
      await testConnection({
        engine: 'openai',
        model: 'gpt-4o-mini',
        endpoint: `${fake.origin}/v1`,
        apiKey: GIVEN_KEY,
      }),
    );

    expect(result.ok).toBe(true);
    expect(authorizationSent()).toBe(`Bearer ${GIVEN_KEY}`);
  });

  it('uses the calling admin’s own key for a useUserKey agent without a key', async () => {
    fake.reply = answerOnce('OK');
    const agent = await anAgent(t, admin.token, openAiAgent(fake, { useUserKey: true }));
    const none = resultOf(await testConnection({ agentId: agent.id }));
    expect(none).toMatchObject({ ok: false, answer: null });
    expect(none.error).toMatch(/uses each user's own openai key, and you have none/);
    expect(fake.requests).toHaveLength(0);

    const set = await post(t, admin.token, '/api/Users/SetUserToken', {
      userId: admin.user.id,
      provider: 'openai',
      token: ADMIN_OWN_KEY,
    });
    expect(set.statusCode, set.body).toBe(200);
    const result = resultOf(await testConnection({ agentId: agent.id }));

    expect(result.ok).toBe(true);
    expect(authorizationSent()).toBe(`Bearer ${ADMIN_OWN_KEY}`);
  });

  it('answers with the demo engine without any network', async () => {
    const result = resultOf(await testConnection({ engine: 'demo', model: 'demo' }));

    expect(result.ok).toBe(true);
    expect(result.answer).toMatch(/^Demo engine \(no AI model was called\)/);
    expect(result.error).toBeNull();
  });

  it('cuts a long answer to 500 characters', async () => {
    fake.reply = answerOnce('word '.repeat(400));
    const agent = await anAgent(t, admin.token, openAiAgent(fake, { apiKey: SAVED_KEY }));

    const result = resultOf(await testConnection({ agentId: agent.id }));

    expect(result.answer).toHaveLength(500);
  });

  it('records nothing in the audit log and changes no agent', async () => {
    fake.reply = answerOnce('OK');
    const agent = await anAgent(t, admin.token, openAiAgent(fake, { apiKey: SAVED_KEY }));
    const read = async (url: string) => (await get(t, admin.token, url)).json<unknown>();
    const logs = () => read('/api/Logs/ListLogs?results=1000');
    const agents = () => read('/api/Agents/ListAllAgents');
    const [logsBefore, agentsBefore] = [await logs(), await agents()];

    resultOf(await testConnection({ agentId: agent.id, apiKey: GIVEN_KEY, model: 'gpt-x' }));

    expect(await logs()).toEqual(logsBefore);
    expect(await agents()).toEqual(agentsBefore);
  });
});

describe('POST /api/Agents/TestConnection: a failing provider is an answer', () => {
  it('reports a refused key with the provider’s message, never the key', async () => {
    const echo = `Incorrect API key provided: ${SAVED_KEY}. You can find your API key elsewhere.`;
    fake.reply = errorReply(401, openAiWire.errorBody(401, echo));
    const agent = await anAgent(t, admin.token, openAiAgent(fake, { apiKey: SAVED_KEY }));

    const response = await testConnection({ agentId: agent.id });
    const result = resultOf(response);

    expect(result).toMatchObject({ ok: false, answer: null });
    expect(result.error).toMatch(/^The openai engine answered HTTP 401 \(Incorrect API key/);
    expect(result.error).toContain('[redacted]');
    expect(response.body).not.toContain(SAVED_KEY);
    expect(result.error?.length).toBeLessThanOrEqual(500);
  });

  it('reports an endpoint nobody listens on', async () => {
    const gone = await startFakeProvider();
    await gone.close();

    const result = resultOf(
      await testConnection({
        engine: 'llama',
        model: 'llama3.2',
        endpoint: `${gone.origin}/v1`,
      }),
    );

    expect(result).toMatchObject({ ok: false, answer: null });
    expect(result.error).toMatch(/^The llama engine could not be reached/);
  });

  it('reports a missing key without calling anyone', async () => {
    const result = resultOf(
      await testConnection({ engine: 'openai', model: 'gpt-4o-mini', endpoint: fake.origin }),
    );

    expect(result).toMatchObject({ ok: false, answer: null });
    expect(result.error).toMatch(/needs an API key/);
    expect(fake.requests).toHaveLength(0);
  });

  it('gives up once the engine timeout (here 1 s, under the 30 s cap) is up', async () => {
    await t.close();
    t = await createTestApp({ AIRISK_ENGINE_TIMEOUT: '1' });
    admin = await asUser(t, ['CompanyAdmin']);
    fake.reply = silentReply;
    const started = performance.now();

    const result = resultOf(
      await testConnection({
        engine: 'llama',
        model: 'llama3.2',
        endpoint: `${fake.origin}/v1`,
      }),
    );

    expect(performance.now() - started).toBeLessThan(5000);
    expect(result).toMatchObject({ ok: false, answer: null });
    expect(result.error).toBe('The llama engine did not answer within 1 s');
    expect(result.latencyMs).toBeGreaterThanOrEqual(900);
  });
});

describe('POST /api/Agents/TestConnection: what it refuses', () => {
  it.each([
    ['an unknown engine', { engine: 'skynet', model: 'x' }, /Unknown engine "skynet"/],
    ['no engine without agentId', { model: 'x' }, /engine and model are required/],
    ['no model without agentId', { engine: 'demo' }, /engine and model are required/],
    ['an endpoint that is no URL', { engine: 'llama', model: 'x', endpoint: 'nope' }, /endpoint/],
    [
      'an endpoint with credentials',
      { engine: 'llama', model: 'x', endpoint: 'http://me:pw@127.0.0.1/v1' },
      /endpoint must be an http\(s\) URL/,
    ],
    ['a region that is none', { engine: 'bedrock', model: 'x', region: 'mars' }, /region "mars"/],
  ])('answers 400 for %s', async (_case, body, detail) => {
    expectProblem(await testConnection(body), 400, detail);
    expect(fake.requests).toHaveLength(0);
  });

  it('answers 404 for an unknown agent', async () => {
    expectProblem(await testConnection({ agentId: 'nope' }), 404, 'No agent with id "nope"');
  });

  it('is for CompanyAdmins only', async () => {
    const user = await asUser(t);
    expectRoleDenied(await testConnection({ engine: 'demo', model: 'demo' }, user.token));
    expectInvalidToken(await testConnection({ engine: 'demo', model: 'demo' }, 'not-a-token'));
  });
});
