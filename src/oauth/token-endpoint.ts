import type { ClientRecord } from '../store/store.ts';
import { generateId, hashSecret } from '../lib/secrets.ts';
import { isoTime } from '../lib/iso-time.ts';
import type { OAuthDeps, RequestContext } from './oauth-deps.ts';
import { auditRecord, recordAudit } from '../audit/audit.ts';
import { OAuthError } from './oauth-error.ts';
import { authenticateBearer } from './bearer.ts';
import { authenticateClientOrWebApp, readClientCredentials } from './client-auth.ts';
import { challengeOfVerifier } from './pkce.ts';
import { isWebClient } from '../vocabulary/web-client.ts';
import { signAccessToken, type AccessTokenClaims } from './tokens.ts';

export interface TokenParams {
  grant_type?: string | undefined;
  client_id?: string | undefined;
  client_secret?: string | undefined;
  code?: string | undefined;
  redirect_uri?: string | undefined;
  /** Synonym of redirect_uri used by one page of the original documentation. */
  response_uri?: string | undefined;
  userid?: string | undefined;
  code_verifier?: string | undefined;
}

export interface TokenRequest {
  params: TokenParams;
  /** The raw Authorization header: Basic client credentials or the generic Bearer token. */
  authorization: string | undefined;
  bearerToken: string | undefined;
  context: RequestContext;
}

export interface TokenResponse {
  access_token: string;
  /** UTC, ISO 8601 to the second, as the original documents. */
  expiration: string;
  token_type: 'Bearer';
  expires_in: number;
}

/** POST /api/oauth2/Token (spec §3): the authorization_code grant, as RFC 6749 §4.1.3 orders it. */
export async function exchangeAuthorizationCode(
  deps: OAuthDeps,
  request: TokenRequest,
): Promise<TokenResponse> {
  try {
    return await issueToken(deps, request);
  } catch (error) {
    if (error instanceof OAuthError) {
      await recordAudit(deps.store, deps.clock, {
        event: 'token_denied',
        outcome: 'failure',
        clientId: request.params.client_id,
        userId: request.params.userid,
        ip: request.context.ip,
        reason: `${error.code}: ${error.description}`,
      });
    }
    throw error;
  }
}

async function issueToken(deps: OAuthDeps, request: TokenRequest): Promise<TokenResponse> {
  const { params, context } = request;
  checkGrantType(params.grant_type);
  const client = await authenticateClientOrWebApp(
    deps,
    readClientCredentials(request.authorization, params),
    context,
  );
  const code = required(params.code, 'code');
  // A public client's code is worth nothing without the verifier (RFC 9700 §2.1.1).
  if (isWebClient(client.id)) {
    required(params.code_verifier, 'code_verifier');
  }
  // Spec §3 decision: optional, as the real client omits it; strict mode keeps RFC 6749 §4.1.3.
  const redirectUri = redirectUriOf(params);
  if (deps.settings.strictTokenRequest) {
    required(redirectUri, 'redirect_uri');
  }
  const userId = params.userid || undefined;
  const hasGenericBearer = await checkGenericBearer(deps, client, request.bearerToken, userId);
  const claims = await redeemCode(deps, client, context, {
    code,
    redirectUri,
    userId,
    codeVerifier: params.code_verifier,
    hasGenericBearer,
  });
  return {
    access_token: await signAccessToken(deps.keys, deps.settings.issuer, claims),
    expiration: isoTime(claims.expiresAt),
    token_type: 'Bearer',
    expires_in: claims.expiresAt - claims.issuedAt,
  };
}

function checkGrantType(grantType: string | undefined): void {
  // Optional: the original's examples omit it; one page requires it.
  if (grantType !== undefined && grantType !== 'authorization_code') {
    throw OAuthError.unsupportedGrantType(grantType);
  }
}

function required(value: string | undefined, name: string): string {
  if (!value) {
    throw OAuthError.invalidRequest(`${name} is required`);
  }
  return value;
}

function redirectUriOf(params: TokenParams): string | undefined {
  if (params.redirect_uri && params.response_uri && params.redirect_uri !== params.response_uri) {
    throw OAuthError.invalidRequest('redirect_uri and response_uri differ; send one of them');
  }
  return params.redirect_uri || params.response_uri;
}

