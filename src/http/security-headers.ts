import type { FastifyInstance } from 'fastify';

// The API serves JSON only: nothing in it may run scripts, be framed or leak the URL onwards.
const API_HEADERS = {
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'content-security-policy': "default-src 'none'; frame-ancestors 'none'",
  'referrer-policy': 'no-referrer',
};

/**
 * Security headers on every response (RFC 9700 §4.16 against clickjacking). The interactive
 * documentation under /docs needs its own scripts, so it keeps everything but the CSP.
 */
export function installSecurityHeaders(app: FastifyInstance, issuer: string): void {
  const hsts = issuer.startsWith('https:')
    ? { 'strict-transport-security': 'max-age=31536000' }
    : {};
  app.addHook('onSend', async (request, reply) => {
    const isDocs = /^\/docs(\/|$|\?)/i.test(request.url);
    for (const [name, value] of Object.entries({ ...API_HEADERS, ...hsts })) {
      if (!(isDocs && name === 'content-security-policy')) {
        reply.header(name, value);
      }
    }
  });
}
