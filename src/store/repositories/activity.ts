import type { Kysely, Selectable } from 'kysely';
import type { ActivityEventsTable, ActivityDailyTable, Database } from '../schema.ts';
import type {
  ActivityEventRecord,
  ActivityRepository,
  NewActivityEvent,
} from '../activity-store.ts';
import { dayOf, type ActivityKind } from '../../vocabulary/activity.ts';
import type { ScanVerdict } from '../../vocabulary/scanners.ts';

type DailyKey = Pick<ActivityDailyTable, 'day' | 'userId' | 'agentId' | 'model' | 'country'>;
type DailySums = Omit<ActivityDailyTable, keyof DailyKey>;

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

/** What one event adds to its day's sums. */
function sumsOf(event: NewActivityEvent): DailySums {
  return {
    prompts: event.kind === 'prompt' ? 1 : 0,
    answers: event.kind === 'answer' ? 1 : 0,
    blocks: event.kind === 'blocked' ? 1 : 0,
    files: event.kind === 'file_upload' ? 1 : 0,
    errors: event.kind === 'provider_error' ? 1 : 0,
    promptTokens: event.promptTokens ?? 0,
    completionTokens: event.completionTokens ?? 0,
    costMicros: event.costMicros ?? 0,
  };
}

const COUNTED: ReadonlySet<ActivityKind> = new Set([
  'prompt',
  'answer',
  'blocked',
  'file_upload',
  'provider_error',
]);

/** The events' sums by day and key: a turn's question and answer make one upsert. */
function rollup(events: readonly NewActivityEvent[]): (DailyKey & DailySums)[] {
  const rows = new Map<string, DailyKey & DailySums>();
  for (const event of events.filter((e) => COUNTED.has(e.kind))) {
    const key: DailyKey = {
      day: dayOf(event.at),
      userId: event.userId ?? '',
      agentId: event.agentId ?? '',
      model: event.model ?? '',
      country: event.country ?? '',
    };
    const id = JSON.stringify(key);
    const sums = sumsOf(event);
    const row = rows.get(id);
    if (row) {
      for (const name of Object.keys(sums) as (keyof DailySums)[]) {
        row[name] += sums[name];
      }
    } else {
      rows.set(id, { ...key, ...sums });
    }
  }
  return [...rows.values()];
}

const EVENTS_PER_INSERT = 1000;

async function recordIn(db: Kysely<Database>, events: readonly NewActivityEvent[]) {
  // A turn's events in one statement (a batch in statements of EVENTS_PER_INSERT, within
  // PostgreSQL's 65,535 parameters); seqs ascend in the order of the values on both stores,
  // whatever order RETURNING lists them in.
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
  for (const row of rollup(events)) {
    await db
      .insertInto('activityDaily')
      .values(row)
      .onConflict((c) =>
        c.columns(['day', 'userId', 'agentId', 'model', 'country']).doUpdateSet((eb) => ({
          prompts: eb('activityDaily.prompts', '+', eb.ref('excluded.prompts')),
          answers: eb('activityDaily.answers', '+', eb.ref('excluded.answers')),
          blocks: eb('activityDaily.blocks', '+', eb.ref('excluded.blocks')),
          files: eb('activityDaily.files', '+', eb.ref('excluded.files')),
          errors: eb('activityDaily.errors', '+', eb.ref('excluded.errors')),
          promptTokens: eb('activityDaily.promptTokens', '+', eb.ref('excluded.promptTokens')),
          completionTokens: eb(
            'activityDaily.completionTokens',
            '+',
            eb.ref('excluded.completionTokens'),
          ),
          costMicros: eb('activityDaily.costMicros', '+', eb.ref('excluded.costMicros')),
        })),
      )
      .execute();
  }
  if (seqs.length > 0) {
    await db
      .insertInto('activityQueue')
      .values(seqs.map((seq) => ({ seq })))
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
      const doomed = db.selectFrom('activityEvents').select('seq').where('at', '<', before);
      await db.deleteFrom('activityFindings').where('seq', 'in', doomed).execute();
      await db.deleteFrom('activityQueue').where('seq', 'in', doomed).execute();
      const result = await db
        .deleteFrom('activityEvents')
        .where('at', '<', before)
        .executeTakeFirst();
      return Number(result.numDeletedRows);
    },
  };
}
