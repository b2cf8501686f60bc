import { sql, type Kysely, type Selectable } from 'kysely';
import type { Database, MonitorIssueEventsTable, MonitorRulesTable } from '../schema.ts';
import type { Dialect } from '../database.ts';
import type {
  EventRange,
  IssueEventRecord,
  MonitorRuleRecord,
  MonitoringRepository,
} from '../monitoring-store.ts';
import type { RuleDefinition } from '../../vocabulary/monitoring.ts';

function toRule(row: Selectable<MonitorRulesTable>): MonitorRuleRecord {
  return {
    id: row.id,
    name: row.name,
    definition: JSON.parse(row.definition) as RuleDefinition,
    severity: row.severity,
    enabled: Number(row.enabled) === 1,
    createdAt: Number(row.createdAt),
    updatedAt: Number(row.updatedAt),
  };
}

function ruleRow(rule: MonitorRuleRecord): Selectable<MonitorRulesTable> {
  return {
    ...rule,
    kind: rule.definition.kind,
    definition: JSON.stringify(rule.definition),
    enabled: rule.enabled ? 1 : 0,
  };
}

function toEvent(
  row: Selectable<MonitorIssueEventsTable> & { actorName: string | null },
): IssueEventRecord {
  return {
    ...row,
    id: Number(row.id),
    at: Number(row.at),
    details: JSON.parse(row.details) as Record<string, unknown>,
  };
}

const ISSUE_COLUMNS = [
  'monitorIssues.id',
  'monitorIssues.ruleId',
  'monitorRules.name as ruleName',
  'monitorIssues.subject',
  'monitorIssues.title',
  'monitorIssues.severity',
  'monitorIssues.status',
  'monitorIssues.assigneeId',
  'monitorIssues.occurrences',
  'monitorIssues.firstSeenAt',
  'monitorIssues.lastSeenAt',
  'monitorIssues.lastSeq',
  'monitorIssues.createdAt',
  'monitorIssues.updatedAt',
] as const;

// A subject is `user:<id>` or `agent:<id>`: the id after the prefix finds the row by its key.
const subjectIs = (prefix: 'user:' | 'agent:', table: string) =>
  sql<boolean>`${sql.ref('monitorIssues.subject')} like ${`${prefix}%`}
    and ${sql.ref(`${table}.id`)} = substr(${sql.ref('monitorIssues.subject')}, ${prefix.length + 1})`;

