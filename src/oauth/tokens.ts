import { errors, jwtVerify, SignJWT, type JWTPayload } from 'jose';
import type { Clock } from '../lib/clock.ts';
import { OAuthError } from './oauth-error.ts';
import { SIGNING_ALGORITHM, type SigningKeys } from './signing-keys.ts';

export type TokenKind = 'generic' | 'user';

/** What an access token says; the JWT follows RFC 9068 (typ at+jwt). */
export interface AccessTokenClaims {
  jti: string;
  clientId: string;
  kind: TokenKind;
  /** Present exactly when kind is 'user'. */
  userId: string | undefined;
  /** The web app's session the token lives with (claim `sid`); undefined for API clients. */
  sessionId?: string | undefined;
  issuedAt: number;
  expiresAt: number;
}

const TOKEN_TYPE = 'at+jwt';

export async function signAccessToken(
  keys: SigningKeys,
  issuer: string,
  claims: AccessTokenClaims,
): Promise<string> {
  const key = await keys.current();
  return new SignJWT({
    client_id: claims.clientId,
    token_kind: claims.kind,
    userid: claims.userId,
    sid: claims.sessionId,
  })
    .setProtectedHeader({ alg: SIGNING_ALGORITHM, kid: key.kid, typ: TOKEN_TYPE })
    .setIssuer(issuer)
    .setAudience(issuer)
    .setSubject(claims.userId ?? claims.clientId)
    .setJti(claims.jti)
    .setIssuedAt(claims.issuedAt)
    .setExpirationTime(claims.expiresAt)
    .sign(key.privateKey);
}

/** Checks signature, issuer, audience, type and lifetime; throws invalid_token on any flaw. */
export async function verifyAccessToken(
  keys: SigningKeys,
  issuer: string,
  clock: Clock,
  token: string,
): Promise<AccessTokenClaims> {
  let payload: JWTPayload;
  try {
    ({ payload } = await jwtVerify(
      token,
      async (header) => {
        const key = header.kid ? await keys.publicKey(header.kid) : undefined;
        if (!key) {
          throw new errors.JWKSNoMatchingKey();
        }
        return key;
      },
      {
        issuer,
        audience: issuer,
        algorithms: [SIGNING_ALGORITHM],
        typ: TOKEN_TYPE,
        currentDate: new Date(clock.nowSeconds() * 1000),
        requiredClaims: ['jti', 'iat', 'exp', 'client_id', 'token_kind'],
      },
    ));
  } catch (error) {
    throw OAuthError.invalidToken(
      error instanceof errors.JWTExpired
        ? 'The access token has expired'
        : 'The access token is not valid',
    );
  }
  return toClaims(payload);
}

function toClaims(payload: JWTPayload): AccessTokenClaims {
  const kind = payload.token_kind;
  const userId = payload.userid;
  const clientId = payload.client_id;
  if (
    typeof clientId !== 'string' ||
    (kind !== 'generic' && kind !== 'user') ||
    (kind === 'user') !== (typeof userId === 'string')
  ) {
    throw OAuthError.invalidToken('The access token is not valid');
  }
  return {
    jti: payload.jti as string,
    clientId,
    kind,
    userId: userId as string | undefined,
    sessionId: typeof payload.sid === 'string' ? payload.sid : undefined,
    issuedAt: payload.iat as number,
    expiresAt: payload.exp as number,
  };
}
