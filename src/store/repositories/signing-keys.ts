import type { Kysely } from 'kysely';
import type { Database } from '../schema.ts';
import type { SigningKeyRepository } from '../store.ts';

export function signingKeyRepository(db: Kysely<Database>): SigningKeyRepository {
  return {
    async insert(key) {
      await db.insertInto('signingKeys').values(key).execute();
    },
    async listPublished(now) {
      return db
        .selectFrom('signingKeys')
        .select([
          'kid',
          'algorithm',
          'publicJwk',
          'privateJwkEncrypted',
          'createdAt',
          'activatesAt',
          'retiredAt',
        ])
        .where((eb) => eb.or([eb('retiredAt', 'is', null), eb('retiredAt', '>', now)]))
        .orderBy('createdAt', 'desc')
        .orderBy('kid', 'desc')
        .execute();
    },
    async retireOthers(kid, retireAt) {
      await db
        .updateTable('signingKeys')
        .set({ retiredAt: retireAt })
        .where('kid', '!=', kid)
        .where('retiredAt', 'is', null)
        .execute();
    },
  };
}
