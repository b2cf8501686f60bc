import { sql, type Kysely, type Selectable } from 'kysely';
import type { Database, UserLoginsTable } from '../schema.ts';
import type { LoginRecord, LoginRepository } from '../account-store.ts';

function toLoginRecord(row: Selectable<UserLoginsTable>): LoginRecord {
  return { ...row, failedCount: Number(row.failedCount) };
}

type LoginValues = Omit<Selectable<UserLoginsTable>, 'userId'>;

const EMPTY: LoginValues = {
  passwordHash: null,
  passwordChangedAt: null,
  totpSecretEncrypted: null,
  totpPendingEncrypted: null,
  totpEnabledAt: null,
  totpLastStep: null,
  failedCount: 0,
  failedSince: null,
  lockedUntil: null,
};

export function loginRepository(db: Kysely<Database>): LoginRepository {
  /** Upserts the user's row with `values`, for a user who may have none yet. */
  const upsert = async (userId: string, values: Partial<LoginValues>) => {
    await db
      .insertInto('userLogins')
      .values({ ...EMPTY, ...values, userId })
      .onConflict((oc) => oc.column('userId').doUpdateSet(values))
      .execute();
  };
  return {
    async find(userId) {
      const row = await db
        .selectFrom('userLogins')
        .selectAll()
        .where('userId', '=', userId)
        .executeTakeFirst();
      return row && toLoginRecord(row);
    },
    async setPassword(userId, passwordHash, now) {
      await upsert(userId, {
        passwordHash,
        passwordChangedAt: now,
        failedCount: 0,
        failedSince: null,
        lockedUntil: null,
      });
    },
    // One upsert decides the count and the lock, so concurrent failures are all counted.
    async recordFailure(userId, now, { threshold, windowSeconds, lockSeconds }) {
      const isNewWindow = sql<boolean>`(user_logins.failed_since is null or user_logins.failed_since <= ${now - windowSeconds})`;
      const count = sql<number>`case when ${isNewWindow} then 1 else user_logins.failed_count + 1 end`;
      const reachesThreshold =
        threshold > 0 ? sql<boolean>`${count} >= ${threshold}` : sql<boolean>`1 = 0`;
      const row = await db
        .insertInto('userLogins')
        .values({
          ...EMPTY,
          userId,
          failedCount: 1,
          failedSince: now,
          lockedUntil: threshold === 1 ? now + lockSeconds : null,
        })
        .onConflict((oc) =>
          oc.column('userId').doUpdateSet({
            failedCount: count,
            failedSince: sql<number>`case when ${isNewWindow} then ${now} else user_logins.failed_since end`,
            lockedUntil: sql<
              number | null
            >`case when ${reachesThreshold} then ${now + lockSeconds} else user_logins.locked_until end`,
          }),
        )
        .returningAll()
        .executeTakeFirstOrThrow();
      return toLoginRecord(row);
    },
    async clearFailures(userId) {
      await db
        .updateTable('userLogins')
        .set({ failedCount: 0, failedSince: null, lockedUntil: null })
        .where('userId', '=', userId)
        .where('failedCount', '>', 0)
        .execute();
    },
    async setPendingTotp(userId, secretEncrypted) {
      await upsert(userId, { totpPendingEncrypted: secretEncrypted });
    },
    async enableTotp(userId, now) {
      const result = await db
        .updateTable('userLogins')
        .set({
          totpSecretEncrypted: sql<string>`totp_pending_encrypted`,
          totpPendingEncrypted: null,
          totpEnabledAt: now,
          totpLastStep: null,
        })
        .where('userId', '=', userId)
        .where('totpPendingEncrypted', 'is not', null)
        .executeTakeFirst();
      return result.numUpdatedRows > 0n;
    },
    // RFC 6238 §5.2: a verifier must not accept a code's second use.
    async useTotpStep(userId, step) {
      const result = await db
        .updateTable('userLogins')
        .set({ totpLastStep: step })
        .where('userId', '=', userId)
        .where((eb) => eb.or([eb('totpLastStep', 'is', null), eb('totpLastStep', '<', step)]))
        .executeTakeFirst();
      return result.numUpdatedRows > 0n;
    },
    async disableTotp(userId) {
      await db
        .updateTable('userLogins')
        .set({
          totpSecretEncrypted: null,
          totpPendingEncrypted: null,
          totpEnabledAt: null,
          totpLastStep: null,
        })
        .where('userId', '=', userId)
        .execute();
    },
  };
}
