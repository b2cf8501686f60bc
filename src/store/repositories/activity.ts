import type { Kysely, Selectable } from 'kysely';
import type { ActivityEventsTable, Database } from '../schema.ts';
import type {
  ActivityEventRecord,
  ActivityRepository,
  NewActivityEvent,
} from '../activity-store.ts';
import type { ActivityKind } from '../../vocabulary/activity.ts';
import type { ScanVerdict } from '../../vocabulary/scanners.ts';

export function toRecord(row: Selectable<ActivityEventsTable>): ActivityEventRecord {
  return {
    ...row,
    kind: row.kind as ActivityKind,
    verdict: row.verdict as ScanVerdict,
    scanners: JSON.parse(row.scanners) as string[],
    findingTypes: JSON.parse(row.findingTypes) as string[],
    details: JSON.parse(row.details) as Record<string, unknown>,
  };
}

const ROW_COLUMNS = [
  'seq',
  'at',
  'kind',
  'userId',
  'agentId',
  'conversationId',
  'messageId',
  'engine',
  'model',
  'clientIp',
  'country',
  'verdict',
  'scanners',
  'findingTypes',
  'promptTokens',
  'completionTokens',
  'costMicros',
  'feedbackRating',
  'text',
  'details',
] as const;

const EVENTS_PER_INSERT = 1000;

async function recordIn(db: Kysely<Database>, events: readonly NewActivityEvent[]) {
  // A turn's events in one statement (a batch in statements of EVENTS_PER_INSERT, within
  // PostgreSQL's 65,535 parameters); seqs ascend in the order of the values on both stores,
  // whatever order RETURNING lists them in. The database's triggers (migration 0015) queue them
  // for the monitoring rules and add them to their days' sums.
  const seqs: number[] = [];
  for (let from = 0; from < events.length; from += EVENTS_PER_INSERT) {
    const inserted = await db
      .insertInto('activityEvents')
      .values(
        events.slice(from, from + EVENTS_PER_INSERT).map((event) => ({
          ...event,
          scanners: JSON.stringify(event.scanners),
          findingTypes: JSON.stringify(event.findingTypes),
          details: JSON.stringify(event.details),
        })),
      )
      .returning('seq')
      .execute();
    seqs.push(...inserted.map((row) => Number(row.seq)).sort((a, b) => a - b));
  }
  const findings = events.flatMap((event, index) =>
    event.scanners.flatMap((scanner) =>
      event.findingTypes.map((findingType) => ({ seq: seqs[index]!, scanner, findingType })),
    ),
  );
  if (findings.length > 0) {
    await db
      .insertInto('activityFindings')
      .values(findings)
      .onConflict((c) => c.doNothing())
      .execute();
  }
  return seqs;
}

export function activityRepository(db: Kysely<Database>): ActivityRepository {
  return {
    record(events) {
      if (events.length === 0) {
        return Promise.resolve([]);
      }
      return db.isTransaction
        ? recordIn(db, events)
        : db.transaction().execute((trx) => recordIn(trx, events));
    },
    async rateAnswer(messageId, rating) {
      await db
        .updateTable('activityEvents')
        .set({ feedbackRating: rating })
        .where('messageId', '=', messageId)
        .where('kind', '=', 'answer')
        .execute();
    },
    async findBySeqs(seqs) {
      if (seqs.length === 0) {
        return [];
      }
      const rows = await db
        .selectFrom('activityEvents')
        .select(ROW_COLUMNS)
        .where('seq', 'in', seqs)
        .orderBy('seq')
        .execute();
      return rows.map(toRecord);
    },
    async purgeBefore(before) {
      const doomed = db
        .selectFrom('activityEvents')
        .select('seq')
        .where('at', '<', before)
        .where((eb) =>
          eb.or([
            eb('conversationId', 'is', null),
            eb(
              'conversationId',
              'not in',
              eb.selectFrom('complianceHoldConversations').select('conversationId'),
            ),
          ]),
        );
      await db.deleteFrom('activityFindings').where('seq', 'in', doomed).execute();
      await db.deleteFrom('activityQueue').where('seq', 'in', doomed).execute();
      const result = await db
        .deleteFrom('activityEvents')
        .where('seq', 'in', doomed)
        .executeTakeFirst();
      return Number(result.numDeletedRows);
    },
  };
}
