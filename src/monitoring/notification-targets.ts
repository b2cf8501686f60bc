import type { Store } from '../store/store.ts';
import type { Clock } from '../lib/clock.ts';
import type { MonitorTargetRecord } from '../store/monitoring-notifications-store.ts';
import type { MonitorRuleRecord } from '../store/monitoring-store.ts';
import { ConflictError, NotFoundError, ValidationError } from '../lib/errors.ts';
import { generateId } from '../lib/secrets.ts';
import { encryptWithMasterKey } from '../lib/encryption.ts';
import { recordAudit } from '../audit/audit.ts';
import { parseEmail } from '../users/user-input.ts';
import { newWebhookSecret } from './webhook-signature.ts';
import { ruleNotFound } from './rules.ts';
import {
  ISSUE_OPENED_EVENT,
  MAX_TARGETS_PER_RULE,
  MAX_WEBHOOK_URL_CHARS,
  type NotificationKind,
} from '../vocabulary/monitoring-notifications.ts';

export interface NotificationDeps {
  store: Store;
  clock: Clock;
  masterKey: Buffer;
}

export interface TargetInput {
  ruleId: string;
  kind: NotificationKind;
  address: string;
}

function webhookUrl(input: string): string {
  let url: URL;
  try {
    url = new URL(input.trim());
  } catch {
    throw new ValidationError(`"${input}" is not an absolute URL`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new ValidationError('A webhook URL must be http or https');
  }
  if (url.username !== '' || url.password !== '') {
    throw new ValidationError('A webhook URL must not hold a user name or password');
  }
  if (url.href.length > MAX_WEBHOOK_URL_CHARS) {
    throw new ValidationError(`A webhook URL has at most ${MAX_WEBHOOK_URL_CHARS} characters`);
  }
  return url.href;
}

async function existingRule(store: Store, ruleId: string): Promise<MonitorRuleRecord> {
  const rule = await store.monitoring.findRule(ruleId);
  if (!rule) {
    throw ruleNotFound(ruleId);
  }
  return rule;
}

/**
 * Adds where the rule's issues are announced. A webhook gets its own signing secret, returned
 * here once and stored sealed: whoever needs it again removes the target and adds it anew.
 */
export async function addTarget(
  { store, clock, masterKey }: NotificationDeps,
  input: TargetInput,
  actorId: string,
): Promise<{ target: MonitorTargetRecord; secret: string | null }> {
  await existingRule(store, input.ruleId);
  const address = input.kind === 'webhook' ? webhookUrl(input.address) : parseEmail(input.address);
  const existing = await store.monitoringNotifications.listTargets(input.ruleId);
  if (existing.length >= MAX_TARGETS_PER_RULE) {
    throw new ValidationError(`A rule has at most ${MAX_TARGETS_PER_RULE} notification targets`);
  }
  if (existing.some((target) => target.kind === input.kind && target.address === address)) {
    throw new ConflictError(`The rule already notifies ${address}`);
  }
  const secret = input.kind === 'webhook' ? newWebhookSecret() : null;
  const target: MonitorTargetRecord = {
    id: generateId(),
    ruleId: input.ruleId,
    kind: input.kind,
    address,
    sealedSecret: secret === null ? null : encryptWithMasterKey(masterKey, secret),
    createdAt: clock.nowSeconds(),
  };
  await store.monitoringNotifications.insertTarget(target);
  await recordAudit(store, clock, {
    event: 'monitor_target_added',
    userId: actorId,
    details: { ruleId: input.ruleId, targetId: target.id, kind: input.kind },
  });
  return { target, secret };
}

export async function listTargets(store: Store, ruleId: string): Promise<MonitorTargetRecord[]> {
  await existingRule(store, ruleId);
  return store.monitoringNotifications.listTargets(ruleId);
}

export async function removeTarget(
  { store, clock }: NotificationDeps,
  targetId: string,
  actorId: string,
): Promise<void> {
  const target = await store.monitoringNotifications.findTarget(targetId);
  if (!target || !(await store.monitoringNotifications.deleteTarget(targetId))) {
    throw new NotFoundError(`No notification target has id ${targetId}`);
  }
  await recordAudit(store, clock, {
    event: 'monitor_target_removed',
    userId: actorId,
    details: { ruleId: target.ruleId, targetId, kind: target.kind },
  });
}

/** What an announcement says: the Standard Webhooks envelope (type, timestamp, data). */
export function announcement(
  type: string,
  at: number,
  rule: MonitorRuleRecord,
  issue: { id: string; title: string; subject: string; severity: string } | null,
): Record<string, unknown> {
  return {
    type,
    timestamp: new Date(at * 1000).toISOString(),
    data: {
      rule: { id: rule.id, name: rule.name, severity: rule.severity, kind: rule.definition.kind },
      issue,
    },
  };
}

/**
 * Queues the announcement of a newly opened issue to each of its rule's targets, in the caller's
 * transaction (the one that opened the issue). Only opening notifies: later occurrences of an
 * open issue only raise its count, so a burst of events is one message, not a flood.
 */
export async function queueNotifications(
  store: Store,
  rule: MonitorRuleRecord,
  issue: { id: string; title: string; subject: string; severity: string },
  at: number,
): Promise<void> {
  const targets = await store.monitoringNotifications.listTargets(rule.id);
  const payload = announcement(ISSUE_OPENED_EVENT, at, rule, issue);
  const nowMs = Date.now();
  await store.monitoringNotifications.insertDeliveries(
    targets.map((target) => ({
      id: generateId(),
      issueId: issue.id,
      targetId: target.id,
      payload,
      status: 'pending',
      attempts: 0,
      nextAttemptAt: nowMs,
      lastError: null,
      createdAt: at,
      updatedAt: at,
    })),
  );
}
