import { randomUUID } from 'node:crypto';
import { onTestFinished } from 'vitest';
import { post } from '../helpers/api-requests.ts';
import { createRule, type Rule } from '../helpers/monitoring.ts';
import { startWebhookReceiver } from '../helpers/webhook-receiver.ts';
import {
  freshAgent,
  freshUser,
  get,
  postJson,
  unique,
  type Prepare,
  type World,
} from './case-world.ts';

// The request cases of the Monitoring and Usage operations (rules, issues, notification targets,
// model prices and budgets), in the form of request-cases.ts. Every rule made here counts a
// finding type no event has, so that the rule evaluation never opens an issue of its own: the
// issues are opened through the store, as the evaluation opens them, at times chosen here.

/** A rule that never fires on what the world records. */
const NEVER_FIRES = {
  kind: 'count',
  subject: 'user',
  threshold: 1,
  windowMinutes: 60,
  filter: { findingTypes: ['casing-never'] },
};

/** A loopback address where no receiver listens (the discard port): for targets never sent to. */
const SILENT_HOOK = 'http://127.0.0.1:9/casing-hook';

const freshRule = (w: World): Promise<Rule> =>
  createRule(w.t, w.admin.token, { name: unique('Casing rule '), definition: NEVER_FIRES });

async function freshTarget(w: World, ruleId: string, kind: string, address: string) {
  const response = await post(w.t, w.admin.token, '/api/Monitoring/AddTarget', {
    ruleId,
    kind,
    address,
  });
  return response.json<{ id: string }>().id;
}

/** An issue of the rule for `subject`, opened at `at` as the rule evaluation opens one. */
async function openIssue(w: World, rule: Rule, subject: string, at: number): Promise<string> {
  const { monitoring } = w.t.store;
  const { issueId } = await monitoring.recordOccurrence({
    id: randomUUID(),
    ruleId: rule.id,
    subject,
    title: `${rule.name}: ${subject}`,
    severity: rule.severity,
    at,
    seq: 0,
  });
  await monitoring.addIssueEvent({ issueId, at, actorId: null, kind: 'opened', details: {} });
  return issueId;
}

async function freshIssue(w: World): Promise<{ rule: Rule; issueId: string }> {
  const rule = await freshRule(w);
  return { rule, issueId: await openIssue(w, rule, 'user:casing', w.t.clock.nowSeconds()) };
}

/**
 * The ids of the issue's history, and of the `added` events the request adds, read as names:
 * history ids increase across all issues, and nothing else writes history between preparing
 * and sending (no rule of the world fires), so the request's events take the next ids.
 */
async function historyIds(w: World, issueId: string, added = 0): Promise<Record<string, string>> {
  const ids = (await w.t.store.monitoring.listIssueEvents(issueId)).map((event) => event.id);
  const last = ids.at(-1) ?? 0;
  ids.push(...Array.from({ length: added }, (_, i) => last + i + 1));
  return Object.fromEntries(ids.map((id, i) => [`event${i}`, `"id":${id},`]));
}

/**
 * Issues of a fresh rule, newest first, for ListIssues: acknowledged and assigned to the admin
 * but for one open and one unassigned, so that each filter and the paging changes the second
 * match. Without the rule, other issues come in first (the last listing's, at the same times,
 * at least), so the second match differs too.
 */
async function issuesToList(w: World): Promise<Rule> {
  const rule = await freshRule(w);
  const newest = w.t.clock.nowSeconds() - 60;
  const admin = w.admin.user.id;
  const states = [
    { status: 'acknowledged', assigneeId: admin },
    { status: 'open', assigneeId: admin },
    { status: 'acknowledged', assigneeId: null },
    { status: 'acknowledged', assigneeId: admin },
    { status: 'acknowledged', assigneeId: admin },
  ];
  for (const [i, state] of states.entries()) {
    const issueId = await openIssue(w, rule, `user:casing-${i}`, newest - i);
    await w.t.store.monitoring.updateIssue(issueId, { ...state, updatedAt: newest - i });
  }
  return rule;
}

/**
 * An issue with two announcements in the outbox, as the delivery worker leaves them: a webhook
 * given up on and an email whose next attempt is far off (the worker runs on wall-clock time).
 */
