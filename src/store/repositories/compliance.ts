import { sql, type Kysely, type RawBuilder, type Selectable } from 'kysely';
import type { ActivityEventsTable, Database } from '../schema.ts';
import type { Dialect } from '../database.ts';
import type {
  ActivityFilters,
  ActivityHit,
  ComplianceRepository,
  SavedSearchRecord,
} from '../compliance-store.ts';
import { toRecord } from './activity.ts';
import { CUSTOM_PLAN } from '../prepared-statements.ts';
import { fts5Match, tsQuery } from '../../compliance/search-query.ts';

type HitRow = Selectable<ActivityEventsTable> & {
  userEmail: string | null;
  userName: string | null;
  agentName: string | null;
};

const COLUMNS = sql`e.seq, e.at, e.kind, e.user_id, e.agent_id, e.conversation_id, e.message_id,
  e.engine, e.model, e.client_ip, e.country, e.verdict, e.scanners, e.finding_types,
  e.prompt_tokens, e.completion_tokens, e.cost_micros, e.feedback_rating, e.text, e.details,
  u.email as user_email, u.name as user_name, a.name as agent_name`;

const NAMES = sql`left join users u on u.id = e.user_id left join agents a on a.id = e.agent_id`;

function toHit({ userEmail, userName, agentName, ...row }: HitRow): ActivityHit {
  // PostgreSQL answers bigint columns as strings.
  return {
    ...toRecord({
      ...row,
      seq: Number(row.seq),
      at: Number(row.at),
      promptTokens: row.promptTokens === null ? null : Number(row.promptTokens),
      completionTokens: row.completionTokens === null ? null : Number(row.completionTokens),
      costMicros: row.costMicros === null ? null : Number(row.costMicros),
    }),
    userEmail,
    userName,
    agentName,
  };
}

const list = (values: readonly (string | number)[]) => sql.join(values.map((v) => sql`${v}`));

/** The filters other than the text, on events `e`: the same SQL on both stores. */
function conditions(
  filters: ActivityFilters,
  beforeSeq: number | undefined,
): RawBuilder<unknown>[] {
  const where: RawBuilder<unknown>[] = [];
  const any = (column: string, values: readonly (string | number)[]) => {
    if (values.length > 0) {
      where.push(sql`${sql.ref(`e.${column}`)} in (${list(values)})`);
    }
  };
  any('user_id', filters.userIds);
  any('agent_id', filters.agentIds);
  any('kind', filters.kinds);
  any('verdict', filters.verdicts);
  any('feedback_rating', filters.ratings);
  if (filters.groupIds.length > 0) {
    where.push(
      sql`e.user_id in (select gm.user_id from group_members gm where gm.group_id in (${list(filters.groupIds)}))`,
    );
  }
  if (filters.scanners.length > 0) {
    where.push(sql`exists (select 1 from activity_findings fs where fs.seq = e.seq
      and fs.scanner in (${list(filters.scanners)}))`);
  }
  if (filters.findingTypes.length > 0) {
    where.push(sql`exists (select 1 from activity_findings ft where ft.seq = e.seq
      and ft.finding_type in (${list(filters.findingTypes)}))`);
  }
  if (filters.since !== undefined) {
    where.push(sql`e.at >= ${filters.since}`);
  }
  if (filters.until !== undefined) {
    where.push(sql`e.at < ${filters.until}`);
  }
  if (beforeSeq !== undefined) {
    where.push(sql`e.seq < ${beforeSeq}`);
  }
  return where;
}

const and = (where: RawBuilder<unknown>[]) =>
  where.length === 0 ? sql`true` : sql.join(where, sql` and `);

/**
 * SQLite: with a text, the FTS5 table drives (CROSS JOIN keeps that order), streaming its
 * matches newest first by rowid = seq, so a common word stops after a page (unless users are
 * named); without one, the events' primary key (or the user/agent index) is walked backwards.
 */
