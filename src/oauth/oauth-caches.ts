import { LRUCache } from 'lru-cache';
import { VersionedCache } from '../lib/versioned-cache.ts';
import type { ClientRecord, TokenStanding } from '../store/store.ts';
import type { AccessTokenClaims } from './tokens.ts';
import type { RateLease } from './rate-limit.ts';

/**
 * What one process keeps in memory so that the token endpoint and bearer checks skip the
 * database and the signature check when nothing changed, and rate limits need not count each
 * request in it. Bounded in entries (a few hundred bytes each), so memory stays flat whatever
 * the number of clients, users or tokens.
 */
export interface OAuthCaches {
  /** Clients by id, for client authentication and the authorization endpoint. */
  clients: VersionedCache<ClientRecord>;
  /** Claims of access tokens whose signature checked out, by the token itself. */
  verifiedTokens: LRUCache<string, AccessTokenClaims>;
  /** Revocation, client and user state of a token, by its jti. */
  standings: VersionedCache<TokenStanding>;
  /** Rate-limit budget claimed from the store, by counter key. */
  rateLeases: LRUCache<string, RateLease>;
}

const MAX_CLIENTS = 10_000;
const MAX_TOKENS = 50_000;
const MAX_RATE_KEYS = 10_000;

export function createOAuthCaches(): OAuthCaches {
  return {
    clients: new VersionedCache(MAX_CLIENTS),
    verifiedTokens: new LRUCache({ max: MAX_TOKENS }),
    standings: new VersionedCache(MAX_TOKENS),
    // An evicted lease only forgoes its unspent requests.
    rateLeases: new LRUCache({ max: MAX_RATE_KEYS }),
  };
}
