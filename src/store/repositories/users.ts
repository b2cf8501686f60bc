import { sql, type Kysely, type Selectable } from 'kysely';
import type { Database, UsersTable } from '../schema.ts';
import type { UserRecord, UserRepository } from '../store.ts';
import type { Role } from '../../users/roles.ts';
import { ConflictError } from '../../lib/errors.ts';
import { isUniqueViolation } from '../unique-violation.ts';

function toRecord(row: Selectable<UsersTable>): UserRecord {
  return {
    id: row.id,
    email: row.email,
    name: row.name,
    roles: JSON.parse(row.roles) as Role[],
    createdAt: row.createdAt,
  };
}

/** Escapes LIKE wildcards so a search for "50%" finds the literal text. */
function likePattern(search: string): string {
  return `%${search.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

export function userRepository(db: Kysely<Database>): UserRepository {
  return {
    async insert(user) {
      try {
        await db
          .insertInto('users')
          .values({
            id: user.id,
            email: user.email,
            emailNormalized: user.email.toLowerCase(),
            name: user.name,
            roles: JSON.stringify(user.roles),
            createdAt: user.createdAt,
          })
          .execute();
      } catch (error) {
        if (isUniqueViolation(error)) {
          throw new ConflictError('A user with this id or email already exists');
        }
        throw error;
      }
    },
    async findById(id) {
      const row = await db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
      return row && toRecord(row);
    },
    async list({ limit, offset, search }) {
      let query = db.selectFrom('users').selectAll();
      if (search) {
        const pattern = likePattern(search);
        // ESCAPE is explicit because SQLite has no default LIKE escape character.
        query = query.where(
          sql<boolean>`(email_normalized like ${pattern} escape '\\' or lower(name) like ${pattern} escape '\\')`,
        );
      }
      const rows = await query.orderBy('emailNormalized').limit(limit).offset(offset).execute();
      return rows.map(toRecord);
    },
    async remove(id) {
      const result = await db.deleteFrom('users').where('id', '=', id).executeTakeFirst();
      return result.numDeletedRows > 0n;
    },
  };
}
