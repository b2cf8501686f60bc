import type { Kysely } from 'kysely';
import type { Database } from '../schema.ts';
import type { SsoIdentityRepository } from '../account-store.ts';
import { ConflictError } from '../../lib/errors.ts';
import { isUniqueViolation } from '../constraint-violations.ts';

export function ssoIdentityRepository(db: Kysely<Database>): SsoIdentityRepository {
  return {
    async find(issuer, subject) {
      return db
        .selectFrom('ssoIdentities')
        .selectAll()
        .where('issuer', '=', issuer)
        .where('subject', '=', subject)
        .executeTakeFirst();
    },
    async insert(identity) {
      await db
        .insertInto('ssoIdentities')
        .values(identity)
        .execute()
        .catch((error: unknown) => {
          if (isUniqueViolation(error)) {
            throw new ConflictError('This identity is linked to a user already');
          }
          throw error;
        });
    },
    async listByUser(userId) {
      return db
        .selectFrom('ssoIdentities')
        .selectAll()
        .where('userId', '=', userId)
        .orderBy('createdAt')
        .execute();
    },
  };
}
