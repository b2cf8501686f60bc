import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { ServerResponse } from 'node:http';
import { createTestApp, type TestApp } from '../helpers/test-app.ts';
import { asUser, post, type Caller } from '../helpers/api-requests.ts';
import {
  ask,
  createConversation,
  fakeLlamaAgent,
  getConversation,
  parseEvents,
  userWithAgent,
  type AgentResponse,
} from '../helpers/chat.ts';
import {
  repliesInTurn,
  startFakeProvider,
  type FakeProvider,
  type RecordedRequest,
} from '../helpers/fake-providers/fake-server.ts';
import { llamaWire } from '../helpers/fake-providers/openai-wire.ts';
import { setAgentScanners } from '../helpers/scanners.ts';
import { scannerFindings } from '../helpers/recorded-activity.ts';
import { createCustomApi } from '../../src/tools/custom-apis/custom-apis.ts';
import { MAX_TOOL_CALLS_PER_TURN } from '../../src/vocabulary/tools.ts';

// An agent's custom API as a tool, end to end: the demo engine (`call <tool> <json>`) or a fake
// provider calls it, a loopback server stands in for the company's API, and the HTTP API shows
// the calls (AskAgent, GetConversation, the SSE events) with their results scanned.

const AWS_KEY = 'AKIAJ7Q2ZK4M3XW5TB6R';

interface ToolCallView {
  id: string;
  tool: string;
  kind: string;
  arguments: unknown;
  status: string;
  result: string | null;
  error: string | null;
  scans: { scanner: string; verdict: string }[] | null;
  startedAt: string;
  durationMs: number;
}

let t: TestApp;
let admin: Caller;
/** The company's API: orders by id, a leaky key endpoint, 404 for the rest. */
let companyApi: FakeProvider;

function answerCompanyApi(request: RecordedRequest, response: ServerResponse): void {
  const json = (status: number, body: unknown): void =>
    void response
      .writeHead(status, { 'content-type': 'application/json' })
      .end(JSON.stringify(body));
  const order = /^\/orders\/([^/?]+)$/.exec(request.url);
  if (order && order[1] !== 'missing') {
    return json(200, { id: decodeURIComponent(order[1] ?? ''), status: 'shipped' });
  }
  if (request.url === '/orders/keys/latest') {
    return json(200, { deployKey: AWS_KEY });
  }
  return json(404, { message: 'no such thing' });
}

beforeAll(async () => {
  companyApi = await startFakeProvider();
  companyApi.reply = answerCompanyApi;
  t = await createTestApp({ AIRISK_OUTBOUND_ALLOWED_NETWORKS: '127.0.0.1/32' });
  admin = await asUser(t, ['CompanyAdmin']);
  await apiTool('order_status', '/orders/{orderId}');
  await apiTool('deploy_key', '/orders/keys/latest');
});
afterAll(async () => {
  await t.close();
  await companyApi.close();
});
beforeEach(() => {
  companyApi.requests.length = 0;
});

const toolIds = new Map<string, string>();

/** A custom API on the company server, made as an admin would. */
async function apiTool(name: string, path: string): Promise<void> {
  const api = await createCustomApi(t, {
    name,
    description: `The company's ${name.replace('_', ' ')}`,
    baseUrl: companyApi.origin,
    path,
    parameters: path.includes('{orderId}')
      ? [{ name: 'orderId', in: 'path', type: 'string', description: 'The order', required: true }]
      : [],
  });
  toolIds.set(name, api.id);
}

/** A fresh user with a fresh agent (demo, no pauses, unless said) that may call these tools. */
async function agentWith(
  tools: string[],
  agentBody: Record<string, unknown> = { model: 'demo-0ms' },
): Promise<{ user: Caller; agent: AgentResponse }> {
  const world = await userWithAgent(t, admin.token, agentBody);
  await t.store.agentTools.set(world.agent.id, {
    customApiIds: tools.map((name) => toolIds.get(name) ?? name),
    customDatabaseIds: [],
  });
  return world;
}

