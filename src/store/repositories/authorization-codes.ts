import type { Kysely } from 'kysely';
import type { Database } from '../schema.ts';
import type { AuthorizationCodeRepository } from '../store.ts';

export function authorizationCodeRepository(db: Kysely<Database>): AuthorizationCodeRepository {
  return {
    async insert(code) {
      await db
        .insertInto('authorizationCodes')
        .values({ ...code, sessionId: code.sessionId ?? null, consumedAt: null })
        .execute();
    },
    async purgeExpired(before) {
      const result = await db
        .deleteFrom('authorizationCodes')
        .where('expiresAt', '<', before)
        .executeTakeFirst();
      return Number(result.numDeletedRows);
    },
    async isConsumed(codeHash, clientId) {
      const row = await db
        .selectFrom('authorizationCodes')
        .select('codeHash')
        .where('codeHash', '=', codeHash)
        .where('clientId', '=', clientId)
        .where('consumedAt', 'is not', null)
        .executeTakeFirst();
      return row !== undefined;
    },
  };
}
