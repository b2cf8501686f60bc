import { randomBytes } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, openTestApp, type TestApp } from '../helpers/test-app.ts';
import { asUser, expectProblem, get, post, type Caller } from '../helpers/api-requests.ts';
import { sharedDatabase } from '../helpers/test-store.ts';
import { pollUntil } from '../helpers/eventually.ts';
import {
  anEvent,
  createRule,
  listIssues,
  MONITOR_ENV,
  recordAndSettle,
  type Issue,
  type IssueEvent,
  type Rule,
} from '../helpers/monitoring.ts';

// /api/Monitoring issues ("Editing Issues"): what a firing rule opens; status open, acknowledged
// or resolved, an assignee, comments, and a history of each change.

type IssueDetail = Issue & { history: IssueEvent[] };

const anySecret = {
  name: 'Any secret',
  severity: 'critical',
  definition: {
    kind: 'count',
    subject: 'user',
    threshold: 1,
    windowMinutes: 1,
    filter: { scanners: ['secrets'] },
  },
};

const secretBy = (userId: string, at = 1_800_000_000) =>
  anEvent({
    userId,
    at,
    verdict: 'redact',
    scanners: ['secrets'],
    findingTypes: ['aws_access_key'],
  });

describe('issue workflow', () => {
  let t: TestApp;
  let monitor: Caller;
  let rule: Rule;

  beforeEach(async () => {
    t = await createTestApp(MONITOR_ENV);
    monitor = await asUser(t, ['Monitor']);
    rule = await createRule(t, monitor.token, anySecret);
  });

  afterEach(async () => {
    await t.close();
  });

  async function getIssue(id: string, token = monitor.token): Promise<IssueDetail> {
    const response = await get(t, token, `/api/Monitoring/GetIssue/${id}`);
    expect(response.statusCode, response.body).toBe(200);
    return response.json<IssueDetail>();
  }

  async function update(body: Record<string, unknown>): Promise<IssueDetail> {
    const response = await post(t, monitor.token, '/api/Monitoring/UpdateIssue', body);
    expect(response.statusCode, response.body).toBe(200);
    return response.json<IssueDetail>();
  }

  it('acknowledges, assigns, comments and resolves; a later event opens a new issue', async () => {
    await recordAndSettle(t, monitor.token, [secretBy('alice', t.clock.nowSeconds())]);
    const [opened] = await listIssues(t, monitor.token, `&ruleId=${rule.id}`);
    expect(opened).toMatchObject({ status: 'open', subject: 'user:alice', occurrences: 1 });
    expect((await getIssue(opened!.id)).history).toEqual([
      {
        id: expect.any(Number),
        at: opened!.firstSeenAt,
        actorId: null,
        actorName: null,
        kind: 'opened',
        details: { seq: expect.any(Number) },
      },
    ]);

    const admin = await asUser(t, ['CompanyAdmin']);
    t.clock.advance(1);
    const acknowledged = await update({
      issueId: opened!.id,
      status: 'acknowledged',
      assigneeId: admin.user.id,
    });
    expect(acknowledged).toMatchObject({ status: 'acknowledged', assigneeId: admin.user.id });
    t.clock.advance(1);
    const commented = await post(t, admin.token, '/api/Monitoring/CommentIssue', {
      issueId: opened!.id,
      comment: '  Rotated the key.  ',
    });
    expect(commented.statusCode, commented.body).toBe(201);
    expect(commented.json()).toMatchObject({
      actorId: admin.user.id,
      kind: 'commented',
      details: { comment: 'Rotated the key.' },
    });

    // Still unresolved: another secret adds to it.
    await recordAndSettle(t, monitor.token, [secretBy('alice', t.clock.nowSeconds())]);
    t.clock.advance(1);
    const resolved = await update({ issueId: opened!.id, status: 'resolved', assigneeId: null });
    expect(resolved).toMatchObject({ status: 'resolved', assigneeId: null, occurrences: 2 });
    expect(resolved.history.map((e) => [e.kind, e.actorId, e.details])).toEqual([
      ['opened', null, { seq: expect.any(Number) }],
      ['status_changed', monitor.user.id, { from: 'open', to: 'acknowledged' }],
      ['assigned', monitor.user.id, { from: null, to: admin.user.id }],
      ['commented', admin.user.id, { comment: 'Rotated the key.' }],
      ['status_changed', monitor.user.id, { from: 'acknowledged', to: 'resolved' }],
      ['assigned', monitor.user.id, { from: admin.user.id, to: null }],
    ]);

    await recordAndSettle(t, monitor.token, [secretBy('alice')]);
    const issues = await listIssues(t, monitor.token, `&ruleId=${rule.id}`);
    expect(issues.map((i) => [i.status, i.occurrences])).toEqual([
      ['open', 1],
      ['resolved', 2],
    ]);
    // Two unresolved issues for one subject would be one too many.
    expectProblem(
      await post(t, monitor.token, '/api/Monitoring/UpdateIssue', {
        issueId: opened!.id,
        status: 'open',
      }),
      409,
    );
    await update({ issueId: issues[0]!.id, status: 'resolved' });
    expect(await update({ issueId: opened!.id, status: 'open' })).toMatchObject({ status: 'open' });
  });

  it('names its subject, its assignee and the actors of its history', async () => {
    const ada = await asUser(t, ['User'], { name: 'Ada Lovelace' });
    const admin = await asUser(t, ['CompanyAdmin'], { name: 'Grace Hopper' });
    await recordAndSettle(t, monitor.token, [secretBy(ada.user.id, t.clock.nowSeconds())]);
    const [opened] = await listIssues(t, monitor.token, `&ruleId=${rule.id}`);
    expect(opened).toMatchObject({ subjectName: 'Ada Lovelace', assigneeName: null });

    const assigned = await update({ issueId: opened!.id, assigneeId: admin.user.id });
    expect(assigned.assigneeName).toBe('Grace Hopper');
    const commented = await post(t, admin.token, '/api/Monitoring/CommentIssue', {
      issueId: opened!.id,
      comment: 'Mine.',
    });
    expect(commented.json()).toMatchObject({ actorName: 'Grace Hopper' });
    expect((await getIssue(opened!.id)).history.map((e) => e.actorName)).toEqual([
      null,
      monitor.user.name,
      'Grace Hopper',
    ]);
  });

  it('filters and pages the list', async () => {
    await recordAndSettle(t, monitor.token, [secretBy('a'), secretBy('b'), secretBy('c')]);
    const all = await listIssues(t, monitor.token, `&ruleId=${rule.id}`);
    expect(all.map((i) => i.subject).sort()).toEqual(['user:a', 'user:b', 'user:c']);
    const other = await asUser(t, ['Monitor']);
    await update({ issueId: all[0]!.id, status: 'acknowledged', assigneeId: other.user.id });

    expect((await listIssues(t, monitor.token, '&status=acknowledged')).map((i) => i.id)).toEqual([
      all[0]!.id,
    ]);
    expect(
      (await listIssues(t, monitor.token, `&assigneeId=${other.user.id}`)).map((i) => i.id),
    ).toEqual([all[0]!.id]);
    expect(await listIssues(t, monitor.token, '&ruleId=nothing')).toEqual([]);
    const page = await get(
      t,
      monitor.token,
      `/api/Monitoring/ListIssues?ruleId=${rule.id}&results=2&skip=1`,
    );
    expect(page.json<Issue[]>().map((i) => i.id)).toEqual(all.slice(1, 3).map((i) => i.id));
    expectProblem(await get(t, monitor.token, '/api/Monitoring/ListIssues?status=closed'), 400);
    expectProblem(await get(t, monitor.token, '/api/Monitoring/ListIssues?results=1001'), 400);
  });

  it('refuses bad updates and comments', async () => {
    await recordAndSettle(t, monitor.token, [secretBy('alice')]);
    const [issue] = await listIssues(t, monitor.token, `&ruleId=${rule.id}`);
    const plain = await asUser(t, ['User']);
    for (const [body, status] of [
      [{ issueId: issue!.id, status: 'closed' }, 400],
      [{ issueId: issue!.id, assigneeId: plain.user.id }, 400],
      [{ issueId: issue!.id, assigneeId: 'nobody' }, 400],
      [{ issueId: 'nothing', status: 'resolved' }, 404],
    ] as const) {
      expectProblem(await post(t, monitor.token, '/api/Monitoring/UpdateIssue', body), status);
    }
    for (const [body, status] of [
      [{ issueId: issue!.id, comment: '   ' }, 400],
      [{ issueId: issue!.id, comment: 'x'.repeat(10_001) }, 400],
      [{ issueId: issue!.id }, 400],
      [{ issueId: 'nothing', comment: 'hello' }, 404],
    ] as const) {
      expectProblem(await post(t, monitor.token, '/api/Monitoring/CommentIssue', body), status);
    }
    expectProblem(await get(t, monitor.token, '/api/Monitoring/GetIssue/nothing'), 404);
    expect((await getIssue(issue!.id)).history.map((e) => e.kind)).toEqual(['opened']);
  });

  it('deleting a rule deletes its issues', async () => {
    await recordAndSettle(t, monitor.token, [secretBy('alice')]);
    const [issue] = await listIssues(t, monitor.token, `&ruleId=${rule.id}`);
    const deleted = await t.app.inject({
      method: 'DELETE',
      url: `/api/Monitoring/DeleteRule/${rule.id}`,
      headers: { authorization: `Bearer ${monitor.token}` },
    });
    expect(deleted.statusCode).toBe(204);
    expectProblem(await get(t, monitor.token, `/api/Monitoring/GetIssue/${issue!.id}`), 404);
  });
});