function sqliteSearch(filters: ActivityFilters, limit: number, beforeSeq?: number) {
  const where = conditions(filters, beforeSeq);
  if (filters.terms.length === 0) {
    return sql<HitRow>`select ${COLUMNS} from activity_events e ${NAMES}
      where ${and(where)} order by e.seq desc limit ${limit}`;
  }
  if (filters.userIds.length > 0) {
    // A person's events are few: walk them newest first, each checked against the index by
    // rowid, instead of every match of a common word.
    return sql<HitRow>`select ${COLUMNS} from activity_events e ${NAMES}
      where ${and(where)} and exists (select 1 from activity_fts f where f.rowid = e.seq
        and activity_fts match ${fts5Match(filters.terms)})
      order by e.seq desc limit ${limit}`;
  }
  return sql<HitRow>`select ${COLUMNS} from activity_fts f
    cross join activity_events e on e.seq = f.rowid ${NAMES}
    where activity_fts match ${fts5Match(filters.terms)} and ${and(where)}
    order by f.rowid desc limit ${limit}`;
}

/**
 * SQLite indexes recorded text in batches (migration 0016): the events since the last batch
 * are indexed before a text search, so that it sees them.
 */
async function indexRecentText(db: Kysely<Database>): Promise<void> {
  await sql`update activity_fts_indexed set seq = (select max(seq) from activity_events)
    where seq < (select max(seq) from activity_events)`.execute(db);
}

// PostgreSQL's planner walks the primary key backwards for a page of a common word (fast) but
// does the same for a rare word or an old date range, reading the whole table (EXPLAIN over a
// million events: 350 ms, 780 ms). So a page is read in two steps: the newest WINDOW events below
// the cursor first, the planner's choice there being right; only when they hold too few matches,
// the rest from the candidates the GIN index (or the `at` index) gives, materialised first.
// With a text the window is smaller: checking each event's words costs more than its filters (a
// rare word over 50,000 events: 30 ms, a phrase 170 ms; over 5,000: 0.5 and 14 ms), and a word
// too rare to fill a page there has few enough matches to materialise.
const WINDOW = 50_000;
const TEXT_WINDOW = 5_000;

const windowOf = (filters: ActivityFilters) => (filters.terms.length > 0 ? TEXT_WINDOW : WINDOW);

function postgresText(filters: ActivityFilters): RawBuilder<unknown> {
  return sql`text_search @@ to_tsquery('simple', ${tsQuery(filters.terms)})`;
}

function postgresWindow(filters: ActivityFilters, limit: number, top: number) {
  const where = [...conditions(filters, top + 1), sql`e.seq > ${top - windowOf(filters)}`];
  if (filters.terms.length > 0) {
    where.push(sql`e.${postgresText(filters)}`);
  }
  return sql<HitRow>`${sql.raw(CUSTOM_PLAN)} select ${COLUMNS} from activity_events e ${NAMES}
    where ${and(where)} order by e.seq desc limit ${limit}`;
}

function postgresRest(filters: ActivityFilters, limit: number, floor: number) {
  const where = conditions(filters, floor + 1);
  if (filters.terms.length > 0) {
    where.push(sql`e.${postgresText(filters)}`);
  }
  if (filters.terms.length === 0 && filters.until === undefined) {
    return sql<HitRow>`${sql.raw(CUSTOM_PLAN)} select ${COLUMNS} from activity_events e ${NAMES}
      where ${and(where)} order by e.seq desc limit ${limit}`;
  }
  // Materialised without an order, the matches come from the GIN (or `at`) index, alone or
  // ANDed with the user and agent indexes, never from a walk of the whole primary key.
  return sql<HitRow>`${sql.raw(CUSTOM_PLAN)} with m as materialized (select e.seq from activity_events e where ${and(where)})
    select ${COLUMNS} from (select seq from m order by seq desc limit ${limit}) top
    join activity_events e on e.seq = top.seq ${NAMES} order by e.seq desc`;
}

