import type { Clock } from '../lib/clock.ts';
import type { AuditEventRecord, AuditOutcome, Store } from '../store/store.ts';
import { generateId } from '../lib/secrets.ts';
import type { AuditEventName } from '../vocabulary/audit-events.ts';

export interface AuditEntry {
  event: AuditEventName;
  outcome?: AuditOutcome;
  clientId?: string | null | undefined;
  userId?: string | null | undefined;
  ip?: string | null | undefined;
  reason?: string | null | undefined;
  /** Identifiers and counts only: never a secret, code or token. */
  details?: Record<string, unknown>;
}

/** The record of one event, for a store method that writes it with other rows in one commit. */
export function auditRecord(clock: Clock, entry: AuditEntry): AuditEventRecord {
  return {
    id: generateId(),
    at: clock.nowSeconds(),
    event: entry.event,
    outcome: entry.outcome ?? 'success',
    clientId: entry.clientId ?? null,
    userId: entry.userId ?? null,
    ip: entry.ip ?? null,
    reason: entry.reason ?? null,
    details: entry.details ?? {},
  };
}

/** Appends one event to the audit log. */
export async function recordAudit(store: Store, clock: Clock, entry: AuditEntry): Promise<void> {
  await store.audit.insert(auditRecord(clock, entry));
}
