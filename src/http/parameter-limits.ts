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

/** True when any string (or name) in the value holds a NUL character; a loop, not recursion. */
function hasNul(value: unknown): boolean {
  const pending: unknown[] = [value];
  while (pending.length > 0) {
    const next = pending.pop();
    if (typeof next === 'string' && next.includes('\u0000')) {
      return true;
    }
    if (typeof next === 'object' && next !== null) {
      for (const [key, inner] of Object.entries(next)) {
        pending.push(key, inner);
      }
    }
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
