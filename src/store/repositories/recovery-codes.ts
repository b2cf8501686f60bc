import type { Kysely } from 'kysely';
import type { Database } from '../schema.ts';
import type { RecoveryCodeRepository } from '../account-store.ts';

export function recoveryCodeRepository(db: Kysely<Database>): RecoveryCodeRepository {
  return {
    async replace(userId, codeHashes) {
      await db.deleteFrom('recoveryCodes').where('userId', '=', userId).execute();
      if (codeHashes.length > 0) {
        await db
          .insertInto('recoveryCodes')
          .values(codeHashes.map((codeHash) => ({ userId, codeHash, usedAt: null })))
          .execute();
      }
    },
    // One conditional UPDATE: of concurrent sign-ins with one code, only one spends it.
    async consume(userId, codeHash, now) {
      const result = await db
        .updateTable('recoveryCodes')
        .set({ usedAt: now })
        .where('userId', '=', userId)
        .where('codeHash', '=', codeHash)
        .where('usedAt', 'is', null)
        .executeTakeFirst();
      return result.numUpdatedRows > 0n;
    },
    async countUnused(userId) {
      const row = await db
        .selectFrom('recoveryCodes')
        .select((eb) => eb.fn.countAll<number | string>().as('count'))
        .where('userId', '=', userId)
        .where('usedAt', 'is', null)
        .executeTakeFirstOrThrow();
      return Number(row.count);
    },
    async removeAll(userId) {
      await db.deleteFrom('recoveryCodes').where('userId', '=', userId).execute();
    },
  };
}
