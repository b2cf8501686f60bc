import type { FastifyInstance } from 'fastify';
import { ValidationError } from '../lib/errors.ts';

/** No AIRisk request needs more; far more is an attack on the parser or the handler. */
export const MAX_PARAMETERS = 64;

function countQueryParameters(url: string): number {
  const query = url.split('?')[1];
  return query ? query.split('&').filter(Boolean).length : 0;
}

function countBodyParameters(body: unknown): number {
  if (typeof body !== 'object' || body === null) {
    return 0;
  }
  return Object.values(body).reduce<number>(
    (count, value) => count + (Array.isArray(value) ? value.length : 1),
    0,
  );
}

/** True when any string in the value holds a NUL character. */
function hasNul(value: unknown): boolean {
  if (typeof value === 'string') {
    return value.includes('\u0000');
  }
  if (typeof value === 'object' && value !== null) {
    return Object.entries(value).some(([key, inner]) => key.includes('\u0000') || hasNul(inner));
  }
  return false;
}

/**
 * Refuses requests with more than MAX_PARAMETERS query or body parameters (400), and any NUL
 * character, which no AIRisk value has and which PostgreSQL text cannot hold.
 */
export function installParameterLimits(app: FastifyInstance): void {
  app.addHook('onRequest', async (request) => {
    if (countQueryParameters(request.url) > MAX_PARAMETERS) {
      throw new ValidationError(`At most ${MAX_PARAMETERS} query parameters are accepted`);
    }
  });
  app.addHook('preValidation', async (request) => {
    if (countBodyParameters(request.body) > MAX_PARAMETERS) {
      throw new ValidationError(`At most ${MAX_PARAMETERS} body parameters are accepted`);
    }
    if ([request.query, request.params, request.body].some(hasNul)) {
      throw new ValidationError('Parameters must not contain NUL characters');
    }
  });
}
