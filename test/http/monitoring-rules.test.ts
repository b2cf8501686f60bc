import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/test-app.ts';
import {
  asUser,
  del,
  expectInsufficientScope,
  expectProblem,
  expectRoleDenied,
  genericToken,
  get,
  iso,
  post,
  type Caller,
} from '../helpers/api-requests.ts';
import {
  anEvent,
  createRule,
  listIssues,
  MONITOR_ENV,
  recordAndSettle,
  type Rule,
} from '../helpers/monitoring.ts';

// /api/Monitoring rules (Monitor and CompanyAdmin): alert rules over the activity record,
// evaluated as events are recorded. Each kind fires at its threshold and not below it.

let t: TestApp;
let monitor: Caller;

beforeEach(async () => {
  t = await createTestApp(MONITOR_ENV);
  monitor = await asUser(t, ['Monitor']);
});

afterEach(async () => {
  await t.close();
});

const blockedByUser = {
  name: 'Repeated blocked prompts',
  severity: 'high',
  definition: {
    kind: 'count',
    subject: 'user',
    threshold: 3,
    windowMinutes: 60,
    filter: { kinds: ['blocked'] },
  },
};

const HOUR = 3600;
const T0 = 1_800_000_000;

describe('access', () => {
  it('admits Monitor and CompanyAdmin, refuses User, Compliance and generic tokens', async () => {
    const admin = await asUser(t, ['CompanyAdmin']);
    const rule = await createRule(t, admin.token, blockedByUser);
    const issue = `{"issueId":"x"}`;
    for (const roles of [['User'], ['Compliance']] as const) {
      const { token } = await asUser(t, [...roles]);
      for (const response of [
        await get(t, token, '/api/Monitoring/ListRules'),
        await post(t, token, '/api/Monitoring/CreateRule', blockedByUser),
        await post(t, token, '/api/Monitoring/UpdateRule', { ruleId: rule.id, name: 'x' }),
        await del(t, token, `/api/Monitoring/DeleteRule/${rule.id}`),
        await get(t, token, '/api/Monitoring/ListIssues'),
        await get(t, token, '/api/Monitoring/GetIssue/x'),
        await post(t, token, '/api/Monitoring/UpdateIssue', JSON.parse(issue)),
        await post(t, token, '/api/Monitoring/CommentIssue', { issueId: 'x', comment: 'c' }),
      ]) {
        expectRoleDenied(response, 'Monitor');
      }
    }
    expectInsufficientScope(await get(t, await genericToken(t), '/api/Monitoring/ListRules'));
    expectProblem(await t.app.inject({ method: 'GET', url: '/api/Monitoring/ListRules' }), 401);
    const listed = await get(t, monitor.token, '/api/Monitoring/ListRules');
    expect(listed.json<Rule[]>().map((r) => r.id)).toEqual([rule.id]);
  });
});

describe('rules', () => {
  it('creates, lists, updates and deletes a rule, each change in the audit log', async () => {
    const rule = await createRule(t, monitor.token, blockedByUser);
    t.clock.advance(1);
    expect(rule).toEqual({
      id: expect.any(String),
      name: 'Repeated blocked prompts',
      severity: 'high',
      enabled: true,
      definition: blockedByUser.definition,
      createdAt: expect.stringMatching(/Z$/),
      updatedAt: expect.stringMatching(/Z$/),
    });
    const defaults = await createRule(t, monitor.token, {
      name: 'Any secret',
      definition: {
        kind: 'count',
        subject: 'company',
        threshold: 1,
        windowMinutes: 1,
        filter: { scanners: ['secrets'] },
      },
    });
    expect(defaults).toMatchObject({ severity: 'medium', enabled: true });

    t.clock.advance(1);
    const updated = await post(t, monitor.token, '/api/Monitoring/UpdateRule', {
      ruleId: rule.id,
      name: ' Blocked prompts ',
      enabled: false,
    });
    expect(updated.statusCode, updated.body).toBe(200);
    expect(updated.json<Rule>()).toMatchObject({
      name: 'Blocked prompts',
      enabled: false,
      severity: 'high',
      definition: blockedByUser.definition,
    });
    const listed = await get(t, monitor.token, '/api/Monitoring/ListRules');
    expect(listed.json<Rule[]>().map((r) => r.name)).toEqual(['Any secret', 'Blocked prompts']);

    t.clock.advance(1);
    expect((await del(t, monitor.token, `/api/Monitoring/DeleteRule/${rule.id}`)).statusCode).toBe(
      204,
    );
    expectProblem(await del(t, monitor.token, `/api/Monitoring/DeleteRule/${rule.id}`), 404);
    expectProblem(
      await post(t, monitor.token, '/api/Monitoring/UpdateRule', { ruleId: rule.id, name: 'x' }),
      404,
    );

    const admin = await asUser(t, ['CompanyAdmin']);
    const logs = await get(t, admin.token, '/api/Logs/ListLogs?results=100');
    const events = logs
      .json<{ event: string; userId: string; details: Record<string, unknown> }[]>()
      .filter((e) => e.event.startsWith('monitor_rule_'));
    expect(events.map((e) => [e.event, e.userId, e.details.ruleId])).toEqual([
      ['monitor_rule_deleted', monitor.user.id, rule.id],
      ['monitor_rule_updated', monitor.user.id, rule.id],
      ['monitor_rule_created', monitor.user.id, defaults.id],
      ['monitor_rule_created', monitor.user.id, rule.id],
    ]);
  });

  it.each([
    ['no name', { ...blockedByUser, name: '' }],
    ['a blank name', { ...blockedByUser, name: '   ' }],
    ['an unknown kind', { ...blockedByUser, definition: { kind: 'sometimes' } }],
    ['an unknown severity', { ...blockedByUser, severity: 'dire' }],
    [
      'a zero threshold',
      { ...blockedByUser, definition: { ...blockedByUser.definition, threshold: 0 } },
    ],
    [
      'a window over 30 days',
      { ...blockedByUser, definition: { ...blockedByUser.definition, windowMinutes: 43_201 } },
    ],
    [
      'an unknown scanner',
      {
        ...blockedByUser,
        definition: { ...blockedByUser.definition, filter: { scanners: ['psychic'] } },
      },
    ],
    [
      'an unknown event kind',
      {
        ...blockedByUser,
        definition: { ...blockedByUser.definition, filter: { kinds: ['sneeze'] } },
      },
    ],
    [
      'a spend rule for the company',
      {
        name: 'x',
        definition: {
          kind: 'spend',
          subject: 'company',
          metric: 'tokens',
          period: 'day',
          amount: 1,
        },
      },
    ],
    [
      'an error rate over 100%',
      {
        name: 'x',
        definition: { kind: 'error_rate', percent: 101, minCalls: 1, windowMinutes: 5 },
      },
    ],
    ['no definition', { name: 'x' }],
  ])('refuses a rule with %s (400)', async (_, body) => {
    expectProblem(await post(t, monitor.token, '/api/Monitoring/CreateRule', body), 400);
    const listed = await get(t, monitor.token, '/api/Monitoring/ListRules');
    expect(listed.json()).toEqual([]);
  });
});

