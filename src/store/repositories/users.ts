import { sql, type Kysely, type Selectable } from 'kysely';
import type { Database, UsersTable } from '../schema.ts';
import type { UserRecord, UserRepository } from '../store.ts';
import type { Dialect } from '../database.ts';
import type { Role } from '../../users/roles.ts';
import { ConflictError } from '../../lib/errors.ts';
import { isUniqueViolation } from '../unique-violation.ts';
import { announcedIf, type Announce } from '../announce.ts';

export function toUserRecord(row: Selectable<UsersTable>): UserRecord {
  return {
    id: row.id,
    email: row.email,
    name: row.name,
    roles: JSON.parse(row.roles) as Role[],
    createdAt: row.createdAt,
    disabledAt: row.disabledAt,
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

/** Escapes LIKE wildcards so a search for "50%" finds the literal text. */
export function likePattern(search: string): string {
  return `%${search.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

export function userRepository(
  db: Kysely<Database>,
  dialect: Dialect,
  announce: Announce,
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
    async list({ limit, offset, search, afterEmail }) {
      let query = db.selectFrom('users').selectAll();
      if (afterEmail !== undefined) {
        query = query.where('emailNormalized', '>', afterEmail.toLowerCase());
      }
      if (search) {
        const pattern = likePattern(search);
        // ESCAPE is explicit because SQLite has no default LIKE escape character.
        query = query.where(
          sql<boolean>`(email_normalized like ${pattern} escape '\\' or lower(name) like ${pattern} escape '\\')`,
        );
      }
      const rows = await query.orderBy('emailNormalized').limit(limit).offset(offset).execute();
      return rows.map(toUserRecord);
    },
    async update(id, changes) {
      const row = await uniqueEmail(
        db
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
      );
      if (!row) {
        return undefined;
      }
      await announce();
      return toUserRecord(row);
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
      const result = await db.deleteFrom('users').where('id', '=', id).executeTakeFirst();
      return announcedIf(announce, result.numDeletedRows > 0n);
    },
  };
}
