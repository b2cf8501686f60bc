import { createHmac, timingSafeEqual } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/test-app.ts';
import {
  asUser,
  del,
  expectProblem,
  expectRoleDenied,
  get,
  post,
  type Caller,
} from '../helpers/api-requests.ts';
import {
  anEvent,
  createRule,
  listIssues,
  MONITOR_ENV,
  recordAndSettle,
} from '../helpers/monitoring.ts';
import { startWebhookReceiver, type WebhookReceiver } from '../helpers/webhook-receiver.ts';
import { startSmtpSink, type SmtpSink } from '../helpers/smtp-sink.ts';
import { pollUntil } from '../helpers/eventually.ts';
import { appWithRawRows } from '../helpers/raw-database.ts';

// Monitoring notifications: a rule's targets (signed webhooks, email), told once when an issue
// opens, through a durable outbox retried with backoff; what was sent is visible per issue.

let t: TestApp | undefined;
let receiver: WebhookReceiver | undefined;
let sink: SmtpSink | undefined;

afterEach(async () => {
  await t?.close();
  await receiver?.close();
  await sink?.close();
  t = receiver = sink = undefined;
});

const RETRY_BASE_MS = 300;

async function world(env: Record<string, string> = {}) {
  const app = await createTestApp({
    ...MONITOR_ENV,
    AIRISK_NOTIFY_RETRY_BASE_MS: String(RETRY_BASE_MS),
    ...env,
  });
  t = app;
  const monitor = await asUser(app, ['Monitor']);
  const rule = await createRule(app, monitor.token, {
    name: 'Secrets',
    severity: 'high',
    definition: {
      kind: 'count',
      subject: 'user',
      threshold: 1,
      windowMinutes: 60,
      filter: { findingTypes: ['aws_access_key'] },
    },
  });
  return { app, monitor, rule };
}

interface NewTarget {
  id: string;
  ruleId: string;
  kind: string;
  address: string;
  secret: string | null;
  createdAt: string;
}

interface Delivery {
  id: string;
  targetId: string;
  kind: string;
  address: string;
  status: string;
  attempts: number;
  nextAttemptAt: string | null;
  lastError: string | null;
}

async function addTarget(app: TestApp, caller: Caller, body: Record<string, unknown>) {
  const response = await post(app, caller.token, '/api/Monitoring/AddTarget', body);
  expect(response.statusCode, response.body).toBe(201);
  return response.json<NewTarget>();
}

const secretFinding = (userId = 'user-1') =>
  anEvent({
    userId,
    kind: 'blocked',
    verdict: 'block',
    scanners: ['regex'],
    findingTypes: ['aws_access_key'],
  });

/** Verification as the Standard Webhooks specification describes it. */
function verified(secret: string, headers: Record<string, unknown>, body: string): boolean {
  const key = Buffer.from(secret.replace(/^whsec_/, ''), 'base64');
  const content = `${String(headers['webhook-id'])}.${String(headers['webhook-timestamp'])}.${body}`;
  const expected = createHmac('sha256', key).update(content).digest();
  const [version, signature] = String(headers['webhook-signature']).split(',');
  const given = Buffer.from(signature ?? '', 'base64');
  return version === 'v1' && given.length === expected.length && timingSafeEqual(given, expected);
}

async function deliveriesOf(app: TestApp, caller: Caller, issueId: string) {
  const response = await get(app, caller.token, `/api/Monitoring/ListDeliveries/${issueId}`);
  expect(response.statusCode, response.body).toBe(200);
  return response.json<Delivery[]>();
}

async function settledDeliveries(app: TestApp, caller: Caller, issueId: string) {
  const polled = await pollUntil(
    () => deliveriesOf(app, caller, issueId),
    (deliveries) => deliveries.length > 0 && deliveries.every((d) => d.status !== 'pending'),
    15_000,
    50,
  );
  expect(polled.done, JSON.stringify(polled.value)).toBe(true);
  return polled.value;
}

