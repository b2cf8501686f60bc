import type { FastifyInstance } from 'fastify';
import type { ServerMetrics } from '../../metrics/metrics.ts';
import { constantTimeEqual } from '../../lib/secrets.ts';
import { readBearerToken } from '../../oauth/bearer.ts';
import { OAuthError } from '../../oauth/oauth-error.ts';
import { problemResponses } from '../schemas/problem.ts';

export interface MetricsRouteDeps {
  /** AIRISK_METRICS_TOKEN; unset, the route answers 404 as an unknown one does. */
  token: string | undefined;
  metrics: ServerMetrics | undefined;
}

/**
 * GET /metrics for Prometheus, beside /healthz. Outside the OAuth2 endpoints, so no rate limit
 * stands between it and a scraper; the token is long and compared in constant time.
 */
export async function metricsRoutes(
  app: FastifyInstance,
  { token, metrics }: MetricsRouteDeps,
): Promise<void> {
  app.get(
    '/metrics',
    {
      schema: {
        tags: ['Health'],
        summary: 'Metrics in the Prometheus text format, for a scraper holding the metrics token',
        description:
          'Answers 404 unless AIRISK_METRICS_TOKEN is set; then it requires `Authorization: Bearer <AIRISK_METRICS_TOKEN>` (not an OAuth2 access token).',
        security: [{ metricsToken: [] }],
        response: {
          200: {
            description: 'Prometheus text exposition format 0.0.4',
            content: { 'text/plain': { schema: { type: 'string' } } },
          },
          ...problemResponses(401, 404),
        },
      },
    },
    async (request, reply) => {
      if (token === undefined || metrics === undefined) {
        return reply.callNotFound();
      }
      checkMetricsToken(token, request.headers.authorization);
      return reply
        .type(metrics.contentType)
        .header('cache-control', 'no-store')
        .send(await metrics.exposition());
    },
  );
}

// RFC 6750 §3: a missing or wrong bearer is 401 with WWW-Authenticate: Bearer (errors.ts).
function checkMetricsToken(token: string, authorization: string | undefined): void {
  const presented = readBearerToken(authorization);
  if (presented === undefined || !constantTimeEqual(presented, token)) {
    throw OAuthError.invalidToken(
      'The metrics token is required: send Authorization: Bearer <AIRISK_METRICS_TOKEN>',
    );
  }
}
