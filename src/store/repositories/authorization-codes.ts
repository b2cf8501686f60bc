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
    // One conditional UPDATE … RETURNING: the database decides which of concurrent redemptions wins.
    async consume(codeHash, clientId, now) {
      const row = await db
        .updateTable('authorizationCodes')
        .set({ consumedAt: now })
        .where('codeHash', '=', codeHash)
        .where('clientId', '=', clientId)
        .where('consumedAt', 'is', null)
        .where('expiresAt', '>', now)
        .returning([
          'codeHash',
          'clientId',
          'redirectUri',
          'userId',
          'codeChallenge',
          'sessionId',
          'createdAt',
          'expiresAt',
        ])
        .executeTakeFirst();
      if (!row) {
        return undefined;
      }
      // Only the web app's codes have a session.
      const { sessionId, ...code } = row;
      return sessionId === null ? code : { ...code, sessionId };
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
