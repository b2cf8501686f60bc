import type { Clock } from '../lib/clock.ts';
import type { Store } from '../store/store.ts';
import type { SigningKeys } from './signing-keys.ts';
import type { OAuthCaches } from './oauth-caches.ts';
import type { OAuthErrorCode } from './oauth-error.ts';
import type { TokenKind } from './tokens.ts';

/** Everything the authorization server's rules need, passed explicitly. */
export interface OAuthDeps {
  store: Store;
  clock: Clock;
  keys: SigningKeys;
  settings: OAuthSettings;
  /** This process's own; see oauth-caches.ts. */
  caches: OAuthCaches;
  metrics: OAuthMetrics;
}

/**
 * What the authorization server tells the server's metrics (no-ops while they are off). The
 * OAuth2 errors it throws are counted where http/ answers them; those it redirects with, and
 * lock-outs, are told here.
 */
export interface OAuthMetrics {
  codeIssued(kind: TokenKind): void;
  tokenIssued(grant: 'authorization_code', kind: TokenKind): void;
  oauthDenied(error: OAuthErrorCode): void;
  /** A request refused because its client (or a person's password sign-in) is locked. */
  lockoutHit(subject: 'client' | 'account'): void;
}

export interface OAuthSettings {
  issuer: string;
  codeTtlSeconds: number;
  accessTokenTtlSeconds: number;
  requireGenericBearer: boolean;
  /** RFC 6749 §4.1.3 as written: redirect_uri, and the userid of a user code, must be repeated. */
  strictTokenRequest: boolean;
  /** Requests a minute to the OAuth2 endpoints from one IP address; 0 turns the limit off. */
  rateLimitPerIp: number;
  /** Requests a minute to the OAuth2 endpoints naming one client; 0 turns the limit off. */
  rateLimitPerClient: number;
  /** Failed client authentications within lockoutSeconds that lock the client; 0: never. */
  lockoutThreshold: number;
  lockoutSeconds: number;
  /** A web app session unused this long has ended, and so have its tokens. */
  sessionIdleSeconds: number;
}

/** Where a request came from, for rate limits and the audit log. */
export interface RequestContext {
  ip: string | undefined;
}
