import type { Kysely } from 'kysely';
import type { Database } from '../schema.ts';
import type { SigningKeyRepository } from '../store.ts';

export function signingKeyRepository(db: Kysely<Database>): SigningKeyRepository {
  return {
    async insert(key) {
      await db
        .insertInto('signingKeys')
        .values({ ...key, retiredAt: null })
        .execute();
    },
    async listActive() {
      return db
        .selectFrom('signingKeys')
        .select(['kid', 'algorithm', 'publicJwk', 'privateJwkEncrypted', 'createdAt'])
        .where('retiredAt', 'is', null)
        .orderBy('createdAt', 'desc')
        .orderBy('kid')
        .execute();
    },
  };
}