describe('exactly once', () => {
  it('two instances draining one store count each event once', async () => {
    const database = await sharedDatabase();
    const env = {
      AIRISK_MONITOR_INTERVAL_MS: '10',
      AIRISK_MASTER_KEY: randomBytes(32).toString('base64'),
    };
    const one = await openTestApp(database, env);
    const two = await openTestApp(database, env);
    try {
      const monitor = await asUser(one, ['Monitor']);
      const rule = await createRule(one, monitor.token, {
        ...anySecret,
        definition: { ...anySecret.definition, subject: 'company' },
      });
      const events = 400;
      // Each records in turn (two SQLite connections in one process would wait on each other's
      // locks), while both drain the queue on their timers.
      for (let i = 0; i < events; i += 20) {
        const t = i % 40 === 0 ? one : two;
        await t.store.activity.record(Array.from({ length: 20 }, () => secretBy('u')));
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
      const polled = await pollUntil(
        () => listIssues(one, monitor.token, `&ruleId=${rule.id}`),
        (issues) => (issues[0]?.occurrences ?? 0) >= events,
        20_000,
      );
      expect(polled.done).toBe(true);
      // A while longer: nothing is counted twice.
      await new Promise((resolve) => setTimeout(resolve, 300));
      const issues = await listIssues(
        two,
        (await asUser(two, ['Monitor'])).token,
        `&ruleId=${rule.id}`,
      );
      expect(issues.map((i) => [i.subject, i.occurrences])).toEqual([['company', events]]);
    } finally {
      await one.close();
      await two.close();
      await database.drop();
    }
  });
});