describe('access', () => {
  it('refuses a plain User and a Compliance officer everywhere', async () => {
    const { app, monitor, rule } = await world();
    const target = await addTarget(app, monitor, {
      ruleId: rule.id,
      kind: 'email',
      address: 'alerts@example.com',
    });
    for (const role of ['User', 'Compliance'] as const) {
      const { token } = await asUser(app, [role]);
      for (const response of [
        await post(app, token, '/api/Monitoring/AddTarget', {
          ruleId: rule.id,
          kind: 'email',
          address: 'x@example.com',
        }),
        await get(app, token, `/api/Monitoring/ListTargets/${rule.id}`),
        await del(app, token, `/api/Monitoring/RemoveTarget/${target.id}`),
        await post(app, token, `/api/Monitoring/TestRule/${rule.id}`),
        await get(app, token, `/api/Monitoring/ListDeliveries/x`),
      ]) {
        expectRoleDenied(response, 'Monitor');
      }
    }
    const admin = await asUser(app, ['CompanyAdmin']);
    const listed = await get(app, admin.token, `/api/Monitoring/ListTargets/${rule.id}`);
    expect(listed.statusCode).toBe(200);
  });
});

describe('targets', () => {
  it('shows a webhook secret once, stores it sealed, and lists targets without it', async () => {
    const { app, monitor, rule } = await world();
    const webhook = await addTarget(app, monitor, {
      ruleId: rule.id,
      kind: 'webhook',
      address: 'https://hooks.example.com/airisk?token=abc',
    });
    expect(webhook).toMatchObject({
      ruleId: rule.id,
      kind: 'webhook',
      address: 'https://hooks.example.com/airisk?token=abc',
      secret: expect.stringMatching(/^whsec_[A-Za-z0-9+/]{40,}={0,2}$/),
    });
    const email = await addTarget(app, monitor, {
      ruleId: rule.id,
      kind: 'email',
      address: ' alerts@example.com ',
    });
    expect(email).toMatchObject({ kind: 'email', address: 'alerts@example.com', secret: null });

    const listed = await get(app, monitor.token, `/api/Monitoring/ListTargets/${rule.id}`);
    expect(listed.statusCode).toBe(200);
    expect(listed.body).not.toContain('whsec_');
    expect(listed.json<NewTarget[]>()).toHaveLength(2);
    expect(listed.json()).toEqual(
      expect.arrayContaining([
        {
          id: webhook.id,
          ruleId: rule.id,
          kind: 'webhook',
          address: webhook.address,
          createdAt: webhook.createdAt,
        },
        {
          id: email.id,
          ruleId: rule.id,
          kind: 'email',
          address: email.address,
          createdAt: email.createdAt,
        },
      ]),
    );
    const stored = await app.store.monitoringNotifications.findTarget(webhook.id);
    expect(stored?.sealedSecret).toBeTruthy();
    expect(stored?.sealedSecret).not.toContain(webhook.secret!.slice('whsec_'.length, 20));

    const removed = await del(app, monitor.token, `/api/Monitoring/RemoveTarget/${email.id}`);
    expect(removed.statusCode).toBe(204);
    expectProblem(await del(app, monitor.token, `/api/Monitoring/RemoveTarget/${email.id}`), 404);
    const after = await get(app, monitor.token, `/api/Monitoring/ListTargets/${rule.id}`);
    expect(after.json<NewTarget[]>().map((target) => target.id)).toEqual([webhook.id]);
  });

  it('keeps no webhook secret readable in the database or the audit log', async () => {
    const raw = await appWithRawRows();
    t = raw.t;
    const monitor = await asUser(raw.t, ['Monitor']);
    const rule = await createRule(raw.t, monitor.token, {
      name: 'Any block',
      definition: { kind: 'count', subject: 'company', threshold: 1, windowMinutes: 5, filter: {} },
    });
    const { secret } = await addTarget(raw.t, monitor, {
      ruleId: rule.id,
      kind: 'webhook',
      address: 'https://hooks.example.com/a',
    });
    const key = secret!.slice('whsec_'.length);
    const dump = JSON.stringify([
      await raw.rows('monitor_targets'),
      await raw.rows('audit_events'),
    ]);
    expect(dump).toContain('hooks.example.com');
    expect(dump).not.toContain(key);
    expect(dump).not.toContain(Buffer.from(key, 'base64').toString('hex'));
  });

  it.each([
    [{ kind: 'webhook', address: 'not a url' }, 400],
    [{ kind: 'webhook', address: 'ftp://hooks.example.com/x' }, 400],
    [{ kind: 'webhook', address: 'https://user:pw@hooks.example.com/x' }, 400],
    [{ kind: 'email', address: 'not-an-email' }, 400],
    [{ kind: 'sms', address: '+123' }, 400],
    [{ kind: 'email' }, 400],
  ])('refuses %j with %i', async (body, status) => {
    const { app, monitor, rule } = await world();
    const response = await post(app, monitor.token, '/api/Monitoring/AddTarget', {
      ruleId: rule.id,
      ...body,
    });
    expectProblem(response, status);
  });

  it('answers 404 for an unknown rule or issue and 409 for a target added twice', async () => {
    const { app, monitor, rule } = await world();
    const body = { ruleId: 'nope', kind: 'email', address: 'a@example.com' };
    expectProblem(await post(app, monitor.token, '/api/Monitoring/AddTarget', body), 404);
    expectProblem(await get(app, monitor.token, '/api/Monitoring/ListTargets/nope'), 404);
    expectProblem(await post(app, monitor.token, '/api/Monitoring/TestRule/nope'), 404);
    expectProblem(await get(app, monitor.token, '/api/Monitoring/ListDeliveries/nope'), 404);
    await addTarget(app, monitor, { ...body, ruleId: rule.id });
    expectProblem(
      await post(app, monitor.token, '/api/Monitoring/AddTarget', { ...body, ruleId: rule.id }),
      409,
    );
  });
});

