import type { Kysely } from 'kysely';
import type { Database } from '../schema.ts';
import type { CompanySettingsRepository } from '../scanner-store.ts';

export function companySettingsRepository(db: Kysely<Database>): CompanySettingsRepository {
  return {
    async get(key) {
      const row = await db
        .selectFrom('companySettings')
        .select('value')
        .where('key', '=', key)
        .executeTakeFirst();
      return row && (JSON.parse(row.value) as unknown);
    },
    async put(key, value, now) {
      const json = JSON.stringify(value);
      await db
        .insertInto('companySettings')
        .values({ key, value: json, updatedAt: now })
        .onConflict((conflict) =>
          conflict.column('key').doUpdateSet({ value: json, updatedAt: now }),
        )
        .execute();
    },
  };
}
