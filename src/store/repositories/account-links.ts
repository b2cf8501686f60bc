import type { Kysely, Selectable } from 'kysely';
import type { AccountLinksTable, Database } from '../schema.ts';
import type { AccountLinkRecord, AccountLinkRepository, LinkKind } from '../account-store.ts';

function toLinkRecord(row: Selectable<AccountLinksTable>): AccountLinkRecord {
  return { ...row, kind: row.kind as LinkKind };
}

export function accountLinkRepository(db: Kysely<Database>): AccountLinkRepository {
  return {
    async insert(link) {
      await db.insertInto('accountLinks').values(link).execute();
    },
    async find(tokenHash) {
      const row = await db
        .selectFrom('accountLinks')
        .selectAll()
        .where('tokenHash', '=', tokenHash)
        .executeTakeFirst();
      return row && toLinkRecord(row);
    },
    // One conditional UPDATE … RETURNING: a link is redeemed once, however many try at once.
    async consume(tokenHash, kind, now) {
      const row = await db
        .updateTable('accountLinks')
        .set({ usedAt: now })
        .where('tokenHash', '=', tokenHash)
        .where('kind', '=', kind)
        .where('usedAt', 'is', null)
        .where('expiresAt', '>', now)
        .returningAll()
        .executeTakeFirst();
      return row && toLinkRecord(row);
    },
    async invalidateOthers(userId, kind, keepTokenHash, now) {
      const result = await db
        .updateTable('accountLinks')
        .set({ usedAt: now })
        .where('kind', '=', kind)
        .where('userId', userId === null ? 'is' : '=', userId)
        .where('tokenHash', '!=', keepTokenHash)
        .where('usedAt', 'is', null)
        .executeTakeFirst();
      return Number(result.numUpdatedRows);
    },
    async purgeExpired(before) {
      const result = await db
        .deleteFrom('accountLinks')
        .where('expiresAt', '<', before)
        .executeTakeFirst();
      return Number(result.numDeletedRows);
    },
  };
}
