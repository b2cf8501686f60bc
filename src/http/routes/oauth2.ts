import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { OAuthDeps } from '../../oauth/oauth-deps.ts';
import { authorize } from '../../oauth/authorize.ts';
import { exchangeAuthorizationCode } from '../../oauth/token-endpoint.ts';
import { readBearerToken } from '../../oauth/bearer.ts';
import { AuthorizeQuerySchema, TokenBodySchema, TokenResponseSchema } from '../schemas/oauth2.ts';
import { problemResponses } from '../schemas/problem.ts';

// A token request is a handful of short parameters.
const TOKEN_BODY_LIMIT_BYTES = 16 * 1024;

export async function oauth2Routes(parent: FastifyInstance, deps: OAuthDeps): Promise<void> {
  const app = parent.withTypeProvider<TypeBoxTypeProvider>();

  // RFC 6749 §5.1 and RFC 9700: nothing from these endpoints may be cached, errors included.
  app.addHook('onSend', async (_request, reply) => {
    reply.header('cache-control', 'no-store').header('pragma', 'no-cache');
  });

  app.get(
    '/api/oauth2',
    {
      schema: {
        tags: ['OAuth2'],
        summary: 'Authorization endpoint: redirects to redirect_uri with a single-use code',
        querystring: AuthorizeQuerySchema,
        response: problemResponses(400, 401),
        description:
          'Answers 302 to redirect_uri with code and state, or with error, error_description and state.',
      },
    },
    async (request, reply) => {
      const location = await authorize(deps, request.query);
      return reply.redirect(location, 302);
    },
  );

  app.post(
    '/api/oauth2/Token',
    {
      bodyLimit: TOKEN_BODY_LIMIT_BYTES,
      schema: {
        tags: ['OAuth2'],
        summary: 'Token endpoint: exchanges a code for a generic or user-specific access token',
        consumes: ['application/x-www-form-urlencoded', 'application/json'],
        body: TokenBodySchema,
        response: { 200: TokenResponseSchema, ...problemResponses(400, 401, 413, 415) },
      },
    },
    async (request) => {
      const authorization = request.headers.authorization;
      return exchangeAuthorizationCode(deps, {
        params: request.body,
        authorization,
        bearerToken: readBearerToken(authorization),
      });
    },
  );
}
