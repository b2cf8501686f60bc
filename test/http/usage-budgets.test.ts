import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/test-app.ts';
import {
  asUser,
  del,
  expectProblem,
  expectRoleDenied,
  get,
  post,
  type Caller,
  type Response,
} from '../helpers/api-requests.ts';
import { ask, assign, userWithAgent, type AgentResponse } from '../helpers/chat.ts';
import { recordedActivity } from '../helpers/recorded-activity.ts';

// Usage, cost and budgets through the real app and the demo engine, on both stores.

let t: TestApp;
let admin: Caller;

beforeAll(async () => {
  t = await createTestApp();
  admin = await asUser(t, ['CompanyAdmin']);
});
afterAll(async () => {
  await t.close();
});

interface Budget {
  id: string;
  scope: string;
  targetId: string;
  period: string;
  metric: string;
  limit: number;
  enforcement: string;
  spent: number;
  resetsAt: string;
}

/** A user with their own demo agent (a model name of its own, so prices do not collide). */
const world = (model = 'demo') => userWithAgent(t, admin.token, { model });

async function createBudget(body: Record<string, unknown>): Promise<Budget> {
  const response = await post(t, admin.token, '/api/Usage/CreateBudget', body);
  expect(response.statusCode, response.body).toBe(201);
  return response.json<Budget>();
}

const askAgent = (token: string, agent: AgentResponse, question = 'How are you?') =>
  post(t, token, '/api/Chat/AskAgent', { agentid: agent.id, question });

async function budgets(): Promise<Budget[]> {
  const response = await get(t, admin.token, '/api/Usage/ListBudgets');
  expect(response.statusCode, response.body).toBe(200);
  return response.json<Budget[]>();
}

/** The 429 problem of a used-up budget, with when it resets. */
function expectBudgetRefusal(response: Response, budget: Budget, resetsAt: Date) {
  expect(response.statusCode, response.body).toBe(429);
  expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
  const body = response.json<Record<string, unknown>>();
  expect(body).toMatchObject({
    type: 'tag:airisk.dev,2026:problem:budget-exceeded',
    status: 429,
    title: expect.any(String),
    detail: expect.stringContaining('used up'),
    budget: {
      id: budget.id,
      scope: budget.scope,
      targetId: budget.targetId,
      period: budget.period,
      metric: budget.metric,
      limit: budget.limit,
      spent: expect.any(Number),
    },
    resetsAt: resetsAt.toISOString().replace('.000Z', 'Z'),
  });
  const retryAfter = Number(response.headers['retry-after']);
  expect(retryAfter).toBe(Math.ceil((resetsAt.getTime() - t.clock.nowSeconds() * 1000) / 1000));
  return body;
}

function nextUtcDay(): Date {
  const now = new Date(t.clock.nowSeconds() * 1000);
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + 1));
}

function nextUtcMonth(): Date {
  const now = new Date(t.clock.nowSeconds() * 1000);
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 1));
}

describe('roles', () => {
  it('a plain User gets 403 on every admin endpoint of /api/Usage', async () => {
    const user = await asUser(t);
    const calls = [
      get(t, user.token, '/api/Usage/ListPrices'),
      post(t, user.token, '/api/Usage/SetPrice', {
        engine: 'demo',
        model: 'x',
        inputPerMillion: 1,
        outputPerMillion: 1,
      }),
      post(t, user.token, '/api/Usage/DeletePrice', { engine: 'demo', model: 'x' }),
      get(t, user.token, '/api/Usage/ListBudgets'),
      post(t, user.token, '/api/Usage/CreateBudget', {
        scope: 'user',
        targetId: user.user.id,
        period: 'day',
        metric: 'tokens',
        limit: 1,
      }),
      post(t, user.token, '/api/Usage/UpdateBudget', { budgetId: 'x' }),
      del(t, user.token, '/api/Usage/DeleteBudget/x'),
    ];
    for (const response of await Promise.all(calls)) {
      expectRoleDenied(response);
    }
  });

  it('a user sees the standing of their own budgets', async () => {
    const { user } = await world();
    const budget = await createBudget({
      scope: 'user',
      targetId: user.user.id,
      period: 'day',
      metric: 'tokens',
      limit: 1000,
    });
    const response = await get(t, user.token, '/api/Usage/MyBudgets');
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json()).toEqual([expect.objectContaining({ id: budget.id, spent: 0 })]);
  });
});

