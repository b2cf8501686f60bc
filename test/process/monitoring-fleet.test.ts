import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser } from '../../src/users/users.ts';
import type { ActivityEventRecord } from '../../src/store/activity-store.ts';
import {
  killAllServers,
  startFleet,
  tokenOverHttp,
  withBearer,
  type Fleet,
} from '../helpers/server-process.ts';
import { isPostgres } from '../helpers/test-store.ts';
import { pollUntil } from '../helpers/eventually.ts';
import { startWebhookReceiver, type WebhookReceiver } from '../helpers/webhook-receiver.ts';

// Three server processes on one PostgreSQL evaluate the monitoring rules as one server: every
// recorded event is taken from the queue by exactly one of them, so a rule that fires on every
// prompt counts each prompt once, however the processes race for the queue and the issues.

const USERS = 3;
const QUESTIONS_PER_USER = 12;

let fleet: Fleet;
let receiver: WebhookReceiver;

beforeAll(async () => {
  if (isPostgres) {
    receiver = await startWebhookReceiver();
    fleet = await startFleet(3, { AIRISK_MONITOR_INTERVAL_MS: '100' });
  }
}, 60_000);

afterAll(async () => {
  await fleet?.close();
  await killAllServers();
  await receiver?.close();
});

interface Issue {
  id: string;
  subject: string;
  occurrences: number;
  status: string;
}

async function json<T>(response: Response): Promise<T> {
  const text = await response.text();
  expect(response.ok, text).toBe(true);
  return JSON.parse(text) as T;
}

describe.runIf(isPostgres)('monitoring with three server processes on one PostgreSQL', () => {
  it('evaluates each event recorded through any process exactly once', async () => {
    const urls = fleet.servers.map((server) => server.url) as [string, string, string];
    const [a, b, c] = urls;
    const { credentials, database } = fleet;
    const person = (name: string, roles: ('CompanyAdmin' | 'Monitor' | 'User')[]) =>
      createUser(database, { email: `${name}@example.com`, name, roles });
    const admin = await person('fleet-admin', ['CompanyAdmin']);
    const monitor = await person('fleet-monitor', ['Monitor']);
    const users = await Promise.all(
      Array.from({ length: USERS }, (_, i) => person(`fleet-user-${i}`, ['User'])),
    );
    const adminToken = await tokenOverHttp(a, b, credentials, admin.id);
    const monitorToken = await tokenOverHttp(b, c, credentials, monitor.id);
    const userTokens = await Promise.all(
      users.map((user, i) => tokenOverHttp(urls[i % 3]!, urls[(i + 1) % 3]!, credentials, user.id)),
    );
    const agent = await json<{ id: string }>(
      await withBearer(`${a}/api/Agents/CreateAgent`, adminToken, {
        method: 'POST',
        body: { name: 'Fleet agent', engine: 'demo', model: 'demo' },
      }),
    );
    for (const user of users) {
      const assigned = await withBearer(`${b}/api/Agents/AssignAgent`, adminToken, {
        method: 'POST',
        body: { agentid: agent.id, userid: user.id },
      });
      expect(assigned.status, await assigned.text()).toBe(204);
    }
    const rule = await withBearer(`${c}/api/Monitoring/CreateRule`, monitorToken, {
      method: 'POST',
      body: {
        name: 'Every prompt',
        severity: 'high',
        definition: {
          kind: 'count',
          subject: 'user',
          threshold: 1,
          windowMinutes: 60,
          filter: { kinds: ['prompt'] },
        },
      },
    });
    expect(rule.status).toBe(201);
    const { id: ruleId } = await json<{ id: string }>(rule);
    const target = await withBearer(`${a}/api/Monitoring/AddTarget`, monitorToken, {
      method: 'POST',
      body: { ruleId, kind: 'webhook', address: `${receiver.url}/fleet` },
    });
    expect(target.status, await target.text()).toBe(201);

    // Every user asks through every process at once: the processes record and evaluate together.
    await Promise.all(
      users.flatMap((_, u) =>
        Array.from({ length: QUESTIONS_PER_USER }, async (_, q) => {
          const answer = await withBearer(
            `${urls[(u + q) % 3]}/api/Chat/AskAgent`,
            userTokens[u]!,
            {
              method: 'POST',
              body: { agentId: agent.id, question: `Question ${q} from user ${u}` },
            },
          );
          expect(answer.status, await answer.text()).toBe(200);
        }),
      ),
    );

    const recorded = await database.store.activity.findBySeqs(
      Array.from({ length: 10 * USERS * QUESTIONS_PER_USER }, (_, i) => i + 1),
    );
    const promptsOf = (userId: string) =>
      recorded.filter(
        (event: ActivityEventRecord) => event.kind === 'prompt' && event.userId === userId,
      ).length;
    for (const user of users) {
      expect(promptsOf(user.id), 'prompts recorded for one user').toBe(QUESTIONS_PER_USER);
    }

    const listIssues = async (url: string) =>
      json<Issue[]>(await withBearer(`${url}/api/Monitoring/ListIssues`, monitorToken));
    const total = (issues: Issue[]) => issues.reduce((sum, issue) => sum + issue.occurrences, 0);
    const settled = await pollUntil(
      () => listIssues(a),
      (issues) => total(issues) >= USERS * QUESTIONS_PER_USER,
      15_000,
      100,
    );
    const outputs = fleet.servers.map((server) => server.output().slice(-2000)).join('\n---\n');
    expect(settled.done, `${JSON.stringify(settled.value)}\n${outputs}`).toBe(true);
    // Later passes of the three evaluators find nothing left: no event is counted twice.
    await new Promise((resolve) => setTimeout(resolve, 1000));
    for (const url of urls) {
      const issues = await listIssues(url);
      expect(issues.map((issue) => issue.subject).sort()).toEqual(
        users.map((user) => `user:${user.id}`).sort(),
      );
      for (const issue of issues) {
        expect(issue).toMatchObject({ status: 'open', occurrences: QUESTIONS_PER_USER });
      }
    }
    // Each opened issue is announced once, by whichever process claimed its delivery.
    const announced = await pollUntil(
      () => receiver.received.length,
      (count) => count >= USERS,
      10_000,
      100,
    );
    expect(announced.done).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect(receiver.received).toHaveLength(USERS);
    const announcedIssues = receiver.received.map(
      (request) => (JSON.parse(request.body) as { data: { issue: { id: string } } }).data.issue.id,
    );
    expect(announcedIssues.sort()).toEqual((await listIssues(c)).map((issue) => issue.id).sort());
    expect(new Set(receiver.received.map((request) => request.headers['webhook-id'])).size).toBe(
      USERS,
    );
    const [first] = await listIssues(b);
    const detail = await json<{ history: { kind: string }[] }>(
      await withBearer(`${c}/api/Monitoring/GetIssue/${first!.id}`, monitorToken),
    );
    expect(detail.history.filter((event) => event.kind === 'opened')).toHaveLength(1);
  }, 60_000);
});
