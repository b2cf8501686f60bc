import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/test-app.ts';
import {
  asUser,
  expectInsufficientScope,
  expectProblem,
  genericToken,
  post,
  type Caller,
} from '../helpers/api-requests.ts';
import { anAgent, ask, assign } from '../helpers/chat.ts';
import { anActivityEvent } from '../helpers/activity-events.ts';
import type { NewActivityEvent } from '../../src/store/activity-store.ts';
import { dayOf } from '../../src/vocabulary/activity.ts';

// POST /api/Dashboards/QueryElement: Top N, Totals, Charts and Maps over the activity record's
// daily sums, for Monitor and CompanyAdmin. The expected numbers are worked out from the seed.

interface ElementResult {
  range: { since: string; until: string };
  rows?: { key: string; label: string; value: number }[];
  totals?: Record<string, number>;
  dates?: string[];
  series?: { key: string; label: string; values: number[] }[];
}

const DAY = 86_400;
let t: TestApp;
let admin: Caller;
let monitor: Caller;
let people: Record<'ada' | 'bob' | 'cyd', Caller>;
let agents: Record<'alpha' | 'beta', string>;
let financeId: string;
let today: number;

const date = (day: number) => new Date(day * DAY * 1000).toISOString().slice(0, 10);

function turn(
  who: Caller,
  agentId: string,
  day: number,
  extra: { model: string; country: string; tokens: [number, number]; costMicros: number },
): NewActivityEvent[] {
  const common = {
    at: day * DAY + 3600,
    userId: who.user.id,
    agentId,
    model: extra.model,
    engine: 'demo',
    country: extra.country,
  };
  return [
    anActivityEvent({ ...common, kind: 'prompt', text: 'question' }),
    anActivityEvent({
      ...common,
      kind: 'answer',
      text: 'answer',
      promptTokens: extra.tokens[0],
      completionTokens: extra.tokens[1],
      costMicros: extra.costMicros,
    }),
  ];
}

async function query(body: Record<string, unknown>, token = monitor.token): Promise<ElementResult> {
  const response = await post(t, token, '/api/Dashboards/QueryElement', body);
  expect(response.statusCode, response.body).toBe(200);
  return response.json<ElementResult>();
}

beforeEach(async () => {
  t = await createTestApp();
  today = dayOf(t.clock.nowSeconds());
  admin = await asUser(t, ['CompanyAdmin']);
  monitor = await asUser(t, ['Monitor']);
  people = {
    ada: await asUser(t, ['User'], { email: 'ada@example.com' }),
    bob: await asUser(t, ['User'], { email: 'bob@example.com' }),
    cyd: await asUser(t, ['User'], { email: 'cyd@example.com' }),
  };
  agents = {
    alpha: (await anAgent(t, admin.token, { name: 'Alpha' })).id,
    beta: (await anAgent(t, admin.token, { name: 'Beta' })).id,
  };
  financeId = 'group-finance';
  await t.store.groups.insert({ id: financeId, name: 'Finance', description: '', createdAt: 0 });
  await t.store.groups.addMember(financeId, people.ada.user.id, 0);
  await t.store.groups.addMember(financeId, people.bob.user.id, 0);
  const ada = {
    model: 'm1',
    country: 'DE',
    tokens: [10, 20] as [number, number],
    costMicros: 1500,
  };
  await t.store.activity.record([
    ...turn(people.ada, agents.alpha, today, ada),
    ...turn(people.ada, agents.alpha, today, ada),
    ...turn(people.bob, agents.beta, today - 1, {
      model: 'm2',
      country: 'FR',
      tokens: [5, 5],
      costMicros: 500,
    }),
    anActivityEvent({
      at: (today - 1) * DAY,
      kind: 'blocked',
      userId: people.bob.user.id,
      agentId: agents.beta,
      country: 'FR',
      verdict: 'block',
    }),
    ...turn(people.cyd, agents.alpha, today, {
      model: 'm1',
      country: 'US',
      tokens: [1, 1],
      costMicros: 0,
    }),
    anActivityEvent({
      at: today * DAY,
      kind: 'provider_error',
      userId: people.cyd.user.id,
      agentId: agents.alpha,
      model: 'm1',
      country: 'US',
    }),
    // Outside the default range (the last 30 days).
    ...turn(people.ada, agents.alpha, today - 40, ada),
  ]);
});

