import type { ExpressionOrFactory, Kysely, SqlBool } from 'kysely';
import type { Database } from '../schema.ts';
import type { IssuedTokenRepository } from '../store.ts';
import type { Role } from '../../vocabulary/roles.ts';
import type { Changing } from '../announce.ts';

export function issuedTokenRepository(
  db: Kysely<Database>,
  changing: Changing,
): IssuedTokenRepository {
  /** Marks the not yet revoked tokens that `which` selects as revoked; returns how many. */
  const revokeWhere = async (
    now: number,
    which: ExpressionOrFactory<Database, 'issuedTokens', SqlBool>,
  ): Promise<number> => {
    const result = await changing(
      (tx) =>
        tx
          .updateTable('issuedTokens')
          .set({ revokedAt: now })
          .where(which)
          .where('revokedAt', 'is', null)
          .executeTakeFirst(),
      (updated) => updated.numUpdatedRows > 0n,
    );
    return Number(result.numUpdatedRows);
  };
  return {
    async insert(token) {
      await db
        .insertInto('issuedTokens')
        .values({ ...token, revokedAt: null })
        .execute();
    },
    // One round trip answers revocation, client state and the user's current roles.
    async findStanding(jti) {
      const row = await db
        .selectFrom('issuedTokens as t')
        .innerJoin('apiClients as c', 'c.id', 't.clientId')
        .leftJoin('users as u', 'u.id', 't.userId')
        .select([
          't.revokedAt',
          't.userId',
          'c.disabledAt',
          'u.roles',
          'u.disabledAt as userDisabledAt',
        ])
        .where('t.jti', '=', jti)
        .executeTakeFirst();
      if (!row || (row.userId !== null && row.roles === null)) {
        return undefined;
      }
      return {
        revokedAt: row.revokedAt,
        clientDisabledAt: row.disabledAt,
        userDisabledAt: row.userDisabledAt,
        userRoles: row.roles === null ? undefined : (JSON.parse(row.roles) as Role[]),
      };
    },
    revoke: (jti, clientId, now) =>
      revokeWhere(now, (eb) => eb.and([eb('jti', '=', jti), eb('clientId', '=', clientId)])),
    revokeAll: (owner, now) =>
      revokeWhere(now, (eb) =>
        eb.and([
          'userId' in owner ? eb('userId', '=', owner.userId) : eb('clientId', '=', owner.clientId),
          eb('expiresAt', '>', now),
        ]),
      ),
    async purgeExpired(before) {
      const result = await db
        .deleteFrom('issuedTokens')
        .where('expiresAt', '<', before)
        .executeTakeFirst();
      return Number(result.numDeletedRows);
    },
    revokeByCode: (codeHash, now) => revokeWhere(now, (eb) => eb('codeHash', '=', codeHash)),
  };
}
