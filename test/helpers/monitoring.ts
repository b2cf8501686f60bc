import { expect } from 'vitest';
import type { NewActivityEvent } from '../../src/store/activity-store.ts';
import { blankActivityEvent } from '../../src/activity/activity-events.ts';
import type { TestApp } from './test-app.ts';
import { get, post } from './api-requests.ts';
import { pollUntil } from './eventually.ts';

// Monitoring tests seed the activity record through the store, as the chat code records it, and
// let the server's rule evaluation (its timer, set short) take the events from the queue.

/** Every test app's rules run this often, in milliseconds. */
export const MONITOR_ENV = { AIRISK_MONITOR_INTERVAL_MS: '20' };

export interface Rule {
  id: string;
  name: string;
  severity: string;
  enabled: boolean;
  definition: Record<string, unknown>;
  createdAt: string;
  updatedAt: string;
}

export interface Issue {
  id: string;
  ruleId: string;
  ruleName: string;
  subject: string;
  subjectName: string | null;
  title: string;
  severity: string;
  status: string;
  assigneeId: string | null;
  assigneeName: string | null;
  occurrences: number;
  firstSeenAt: string;
  lastSeenAt: string;
}

export interface IssueEvent {
  id: string;
  at: string;
  actorId: string | null;
  actorName: string | null;
  kind: string;
  details: Record<string, unknown>;
}

let seeded = 0;

/** An activity event: a passing prompt by `user-1` unless `fields` say otherwise. */
export function anEvent(fields: Partial<NewActivityEvent> = {}): NewActivityEvent {
  seeded += 1;
  return {
    ...blankActivityEvent('prompt', 1_800_000_000),
    userId: 'user-1',
    agentId: 'agent-1',
    engine: 'demo',
    model: 'demo',
    text: `event ${seeded}`,
    ...fields,
  };
}

export async function createRule(
  t: TestApp,
  token: string,
  body: Record<string, unknown>,
): Promise<Rule> {
  const response = await post(t, token, '/api/Monitoring/CreateRule', body);
  expect(response.statusCode, response.body).toBe(201);
  return response.json<Rule>();
}

export async function listIssues(t: TestApp, token: string, query = ''): Promise<Issue[]> {
  const response = await get(t, token, `/api/Monitoring/ListIssues?results=1000${query}`);
  expect(response.statusCode, response.body).toBe(200);
  return response.json<Issue[]>();
}

const sentinels = new WeakMap<TestApp, { ruleId: string; settled: number }>();

/**
 * Records the events, then waits until the rules have evaluated them: a sentinel event recorded
 * after them fires a rule of its own, and events are evaluated in recording order.
 */
export async function recordAndSettle(
  t: TestApp,
  token: string,
  events: readonly NewActivityEvent[],
): Promise<void> {
  let sentinel = sentinels.get(t);
  if (!sentinel) {
    const rule = await createRule(t, token, {
      name: 'Sentinel',
      definition: {
        kind: 'count',
        subject: 'company',
        threshold: 1,
        windowMinutes: 1,
        filter: { kinds: ['settings_changed'], findingTypes: ['sentinel'] },
      },
    });
    sentinel = { ruleId: rule.id, settled: 0 };
    sentinels.set(t, sentinel);
  }
  await t.store.activity.record(events);
  await t.store.activity.record([
    anEvent({ kind: 'settings_changed', scanners: ['regex'], findingTypes: ['sentinel'] }),
  ]);
  sentinel.settled += 1;
  const { ruleId, settled } = sentinel;
  const polled = await pollUntil(
    () => listIssues(t, token, `&ruleId=${ruleId}`),
    (issues) => issues[0]?.occurrences === settled,
    10_000,
  );
  expect(polled.done, 'the rules evaluated the events').toBe(true);
}