describe('webhooks', () => {
  it('retries a failing receiver with growing gaps, one webhook-id, each attempt signed', async () => {
    receiver = await startWebhookReceiver({ statuses: [500, 503], thereafter: 200 });
    const { app, monitor, rule } = await world();
    const { secret } = await addTarget(app, monitor, {
      ruleId: rule.id,
      kind: 'webhook',
      address: `${receiver.url}/hook`,
    });
    await recordAndSettle(app, monitor.token, [secretFinding()]);
    const [issue] = await listIssues(app, monitor.token, `&ruleId=${rule.id}`);
    expect(issue).toBeDefined();

    const [delivery] = await settledDeliveries(app, monitor, issue!.id);
    expect(delivery).toMatchObject({
      kind: 'webhook',
      status: 'delivered',
      attempts: 3,
      lastError: null,
    });
    const received = receiver.received;
    expect(received).toHaveLength(3);
    const ids = new Set(received.map((request) => request.headers['webhook-id']));
    expect(ids).toEqual(new Set([`msg_${delivery!.id}`]));
    for (const request of received) {
      expect(request.path).toBe('/hook');
      expect(verified(secret!, request.headers, request.body)).toBe(true);
      expect(JSON.parse(request.body)).toMatchObject({
        type: 'monitoring.issue.opened',
        data: {
          rule: { id: rule.id, name: 'Secrets', severity: 'high', kind: 'count' },
          issue: { id: issue!.id, title: issue!.title, subject: 'user:user-1', severity: 'high' },
        },
      });
    }
    const [first, second] = [received[1]!.at - received[0]!.at, received[2]!.at - received[1]!.at];
    expect(first).toBeGreaterThanOrEqual(RETRY_BASE_MS / 2);
    expect(second).toBeGreaterThan(first);
  });

  it('gives up at once on a 4xx and shows why', async () => {
    receiver = await startWebhookReceiver({ thereafter: 410 });
    const { app, monitor, rule } = await world();
    await addTarget(app, monitor, { ruleId: rule.id, kind: 'webhook', address: receiver.url });
    await recordAndSettle(app, monitor.token, [secretFinding()]);
    const [issue] = await listIssues(app, monitor.token, `&ruleId=${rule.id}`);
    const [delivery] = await settledDeliveries(app, monitor, issue!.id);
    expect(delivery).toMatchObject({
      status: 'failed',
      attempts: 1,
      lastError: 'HTTP 410',
      nextAttemptAt: null,
    });
    expect(receiver.received).toHaveLength(1);
  });

  it('announces an issue when it opens, not on each later occurrence', async () => {
    receiver = await startWebhookReceiver();
    const { app, monitor, rule } = await world();
    await addTarget(app, monitor, { ruleId: rule.id, kind: 'webhook', address: receiver.url });
    await recordAndSettle(app, monitor.token, [
      secretFinding(),
      secretFinding(),
      secretFinding('user-2'),
    ]);
    await recordAndSettle(app, monitor.token, [secretFinding()]);
    const issues = await listIssues(app, monitor.token, `&ruleId=${rule.id}`);
    expect(issues.map((issue) => [issue.subject, issue.occurrences]).sort()).toEqual([
      ['user:user-1', 3],
      ['user:user-2', 1],
    ]);
    for (const issue of issues) {
      expect(await settledDeliveries(app, monitor, issue.id)).toHaveLength(1);
    }
    expect(receiver.received).toHaveLength(2);
  });

  it('sends a test notification to every target on request', async () => {
    receiver = await startWebhookReceiver();
    sink = await startSmtpSink();
    const { app, monitor, rule } = await world({ AIRISK_SMTP_URL: sink.url });
    const webhook = await addTarget(app, monitor, {
      ruleId: rule.id,
      kind: 'webhook',
      address: receiver.url,
    });
    const email = await addTarget(app, monitor, {
      ruleId: rule.id,
      kind: 'email',
      address: 'oncall@example.com',
    });
    const response = await post(app, monitor.token, `/api/Monitoring/TestRule/${rule.id}`);
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json()).toEqual(
      expect.arrayContaining([
        {
          targetId: webhook.id,
          kind: 'webhook',
          address: webhook.address,
          delivered: true,
          error: null,
        },
        {
          targetId: email.id,
          kind: 'email',
          address: 'oncall@example.com',
          delivered: true,
          error: null,
        },
      ]),
    );
    expect(receiver.received).toHaveLength(1);
    expect(JSON.parse(receiver.received[0]!.body)).toMatchObject({
      type: 'monitoring.rule.test',
      data: { rule: { id: rule.id }, issue: null },
    });
    expect(
      verified(webhook.secret!, receiver.received[0]!.headers, receiver.received[0]!.body),
    ).toBe(true);
    const mail = await sink.next();
    expect(mail.envelopeTo).toEqual(['oncall@example.com']);
    expect(mail.subject).toContain('Secrets');
  });
});

