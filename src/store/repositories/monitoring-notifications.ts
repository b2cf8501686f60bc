import type { Kysely, Selectable } from 'kysely';
import type { Database, MonitorDeliveriesTable, MonitorTargetsTable } from '../schema.ts';
import type { Dialect } from '../database.ts';
import type {
  DeliveryRecord,
  MonitorTargetRecord,
  MonitoringNotificationRepository,
} from '../monitoring-notifications-store.ts';
import type { NotificationKind } from '../../vocabulary/monitoring-notifications.ts';

function toTarget({ secret, ...row }: Selectable<MonitorTargetsTable>): MonitorTargetRecord {
  return {
    ...row,
    kind: row.kind as NotificationKind,
    sealedSecret: secret,
    createdAt: Number(row.createdAt),
  };
}

function toDelivery(row: Selectable<MonitorDeliveriesTable>): DeliveryRecord {
  return {
    ...row,
    payload: JSON.parse(row.payload) as Record<string, unknown>,
    attempts: Number(row.attempts),
    nextAttemptAt: Number(row.nextAttemptAt),
    createdAt: Number(row.createdAt),
    updatedAt: Number(row.updatedAt),
  };
}

export function monitoringNotificationRepository(
  db: Kysely<Database>,
  dialect: Dialect,
): MonitoringNotificationRepository {
  return {
    async insertTarget({ sealedSecret, ...target }) {
      await db
        .insertInto('monitorTargets')
        .values({ ...target, secret: sealedSecret })
        .execute();
    },
    async listTargets(ruleId) {
      const rows = await db
        .selectFrom('monitorTargets')
        .selectAll()
        .where('ruleId', '=', ruleId)
        .orderBy('createdAt')
        .orderBy('id')
        .execute();
      return rows.map(toTarget);
    },
    async findTarget(id) {
      const row = await db
        .selectFrom('monitorTargets')
        .selectAll()
        .where('id', '=', id)
        .executeTakeFirst();
      return row && toTarget(row);
    },
    async deleteTarget(id) {
      const result = await db.deleteFrom('monitorTargets').where('id', '=', id).executeTakeFirst();
      return Number(result.numDeletedRows) > 0;
    },
    async insertDeliveries(deliveries) {
      if (deliveries.length > 0) {
        await db
          .insertInto('monitorDeliveries')
          .values(deliveries.map((d) => ({ ...d, payload: JSON.stringify(d.payload) })))
          .execute();
      }
    },
    async listDeliveries(issueId) {
      const rows = await db
        .selectFrom('monitorDeliveries as d')
        .innerJoin('monitorTargets as t', 't.id', 'd.targetId')
        .selectAll('d')
        .select(['t.kind', 't.address'])
        .where('d.issueId', '=', issueId)
        .orderBy('d.createdAt')
        .orderBy('d.id')
        .execute();
      return rows.map(({ kind, address, ...row }) => ({ ...toDelivery(row), kind, address }));
    },
    async claimDue(now, leaseUntil, limit) {
      const due = db
        .selectFrom('monitorDeliveries')
        .select('id')
        .where('status', '=', 'pending')
        .where('nextAttemptAt', '<=', now)
        .orderBy('nextAttemptAt')
        .limit(limit);
      const claimed = await db
        .updateTable('monitorDeliveries')
        .set({ nextAttemptAt: leaseUntil })
        // SQLite writes under one lock; PostgreSQL workers each take rows the others do not.
        .where('id', 'in', dialect === 'postgres' ? due.forUpdate().skipLocked() : due)
        .returningAll()
        .execute();
      if (claimed.length === 0) {
        return [];
      }
      const targets = await db
        .selectFrom('monitorTargets')
        .selectAll()
        .where(
          'id',
          'in',
          claimed.map((row) => row.targetId),
        )
        .execute();
      const byId = new Map(targets.map((row) => [row.id, toTarget(row)]));
      return claimed
        .map((row) => ({ ...toDelivery(row), target: byId.get(row.targetId)! }))
        .filter((delivery) => delivery.target !== undefined);
    },
    async settle(id, changes) {
      await db.updateTable('monitorDeliveries').set(changes).where('id', '=', id).execute();
    },
  };
}
