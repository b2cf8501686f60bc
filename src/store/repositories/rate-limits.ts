import { sql, type Kysely } from 'kysely';
import type { Database } from '../schema.ts';
import type { RateLimitRepository } from '../store.ts';

export function rateLimitRepository(db: Kysely<Database>): RateLimitRepository {
  return {
    // One multi-row upsert: every key counted in a single round trip, atomically per row.
    async hit(keys, windowStart, amount = 1) {
      const counts = new Map<string, number>();
      if (keys.length === 0) {
        return counts;
      }
      const rows = await db
        .insertInto('rateLimitCounters')
        .values(keys.map((key) => ({ key, windowStart, count: amount })))
        .onConflict((oc) =>
          oc
            .columns(['key', 'windowStart'])
            .doUpdateSet({ count: sql`rate_limit_counters.count + excluded.count` }),
        )
        .returning(['key', 'count'])
        .execute();
      for (const row of rows) {
        counts.set(row.key, Number(row.count));
      }
      return counts;
    },
    async reset(key) {
      await db.deleteFrom('rateLimitCounters').where('key', '=', key).execute();
    },
    async purgeBefore(before) {
      const result = await db
        .deleteFrom('rateLimitCounters')
        .where('windowStart', '<', before)
        .executeTakeFirst();
      return Number(result.numDeletedRows);
    },
  };
}
