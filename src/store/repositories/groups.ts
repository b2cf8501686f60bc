import type { Kysely } from 'kysely';
import type { Database } from '../schema.ts';
import type { GroupRepository } from '../store.ts';
import { ConflictError } from '../../lib/errors.ts';
import { isUniqueViolation } from '../constraint-violations.ts';
import { toUserRecord } from './users.ts';
import { containsText } from '../contains-text.ts';

export function groupRepository(db: Kysely<Database>): GroupRepository {
  const columns = ['id', 'name', 'description', 'createdAt'] as const;
  return {
    async insert(group) {
      try {
        await db
          .insertInto('groups')
          .values({ ...group, nameNormalized: group.name.toLowerCase() })
          .execute();
      } catch (error) {
        if (isUniqueViolation(error)) {
          throw new ConflictError(`A group named "${group.name}" already exists`);
        }
        throw error;
      }
    },
    findById: (id) =>
      db.selectFrom('groups').select(columns).where('id', '=', id).executeTakeFirst(),
    async findByNames(names) {
      if (names.length === 0) {
        return [];
      }
      const normalized = names.map((name) => name.toLowerCase());
      return db
        .selectFrom('groups')
        .select(columns)
        .where('nameNormalized', 'in', normalized)
        .execute();
    },
    async rename(id, name) {
      try {
        return await db
          .updateTable('groups')
          .set({ name, nameNormalized: name.toLowerCase() })
          .where('id', '=', id)
          .returning(columns)
          .executeTakeFirst();
      } catch (error) {
        if (isUniqueViolation(error)) {
          throw new ConflictError(`A group named "${name}" already exists`);
        }
        throw error;
      }
    },
    async list({ limit, offset, search }) {
      let query = db
        .selectFrom('groups as g')
        .select(['g.id', 'g.name', 'g.description', 'g.createdAt'])
        .select((eb) =>
          eb
            .selectFrom('groupMembers as m')
            .select(eb.fn.countAll<number>().as('count'))
            .whereRef('m.groupId', '=', 'g.id')
            .as('memberCount'),
        );
      if (search) {
        query = query.where(containsText(['g.name_normalized'], search));
      }
      const rows = await query.orderBy('g.nameNormalized').limit(limit).offset(offset).execute();
      // PostgreSQL counts as bigint, which the driver hands back as text or number.
      return rows.map((row) => ({ ...row, memberCount: Number(row.memberCount ?? 0) }));
    },
    async remove(id) {
      const result = await db.deleteFrom('groups').where('id', '=', id).executeTakeFirst();
      return result.numDeletedRows > 0n;
    },
    async addMember(groupId, userId, now) {
      const result = await db
        .insertInto('groupMembers')
        .values({ groupId, userId, addedAt: now })
        .onConflict((oc) => oc.columns(['groupId', 'userId']).doNothing())
        .executeTakeFirst();
      return Number(result.numInsertedOrUpdatedRows ?? 0n) > 0;
    },
    async removeMember(groupId, userId) {
      const result = await db
        .deleteFrom('groupMembers')
        .where('groupId', '=', groupId)
        .where('userId', '=', userId)
        .executeTakeFirst();
      return result.numDeletedRows > 0n;
    },
    async listMembers(groupId) {
      const rows = await db
        .selectFrom('users')
        .innerJoin('groupMembers', 'groupMembers.userId', 'users.id')
        .selectAll('users')
        .where('groupMembers.groupId', '=', groupId)
        .orderBy('users.emailNormalized')
        .execute();
      return rows.map(toUserRecord);
    },
    async groupIdsOfUsers(userIds) {
      const byUser = new Map<string, string[]>(userIds.map((id) => [id, []]));
      if (userIds.length === 0) {
        return byUser;
      }
      const rows = await db
        .selectFrom('groupMembers')
        .select(['userId', 'groupId'])
        .where('userId', 'in', [...userIds])
        .orderBy('groupId')
        .execute();
      for (const row of rows) {
        byUser.get(row.userId)?.push(row.groupId);
      }
      return byUser;
    },
  };
}
