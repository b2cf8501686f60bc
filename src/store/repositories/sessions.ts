import type { Kysely, Selectable } from 'kysely';
import type { Database, SessionsTable } from '../schema.ts';
import type { SessionMethod, SessionRecord, SessionRepository } from '../account-store.ts';
import { toUserRecord } from './users.ts';

function toSessionRecord(row: Selectable<SessionsTable>): SessionRecord {
  return { ...row, method: row.method as SessionMethod };
}

const SESSION_COLUMNS = [
  'sessions.id',
  'sessions.userId',
  'sessions.csrfToken',
  'sessions.createdAt',
  'sessions.lastSeenAt',
  'sessions.expiresAt',
  'sessions.ip',
  'sessions.userAgent',
  'sessions.revokedAt',
  'sessions.method',
] as const;

export function sessionRepository(db: Kysely<Database>): SessionRepository {
  const live = (now: number, idleSince: number) =>
    db
      .selectFrom('sessions')
      .where('sessions.revokedAt', 'is', null)
      .where('sessions.expiresAt', '>', now)
      .where('sessions.lastSeenAt', '>', idleSince);
  return {
    async insert(session) {
      await db.insertInto('sessions').values(session).execute();
    },
    // The user comes in the same lookup: a disabled user's sessions end with no extra query.
    async findLive(id, { now, idleSince }) {
      const row = await live(now, idleSince)
        .innerJoin('users', 'users.id', 'sessions.userId')
        .select(SESSION_COLUMNS)
        .select([
          'users.email',
          'users.emailNormalized',
          'users.name',
          'users.roles',
          'users.createdAt as userCreatedAt',
          'users.disabledAt',
          'users.defaultAgentId',
        ])
        .where('sessions.id', '=', id)
        .where('users.disabledAt', 'is', null)
        .executeTakeFirst();
      if (!row) {
        return undefined;
      }
      const { email, emailNormalized, name, roles, userCreatedAt, disabledAt, defaultAgentId } =
        row;
      const user = toUserRecord({
        id: row.userId,
        email,
        emailNormalized,
        name,
        roles,
        createdAt: userCreatedAt,
        disabledAt,
        defaultAgentId,
      });
      return {
        session: toSessionRecord({
          id: row.id,
          userId: row.userId,
          csrfToken: row.csrfToken,
          createdAt: row.createdAt,
          lastSeenAt: row.lastSeenAt,
          expiresAt: row.expiresAt,
          ip: row.ip,
          userAgent: row.userAgent,
          revokedAt: row.revokedAt,
          method: row.method,
        }),
        user,
      };
    },
    async touch(id, now) {
      await db
        .updateTable('sessions')
        .set({ lastSeenAt: now })
        .where('id', '=', id)
        .where('lastSeenAt', '<', now)
        .execute();
    },
    async revoke(id, now, userId) {
      let query = db
        .updateTable('sessions')
        .set({ revokedAt: now })
        .where('id', '=', id)
        .where('revokedAt', 'is', null);
      if (userId !== undefined) {
        query = query.where('userId', '=', userId);
      }
      const result = await query.executeTakeFirst();
      return result.numUpdatedRows > 0n;
    },
    async revokeAllOfUser(userId, now, exceptId) {
      let query = db
        .updateTable('sessions')
        .set({ revokedAt: now })
        .where('userId', '=', userId)
        .where('revokedAt', 'is', null);
      if (exceptId !== undefined) {
        query = query.where('id', '!=', exceptId);
      }
      const result = await query.executeTakeFirst();
      return Number(result.numUpdatedRows);
    },
    async listLive(userId, { now, idleSince }) {
      const rows = await live(now, idleSince)
        .selectAll()
        .where('userId', '=', userId)
        .orderBy('createdAt', 'desc')
        .orderBy('id')
        .execute();
      return rows.map(toSessionRecord);
    },
    async purgeEnded(before) {
      const result = await db
        .deleteFrom('sessions')
        .where((eb) => eb.or([eb('expiresAt', '<', before), eb('revokedAt', '<', before)]))
        .executeTakeFirst();
      return Number(result.numDeletedRows);
    },
  };
}
