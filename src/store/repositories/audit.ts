import type { Kysely, Selectable } from 'kysely';
import type { AuditEventsTable, Database } from '../schema.ts';
import type { AuditEventRecord, AuditOutcome, AuditRepository } from '../store.ts';

function toRecord(row: Selectable<AuditEventsTable>): AuditEventRecord {
  return {
    ...row,
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
    async list({ limit, offset, since, until, event }) {
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