/**
 * Spec §3 decision: the generic token may accompany the user-token exchange; if sent, it must
 * hold. Returns whether it was sent. Without userid the code alone tells whether it is a user's,
 * so the requirement (AIRISK_REQUIRE_GENERIC_BEARER) is also checked once the code is read.
 */
async function checkGenericBearer(
  deps: OAuthDeps,
  client: ClientRecord,
  bearerToken: string | undefined,
  userId: string | undefined,
): Promise<boolean> {
  if (bearerToken === undefined) {
    if (userId !== undefined && deps.settings.requireGenericBearer) {
      throw genericBearerRequired();
    }
    return false;
  }
  const principal = await authenticateBearer(deps, bearerToken);
  if (principal.kind !== 'generic' || principal.clientId !== client.id) {
    throw OAuthError.invalidToken('The Bearer token must be a generic access token of this client');
  }
  return true;
}

function genericBearerRequired(): OAuthError {
  return OAuthError.invalidToken(
    'This server requires the generic access token as Bearer to get a user token',
  );
}

interface Redemption {
  code: string;
  /** As sent: undefined when the client left it to the code. */
  redirectUri: string | undefined;
  userId: string | undefined;
  codeVerifier: string | undefined;
  hasGenericBearer: boolean;
}

/**
 * Consumes the code and records the token and its audit record in one transaction (one
 * statement on PostgreSQL). RFC 6749 §4.1.2: a code is single-use, and a second use revokes the
 * tokens issued from it. Spec §3 decision: the code remembers its redirect URI and userid, so
 * the client need not repeat them (OAuth 2.1 drops redirect_uri at the exchange); what it does
 * send must agree, and a userid for a generic code does not. Strict mode wants the userid of a
 * user code repeated, except from the web app, which never names a user.
 */
async function redeemCode(
  deps: OAuthDeps,
  client: ClientRecord,
  context: RequestContext,
  redemption: Redemption,
): Promise<AccessTokenClaims> {
  const { store, clock, settings } = deps;
  const codeHash = hashSecret(redemption.code);
  const now = clock.nowSeconds();
  const jti = generateId();
  const expiresAt = now + settings.accessTokenTtlSeconds;
  const result = await store.redeemCode({
    codeHash,
    clientId: client.id,
    now,
    redirectUri: redemption.redirectUri ?? null,
    userId: redemption.userId ?? null,
    userIdRequired: settings.strictTokenRequest && !isWebClient(client.id),
    verifierChallenge:
      redemption.codeVerifier === undefined ? null : challengeOfVerifier(redemption.codeVerifier),
    // Only the code tells whether it is a user's: refused then, and left usable with the Bearer.
    userCodeNeedsBearer: !redemption.hasGenericBearer && settings.requireGenericBearer,
    token: { jti, expiresAt },
    audit: {
      ...auditRecord(clock, { event: 'token_issued', clientId: client.id, ip: context.ip }),
      details: { generic: { jti, kind: 'generic' }, user: { jti, kind: 'user' } },
    },
  });
  switch (result.outcome) {
    case 'issued': {
      const kind = result.userId === null ? 'generic' : 'user';
      deps.metrics.tokenIssued('authorization_code', kind);
      return {
        jti,
        clientId: client.id,
        kind,
        userId: result.userId ?? undefined,
        sessionId: result.sessionId ?? undefined,
        issuedAt: now,
        expiresAt,
      };
    }
    case 'bearer-required':
      throw genericBearerRequired();
    case 'unavailable':
      if (await store.codes.isConsumed(codeHash, client.id)) {
        await revokeReplayedCode(deps, client, context, codeHash);
      }
      throw OAuthError.invalidGrant();
    case 'mismatch':
      throw OAuthError.invalidGrant();
  }
}

async function revokeReplayedCode(
  { store, clock }: OAuthDeps,
  client: ClientRecord,
  context: RequestContext,
  codeHash: string,
): Promise<void> {
  const revoked = await store.tokens.revokeByCode(codeHash, clock.nowSeconds());
  await recordAudit(store, clock, {
    event: 'code_replayed',
    outcome: 'failure',
    clientId: client.id,
    ip: context.ip,
    reason: 'authorization code used twice; the tokens issued from it are revoked',
    details: { revokedTokens: revoked },
  });
}
