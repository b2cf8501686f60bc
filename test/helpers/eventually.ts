import { setTimeout as delay } from 'node:timers/promises';
import type { Store } from '../../src/store/store.ts';

/**
 * How long a change made by another connection or process may take to reach a PostgreSQL
 * store's caches: NOTIFY is delivered asynchronously, after the commit. SQLite sees it at once.
 */
export const CHANGE_FEED_BOUND_MS = 3000;

export interface Polled<T> {
  /** The last value `probe` gave: the one that satisfied `done`, or the last before the bound. */
  value: T;
  /** Whether `done` held before the bound ran out. */
  done: boolean;
  elapsedMs: number;
}

/**
 * Calls `probe` until `done` holds for its value or `withinMs` has passed, with a short pause
 * between calls. Never throws for a timeout: the caller asserts on the result, so a failure
 * shows the last value seen.
 */
export async function pollUntil<T>(
  probe: () => T | Promise<T>,
  done: (value: T) => boolean,
  withinMs: number = CHANGE_FEED_BOUND_MS,
  intervalMs = 20,
): Promise<Polled<T>> {
  const started = Date.now();
  for (;;) {
    const value = await probe();
    const elapsedMs = Date.now() - started;
    if (done(value)) {
      return { value, done: true, elapsedMs };
    }
    if (elapsedMs >= withinMs) {
      return { value, done: false, elapsedMs };
    }
    await delay(intervalMs);
  }
}

/**
 * Waits until the store follows changes (Store.cacheVersion() is a number), so that what is read
 * next is cached. SQLite always does; a PostgreSQL store starts listening on its first call.
 */
export async function untilFollowingChanges(store: Store): Promise<number> {
  const polled = await pollUntil(
    () => store.cacheVersion(),
    (version) => version !== undefined,
  );
  if (polled.value === undefined) {
    throw new Error(`The store did not follow changes within ${CHANGE_FEED_BOUND_MS} ms`);
  }
  return polled.value;
}
