import type { Role } from '../vocabulary/roles.ts';
import type { OAuthDeps } from './oauth-deps.ts';
import { OAuthError } from './oauth-error.ts';
import type { TokenSession, TokenStanding } from '../store/store.ts';
import { verifyAccessToken, type AccessTokenClaims, type TokenKind } from './tokens.ts';

/** Who a valid bearer token acts for. */
export interface Principal {
  kind: TokenKind;
  clientId: string;
  /** Set for user tokens. */
  userId: string | undefined;
  /** The user's roles as they are now, not as they were at issue; empty for generic tokens. */
  roles: Role[];
  jti: string;
  issuedAt: number;
  expiresAt: number;
}

/**
 * The credential of `Authorization: Bearer …` (RFC 6750 §2.1), undefined for any other scheme.
 * A malformed one comes back as it is, so that it fails verification instead of being ignored.
 */
export function readBearerToken(authorization: string | undefined): string | undefined {
  const match = /^Bearer(?:\s+|$)(.*)$/is.exec(authorization?.trim() ?? '');
  return match ? (match[1] ?? '').trim() : undefined;
}

/**
 * RFC 6750 bearer check: signature and lifetime offline, then revocation, a disabled client, a
 * deleted user or an ended web app session, so those take effect at once. Both answers are
 * cached: the signature for the token's life, the standing until the store reports a change
 * (Store.cacheVersion), except a web app token's (see standingOf).
 */
export async function authenticateBearer(
  deps: OAuthDeps,
  token: string | undefined,
): Promise<Principal> {
  if (!token) {
    throw OAuthError.invalidToken(
      'An access token is required: send Authorization: Bearer <access_token>',
    );
  }
  const claims = await verifiedClaims(deps, token);
  const standing = await standingOf(deps, claims);
  if (!standing) {
    throw OAuthError.invalidToken(
      'The access token is no longer valid: its client or user was deleted',
    );
  }
  if (standing.revokedAt !== null) {
    throw OAuthError.invalidToken('The access token has been revoked');
  }
  if (standing.clientDisabledAt !== null) {
    throw OAuthError.invalidToken('The client of this access token is disabled');
  }
  if (standing.userDisabledAt !== null) {
    throw OAuthError.invalidToken('The user of this access token is disabled');
  }
  if (standing.session && !isSessionLive(deps, standing.session)) {
    throw OAuthError.invalidToken(
      'The web app session of this access token has ended: sign in again',
    );
  }
  return {
    kind: claims.kind,
    clientId: claims.clientId,
    userId: claims.userId,
    roles: standing.userRoles ?? [],
    jti: claims.jti,
    issuedAt: claims.issuedAt,
    expiresAt: claims.expiresAt,
  };
}

async function verifiedClaims(deps: OAuthDeps, token: string): Promise<AccessTokenClaims> {
  const { caches, clock } = deps;
  const known = caches.verifiedTokens.get(token);
  if (!known) {
    const claims = await verifyAccessToken(deps.keys, deps.settings.issuer, clock, token);
    caches.verifiedTokens.set(token, claims);
    return claims;
  }
  // As jose decides on a fresh check: expired from the second `exp` names.
  if (known.expiresAt <= clock.nowSeconds()) {
    caches.verifiedTokens.delete(token);
    throw OAuthError.invalidToken('The access token has expired');
  }
  return known;
}

/** Not signed out or revoked, nor expired: idle too long or past its absolute end. */
function isSessionLive({ clock, settings }: OAuthDeps, session: TokenSession): boolean {
  const now = clock.nowSeconds();
  return (
    session.revokedAt === null &&
    session.expiresAt > now &&
    session.lastSeenAt + settings.sessionIdleSeconds > now
  );
}

/**
 * Cached until the store reports a change, except for the web app's tokens: sign-outs are far
 * more frequent than changes to clients and users, and announcing each one would empty every
 * cached standing of every API client. A session's token costs its one lookup each time instead.
 */
function standingOf(
  { caches, store }: OAuthDeps,
  claims: AccessTokenClaims,
): Promise<TokenStanding | undefined> {
  const { jti } = claims;
  if (claims.sessionId !== undefined) {
    return store.tokens.findStanding(jti);
  }
  return caches.standings.fetch(
    jti,
    () => store.cacheVersion(),
    () => store.tokens.findStanding(jti),
  );
}