async function issueWithDeliveries(w: World): Promise<string> {
  const { rule, issueId } = await freshIssue(w);
  const at = w.t.clock.nowSeconds();
  const delivery = (targetId: string, fields: Record<string, unknown>, createdAt: number) => ({
    id: randomUUID(),
    issueId,
    targetId,
    payload: { type: 'monitoring.issue.opened' },
    createdAt,
    updatedAt: at + 3600,
    status: 'pending',
    attempts: 1,
    nextAttemptAt: Date.UTC(2100, 0, 1),
    lastError: null,
    ...fields,
  });
  await w.t.store.monitoringNotifications.insertDeliveries([
    delivery(
      await freshTarget(w, rule.id, 'webhook', SILENT_HOOK),
      { status: 'failed', attempts: 8, nextAttemptAt: at * 1000, lastError: 'HTTP 500' },
      at,
    ),
    delivery(
      await freshTarget(w, rule.id, 'email', 'casing-alerts@example.com'),
      { lastError: 'no mail server is configured' },
      at + 1,
    ),
  ]);
  return issueId;
}

/** A rule whose one target is a webhook receiver on loopback (closed with the test). */
async function ruleWithWebhookReceiver(w: World) {
  const receiver = await startWebhookReceiver();
  onTestFinished(() => receiver.close());
  const rule = await freshRule(w);
  await freshTarget(w, rule.id, 'webhook', `${receiver.url}/casing-hook`);
  return { rule, receiver };
}

const freshPrice = async (w: World) => {
  const model = unique('casing-model-');
  await post(w.t, w.admin.token, '/api/Usage/SetPrice', {
    engine: 'openai',
    model,
    inputPerMillion: 1,
    outputPerMillion: 2,
  });
  return model;
};

async function freshBudget(w: World): Promise<string> {
  const response = await post(w.t, w.admin.token, '/api/Usage/CreateBudget', {
    scope: 'user',
    targetId: await freshUser(w),
    period: 'day',
    metric: 'cost',
    limit: 10,
  });
  return response.json<{ id: string }>().id;
}