describe('evaluation', () => {
  it('a count rule fires at N events of one user within the window, not below or outside', async () => {
    const rule = await createRule(t, monitor.token, blockedByUser);
    const blocked = (userId: string, at: number) =>
      anEvent({ kind: 'blocked', verdict: 'block', userId, at });
    await recordAndSettle(t, monitor.token, [
      // Two in the hour, then one more after it: never three within one hour.
      blocked('alice', T0),
      blocked('alice', T0 + 10),
      blocked('alice', T0 + HOUR + 20),
      // Three by three people, and three of another kind.
      blocked('bob', T0),
      blocked('carol', T0),
      anEvent({ userId: 'dave', at: T0 }),
      anEvent({ userId: 'dave', at: T0 + 1 }),
      anEvent({ userId: 'dave', at: T0 + 2 }),
    ]);
    expect(await listIssues(t, monitor.token, `&ruleId=${rule.id}`)).toEqual([]);

    // Two within the hour before it: still below.
    await recordAndSettle(t, monitor.token, [blocked('alice', T0 + HOUR + 30)]);
    expect(await listIssues(t, monitor.token, `&ruleId=${rule.id}`)).toEqual([]);
    await recordAndSettle(t, monitor.token, [blocked('alice', T0 + HOUR + 40)]);
    await recordAndSettle(t, monitor.token, [blocked('alice', T0 + HOUR + 50)]);
    const [issue, ...others] = await listIssues(t, monitor.token, `&ruleId=${rule.id}`);
    expect(others).toEqual([]);
    expect(issue).toMatchObject({
      ruleId: rule.id,
      ruleName: 'Repeated blocked prompts',
      subject: 'user:alice',
      severity: 'high',
      status: 'open',
      assigneeId: null,
      // The third within an hour opened it, the next one added to it.
      occurrences: 2,
      firstSeenAt: iso(T0 + HOUR + 40),
      lastSeenAt: iso(T0 + HOUR + 50),
    });
  });

  it('"any Secrets finding" fires on every such event; a disabled rule never fires', async () => {
    const secrets = await createRule(t, monitor.token, {
      name: 'Any secret',
      severity: 'critical',
      definition: {
        kind: 'count',
        subject: 'company',
        threshold: 1,
        windowMinutes: 1,
        filter: { scanners: ['secrets'], findingTypes: ['aws_access_key'] },
      },
    });
    const disabled = await createRule(t, monitor.token, {
      ...blockedByUser,
      enabled: false,
      definition: { ...blockedByUser.definition, threshold: 1 },
    });
    await recordAndSettle(t, monitor.token, [
      anEvent({ verdict: 'redact', scanners: ['secrets'], findingTypes: ['aws_access_key'] }),
      anEvent({ verdict: 'redact', scanners: ['secrets'], findingTypes: ['github_token'] }),
      anEvent({ verdict: 'flag', scanners: ['regex'], findingTypes: ['aws_access_key'] }),
      anEvent({
        kind: 'blocked',
        verdict: 'block',
        userId: 'erin',
        scanners: ['secrets', 'personalInformation'],
        findingTypes: ['aws_access_key', 'email'],
      }),
    ]);
    const issues = await listIssues(t, monitor.token, `&ruleId=${secrets.id}`);
    expect(issues.map((i) => [i.subject, i.severity, i.occurrences])).toEqual([
      ['company', 'critical', 2],
    ]);
    expect(await listIssues(t, monitor.token, `&ruleId=${disabled.id}`)).toEqual([]);
  });

  it('injection attempts on one agent fire per agent', async () => {
    const rule = await createRule(t, monitor.token, {
      name: 'Injection on the support agent',
      definition: {
        kind: 'count',
        subject: 'agent',
        threshold: 2,
        windowMinutes: 10,
        filter: { scanners: ['promptInjection', 'aiPromptInjection'], agentId: 'support' },
      },
    });
    const injection = (agentId: string, userId: string, at: number) =>
      anEvent({
        kind: 'blocked',
        verdict: 'block',
        agentId,
        userId,
        at,
        scanners: ['promptInjection'],
        findingTypes: ['prompt_injection'],
      });
    await recordAndSettle(t, monitor.token, [
      injection('sales', 'u1', T0),
      injection('sales', 'u2', T0 + 1),
      injection('support', 'u1', T0),
      injection('support', 'u2', T0 + 11 * 60),
    ]);
    expect(await listIssues(t, monitor.token, `&ruleId=${rule.id}`)).toEqual([]);
    await recordAndSettle(t, monitor.token, [injection('support', 'u3', T0 + 12 * 60)]);
    const issues = await listIssues(t, monitor.token, `&ruleId=${rule.id}`);
    expect(issues.map((i) => [i.subject, i.occurrences])).toEqual([['agent:support', 1]]);
  });

  it("a spend rule fires when a user's tokens in the UTC day reach the amount", async () => {
    const rule = await createRule(t, monitor.token, {
      name: 'Daily tokens',
      definition: { kind: 'spend', subject: 'user', metric: 'tokens', period: 'day', amount: 1000 },
    });
    const monthly = await createRule(t, monitor.token, {
      name: 'Monthly cost of an agent',
      definition: {
        kind: 'spend',
        subject: 'agent',
        metric: 'costMicros',
        period: 'month',
        amount: 5_000_000,
      },
    });
    // 2027-01-15 00:00 UTC, and the last second of the day before.
    const day = Date.UTC(2027, 0, 15) / 1000;
    const answer = (userId: string, at: number, tokens: number, costMicros: number) =>
      anEvent({
        kind: 'answer',
        userId,
        at,
        promptTokens: tokens / 2,
        completionTokens: tokens / 2,
        costMicros,
      });
    await recordAndSettle(t, monitor.token, [
      answer('frank', day - 1, 800, 2_000_000),
      answer('frank', day, 600, 2_000_000),
      answer('grace', day, 998, 0),
    ]);
    expect(await listIssues(t, monitor.token, `&ruleId=${rule.id}`)).toEqual([]);
    expect(await listIssues(t, monitor.token, `&ruleId=${monthly.id}`)).toEqual([]);

    await recordAndSettle(t, monitor.token, [
      answer('frank', day + 60, 400, 1_000_000),
      answer('grace', day + 60, 2, 0),
    ]);
    const issues = await listIssues(t, monitor.token, `&ruleId=${rule.id}`);
    expect(issues.map((i) => i.subject).sort()).toEqual(['user:frank', 'user:grace']);
    // The same month: 2 + 2 + 1 dollars for agent-1.
    const costly = await listIssues(t, monitor.token, `&ruleId=${monthly.id}`);
    expect(costly.map((i) => i.subject)).toEqual(['agent:agent-1']);
  });

  it("an error rate rule fires when an agent's provider errors reach the share of enough calls", async () => {
    const rule = await createRule(t, monitor.token, {
      name: 'Provider errors',
      definition: { kind: 'error_rate', percent: 50, minCalls: 4, windowMinutes: 5 },
    });
    const call = (kind: 'answer' | 'provider_error', at: number) =>
      anEvent({ kind, agentId: 'flaky', at });
    await recordAndSettle(t, monitor.token, [
      // Old errors out of the window, then 1 error in 3 calls, then 2 in 4 but only 1 of 2 before.
      call('provider_error', T0 - 600),
      call('provider_error', T0 - 590),
      call('answer', T0),
      call('answer', T0 + 1),
      call('provider_error', T0 + 2),
    ]);
    expect(await listIssues(t, monitor.token, `&ruleId=${rule.id}`)).toEqual([]);
    await recordAndSettle(t, monitor.token, [call('provider_error', T0 + 3)]);
    const issues = await listIssues(t, monitor.token, `&ruleId=${rule.id}`);
    expect(issues.map((i) => [i.subject, i.occurrences])).toEqual([['agent:flaky', 1]]);
  });
});
