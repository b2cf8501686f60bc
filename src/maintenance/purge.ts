import type { Clock } from '../lib/clock.ts';
import type { Store } from '../store/store.ts';
import { searchHoldFilters } from '../compliance/holds.ts';
import { readProfile } from '../company/stored-settings.ts';

export interface PurgeResult {
  codes: number;
  tokens: number;
  rateLimitWindows: number;
  sessions: number;
  accountLinks: number;
  /** Activity events older than the company's retention setting. */
  activity: number;
}

// An expired link keeps answering "expired" (410) for a week, then "unknown" (404).
const EXPIRED_LINK_KEPT_SECONDS = 7 * 24 * 3600;

/**
 * Deletes what can no longer matter: expired tokens, codes whose tokens have all expired (a
 * replayed code must still find its tokens until then), old rate-limit windows, ended sessions
 * long-expired account links and activity past its retention. Only
 * conditional deletes, so every instance may run it at once.
 */
export async function purgeExpired(
  store: Store,
  clock: Clock,
  settings: { accessTokenTtlSeconds: number; lockoutSeconds: number },
): Promise<PurgeResult> {
  const now = clock.nowSeconds();
  return {
    tokens: await store.tokens.purgeExpired(now),
    codes: await store.codes.purgeExpired(now - settings.accessTokenTtlSeconds),
    rateLimitWindows: await store.rateLimits.purgeBefore(
      now - 2 * Math.max(settings.lockoutSeconds, 60),
    ),
    sessions: await store.sessions.purgeEnded(now),
    accountLinks: await store.accountLinks.purgeExpired(now - EXPIRED_LINK_KEPT_SECONDS),
    activity: await purgeActivity(store, now),
  };
}

const SECONDS_PER_DAY = 86_400;

/**
 * The activity record keeps events for the company's retention days (none set: forever), and
 * those of a held conversation until the hold is released. A search hold holds whatever its
 * criteria match in this record, so while one stands the record is kept whole.
 */
async function purgeActivity(store: Store, now: number): Promise<number> {
  const { activityRetentionDays } = await readProfile(store);
  if (activityRetentionDays === undefined) {
    return 0;
  }
  // One transaction: a hold placed meanwhile keeps what it holds, findings and all.
  return store.transaction(async (tx) =>
    (await searchHoldFilters(tx)).length > 0
      ? 0
      : tx.activity.purgeBefore(now - activityRetentionDays * SECONDS_PER_DAY),
  );
}