async function askFor(token: string, agentId: string, question: string) {
  const response = await post(t, token, '/api/Chat/AskAgent', { agentId, question });
  expect(response.statusCode, response.body).toBe(200);
  return response.json<{ conversationId: string; answer: string; toolCalls: ToolCallView[] }>();
}

describe('a custom API as a tool', () => {
  it('is called with the arguments the model gave, and the answer quotes its result', async () => {
    const { user, agent } = await agentWith(['order_status']);
    const answer = await askFor(user.token, agent.id, 'call order_status {"orderId":"A-42"}');
    expect(companyApi.requests.map((request) => `${request.method} ${request.url}`)).toEqual([
      'GET /orders/A-42',
    ]);
    const [call] = answer.toolCalls;
    expect(answer.toolCalls).toHaveLength(1);
    expect(call).toMatchObject({
      tool: 'order_status',
      kind: 'api',
      arguments: { orderId: 'A-42' },
      status: 'ok',
      error: null,
      startedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/),
    });
    expect(call?.result).toContain('shipped');
    expect(answer.answer).toBe(
      `Demo engine (no AI model was called): order_status answered: ${call?.result}`,
    );

    const detail = await getConversation(t, user.token, answer.conversationId);
    const [question, reply] = detail.messages as unknown as { toolCalls: ToolCallView[] }[];
    expect(question?.toolCalls).toEqual([]);
    expect(reply?.toolCalls).toEqual(answer.toolCalls);
  });

  it('streams tool-call and tool-result events before the answer', async () => {
    const { user, agent } = await agentWith(['order_status']);
    const conversationId = await createConversation(t, user.token, agent.id);
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/Chat/ChatWithAgent',
      headers: { authorization: `Bearer ${user.token}`, accept: 'text/event-stream' },
      payload: { conversationId, message: 'call order_status {"orderId":"B-7"}' },
    });
    expect(response.statusCode).toBe(200);
    const events = parseEvents(response.body);
    const names = events.map((event) => event.event);
    expect(names.slice(0, 3)).toEqual(['start', 'tool-call', 'tool-result']);
    expect(names.slice(3, -1).every((name) => name === 'delta')).toBe(true);
    expect(names.at(-1)).toBe('done');
    const [, started, ended] = events;
    const id = (started?.data as { id: string }).id;
    expect(started?.data).toEqual({ id, tool: 'order_status', arguments: { orderId: 'B-7' } });
    expect(ended?.data).toEqual({
      id,
      tool: 'order_status',
      status: 'ok',
      result: expect.stringContaining('B-7'),
      error: null,
    });
    expect(events.at(-1)?.data).toMatchObject({ toolCalls: [{ id, status: 'ok' }] });
  });

  it('tells the model what failed: the API answered 404', async () => {
    const { user, agent } = await agentWith(['order_status']);
    const answer = await askFor(user.token, agent.id, 'call order_status {"orderId":"missing"}');
    const [call] = answer.toolCalls;
    expect(call).toMatchObject({ status: 'error', result: null });
    expect(call?.error).toMatch(/404/);
    expect(answer.answer).toBe(
      `Demo engine (no AI model was called): order_status failed: ${call?.error}`,
    );
  });

  it('is no tool of an agent that was not given it', async () => {
    const { user, agent } = await agentWith(['deploy_key']);
    const answer = await askFor(user.token, agent.id, 'call order_status {"orderId":"A-1"}');
    expect(answer.toolCalls).toEqual([]);
    expect(answer.answer).toContain(
      `There is no tool named "order_status"; this agent's tools: deploy_key.`,
    );
    expect(companyApi.requests).toHaveLength(0);
  });

  it('leaves an agent without tools as it was', async () => {
    const { user, agent } = await userWithAgent(t, admin.token, { model: 'demo-0ms' });
    const answer = await ask(t, user.token, { agentid: agent.id, question: 'Hello there' });
    expect(answer.answer).toBe(
      'Demo engine (no AI model was called): you said "Hello there". I received 2 messages, the system prompt included.',
    );
    expect((answer as unknown as { toolCalls: unknown }).toolCalls).toEqual([]);
  });
});

