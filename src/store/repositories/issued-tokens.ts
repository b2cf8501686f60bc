import type { ExpressionOrFactory, Kysely, SqlBool } from 'kysely';
import type { Database } from '../schema.ts';
import type { IssuedTokenRepository, TokenStanding } from '../store.ts';
import type { Role } from '../../vocabulary/roles.ts';
import type { Changing } from '../announce.ts';
import { WEB_CLIENT_ID } from '../../vocabulary/web-client.ts';

interface StandingRow {
  clientId: string;
  storedClientId: string | null;
  userId: string | null;
  roles: string | null;
  sessionId: string | null;
  sessionLastSeenAt: number | null;
}

/**
 * Whatever a token was issued for must still exist: its client (the web app's is built in, not
 * stored), its user and its session. A null from an outer join means it was deleted.
 */
function hasStanding(row: StandingRow): boolean {
  const clientExists = row.storedClientId !== null || row.clientId === WEB_CLIENT_ID;
  const userExists = row.userId === null || row.roles !== null;
  const sessionExists = row.sessionId === null || row.sessionLastSeenAt !== null;
  return clientExists && userExists && sessionExists;
}

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
        .values({ ...token, sessionId: token.sessionId ?? null, revokedAt: null })
        .execute();
    },
    // One round trip answers revocation, client state, the user's current roles and, for the
    // web app's tokens, whether their session still lives.
    async findStanding(jti) {
      const row = await db
        .selectFrom('issuedTokens as t')
        .leftJoin('apiClients as c', 'c.id', 't.clientId')
        .leftJoin('users as u', 'u.id', 't.userId')
        .leftJoin('sessions as s', 's.id', 't.sessionId')
        .select([
          't.revokedAt',
          't.clientId',
          't.userId',
          't.sessionId',
          'c.id as storedClientId',
          'c.disabledAt',
          'u.roles',
          'u.disabledAt as userDisabledAt',
          's.revokedAt as sessionRevokedAt',
          's.lastSeenAt as sessionLastSeenAt',
          's.expiresAt as sessionExpiresAt',
        ])
        .where('t.jti', '=', jti)
        .executeTakeFirst();
      if (!row || !hasStanding(row)) {
        return undefined;
      }
      const standing: TokenStanding = {
        revokedAt: row.revokedAt,
        clientDisabledAt: row.disabledAt,
        userDisabledAt: row.userDisabledAt,
        userRoles: row.roles === null ? undefined : (JSON.parse(row.roles) as Role[]),
      };
      if (row.sessionId !== null) {
        standing.session = {
          revokedAt: row.sessionRevokedAt,
          lastSeenAt: row.sessionLastSeenAt as number,
          expiresAt: row.sessionExpiresAt as number,
        };
      }
      return standing;
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