describe('prices', () => {
  it('price every answer from then on: cost in the record and in cost budgets', async () => {
    const { user, agent } = await world('priced-model');
    const set = await post(t, admin.token, '/api/Usage/SetPrice', {
      engine: 'demo',
      model: 'priced-model',
      inputPerMillion: 2.5,
      outputPerMillion: 10,
    });
    expect(set.statusCode, set.body).toBe(200);
    const list = await get(t, admin.token, '/api/Usage/ListPrices');
    expect(list.json()).toContainEqual({
      engine: 'demo',
      model: 'priced-model',
      inputPerMillion: 2.5,
      outputPerMillion: 10,
      updatedAt: expect.any(String),
    });
    const budget = await createBudget({
      scope: 'agent',
      targetId: agent.id,
      period: 'month',
      metric: 'cost',
      limit: 100,
      enforcement: 'soft',
    });
    const answer = await ask(t, user.token, { agentid: agent.id, question: 'Price me' });
    const expected =
      Math.round(answer.usage.promptTokens * 2.5 + answer.usage.completionTokens * 10) / 1e6;
    const recorded = (await recordedActivity(t)).find((e) => e.messageId === answer.messageId);
    expect(recorded).toMatchObject({ kind: 'answer', costMicros: Math.round(expected * 1e6) });
    expect((await budgets()).find((b) => b.id === budget.id)?.spent).toBeCloseTo(expected, 9);

    const removed = await post(t, admin.token, '/api/Usage/DeletePrice', {
      engine: 'demo',
      model: 'priced-model',
    });
    expect(removed.statusCode, removed.body).toBe(204);
    const unpriced = await ask(t, user.token, { agentid: agent.id, question: 'Again' });
    const later = (await recordedActivity(t)).find((e) => e.messageId === unpriced.messageId);
    expect(later?.costMicros).toBeNull();
    expectProblem(
      await post(t, admin.token, '/api/Usage/DeletePrice', {
        engine: 'demo',
        model: 'priced-model',
      }),
      404,
    );
  });

  it('refuses bad prices with 400', async () => {
    for (const body of [
      { engine: 'nope', model: 'm', inputPerMillion: 1, outputPerMillion: 1 },
      { engine: 'demo', model: '', inputPerMillion: 1, outputPerMillion: 1 },
      { engine: 'demo', model: 'm', inputPerMillion: -1, outputPerMillion: 1 },
      { engine: 'demo', model: 'm', inputPerMillion: 1 },
    ]) {
      expectProblem(await post(t, admin.token, '/api/Usage/SetPrice', body), 400);
    }
  });
});

