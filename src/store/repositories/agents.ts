import { type Insertable, type Kysely, type Selectable, type Updateable } from 'kysely';
import type { AgentsTable, Database } from '../schema.ts';
import type { AgentRecord, AgentRepository } from '../chat-store.ts';
import type { EngineName } from '../../vocabulary/engines.ts';
import { ConflictError } from '../../lib/errors.ts';
import { isUniqueViolation } from '../constraint-violations.ts';

function toAgentRecord(row: Selectable<AgentsTable>): AgentRecord {
  const { nameNormalized: _, useUserKey, engine, scanners, ...rest } = row;
  return {
    ...rest,
    engine: engine as EngineName,
    useUserKey: useUserKey === 1,
    scanners: JSON.parse(scanners) as Record<string, unknown>,
  };
}

function toRow(agent: Partial<AgentRecord>): Updateable<AgentsTable> {
  const { useUserKey, name, scanners, ...rest } = agent;
  return {
    ...rest,
    ...(scanners === undefined ? {} : { scanners: JSON.stringify(scanners) }),
    ...(name === undefined ? {} : { name, nameNormalized: name.toLowerCase() }),
    ...(useUserKey === undefined ? {} : { useUserKey: useUserKey ? 1 : 0 }),
  };
}

function uniqueName<T>(name: string | undefined, work: Promise<T>): Promise<T> {
  return work.catch((error: unknown) => {
    if (isUniqueViolation(error)) {
      throw new ConflictError(`An agent named "${name}" already exists`);
    }
    throw error;
  });
}

export function agentRepository(db: Kysely<Database>): AgentRepository {
  /** Ids of the agents a user may use, as a subquery. */
  const usableIds = (userId: string) =>
    db
      .selectFrom('agentUserAssignments')
      .select('agentId')
      .where('userId', '=', userId)
      .union(
        db
          .selectFrom('agentGroupAssignments as a')
          .innerJoin('groupMembers as m', 'm.groupId', 'a.groupId')
          .select('a.agentId')
          .where('m.userId', '=', userId),
      )
      .union(
        db
          .selectFrom('users')
          .select('defaultAgentId as agentId')
          .where('id', '=', userId)
          .where('defaultAgentId', 'is not', null)
          .$narrowType<{ agentId: string }>(),
      );

  return {
    insert: (agent) =>
      uniqueName(
        agent.name,
        db
          .insertInto('agents')
          .values(toRow(agent) as Insertable<AgentsTable>)
          .execute(),
      ).then(() => undefined),
    async findById(id) {
      const row = await db.selectFrom('agents').selectAll().where('id', '=', id).executeTakeFirst();
      return row && toAgentRecord(row);
    },
    async list() {
      const [agents, users, groups] = await Promise.all([
        db.selectFrom('agents').selectAll().orderBy('nameNormalized').execute(),
        db
          .selectFrom('agentUserAssignments')
          .select(['agentId', 'userId as id'])
          .orderBy('userId')
          .execute(),
        db
          .selectFrom('agentGroupAssignments')
          .select(['agentId', 'groupId as id'])
          .orderBy('groupId')
          .execute(),
      ]);
      const idsOf = (rows: { agentId: string; id: string }[], agentId: string) =>
        rows.filter((row) => row.agentId === agentId).map((row) => row.id);
      return agents.map((row) => ({
        ...toAgentRecord(row),
        userIds: idsOf(users, row.id),
        groupIds: idsOf(groups, row.id),
      }));
    },
    async update(id, changes) {
      const row = await uniqueName(
        changes.name,
        db
          .updateTable('agents')
          .set(toRow(changes))
          .where('id', '=', id)
          .returningAll()
          .executeTakeFirst(),
      );
      return row && toAgentRecord(row);
    },
    async remove(id) {
      const result = await db.deleteFrom('agents').where('id', '=', id).executeTakeFirst();
      return result.numDeletedRows > 0n;
    },
    async assign(agentId, to, now) {
      const result = await (
        'userId' in to
          ? db
              .insertInto('agentUserAssignments')
              .values({ agentId, userId: to.userId, assignedAt: now })
          : db
              .insertInto('agentGroupAssignments')
              .values({ agentId, groupId: to.groupId, assignedAt: now })
      )
        .onConflict((oc) => oc.doNothing())
        .executeTakeFirst();
      return Number(result.numInsertedOrUpdatedRows ?? 0n) > 0;
    },
    async unassign(agentId, from) {
      const result = await (
        'userId' in from
          ? db
              .deleteFrom('agentUserAssignments')
              .where('agentId', '=', agentId)
              .where('userId', '=', from.userId)
          : db
              .deleteFrom('agentGroupAssignments')
              .where('agentId', '=', agentId)
              .where('groupId', '=', from.groupId)
      ).executeTakeFirst();
      return result.numDeletedRows > 0n;
    },
    async listUsable(userId) {
      const rows = await db
        .selectFrom('agents')
        .selectAll('agents')
        .select((eb) =>
          eb
            .exists(
              eb
                .selectFrom('users')
                .select('id')
                .where('id', '=', userId)
                .whereRef('defaultAgentId', '=', 'agents.id'),
            )
            .as('isDefault'),
        )
        .where('id', 'in', usableIds(userId))
        .orderBy('nameNormalized')
        .execute();
      // SQLite answers EXISTS with 0 or 1.
      return rows.map(({ isDefault, ...row }) => ({
        ...toAgentRecord(row),
        isDefault: Boolean(isDefault),
      }));
    },
    async findUsable(agentId, userId) {
      const row = await db
        .selectFrom('agents')
        .selectAll()
        .where('id', '=', agentId)
        .where('id', 'in', usableIds(userId))
        .executeTakeFirst();
      return row && toAgentRecord(row);
    },
    async setDefault(userId, agentId) {
      const result = await db
        .updateTable('users')
        .set({ defaultAgentId: agentId })
        .where('id', '=', userId)
        .executeTakeFirst();
      return result.numUpdatedRows > 0n;
    },
  };
}
