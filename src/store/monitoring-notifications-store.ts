import type { NotificationKind } from '../vocabulary/monitoring-notifications.ts';

/** Where a rule's issues are announced, and the outbox of announcements (see store.ts). */
export interface MonitorTargetRecord {
  id: string;
  ruleId: string;
  kind: NotificationKind;
  /** The webhook's URL or the email address. */
  address: string;
  /** A webhook's signing secret sealed with the master key; null for email. */
  sealedSecret: string | null;
  createdAt: number;
}

export interface DeliveryRecord {
  id: string;
  issueId: string;
  targetId: string;
  payload: Record<string, unknown>;
  status: string;
  attempts: number;
  nextAttemptAt: number;
  lastError: string | null;
  createdAt: number;
  updatedAt: number;
}

/** A due delivery with its target, claimed by one worker. */
export interface ClaimedDelivery extends DeliveryRecord {
  target: MonitorTargetRecord;
}

export interface MonitoringNotificationRepository {
  insertTarget(target: MonitorTargetRecord): Promise<void>;
  /** Oldest first. */
  listTargets(ruleId: string): Promise<MonitorTargetRecord[]>;
  findTarget(id: string): Promise<MonitorTargetRecord | undefined>;
  /** False when there is no such target. */
  deleteTarget(id: string): Promise<boolean>;
  insertDeliveries(deliveries: DeliveryRecord[]): Promise<void>;
  /** Oldest first. */
  listDeliveries(issueId: string): Promise<(DeliveryRecord & { kind: string; address: string })[]>;
  /**
   * Takes up to `limit` pending deliveries due at `now` and leases them until `leaseUntil`
   * (their next attempt, should this worker die while sending); on PostgreSQL the rows other
   * workers are taking are skipped, not waited for.
   */
  claimDue(now: number, leaseUntil: number, limit: number): Promise<ClaimedDelivery[]>;
  /** Records an attempt's outcome. */
  settle(
    id: string,
    changes: Pick<
      DeliveryRecord,
      'status' | 'attempts' | 'nextAttemptAt' | 'lastError' | 'updatedAt'
    >,
  ): Promise<void>;
}
