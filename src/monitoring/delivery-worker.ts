import type { FastifyBaseLogger } from 'fastify';
import type { Store } from '../store/store.ts';
import type { ClaimedDelivery } from '../store/monitoring-notifications-store.ts';
import type { MonitorTargetRecord } from '../store/monitoring-notifications-store.ts';
import { mailerNow, type Mailer } from '../mail/mailer.ts';
import { monitoringAlertMessage } from '../mail/messages.ts';
import { decryptWithMasterKey } from '../lib/encryption.ts';
import { backoffDelay, sendWebhook, type AttemptResult } from './webhook-send.ts';

/** Attempts per delivery before it is marked failed (about 2 hours of waits at the default). */
export const MAX_ATTEMPTS = 8;
/** How long one webhook attempt may take. */
export const WEBHOOK_TIMEOUT_MS = 10_000;
/** A claimed delivery whose worker died is tried again after this. */
const LEASE_MS = 60_000;
const BATCH = 20;

export interface SendDeps {
  masterKey: Buffer;
  mailer: Mailer;
}

function alertMessage(to: string, payload: Record<string, unknown>) {
  const { rule, issue } = payload['data'] as {
    rule: { name: string; severity: string };
    issue: { title: string; subject: string } | null;
  };
  return monitoringAlertMessage({
    to,
    ruleName: rule.name,
    severity: rule.severity,
    issue: issue ?? undefined,
  });
}

/** One attempt to one target; `messageId` is the webhook-id, the same on every retry. */
export async function attempt(
  { masterKey, mailer }: SendDeps,
  target: MonitorTargetRecord,
  messageId: string,
  payload: Record<string, unknown>,
): Promise<AttemptResult> {
  if (target.kind === 'webhook') {
    const secret = decryptWithMasterKey(masterKey, target.sealedSecret ?? '');
    const message = { url: target.address, secret, id: messageId, body: JSON.stringify(payload) };
    return sendWebhook(message, WEBHOOK_TIMEOUT_MS);
  }
  const now = await mailerNow(mailer);
  if (!now) {
    return { outcome: 'retry', status: null, error: 'no mail server is configured' };
  }
  try {
    await now.send(alertMessage(target.address, payload));
    return { outcome: 'delivered', status: 250 };
  } catch (error) {
    return { outcome: 'retry', status: null, error: (error as Error).message };
  }
}

export interface DeliveryWorkerDeps extends SendDeps {
  store: Store;
  log: FastifyBaseLogger;
  intervalMs: number;
  retryBaseMs: number;
}

async function deliver(deps: DeliveryWorkerDeps, delivery: ClaimedDelivery): Promise<void> {
  const result = await attempt(deps, delivery.target, `msg_${delivery.id}`, delivery.payload);
  const attempts = delivery.attempts + 1;
  const nowMs = Date.now();
  const giveUp = result.outcome === 'failed' || attempts >= MAX_ATTEMPTS;
  const status = result.outcome === 'delivered' ? 'delivered' : giveUp ? 'failed' : 'pending';
  if (result.outcome !== 'delivered') {
    // The target's id, never its address: a webhook URL may carry a token.
    deps.log.warn(
      { deliveryId: delivery.id, targetId: delivery.target.id, attempts, error: result.error },
      status === 'failed'
        ? 'monitoring notification failed'
        : 'monitoring notification will be retried',
    );
  }
  await deps.store.monitoringNotifications.settle(delivery.id, {
    status,
    attempts,
    nextAttemptAt: status === 'pending' ? nowMs + backoffDelay(attempts, deps.retryBaseMs) : nowMs,
    lastError: result.outcome === 'delivered' ? null : result.error,
    updatedAt: Math.floor(nowMs / 1000),
  });
}

/**
 * Sends due notifications every `intervalMs`: each pass leases a batch (so instances share the
 * work and a dead instance's lease runs out) and settles each attempt. Returns what stops it.
 */
export function startDeliveryWorker(deps: DeliveryWorkerDeps) {
  let running: Promise<void> | undefined;
  let stopped = false;

  async function pass(): Promise<void> {
    try {
      for (;;) {
        const now = Date.now();
        const due = await deps.store.monitoringNotifications.claimDue(now, now + LEASE_MS, BATCH);
        await Promise.all(due.map((delivery) => deliver(deps, delivery)));
        if (due.length < BATCH || stopped) {
          return;
        }
      }
    } catch (error) {
      deps.log.error({ err: error }, 'monitoring notifications could not be sent; will retry');
    }
  }

  const timer = setInterval(() => {
    if (!running && !stopped) {
      running = pass().finally(() => (running = undefined));
    }
  }, deps.intervalMs);
  timer.unref();
  return {
    async stop(): Promise<void> {
      stopped = true;
      clearInterval(timer);
      await running;
    },
  };
}
