import { TooManyRequestsError } from '../lib/errors.ts';
import type { OAuthDeps } from './oauth-deps.ts';
import { isWebClient } from '../vocabulary/web-client.ts';

const WINDOW_SECONDS = 60;
// Only plausible client ids get a counter, so junk values cannot fill the table.
const PLAUSIBLE_CLIENT_ID = /^[A-Za-z0-9._~-]{1,64}$/;
// A lease is 1% of a limit (at most 1,000 requests): what one process may strand unused.
const LEASE_SHARE = 0.01;
const MAX_LEASE = 1000;

/** Requests this process may still let through for a key in a window, without asking the store. */
export interface RateLease {
  windowStart: number;
  remaining: number;
  /** The window's shared budget is all leased: once `remaining` is spent, refuse. */
  exhausted: boolean;
}

/**
 * Fixed one-minute windows per IP address and per client, counted in the database so that
 * every instance shares them. Throws TooManyRequestsError (429) past either limit.
 */
export async function enforceRateLimits(
  deps: OAuthDeps,
  from: { ip: string | undefined; clientId: string | undefined },
): Promise<void> {
  const { clock, settings } = deps;
  const limits = new Map<string, number>();
  if (from.ip && settings.rateLimitPerIp > 0) {
    limits.set(`ip:${from.ip}`, settings.rateLimitPerIp);
  }
  if (isClientLimited(from.clientId) && settings.rateLimitPerClient > 0) {
    limits.set(`client:${from.clientId}`, settings.rateLimitPerClient);
  }
  const now = clock.nowSeconds();
  const windowStart = now - (now % WINDOW_SECONDS);
  for (const [key, limit] of limits) {
    if (!(await spend(deps, key, limit, windowStart))) {
      const perAddress = key.startsWith('ip:');
      const who = perAddress ? 'from this address' : 'for this client';
      throw new TooManyRequestsError(
        `Too many requests ${who}: at most ${limit} a minute`,
        windowStart + WINDOW_SECONDS - now,
        perAddress ? 'oauth_address' : 'oauth_client',
      );
    }
  }
}

/**
 * A client's budget guards its secret against guessing. The web app's public client has none,
 * and all its users share its id: a budget would let anyone with a few addresses lock every
 * person out of the web app, so only the per-address limit applies to it.
 */
function isClientLimited(clientId: string | undefined): clientId is string {
  return clientId !== undefined && PLAUSIBLE_CLIENT_ID.test(clientId) && !isWebClient(clientId);
}

/**
 * Spends one request of the key's budget. Counting each request in the database would make
 * every OAuth2 request a write; instead a process claims a lease of several at once and spends
 * it locally. The shared count never passes the limit by what is granted, so the limit holds
 * across processes; a lease of one (limits under 200) is exact counting. Once the window's
 * budget is all leased it stays so, and that answer is kept too.
 */
async function spend(
  { store, caches }: OAuthDeps,
  key: string,
  limit: number,
  windowStart: number,
): Promise<boolean> {
  const lease = caches.rateLeases.get(key);
  if (lease?.windowStart === windowStart) {
    if (lease.remaining > 0) {
      lease.remaining -= 1;
      return true;
    }
    if (lease.exhausted) {
      return false;
    }
  }
  const size = Math.max(1, Math.min(MAX_LEASE, Math.floor(limit * LEASE_SHARE)));
  const counted = (await store.rateLimits.hit([key], windowStart, size)).get(key) ?? size;
  const granted = Math.max(0, Math.min(size, limit - (counted - size)));
  // Concurrent requests may each have taken a lease meanwhile: what they hold adds up.
  const current = caches.rateLeases.get(key);
  const sameWindow = current?.windowStart === windowStart;
  const available = (sameWindow ? current.remaining : 0) + granted;
  caches.rateLeases.set(key, {
    windowStart,
    remaining: Math.max(0, available - 1),
    exhausted: granted < size || (sameWindow && current.exhausted),
  });
  return available > 0;
}