afterEach(async () => {
  await t.close();
});

describe('Dashboard elements', () => {
  it('totals add up the last 30 days by default', async () => {
    const result = await query({ kind: 'totals' });
    expect(result.range).toEqual({ since: date(today - 29), until: date(today) });
    expect(result.totals).toEqual({
      messages: 8,
      prompts: 4,
      answers: 4,
      tokens: 72,
      promptTokens: 26,
      completionTokens: 46,
      cost: 0.0035,
      blocks: 1,
      errors: 1,
      files: 0,
      activeUsers: 3,
    });
  });

  it('ranks users, agents, models and groups by a metric, with names', async () => {
    const users = await query({ kind: 'topN', dimension: 'user', metric: 'messages' });
    expect(users.rows?.[0]).toEqual({
      key: people.ada.user.id,
      label: 'ada@example.com',
      value: 4,
    });
    expect(
      users.rows
        ?.slice(1)
        .map((row) => [row.label, row.value])
        .sort(),
    ).toEqual([
      ['bob@example.com', 2],
      ['cyd@example.com', 2],
    ]);
    const byCost = await query({ kind: 'topN', dimension: 'user', metric: 'cost', limit: 5 });
    // cyd's turn cost nothing: ranked lists leave out zeros.
    expect(byCost.rows?.map((row) => [row.label, row.value])).toEqual([
      ['ada@example.com', 0.003],
      ['bob@example.com', 0.0005],
    ]);
    const top1 = await query({ kind: 'topN', dimension: 'agent', metric: 'tokens', limit: 1 });
    expect(top1.rows).toEqual([{ key: agents.alpha, label: 'Alpha', value: 62 }]);
    const models = await query({ kind: 'topN', dimension: 'model', metric: 'errors' });
    expect(models.rows).toEqual([{ key: 'm1', label: 'm1', value: 1 }]);
    const groups = await query({ kind: 'topN', dimension: 'group', metric: 'messages' });
    expect(groups.rows).toEqual([{ key: financeId, label: 'Finance', value: 6 }]);
    const blocks = await query({ kind: 'topN', dimension: 'user', metric: 'blocks' });
    expect(blocks.rows?.map((row) => row.label)).toEqual(['bob@example.com']);
  });

  it('groups count their current members', async () => {
    await t.store.groups.removeMember(financeId, people.bob.user.id);
    const groups = await query({ kind: 'topN', dimension: 'group' });
    expect(groups.rows).toEqual([{ key: financeId, label: 'Finance', value: 4 }]);
  });

  it('maps a metric by country, named', async () => {
    const messages = await query({ kind: 'map', metric: 'messages' });
    expect(messages.rows?.[0]).toEqual({ key: 'DE', label: 'Germany', value: 4 });
    expect(
      messages.rows
        ?.map((row) => row.key)
        .slice(1)
        .sort(),
    ).toEqual(['FR', 'US']);
    const blocks = await query({ kind: 'map', metric: 'blocks' });
    expect(blocks.rows).toEqual([{ key: 'FR', label: 'France', value: 1 }]);
  });

  it('charts a metric per day, every day of the range, split by a dimension', async () => {
    const chart = await query({ kind: 'chart', metric: 'prompts', range: { lastDays: 3 } });
    expect(chart.dates).toEqual([date(today - 2), date(today - 1), date(today)]);
    expect(chart.series).toEqual([{ key: '', label: 'All', values: [0, 1, 3] }]);
    const split = await query({
      kind: 'chart',
      metric: 'prompts',
      dimension: 'user',
      range: { lastDays: 2 },
    });
    expect(split.series?.[0]).toEqual({
      key: people.ada.user.id,
      label: 'ada@example.com',
      values: [0, 2],
    });
    expect(split.series).toHaveLength(3);
  });

  it('filters by user, group, agent, model and country', async () => {
    const messages = async (filters: Record<string, unknown>) =>
      (await query({ kind: 'totals', filters })).totals?.messages;
    expect(await messages({ userIds: [people.bob.user.id] })).toBe(2);
    expect(await messages({ groupIds: [financeId] })).toBe(6);
    expect(await messages({ agentIds: [agents.alpha] })).toBe(6);
    expect(await messages({ models: ['m2'] })).toBe(2);
    expect(await messages({ countries: ['de', 'US'] })).toBe(6);
    expect(await messages({ agentIds: [agents.alpha], countries: ['FR'] })).toBe(0);
  });

  it('takes whole UTC days, both ends included', async () => {
    const old = await query({
      kind: 'totals',
      range: { since: date(today - 40), until: date(today - 40) },
    });
    expect(old.totals?.messages).toBe(2);
    const yesterday = await query({
      kind: 'totals',
      range: { since: date(today - 1), until: date(today - 1) },
    });
    expect(yesterday.totals?.prompts).toBe(1);
    const everything = await query({ kind: 'totals', range: { lastDays: 41 } });
    expect(everything.totals?.messages).toBe(10);
  });

  it('counts the chat as it happens', async () => {
    const dan = await asUser(t, ['User']);
    await assign(t, admin.token, agents.beta, { userid: dan.user.id });
    const first = await ask(t, dan.token, { agentid: agents.beta, question: 'Hello there' });
    const second = await ask(t, dan.token, {
      agentid: agents.beta,
      question: 'And again',
      conversationId: first.conversationId,
    });
    const result = await query({ kind: 'totals', filters: { userIds: [dan.user.id] } });
    expect(result.totals).toMatchObject({
      prompts: 2,
      answers: 2,
      promptTokens: first.usage.promptTokens + second.usage.promptTokens,
      completionTokens: first.usage.completionTokens + second.usage.completionTokens,
      activeUsers: 1,
    });
    const models = await query({
      kind: 'topN',
      dimension: 'model',
      filters: { userIds: [dan.user.id] },
    });
    expect(models.rows).toEqual([{ key: 'demo', label: 'demo', value: 4 }]);
  });

  it('refuses incomplete or contradictory elements with a problem naming the field', async () => {
    const bad = (body: Record<string, unknown>, detail: RegExp) =>
      post(t, monitor.token, '/api/Dashboards/QueryElement', body).then((r) =>
        expectProblem(r, 400, detail),
      );
    await bad({ kind: 'topN' }, /dimension/);
    await bad({ kind: 'pie' }, /kind/);
    await bad({ kind: 'totals', metric: 'vibes' }, /metric/);
    await bad({ kind: 'totals', range: { since: date(today), until: date(today - 1) } }, /since/);
    await bad({ kind: 'totals', range: { lastDays: 3, since: date(today) } }, /lastDays/);
    await bad({ kind: 'totals', range: { since: 'yesterday' } }, /since/);
    await bad({ kind: 'map', filters: { countries: ['DEU'] } }, /countries/);
  });

  it('is for Monitor and CompanyAdmin only', async () => {
    expect((await query({ kind: 'totals' }, admin.token)).totals?.prompts).toBe(4);
    const url = '/api/Dashboards/QueryElement';
    for (const roles of [['User'], ['Compliance']] as const) {
      const caller = await asUser(t, [...roles]);
      const denied = expectProblem(await post(t, caller.token, url, { kind: 'totals' }), 403);
      expect(denied.detail).toContain('Monitor');
    }
    expectInsufficientScope(await post(t, await genericToken(t), url, { kind: 'totals' }));
    expectProblem(await t.app.inject({ method: 'POST', url, payload: { kind: 'totals' } }), 401);
  });
});
