import { sign } from 'node:crypto';
import { errors, jwtVerify, type JWTPayload } from 'jose';
import type { Clock } from '../lib/clock.ts';
import { OAuthError } from './oauth-error.ts';
import { SIGNING_ALGORITHM, type SigningKey, type SigningKeys } from './signing-keys.ts';

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

/** The protected header of each key's tokens, made once per key. */
const headers = new WeakMap<SigningKey, string>();

function headerOf(key: SigningKey): string {
  let header = headers.get(key);
  if (header === undefined) {
    header = base64url(JSON.stringify({ alg: SIGNING_ALGORITHM, kid: key.kid, typ: TOKEN_TYPE }));
    headers.set(key, header);
  }
  return header;
}

function base64url(text: string): string {
  return Buffer.from(text).toString('base64url');
}

/**
 * A compact JWS (RFC 7515) signed through node:crypto: jose signs through WebCrypto, which costs
 * three times as much per token. ES256's signature is r‖s (RFC 7518 §3.4), not DER.
 */
export async function signAccessToken(
  keys: SigningKeys,
  issuer: string,
  claims: AccessTokenClaims,
): Promise<string> {
  const key = await keys.current();
  const payload: JWTPayload = {
    client_id: claims.clientId,
    token_kind: claims.kind,
    userid: claims.userId,
    sid: claims.sessionId,
    iss: issuer,
    aud: issuer,
    sub: claims.userId ?? claims.clientId,
    jti: claims.jti,
    iat: claims.issuedAt,
    exp: claims.expiresAt,
  };
  const signingInput = `${headerOf(key)}.${base64url(JSON.stringify(payload))}`;
  const signature = sign('sha256', Buffer.from(signingInput), {
    key: key.privateKey,
    dsaEncoding: 'ieee-p1363',
  });
  return `${signingInput}.${signature.toString('base64url')}`;
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
