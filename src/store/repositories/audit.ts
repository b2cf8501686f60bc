import type { Kysely, Selectable } from 'kysely';
import type { AuditEventsTable, Database } from '../schema.ts';
import type { AuditEventName } from '../../vocabulary/audit-events.ts';
import type { AuditEventRecord, AuditOutcome, AuditRepository } from '../store.ts';

function toRecord(row: Selectable<AuditEventsTable>): AuditEventRecord {
  return {
    ...row,
    // Only recordAudit writes rows, and only with these names.
    event: row.event as AuditEventName,
    outcome: row.outcome as AuditOutcome,
    details: JSON.parse(row.details) as Record<string, unknown>,
  };
}

export function auditRepository(db: Kysely<Database>): AuditRepository {
  return {
    async insert(event) {
      await db
        .insertInto('auditEvents')
        .values({ ...event, details: JSON.stringify(event.details) })
        .execute();
    },
    async list({ limit, offset, since, until, event, userId, clientId, before }) {
      let query = db.selectFrom('auditEvents').selectAll();
      if (since !== undefined) {
        query = query.where('at', '>=', since);
      }
      if (until !== undefined) {
        query = query.where('at', '<', until);
      }
      if (event !== undefined) {
        query = query.where('event', '=', event);
      }
      if (userId !== undefined) {
        query = query.where('userId', '=', userId);
      }
      if (clientId !== undefined) {
        query = query.where('clientId', '=', clientId);
      }
      if (before !== undefined) {
        query = query.where((eb) =>
          eb.or([
            eb('at', '<', before.at),
            eb.and([eb('at', '=', before.at), eb('id', '<', before.id)]),
          ]),
        );
      }
      const rows = await query
        .orderBy('at', 'desc')
        .orderBy('id', 'desc')
        .limit(limit)
        .offset(offset)
        .execute();
      return rows.map(toRecord);
    },
  };
}
