import type { FastifyInstance } from 'fastify';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';

/** The OpenAPI document comes from the same schemas that validate requests. */
export async function installOpenApi(app: FastifyInstance, issuer: string): Promise<void> {
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'AIRisk API',
        version: '1.0.0',
        description:
          'Get a generic token (GET /api/oauth2, then POST /api/oauth2/Token), then a user-specific token with userid.',
      },
      servers: [{ url: issuer }],
      components: {
        securitySchemes: {
          bearerAuth: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' },
          // The web app's session (__Host-airisk_session when the server is on https).
          sessionCookie: { type: 'apiKey', in: 'cookie', name: 'airisk_session' },
          // GET /metrics: the operator's AIRISK_METRICS_TOKEN, not an OAuth2 token.
          metricsToken: { type: 'http', scheme: 'bearer' },
        },
      },
    },
  });
  await app.register(swaggerUi, { routePrefix: '/docs' });
  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());
}