describe('email', () => {
  it('mails the issue to each address through the company mailer', async () => {
    sink = await startSmtpSink();
    const { app, monitor, rule } = await world({ AIRISK_SMTP_URL: sink.url });
    await addTarget(app, monitor, {
      ruleId: rule.id,
      kind: 'email',
      address: 'security@example.com',
    });
    await recordAndSettle(app, monitor.token, [secretFinding()]);
    const [issue] = await listIssues(app, monitor.token, `&ruleId=${rule.id}`);
    const mail = await sink.next(10_000);
    expect(mail.envelopeTo).toEqual(['security@example.com']);
    expect(mail.subject).toBe(`[AIRisk high] ${issue!.title}`);
    expect(mail.text).toContain('user:user-1');
    const [delivery] = await settledDeliveries(app, monitor, issue!.id);
    expect(delivery).toMatchObject({ kind: 'email', status: 'delivered', attempts: 1 });
  });

  it('retries while no mail server is configured, and says so', async () => {
    const { app, monitor, rule } = await world();
    await addTarget(app, monitor, {
      ruleId: rule.id,
      kind: 'email',
      address: 'security@example.com',
    });
    await recordAndSettle(app, monitor.token, [secretFinding()]);
    const [issue] = await listIssues(app, monitor.token, `&ruleId=${rule.id}`);
    const polled = await pollUntil(
      () => deliveriesOf(app, monitor, issue!.id),
      (deliveries) => deliveries[0]?.attempts === 1,
      10_000,
    );
    expect(polled.value[0]).toMatchObject({
      status: 'pending',
      lastError: 'no mail server is configured',
      nextAttemptAt: expect.any(String),
    });
  });
});
