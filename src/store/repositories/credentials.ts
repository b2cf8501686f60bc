import type { Kysely } from 'kysely';
import type { Database } from '../schema.ts';
import type { CredentialRepository } from '../store.ts';

export function credentialRepository(db: Kysely<Database>): CredentialRepository {
  return {
    async upsert(credential) {
      const { secretEncrypted, last4, updatedAt } = credential;
      await db
        .insertInto('userCredentials')
        .values(credential)
        .onConflict((oc) =>
          oc.columns(['userId', 'provider']).doUpdateSet({ secretEncrypted, last4, updatedAt }),
        )
        .execute();
    },
    async remove(userId, provider) {
      const result = await db
        .deleteFrom('userCredentials')
        .where('userId', '=', userId)
        .where('provider', '=', provider)
        .executeTakeFirst();
      return result.numDeletedRows > 0n;
    },
    async findSecret(userId, provider) {
      const row = await db
        .selectFrom('userCredentials')
        .select('secretEncrypted')
        .where('userId', '=', userId)
        .where('provider', '=', provider)
        .executeTakeFirst();
      return row?.secretEncrypted;
    },
    list: (userId) =>
      db
        .selectFrom('userCredentials')
        .select(['userId', 'provider', 'last4', 'updatedAt'])
        .where('userId', '=', userId)
        .orderBy('provider')
        .execute(),
  };
}
