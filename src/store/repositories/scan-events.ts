import type { Kysely, Selectable } from 'kysely';
import type { Database, ScanEventsTable } from '../schema.ts';
import type { ScanEventRecord, ScanEventRepository } from '../scanner-store.ts';

function toRecord(row: Selectable<ScanEventsTable>): ScanEventRecord {
  return {
    ...row,
    direction: row.direction as ScanEventRecord['direction'],
    verdict: row.verdict as ScanEventRecord['verdict'],
    scanners: JSON.parse(row.scanners) as string[],
    findingTypes: JSON.parse(row.findingTypes) as string[],
  };
}

export function scanEventRepository(db: Kysely<Database>): ScanEventRepository {
  return {
    async insert(event) {
      await db
        .insertInto('scanEvents')
        .values({
          ...event,
          scanners: JSON.stringify(event.scanners),
          findingTypes: JSON.stringify(event.findingTypes),
        })
        .execute();
    },
    async list({ limit, offset, userId }) {
      let query = db.selectFrom('scanEvents').selectAll();
      if (userId !== undefined) {
        query = query.where('userId', '=', userId);
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