export const MONITORING_USAGE_CASES: Record<string, Prepare[]> = {
  'GET /api/Monitoring/ListRules': [async (w) => get('/api/Monitoring/ListRules', w.admin.token)],
  'POST /api/Monitoring/CreateRule': [
    async (w) => {
      const name = unique('Created rule ');
      return {
        ...postJson('/api/Monitoring/CreateRule', w.admin.token, {
          name,
          severity: 'high',
          enabled: false,
          definition: NEVER_FIRES,
        }),
        made: { name },
      };
    },
  ],
  'POST /api/Monitoring/UpdateRule': [
    async (w) => {
      const name = unique('Updated rule ');
      return {
        ...postJson('/api/Monitoring/UpdateRule', w.admin.token, {
          ruleId: (await freshRule(w)).id,
          name,
          severity: 'critical',
          enabled: false,
          definition: {
            kind: 'spend',
            subject: 'agent',
            metric: 'tokens',
            period: 'month',
            amount: Number.MAX_SAFE_INTEGER,
          },
        }),
        made: { name },
      };
    },
  ],
  'DELETE /api/Monitoring/DeleteRule/{ruleId}': [
    async (w) => ({
      method: 'DELETE',
      url: `/api/Monitoring/DeleteRule/${(await freshRule(w)).id}`,
      token: w.admin.token,
    }),
  ],
  'GET /api/Monitoring/ListIssues': [
    async (w) => {
      const rule = await issuesToList(w);
      return {
        ...get('/api/Monitoring/ListIssues', w.admin.token, {
          results: '1',
          skip: '1',
          status: 'acknowledged',
          ruleId: rule.id,
          assigneeId: w.admin.user.id,
        }),
        made: { ruleName: rule.name },
      };
    },
  ],
  'GET /api/Monitoring/GetIssue/{issueId}': [
    async (w) => {
      const { rule, issueId } = await freshIssue(w);
      await post(w.t, w.admin.token, '/api/Monitoring/CommentIssue', {
        issueId,
        comment: 'Seen before',
      });
      return {
        ...get(`/api/Monitoring/GetIssue/${issueId}`, w.admin.token),
        made: { ruleName: rule.name, ...(await historyIds(w, issueId)) },
      };
    },
  ],
  'POST /api/Monitoring/UpdateIssue': [
    async (w) => {
      const { rule, issueId } = await freshIssue(w);
      return {
        ...postJson('/api/Monitoring/UpdateIssue', w.admin.token, {
          issueId,
          status: 'acknowledged',
          assigneeId: w.admin.user.id,
        }),
        made: { ruleName: rule.name, ...(await historyIds(w, issueId, 2)) },
      };
    },
  ],
  'POST /api/Monitoring/CommentIssue': [
    async (w) => {
      const { issueId } = await freshIssue(w);
      return {
        ...postJson('/api/Monitoring/CommentIssue', w.admin.token, {
          issueId,
          comment: 'Looking into it',
        }),
        made: await historyIds(w, issueId, 1),
      };
    },
  ],
  // An email target: a webhook's would answer with its signing secret, new on every request.
  'POST /api/Monitoring/AddTarget': [
    async (w) =>
      postJson('/api/Monitoring/AddTarget', w.admin.token, {
        ruleId: (await freshRule(w)).id,
        kind: 'email',
        address: 'casing-alerts@example.com',
      }),
  ],
  'GET /api/Monitoring/ListTargets/{ruleId}': [
    async (w) => {
      const rule = await freshRule(w);
      await freshTarget(w, rule.id, 'webhook', SILENT_HOOK);
      return get(`/api/Monitoring/ListTargets/${rule.id}`, w.admin.token);
    },
  ],
  'DELETE /api/Monitoring/RemoveTarget/{targetId}': [
    async (w) => {
      const rule = await freshRule(w);
      return {
        method: 'DELETE',
        url: `/api/Monitoring/RemoveTarget/${await freshTarget(w, rule.id, 'webhook', SILENT_HOOK)}`,
        token: w.admin.token,
      };
    },
  ],
  'POST /api/Monitoring/TestRule/{ruleId}': [
    async (w) => {
      const { rule, receiver } = await ruleWithWebhookReceiver(w);
      return {
        method: 'POST',
        url: `/api/Monitoring/TestRule/${rule.id}`,
        token: w.admin.token,
        made: { receiver: receiver.url },
      };
    },
    async (w) => {
      // By email, through the company's mail server.
      const rule = await freshRule(w);
      await freshTarget(w, rule.id, 'email', 'casing-alerts@example.com');
      return { method: 'POST', url: `/api/Monitoring/TestRule/${rule.id}`, token: w.admin.token };
    },
  ],
  'GET /api/Monitoring/ListDeliveries/{issueId}': [
    async (w) =>
      get(`/api/Monitoring/ListDeliveries/${await issueWithDeliveries(w)}`, w.admin.token),
  ],
  'GET /api/Usage/ListPrices': [async (w) => get('/api/Usage/ListPrices', w.admin.token)],
  'POST /api/Usage/SetPrice': [
    async (w) => {
      const model = unique('casing-model-');
      return {
        ...postJson('/api/Usage/SetPrice', w.admin.token, {
          engine: 'mistral',
          model,
          inputPerMillion: 2.5,
          outputPerMillion: 10,
        }),
        made: { model },
      };
    },
  ],
  'POST /api/Usage/DeletePrice': [
    async (w) =>
      postJson('/api/Usage/DeletePrice', w.admin.token, {
        engine: 'openai',
        model: await freshPrice(w),
      }),
  ],
  'GET /api/Usage/ListBudgets': [async (w) => get('/api/Usage/ListBudgets', w.admin.token)],
  'POST /api/Usage/CreateBudget': [
    async (w) => {
      const targetId = await freshUser(w);
      return {
        ...postJson('/api/Usage/CreateBudget', w.admin.token, {
          scope: 'user',
          targetId,
          period: 'month',
          metric: 'tokens',
          limit: 50_000,
          enforcement: 'soft',
        }),
        made: { targetId },
      };
    },
  ],
  'POST /api/Usage/UpdateBudget': [
    async (w) => {
      const budgetId = await freshBudget(w);
      const targetId = await freshAgent(w);
      return {
        ...postJson('/api/Usage/UpdateBudget', w.admin.token, {
          budgetId,
          scope: 'agent',
          targetId,
          period: 'month',
          metric: 'tokens',
          limit: 75_000,
          enforcement: 'soft',
        }),
        made: { targetId },
      };
    },
  ],
  'DELETE /api/Usage/DeleteBudget/{budgetId}': [
    async (w) => ({
      method: 'DELETE',
      url: `/api/Usage/DeleteBudget/${await freshBudget(w)}`,
      token: w.admin.token,
    }),
  ],
  'GET /api/Usage/MyBudgets': [async (w) => get('/api/Usage/MyBudgets', w.user.token)],
};
