import { sql, type Kysely } from 'kysely';
import type { Database } from '../schema.ts';
import type { DefaultAgentRecord, DefaultAgentRepository } from '../chat-store.ts';

// Parameters in an INSERT … SELECT list have no type PostgreSQL can infer: each is cast.
const text = (value: string) => sql<string>`cast(${value} as text)`;
const seconds = (value: number) => sql<number>`cast(${value} as bigint)`;
// SQLite needs a WHERE in an INSERT … SELECT … ON CONFLICT, or it reads ON as a join's.
const always = sql<boolean>`1 = 1`;

export function defaultAgentRepository(db: Kysely<Database>): DefaultAgentRepository {
  const countInserted = (result: { numInsertedOrUpdatedRows?: bigint }) =>
    Number(result.numInsertedOrUpdatedRows ?? 0n);
  return {
    async list() {
      const serverWide = db
        .selectFrom('defaultAgents')
        .innerJoin('agents', 'agents.id', 'defaultAgents.agentId')
        .select([
          'defaultAgents.agentId',
          'agents.name as agentName',
          sql<string | null>`null`.as('groupId'),
          sql<string | null>`null`.as('groupName'),
          'defaultAgents.addedAt',
        ]);
      const perGroup = db
        .selectFrom('groupDefaultAgents')
        .innerJoin('agents', 'agents.id', 'groupDefaultAgents.agentId')
        .innerJoin('groups', 'groups.id', 'groupDefaultAgents.groupId')
        .select([
          'groupDefaultAgents.agentId',
          'agents.name as agentName',
          'groupDefaultAgents.groupId',
          'groups.name as groupName',
          'groupDefaultAgents.addedAt',
        ]);
      const rows = await serverWide.unionAll(perGroup).execute();
      return rows.map((row) => ({ ...row, addedAt: Number(row.addedAt) })).sort(byScopeThenName);
    },
    async add(agentId, groupId, now) {
      const result = await (
        groupId === null
          ? db.insertInto('defaultAgents').values({ agentId, addedAt: now })
          : db.insertInto('groupDefaultAgents').values({ agentId, groupId, addedAt: now })
      )
        .onConflict((oc) => oc.doNothing())
        .executeTakeFirst();
      return countInserted(result) > 0;
    },
    async remove(agentId, groupId) {
      const result = await (
        groupId === null
          ? db.deleteFrom('defaultAgents').where('agentId', '=', agentId)
          : db
              .deleteFrom('groupDefaultAgents')
              .where('agentId', '=', agentId)
              .where('groupId', '=', groupId)
      ).executeTakeFirst();
      return result.numDeletedRows > 0n;
    },
    async giveToUser(userId, groupId, now) {
      const given = [text(userId).as('userId'), seconds(now).as('assignedAt')];
      const agents =
        groupId === null
          ? db
              .selectFrom('defaultAgents')
              .select(['agentId', ...given])
              .where(always)
          : db
              .selectFrom('groupDefaultAgents')
              .select(['agentId', ...given])
              .where('groupId', '=', groupId);
      const result = await db
        .insertInto('agentUserAssignments')
        .columns(['agentId', 'userId', 'assignedAt'])
        .expression(agents)
        .onConflict((oc) => oc.doNothing())
        .executeTakeFirst();
      return countInserted(result);
    },
    async giveToEveryone(agentId, groupId, now) {
      const given = [text(agentId).as('agentId'), seconds(now).as('assignedAt')];
      const users =
        groupId === null
          ? db
              .selectFrom('users')
              .select(['id as userId', ...given])
              .where(always)
          : db
              .selectFrom('groupMembers')
              .select(['userId', ...given])
              .where('groupId', '=', groupId);
      const result = await db
        .insertInto('agentUserAssignments')
        .columns(['userId', 'agentId', 'assignedAt'])
        .expression(users)
        .onConflict((oc) => oc.doNothing())
        .executeTakeFirst();
      return countInserted(result);
    },
  };
}

function byScopeThenName(a: DefaultAgentRecord, b: DefaultAgentRecord): number {
  if ((a.groupId === null) !== (b.groupId === null)) {
    return a.groupId === null ? -1 : 1;
  }
  return (
    (a.groupName ?? '').localeCompare(b.groupName ?? '') || a.agentName.localeCompare(b.agentName)
  );
}