describe('tool results under the scanners', () => {
  it('a secret the secrets scanner redacts in files is redacted before the model sees it', async () => {
    const { user, agent } = await agentWith(['deploy_key']);
    await setAgentScanners(t, admin.token, agent.id, { secrets: { action: 'redact' } });
    const answer = await askFor(user.token, agent.id, 'call deploy_key');
    const [call] = answer.toolCalls;
    expect(call?.status).toBe('ok');
    expect(call?.result).not.toContain(AWS_KEY);
    expect(call?.result).toMatch(/\[[A-Z_]+_\d+\]/);
    expect(call?.scans).toContainEqual(
      expect.objectContaining({ scanner: 'secrets', verdict: 'redact' }),
    );
    // The demo quotes what it was given: the placeholder, which the user's answer keeps.
    expect(answer.answer).toContain(call?.result ?? '-');
    expect(answer.answer).not.toContain(AWS_KEY);
    const detail = await getConversation(t, user.token, answer.conversationId);
    expect(JSON.stringify(detail)).not.toContain(AWS_KEY);
  });

  it('a result the scanners block is withheld from the model', async () => {
    // Secrets in files are blocked by default.
    const { user, agent } = await agentWith(['deploy_key']);
    const answer = await askFor(user.token, agent.id, 'call deploy_key {}');
    const [call] = answer.toolCalls;
    expect(call).toMatchObject({
      status: 'blocked',
      result: null,
      error: 'Withheld: the secrets scanner blocked this result',
    });
    expect(answer.answer).toBe(
      'Demo engine (no AI model was called): deploy_key failed: Withheld: the secrets scanner blocked this result',
    );
    expect(JSON.stringify(answer)).not.toContain(AWS_KEY);
    // Recorded as any blocked text is, redacted.
    const blocked = (await scannerFindings(t, user.user.id)).filter((e) => e.kind === 'blocked');
    expect(blocked).toMatchObject([{ direction: 'file', scanners: ['secrets'] }]);
    expect(JSON.stringify(blocked)).not.toContain(AWS_KEY);
  });
});

describe('the call budget', () => {
  let model: FakeProvider;
  beforeAll(async () => {
    model = await startFakeProvider();
  });
  afterAll(() => model.close());

  it('refuses calls beyond the budget, and the turn ends at the step limit', async () => {
    const steps = MAX_TOOL_CALLS_PER_TURN + 2;
    const { user, agent } = await agentWith(['order_status'], fakeLlamaAgent(model));
    await t.store.agents.update(agent.id, { maxToolSteps: steps });
    // A model that calls the tool at every step, and never answers.
    model.reply = repliesInTurn(model, llamaWire.contentType, [
      llamaWire.toolCalls?.([{ id: 'call_1', name: 'order_status', input: '{"orderId":"A-1"}' }], {
        input: 10,
        output: 5,
      }) ?? [],
    ]);
    const answer = await askFor(user.token, agent.id, 'Where is my order?');
    expect(model.requests).toHaveLength(steps);
    expect(companyApi.requests).toHaveLength(MAX_TOOL_CALLS_PER_TURN);
    expect(answer.toolCalls.map((call) => call.status)).toEqual([
      ...Array<string>(MAX_TOOL_CALLS_PER_TURN).fill('ok'),
      'blocked',
      'blocked',
    ]);
    expect(answer.toolCalls.at(-1)?.error).toContain('call budget of this turn');
    // The model was told, in the request after the refused call.
    const told = JSON.stringify(model.requests.at(-1)?.json);
    expect(told).toContain('Error: The call budget of this turn');
    expect(answer.answer).toContain(`made ${steps} tool calls in its ${steps} steps`);
  });
});
