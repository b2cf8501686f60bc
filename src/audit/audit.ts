import type { Clock } from '../lib/clock.ts';
import type { AuditEventRecord, AuditOutcome, Store } from '../store/store.ts';
import { generateId } from '../lib/secrets.ts';

/** Every security event the audit log records. */
export type AuditEventName =
  | 'code_issued'
  | 'authorization_denied'
  | 'token_issued'
  | 'token_denied'
  | 'code_replayed'
  | 'token_revoked'
  | 'tokens_revoked'
  | 'client_auth_failed'
  | 'client_locked'
  | 'client_unlocked'
  | 'client_created'
  | 'client_secret_rotated'
  | 'client_disabled'
  | 'client_enabled'
  | 'client_deleted'
  | 'user_created'
  | 'user_updated'
  | 'user_deleted'
  | 'user_invited'
  | 'password_reset_link_created'
  | 'sso_signed_in'
  | 'sso_denied'
  | 'signing_key_created'
  | 'signing_key_rotated'
  | 'account_setup'
  | 'invitation_accepted'
  | 'signed_in'
  | 'signin_failed'
  | 'signin_locked'
  | 'signin_rate_limited'
  | 'signed_out'
  | 'session_revoked'
  | 'sessions_ended'
  | 'password_changed'
  | 'password_reset'
  | 'two_factor_enabled'
  | 'two_factor_disabled';

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

/** Appends one event to the audit log. */
export async function recordAudit(store: Store, clock: Clock, entry: AuditEntry): Promise<void> {
  const record: AuditEventRecord = {
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
  await store.audit.insert(record);
}
