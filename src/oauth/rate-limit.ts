import { TooManyRequestsError } from '../lib/errors.ts';
import type { OAuthDeps } from './oauth-deps.ts';

const WINDOW_SECONDS = 60;
// Only plausible client ids get a counter, so junk values cannot fill the table.
const PLAUSIBLE_CLIENT_ID = /^[A-Za-z0-9._~-]{1,64}$/;

/**
 * Fixed one-minute windows per IP address and per client, counted in the database so that
 * every instance shares them. Throws TooManyRequestsError (429) past either limit.
 */
export async function enforceRateLimits(
  { store, clock, settings }: OAuthDeps,
  from: { ip: string | undefined; clientId: string | undefined },
): Promise<void> {
  const limits = new Map<string, number>();
  if (from.ip && settings.rateLimitPerIp > 0) {
    limits.set(`ip:${from.ip}`, settings.rateLimitPerIp);
  }
  if (from.clientId && PLAUSIBLE_CLIENT_ID.test(from.clientId) && settings.rateLimitPerClient > 0) {
    limits.set(`client:${from.clientId}`, settings.rateLimitPerClient);
  }
  if (limits.size === 0) {
    return;
  }
  const now = clock.nowSeconds();
  const windowStart = now - (now % WINDOW_SECONDS);
  const counts = await store.rateLimits.hit([...limits.keys()], windowStart);
  for (const [key, limit] of limits) {
    if ((counts.get(key) ?? 0) > limit) {
      const who = key.startsWith('ip:') ? 'from this address' : 'for this client';
      throw new TooManyRequestsError(
        `Too many requests ${who}: at most ${limit} a minute`,
        windowStart + WINDOW_SECONDS - now,
      );
    }
  }
}