describe('hard budgets refuse the turn after the limit is reached', () => {
  it('a user budget per day: 429 with the budget and when it resets, on both AskAgent forms', async () => {
    // A minute before UTC midnight, so that the reset comes before the tokens expire.
    t.clock.advance(nextUtcDay().getTime() / 1000 - 60 - t.clock.nowSeconds());
    admin = await asUser(t, ['CompanyAdmin']);
    const { user, agent } = await world();
    const budget = await createBudget({
      scope: 'user',
      targetId: user.user.id,
      period: 'day',
      metric: 'tokens',
      limit: 5,
    });
    await ask(t, user.token, { agentid: agent.id, question: 'Spend it' });
    const before = (await recordedActivity(t)).length;
    const refused = await askAgent(user.token, agent);
    const body = expectBudgetRefusal(refused, budget, nextUtcDay());
    expect((body['budget'] as Budget).spent).toBeGreaterThanOrEqual(5);
    expect(await recordedActivity(t)).toHaveLength(before);

    const conversation = await post(t, user.token, '/api/Chat/CreateConversation', {
      agentid: agent.id,
    });
    const streamed = await t.app.inject({
      method: 'POST',
      url: '/api/Chat/ChatWithAgent',
      headers: { authorization: `Bearer ${user.token}`, accept: 'text/event-stream' },
      payload: { conversationId: conversation.json<{ id: string }>().id, message: 'More' },
    });
    expectBudgetRefusal(streamed, budget, nextUtcDay());
    expect(streamed.body).not.toContain('event:');

    t.clock.advance(60);
    expect((await askAgent(user.token, agent)).statusCode).toBe(200);
  });

  it('a group budget per month adds up its members', async () => {
    const { user, agent } = await world();
    const other = await asUser(t);
    await assign(t, admin.token, agent.id, { userid: other.user.id });
    const group = await post(t, admin.token, '/api/Groups/CreateGroup', { name: 'Budgeted' });
    const groupId = group.json<{ id: string }>().id;
    for (const member of [user, other]) {
      const added = await post(t, admin.token, '/api/Users/AddUserToGroup', {
        userId: member.user.id,
        groupId,
      });
      expect(added.statusCode, added.body).toBe(200);
    }
    const first = await ask(t, user.token, { agentid: agent.id, question: 'One' });
    const used = first.usage.promptTokens + first.usage.completionTokens;
    const budget = await createBudget({
      scope: 'group',
      targetId: groupId,
      period: 'month',
      metric: 'tokens',
      limit: used + 1,
    });
    expect((await budgets()).find((b) => b.id === budget.id)?.spent).toBe(used);
    await ask(t, other.token, { agentid: agent.id, question: 'Two' });
    expectBudgetRefusal(await askAgent(user.token, agent), budget, nextUtcMonth());
    expectBudgetRefusal(await askAgent(other.token, agent), budget, nextUtcMonth());
  });

  it('an agent budget stops every user of the agent; a soft one stops no one', async () => {
    const { user, agent } = await world();
    const soft = await createBudget({
      scope: 'agent',
      targetId: agent.id,
      period: 'day',
      metric: 'tokens',
      limit: 1,
      enforcement: 'soft',
    });
    await ask(t, user.token, { agentid: agent.id, question: 'One' });
    await ask(t, user.token, { agentid: agent.id, question: 'Two' });
    expect((await budgets()).find((b) => b.id === soft.id)?.spent).toBeGreaterThan(1);

    const updated = await post(t, admin.token, '/api/Usage/UpdateBudget', {
      budgetId: soft.id,
      scope: 'agent',
      targetId: agent.id,
      period: 'day',
      metric: 'tokens',
      limit: 1,
      enforcement: 'hard',
    });
    expect(updated.statusCode, updated.body).toBe(200);
    expectBudgetRefusal(await askAgent(user.token, agent), soft, nextUtcDay());

    const deleted = await del(t, admin.token, `/api/Usage/DeleteBudget/${soft.id}`);
    expect(deleted.statusCode).toBe(204);
    expect((await askAgent(user.token, agent)).statusCode).toBe(200);
    expectProblem(await del(t, admin.token, `/api/Usage/DeleteBudget/${soft.id}`), 404);
  });
});

describe('budget validation', () => {
  it('refuses bad budgets with 400, and unknown targets with 404', async () => {
    const { user } = await world();
    const good = {
      scope: 'user',
      targetId: user.user.id,
      period: 'day',
      metric: 'cost',
      limit: 1,
    };
    for (const bad of [
      { ...good, scope: 'company' },
      { ...good, period: 'week' },
      { ...good, metric: 'messages' },
      { ...good, limit: 0 },
      { ...good, metric: 'tokens', limit: 1.5 },
      { ...good, enforcement: 'maybe' },
    ]) {
      expectProblem(await post(t, admin.token, '/api/Usage/CreateBudget', bad), 400);
    }
    expectProblem(
      await post(t, admin.token, '/api/Usage/CreateBudget', { ...good, targetId: 'nobody' }),
      404,
      /no user has the id "nobody"/,
    );
    expectProblem(
      await post(t, admin.token, '/api/Usage/UpdateBudget', { ...good, budgetId: 'none' }),
      404,
    );
  });

  it('records price and budget changes in the audit log', async () => {
    const { user } = await world();
    await createBudget({
      scope: 'user',
      targetId: user.user.id,
      period: 'day',
      metric: 'cost',
      limit: 3,
    });
    const logs = await get(t, admin.token, '/api/Logs/ListLogs?event=budget_created');
    expect(logs.json()).toContainEqual(
      expect.objectContaining({ event: 'budget_created', userId: admin.user.id }),
    );
  });
});
