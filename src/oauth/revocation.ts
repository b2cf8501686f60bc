import { recordAudit } from '../audit/audit.ts';
import type { OAuthDeps, RequestContext } from './oauth-deps.ts';
import { OAuthError } from './oauth-error.ts';
import { authenticateClientOrWebApp, readClientCredentials } from './client-auth.ts';
import { verifyAccessToken } from './tokens.ts';

export interface TokenInspectionRequest {
  params: {
    token?: string | undefined;
    token_type_hint?: string | undefined;
    client_id?: string | undefined;
    client_secret?: string | undefined;
  };
  authorization: string | undefined;
  context: RequestContext;
}

/**
 * POST /api/oauth2/Revoke (RFC 7009). The client must authenticate (the web app's public client
 * by its client_id alone), and may revoke only tokens issued to it (§2.1). An invalid or expired
 * token is already unusable: 200 all the same (§2.2).
 */
export async function revokeToken(deps: OAuthDeps, request: TokenInspectionRequest): Promise<void> {
  const client = await authenticateClientOrWebApp(
    deps,
    readClientCredentials(request.authorization, request.params),
    request.context,
  );
  const token = request.params.token;
  if (!token) {
    throw OAuthError.invalidRequest('token is required');
  }
  let claims;
  try {
    claims = await verifyAccessToken(deps.keys, deps.settings.issuer, deps.clock, token);
  } catch {
    return;
  }
  if (claims.clientId !== client.id) {
    throw new OAuthError('unauthorized_client', 'This token was not issued to this client');
  }
  const revoked = await deps.store.tokens.revoke(claims.jti, client.id, deps.clock.nowSeconds());
  if (revoked > 0) {
    await recordAudit(deps.store, deps.clock, {
      event: 'token_revoked',
      clientId: client.id,
      userId: claims.userId,
      ip: request.context.ip,
      details: { jti: claims.jti },
    });
  }
}

/** Revokes every live token of a user or of a client at once (an admin's emergency brake). */
export async function revokeAllTokens(
  { store, clock }: Pick<OAuthDeps, 'store' | 'clock'>,
  owner: { userId: string } | { clientId: string },
): Promise<number> {
  const revoked = await store.tokens.revokeAll(owner, clock.nowSeconds());
  await recordAudit(store, clock, {
    event: 'tokens_revoked',
    ...owner,
    details: { revokedTokens: revoked },
  });
  return revoked;
}
