import cors from '@fastify/cors';
import type { FastifyInstance } from 'fastify';

/**
 * CORS for browser apps, only for the origins in AIRISK_CORS_ORIGINS; unset, nothing is added.
 * Any other origin gets no CORS header at all (its preflight is a 404), so the browser keeps
 * its script out. Bearer tokens travel in Authorization, never in cookies: no credentials mode.
 * Its onRequest hook must run before the access-control hook, so that a preflight (which
 * carries no token) is answered, and a 401 or 403 still reaches the script that made the call.
 */
export async function installCors(app: FastifyInstance, origins: readonly string[]): Promise<void> {
  if (origins.length === 0) {
    return;
  }
  const allowed = new Set(origins);
  await app.register(cors, {
    // A function rather than the list: for a list the plugin sends some CORS headers to every
    // origin, and answers every preflight.
    origin: (origin, callback) => {
      callback(null, origin !== undefined && allowed.has(origin) ? origin : false);
    },
    methods: ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'],
    allowedHeaders: ['Authorization', 'Content-Type'],
    // What a script needs to read: the next page, when to retry, why a token was refused.
    exposedHeaders: ['Link', 'Retry-After', 'WWW-Authenticate'],
    credentials: false,
    maxAge: 600,
  });
}