export function monitoringRepository(db: Kysely<Database>, dialect: Dialect): MonitoringRepository {
  const issues = () =>
    db
      .selectFrom('monitorIssues')
      .innerJoin('monitorRules', 'monitorRules.id', 'monitorIssues.ruleId')
      .leftJoin('users as subjectUser', (join) => join.on(subjectIs('user:', 'subjectUser')))
      .leftJoin('agents as subjectAgent', (join) => join.on(subjectIs('agent:', 'subjectAgent')))
      .leftJoin('users as assignee', 'assignee.id', 'monitorIssues.assigneeId')
      .select(ISSUE_COLUMNS)
      .select([
        sql<
          string | null
        >`coalesce(${sql.ref('subjectUser.name')}, ${sql.ref('subjectAgent.name')})`.as(
          'subjectName',
        ),
        'assignee.name as assigneeName',
      ]);
  const events = () =>
    db
      .selectFrom('monitorIssueEvents')
      .leftJoin('users as actor', 'actor.id', 'monitorIssueEvents.actorId')
      .selectAll('monitorIssueEvents')
      .select('actor.name as actorName');
  const numbers = <T extends Record<string, unknown>>(row: T) => ({
    ...row,
    occurrences: Number(row.occurrences),
    firstSeenAt: Number(row.firstSeenAt),
    lastSeenAt: Number(row.lastSeenAt),
    lastSeq: Number(row.lastSeq),
    createdAt: Number(row.createdAt),
    updatedAt: Number(row.updatedAt),
  });
  /** Events in the range, by the index on (user_id, seq), (agent_id, seq) or at. */
  const inRange = ({ userId, agentId, since, upToSeq }: EventRange) => {
    let query = db
      .selectFrom('activityEvents as e')
      .where('e.seq', '<=', upToSeq)
      .where('e.at', '>=', since);
    if (userId !== undefined) {
      query = query.where('e.userId', '=', userId);
    }
    if (agentId !== undefined) {
      query = query.where('e.agentId', '=', agentId);
    }
    return query;
  };

  return {
    async insertRule(rule) {
      await db.insertInto('monitorRules').values(ruleRow(rule)).execute();
    },
    async updateRule(rule) {
      const { id, createdAt: _createdAt, ...changes } = ruleRow(rule);
      const result = await db
        .updateTable('monitorRules')
        .set(changes)
        .where('id', '=', id)
        .executeTakeFirst();
      return Number(result.numUpdatedRows) > 0;
    },
    async deleteRule(id) {
      const result = await db.deleteFrom('monitorRules').where('id', '=', id).executeTakeFirst();
      return Number(result.numDeletedRows) > 0;
    },
    async findRule(id) {
      const row = await db
        .selectFrom('monitorRules')
        .selectAll()
        .where('id', '=', id)
        .executeTakeFirst();
      return row && toRule(row);
    },
    async listRules() {
      const rows = await db
        .selectFrom('monitorRules')
        .selectAll()
        .orderBy('name')
        .orderBy('id')
        .execute();
      return rows.map(toRule);
    },
    async listIssues({ status, ruleId, assigneeId, limit, offset }) {
      let query = issues();
      if (status !== undefined) {
        query = query.where('monitorIssues.status', '=', status);
      }
      if (ruleId !== undefined) {
        query = query.where('monitorIssues.ruleId', '=', ruleId);
      }
      if (assigneeId !== undefined) {
        query = query.where('monitorIssues.assigneeId', '=', assigneeId);
      }
      const rows = await query
        .orderBy('monitorIssues.lastSeenAt', 'desc')
        .orderBy('monitorIssues.id')
        .limit(limit)
        .offset(offset)
        .execute();
      return rows.map(numbers);
    },
    async findIssue(id) {
      const row = await issues().where('monitorIssues.id', '=', id).executeTakeFirst();
      return row && numbers(row);
    },
    async findUnresolved(ruleId, subject) {
      const row = await issues()
        .where('monitorIssues.ruleId', '=', ruleId)
        .where('monitorIssues.subject', '=', subject)
        .where('monitorIssues.status', '<>', 'resolved')
        .executeTakeFirst();
      return row && numbers(row);
    },
    async updateIssue(id, changes) {
      await db.updateTable('monitorIssues').set(changes).where('id', '=', id).execute();
    },
    async addIssueEvent(event) {
      const { id } = await db
        .insertInto('monitorIssueEvents')
        .values({ ...event, details: JSON.stringify(event.details) })
        .returning('id')
        .executeTakeFirstOrThrow();
      return toEvent(
        await events().where('monitorIssueEvents.id', '=', id).executeTakeFirstOrThrow(),
      );
    },
    async listIssueEvents(issueId) {
      const rows = await events()
        .where('monitorIssueEvents.issueId', '=', issueId)
        .orderBy('monitorIssueEvents.id')
        .execute();
      return rows.map(toEvent);
    },
    async takeQueued(limit) {
      const oldest = db.selectFrom('activityQueue').select('seq').orderBy('seq').limit(limit);
      const rows = await db
        .deleteFrom('activityQueue')
        .where(
          'seq',
          'in',
          // SQLite writes under one lock; PostgreSQL instances each take rows the others do not.
          dialect === 'postgres' ? oldest.forUpdate().skipLocked() : oldest,
        )
        .returning('seq')
        .execute();
      return rows.map((row) => Number(row.seq)).sort((a, b) => a - b);
    },
    async countEvents(range, { kinds, verdicts, scanners, findingTypes, agentId }) {
      let query = inRange(range);
      if (kinds?.length) {
        query = query.where('e.kind', 'in', kinds);
      }
      if (verdicts?.length) {
        query = query.where('e.verdict', 'in', verdicts);
      }
      if (agentId !== undefined) {
        query = query.where('e.agentId', '=', agentId);
      }
      // An event with a finding from any of these scanners, and of any of these types.
      for (const [column, values] of [
        ['f.scanner', scanners],
        ['f.findingType', findingTypes],
      ] as const) {
        if (values?.length) {
          query = query.where((eb) =>
            eb.exists(
              eb
                .selectFrom('activityFindings as f')
                .select('f.seq')
                .whereRef('f.seq', '=', 'e.seq')
                .where(column, 'in', values),
            ),
          );
        }
      }
      const row = await query
        .select(({ fn }) => fn.countAll<string | number>().as('count'))
        .executeTakeFirstOrThrow();
      return Number(row.count);
    },
    async spendOf({ userId, agentId }, metric, fromDay, toDay) {
      let query = db
        .selectFrom('activityDaily')
        .where('day', '>=', fromDay)
        .where('day', '<=', toDay);
      if (userId !== undefined) {
        query = query.where('userId', '=', userId);
      }
      if (agentId !== undefined) {
        query = query.where('agentId', '=', agentId);
      }
      const total =
        metric === 'tokens'
          ? sql<string | number | null>`sum(prompt_tokens + completion_tokens)`
          : sql<string | number | null>`sum(cost_micros)`;
      const row = await query.select(total.as('total')).executeTakeFirstOrThrow();
      return Number(row.total ?? 0);
    },
    async callsOf(range) {
      const rows = await inRange(range)
        .where('e.kind', 'in', ['answer', 'provider_error'])
        .select(['e.kind', ({ fn }) => fn.countAll<string | number>().as('count')])
        .groupBy('e.kind')
        .execute();
      const count = (kind: string) => Number(rows.find((row) => row.kind === kind)?.count ?? 0);
      return { answers: count('answer'), errors: count('provider_error') };
    },
    async recordOccurrence({ id, ruleId, subject, title, severity, at, seq }) {
      const row = await db
        .insertInto('monitorIssues')
        .values({
          id,
          ruleId,
          subject,
          title,
          severity,
          status: 'open',
          assigneeId: null,
          occurrences: 1,
          firstSeenAt: at,
          lastSeenAt: at,
          lastSeq: seq,
          createdAt: at,
          updatedAt: at,
        })
        .onConflict((c) =>
          c
            .columns(['ruleId', 'subject'])
            // The index's own predicate, as a literal: SQLite matches it to the index by its text.
            .where('status', '<>', sql.lit('resolved'))
            .doUpdateSet((eb) => ({
              occurrences: eb('monitorIssues.occurrences', '+', 1),
              lastSeenAt: eb.ref('excluded.lastSeenAt'),
              lastSeq: eb.ref('excluded.lastSeq'),
              updatedAt: eb.ref('excluded.updatedAt'),
            })),
        )
        .returning(['id'])
        .executeTakeFirstOrThrow();
      return { issueId: row.id, opened: row.id === id };
    },
  };
}
