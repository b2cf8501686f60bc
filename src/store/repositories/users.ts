import { sql, type Kysely, type AliasedRawBuilder, type Selectable } from 'kysely';
import type { Database, UsersTable } from '../schema.ts';
import type { UserPageQuery, UserRecord, UserRepository } from '../store.ts';
import type { Dialect } from '../database.ts';
import type { Role } from '../../vocabulary/roles.ts';
import { ConflictError } from '../../lib/errors.ts';
import { isUniqueViolation } from '../constraint-violations.ts';
import { containsText } from '../contains-text.ts';
import type { Changing } from '../announce.ts';

export function toUserRecord(row: Selectable<UsersTable>): UserRecord {
  return {
    id: row.id,
    email: row.email,
    name: row.name,
    roles: JSON.parse(row.roles) as Role[],
    createdAt: row.createdAt,
    disabledAt: row.disabledAt,
    defaultAgentId: row.defaultAgentId,
  };
}

/** Roles are a JSON array of known names, so a quoted name matches only that role. */
export const hasAdminRole = sql<boolean>`roles like '%"CompanyAdmin"%'`;

function uniqueEmail<T>(work: Promise<T>): Promise<T> {
  return work.catch((error: unknown) => {
    if (isUniqueViolation(error)) {
      throw new ConflictError('A user with this id or email already exists');
    }
    throw error;
  });
}

/** The users of a page (by lower-cased email), before their columns are chosen. */
function pageOf(db: Kysely<Database>, { limit, offset, search, afterEmail }: UserPageQuery) {
  let query = db.selectFrom('users');
  if (afterEmail !== undefined) {
    query = query.where('emailNormalized', '>', afterEmail.toLowerCase());
  }
  if (search) {
    query = query.where(containsText(['email_normalized', 'lower(name)'], search));
  }
  return query.orderBy('emailNormalized').limit(limit).offset(offset);
}

/** Each user's group ids as a JSON array, in id order, by a subquery per row of the page. */
const groupIdsOf: Record<Dialect, AliasedRawBuilder<string | string[], 'groupIds'>> = {
  sqlite: sql<string | string[]>`(select json_group_array(group_id order by group_id)
    from group_members where group_members.user_id = users.id)`.as('groupIds'),
  postgres: sql<
    string | string[]
  >`coalesce((select json_agg(group_id order by group_id) from group_members
    where group_members.user_id = users.id), '[]'::json)`.as('groupIds'),
};

// PostgreSQL's driver parses json columns; SQLite returns the text.
function parseJson(value: string | string[]): string[] {
  return typeof value === 'string' ? (JSON.parse(value) as string[]) : value;
}

export function userRepository(
  db: Kysely<Database>,
  dialect: Dialect,
  changing: Changing,
): UserRepository {
  return {
    async insert(user) {
      await uniqueEmail(
        db
          .insertInto('users')
          .values({
            id: user.id,
            email: user.email,
            emailNormalized: user.email.toLowerCase(),
            name: user.name,
            roles: JSON.stringify(user.roles),
            createdAt: user.createdAt,
            disabledAt: user.disabledAt,
          })
          .execute(),
      );
    },
    async findById(id) {
      const row = await db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
      return row && toUserRecord(row);
    },
    async findByEmail(email) {
      const row = await db
        .selectFrom('users')
        .selectAll()
        .where('emailNormalized', '=', email.trim().toLowerCase())
        .executeTakeFirst();
      return row && toUserRecord(row);
    },
    async list(page) {
      const rows = await pageOf(db, page).selectAll().execute();
      return rows.map(toUserRecord);
    },
    async listWithGroupIds(page) {
      const rows = await pageOf(db, page).selectAll().select(groupIdsOf[dialect]).execute();
      return rows.map((row) => ({ ...toUserRecord(row), groupIds: parseJson(row.groupIds) }));
    },
    async update(id, changes) {
      const row = await uniqueEmail(
        changing(
          (tx) =>
            tx
              .updateTable('users')
              .set({
                ...(changes.email === undefined
                  ? {}
                  : { email: changes.email, emailNormalized: changes.email.toLowerCase() }),
                ...(changes.name === undefined ? {} : { name: changes.name }),
                ...(changes.roles === undefined ? {} : { roles: JSON.stringify(changes.roles) }),
                ...(changes.disabledAt === undefined ? {} : { disabledAt: changes.disabledAt }),
              })
              .where('id', '=', id)
              .returningAll()
              .executeTakeFirst(),
          (updated) => updated !== undefined,
        ),
      );
      return row && toUserRecord(row);
    },
    async lockActiveAdmins() {
      const query = db
        .selectFrom('users')
        .select('id')
        .where(hasAdminRole)
        .where('disabledAt', 'is', null);
      const rows = await (dialect === 'postgres' ? query.forUpdate() : query).execute();
      return rows.map((row) => row.id);
    },
    async remove(id) {
      const result = await changing(
        (tx) => tx.deleteFrom('users').where('id', '=', id).executeTakeFirst(),
        (deleted) => deleted.numDeletedRows > 0n,
      );
      return result.numDeletedRows > 0n;
    },
  };
}
