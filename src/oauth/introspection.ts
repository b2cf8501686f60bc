import type { OAuthDeps } from './oauth-deps.ts';
import { OAuthError } from './oauth-error.ts';
import { authenticateClient, readClientCredentials } from './client-auth.ts';
import { authenticateBearer, type Principal } from './bearer.ts';
import type { TokenInspectionRequest } from './revocation.ts';

export type IntrospectionResponse =
  | { active: false }
  | {
      active: true;
      client_id: string;
      token_type: 'Bearer';
      token_kind: Principal['kind'];
      sub: string;
      userid?: string;
      iss: string;
      aud: string;
      jti: string;
      iat: number;
      exp: number;
    };

/**
 * POST /api/oauth2/Introspect (RFC 7662). A client learns about its own tokens only: any other
 * token, like an invalid, expired or revoked one, is `{"active": false}` (§2.2, §4).
 */
export async function introspectToken(
  deps: OAuthDeps,
  request: TokenInspectionRequest,
): Promise<IntrospectionResponse> {
  const client = await authenticateClient(
    deps,
    readClientCredentials(request.authorization, request.params),
    request.context,
  );
  if (!request.params.token) {
    throw OAuthError.invalidRequest('token is required');
  }
  let principal: Principal;
  try {
    principal = await authenticateBearer(deps, request.params.token);
  } catch (error) {
    if (error instanceof OAuthError) {
      return { active: false };
    }
    throw error;
  }
  if (principal.clientId !== client.id) {
    return { active: false };
  }
  const { issuer } = deps.settings;
  return {
    active: true,
    client_id: principal.clientId,
    token_type: 'Bearer',
    token_kind: principal.kind,
    sub: principal.userId ?? principal.clientId,
    ...(principal.userId === undefined ? {} : { userid: principal.userId }),
    iss: issuer,
    aud: issuer,
    jti: principal.jti,
    iat: principal.issuedAt,
    exp: principal.expiresAt,
  };
}
