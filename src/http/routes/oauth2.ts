import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { OAuthDeps, RequestContext } from '../../oauth/oauth-deps.ts';
import type { Config } from '../../config/config.ts';
import type { SessionDeps } from '../../accounts/sessions.ts';
import { sessionFromRequest } from '../session-cookie.ts';
import { authorize } from '../../oauth/authorize.ts';
import { exchangeAuthorizationCode } from '../../oauth/token-endpoint.ts';
import { readBearerToken } from '../../oauth/bearer.ts';
import { readClientCredentials } from '../../oauth/client-auth.ts';
import { enforceRateLimits } from '../../oauth/rate-limit.ts';
import { revokeToken } from '../../oauth/revocation.ts';
import { introspectToken } from '../../oauth/introspection.ts';
import {
  AuthorizeQuerySchema,
  IntrospectionResponseSchema,
  OAUTH_ERRORS_DESCRIPTION,
  TokenBodySchema,
  TokenInspectionBodySchema,
  TokenResponseSchema,
} from '../schemas/oauth2.ts';
import { oauthProblemResponses, redirectResponse } from '../schemas/problem.ts';

// A token request is a handful of short parameters.
const BODY_LIMIT_BYTES = 16 * 1024;
const tags = ['OAuth2'];
const consumes = ['application/x-www-form-urlencoded', 'application/json'];

const contextOf = (request: FastifyRequest): RequestContext => ({ ip: request.ip });

/** The client a request names, wherever it names it, for the per-client rate limit. */
function claimedClientId(request: FastifyRequest): string | undefined {
  const fields = { ...(request.query as object), ...(request.body as object) } as Record<
    string,
    unknown
  >;
  if (typeof fields.client_id === 'string') {
    return fields.client_id;
  }
  try {
    return readClientCredentials(request.headers.authorization, {}).clientId;
  } catch {
    return undefined;
  }
}

/** The authorization server's rules, and what reads the web app's session cookie. */
export type OAuth2RouteDeps = OAuthDeps & {
  config: SessionDeps['config'] & Pick<Config, 'issuer'>;
};

export async function oauth2Routes(parent: FastifyInstance, deps: OAuth2RouteDeps): Promise<void> {
  const app = parent.withTypeProvider<TypeBoxTypeProvider>();

  // RFC 6749 §5.1 and RFC 9700: nothing from these endpoints may be cached, errors included.
  app.addHook('onSend', async (_request, reply) => {
    reply.header('cache-control', 'no-store').header('pragma', 'no-cache');
  });
  // RFC 9700 §4.15 / RFC 6749 §10.10: brute force and abuse meet a shared per-minute budget.
  app.addHook('preValidation', async (request) => {
    await enforceRateLimits(deps, { ip: request.ip, clientId: claimedClientId(request) });
  });

  app.get(
    '/api/oauth2',
    {
      schema: {
        tags,
        summary: 'Authorization endpoint: redirects to redirect_uri with a single-use code',
        description: `Answers 302 to redirect_uri with code and state, or with error, error_description and state. An unknown client or a redirect_uri that is not registered is answered directly. For the web app's built-in public client (client_id=airisk-web, redirect_uri {issuer}/auth/callback) the code is for the person the session cookie signs in: PKCE S256 is required, userid is refused, and without a live session the redirect carries error=login_required. ${OAUTH_ERRORS_DESCRIPTION}`,
        querystring: AuthorizeQuerySchema,
        response: { ...redirectResponse, ...oauthProblemResponses(400, 401, 429) },
      },
    },
    async (request, reply) => {
      const location = await authorize(deps, request.query, {
        ...contextOf(request),
        // Read only for the web app's client: an API client's request never touches a session.
        signedIn: async () => {
          const live = await sessionFromRequest(request, deps);
          return live && { sessionId: live.session.id, userId: live.user.id };
        },
      });
      return reply.redirect(location, 302);
    },
  );

  app.post(
    '/api/oauth2/Token',
    {
      bodyLimit: BODY_LIMIT_BYTES,
      schema: {
        tags,
        summary: 'Token endpoint: exchanges a code for a generic or user-specific access token',
        description: `client_id, client_secret and code are enough: the code decides between a generic and a user-specific token. ${OAUTH_ERRORS_DESCRIPTION}`,
        consumes,
        body: TokenBodySchema,
        response: { 200: TokenResponseSchema, ...oauthProblemResponses(400, 401, 413, 415, 429) },
      },
    },
    async (request) => {
      const authorization = request.headers.authorization;
      return exchangeAuthorizationCode(deps, {
        params: request.body,
        authorization,
        bearerToken: readBearerToken(authorization),
        context: contextOf(request),
      });
    },
  );

  app.post(
    '/api/oauth2/Revoke',
    {
      bodyLimit: BODY_LIMIT_BYTES,
      schema: {
        tags,
        summary: 'Revokes an access token issued to the calling client (RFC 7009)',
        description: OAUTH_ERRORS_DESCRIPTION,
        consumes,
        body: TokenInspectionBodySchema,
        response: {
          200: { description: 'Revoked, or already unusable', type: 'null' },
          ...oauthProblemResponses(400, 401, 413, 415, 429),
        },
      },
    },
    async (request, reply) => {
      const { authorization } = request.headers;
      await revokeToken(deps, { params: request.body, authorization, context: contextOf(request) });
      return reply.code(200).send(null);
    },
  );

  app.post(
    '/api/oauth2/Introspect',
    {
      bodyLimit: BODY_LIMIT_BYTES,
      schema: {
        tags,
        summary: 'Tells whether an access token of the calling client is active (RFC 7662)',
        description: OAUTH_ERRORS_DESCRIPTION,
        consumes,
        body: TokenInspectionBodySchema,
        response: {
          200: IntrospectionResponseSchema,
          ...oauthProblemResponses(400, 401, 413, 415, 429),
        },
      },
    },
    async (request) => {
      const { authorization } = request.headers;
      return introspectToken(deps, {
        params: request.body,
        authorization,
        context: contextOf(request),
      });
    },
  );
}