async function postgresSearch(
  db: Kysely<Database>,
  filters: ActivityFilters,
  limit: number,
  beforeSeq?: number,
): Promise<HitRow[]> {
  const top =
    beforeSeq === undefined
      ? Number(
          (
            await sql<{ top: number | null }>`select max(seq) as top from activity_events`.execute(
              db,
            )
          ).rows[0]?.top ?? 0,
        )
      : beforeSeq - 1;
  const { rows } = await postgresWindow(filters, limit, top).execute(db);
  const floor = top - windowOf(filters);
  if (rows.length >= limit || floor <= 0) {
    return rows;
  }
  const rest = await postgresRest(filters, limit - rows.length, floor).execute(db);
  return [...rows, ...rest.rows];
}

function toSaved(row: Selectable<Database['complianceSearches']>): SavedSearchRecord {
  return {
    ...row,
    criteria: JSON.parse(row.criteria) as Record<string, unknown>,
    createdAt: Number(row.createdAt),
    updatedAt: Number(row.updatedAt),
  };
}

export function complianceRepository(db: Kysely<Database>, dialect: Dialect): ComplianceRepository {
  return {
    async search(filters, limit, beforeSeq) {
      if (dialect === 'sqlite' && filters.terms.length > 0) {
        await indexRecentText(db);
      }
      const rows =
        dialect === 'postgres'
          ? await postgresSearch(db, filters, limit, beforeSeq)
          : (await sqliteSearch(filters, limit, beforeSeq).execute(db)).rows;
      return rows.map(toHit);
    },
    async conversationsMatching(filters, conversationIds) {
      if (conversationIds.length === 0) {
        return [];
      }
      const where = [
        ...conditions(filters, undefined),
        sql`e.conversation_id in (${list(conversationIds)})`,
      ];
      if (filters.terms.length > 0) {
        if (dialect === 'sqlite') {
          await indexRecentText(db);
          where.push(sql`exists (select 1 from activity_fts f where f.rowid = e.seq
            and activity_fts match ${fts5Match(filters.terms)})`);
        } else {
          where.push(sql`e.${postgresText(filters)}`);
        }
      }
      const { rows } = await sql<{ conversationId: string }>`select distinct e.conversation_id
        from activity_events e where ${and(where)}`.execute(db);
      return rows.map((row) => row.conversationId);
    },
    async conversation(conversationId) {
      const { rows } = await sql<HitRow>`select ${COLUMNS} from activity_events e ${NAMES}
        where e.conversation_id = ${conversationId} order by e.seq`.execute(db);
      const conversation = await db
        .selectFrom('conversations')
        .select(['title', 'userId'])
        .where('id', '=', conversationId)
        .executeTakeFirst();
      return { conversation: conversation ?? null, events: rows.map(toHit) };
    },
    async listSearches() {
      const rows = await db.selectFrom('complianceSearches').selectAll().orderBy('name').execute();
      return rows.map(toSaved);
    },
    async findSearch(id) {
      const row = await db
        .selectFrom('complianceSearches')
        .selectAll()
        .where('id', '=', id)
        .executeTakeFirst();
      return row && toSaved(row);
    },
    async insertSearch(search) {
      await db
        .insertInto('complianceSearches')
        .values({ ...search, criteria: JSON.stringify(search.criteria) })
        .execute();
    },
    async updateSearch(id, { criteria, ...change }) {
      const result = await db
        .updateTable('complianceSearches')
        .set({ ...change, criteria: JSON.stringify(criteria) })
        .where('id', '=', id)
        .executeTakeFirst();
      return Number(result.numUpdatedRows) > 0;
    },
    async deleteSearch(id) {
      const result = await db
        .deleteFrom('complianceSearches')
        .where('id', '=', id)
        .executeTakeFirst();
      return Number(result.numDeletedRows) > 0;
    },
  };
}
