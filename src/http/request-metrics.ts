import type { FastifyInstance } from 'fastify';
import type { Metrics } from '../metrics/metrics.ts';
import { OAuthError } from '../oauth/oauth-error.ts';
import { TooManyRequestsError } from '../lib/errors.ts';

/**
 * Counts each answered request by method, route pattern and status, with its duration, and the
 * refusals errors.ts answers: OAuth2 errors by code, rate limits, locked accounts. Callback
 * hooks, not async ones: a request allocates no promise for them.
 */
export function installRequestMetrics(app: FastifyInstance, metrics: Metrics): void {
  app.addHook('onResponse', (request, reply, done) => {
    // The pattern (`/api/Users/:id`), never the URL: ids and query values stay out of labels.
    const route = request.routeOptions.url;
    metrics.httpRequest(request.method, route, reply.statusCode, reply.elapsedTime / 1000);
    done();
  });
  app.addHook('onError', (_request, _reply, error, done) => {
    countRefusal(metrics, error);
    done();
  });
}

function countRefusal(metrics: Metrics, error: unknown): void {
  if (error instanceof OAuthError) {
    metrics.oauthDenied(error.code);
  } else if (error instanceof TooManyRequestsError) {
    if (error.reason === 'account_locked') {
      metrics.lockoutHit('account');
    } else {
      metrics.rateLimitHit(error.reason);
    }
  }
}
