import type { FastifyInstance } from 'fastify';
import type { OAuthDeps } from '../../oauth/oauth-deps.ts';

/** RFC 8414 metadata and the JWK Set that verifies our access tokens. */
export async function wellKnownRoutes(app: FastifyInstance, deps: OAuthDeps): Promise<void> {
  const { issuer } = deps.settings;
  const metadata = {
    issuer,
    authorization_endpoint: `${issuer}/api/oauth2`,
    token_endpoint: `${issuer}/api/oauth2/Token`,
    jwks_uri: `${issuer}/.well-known/jwks.json`,
    response_types_supported: ['code'],
    grant_types_supported: ['authorization_code'],
    // `none`: the web app's built-in public client (PKCE, no secret).
    token_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post', 'none'],
    code_challenge_methods_supported: ['S256'],
    service_documentation: `${issuer}/docs`,
  };

  app.get(
    '/.well-known/oauth-authorization-server',
    {
      schema: { tags: ['Discovery'], summary: 'Authorization server metadata (RFC 8414)' },
    },
    async () => metadata,
  );

  app.get(
    '/.well-known/jwks.json',
    {
      schema: { tags: ['Discovery'], summary: 'Public keys that verify access tokens (ES256)' },
    },
    async (_request, reply) => {
      reply.header('cache-control', 'public, max-age=300');
      return deps.keys.jwks();
    },
  );
}
