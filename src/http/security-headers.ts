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
  const headers: Record<string, string> = issuer.startsWith('https:')
    ? { ...API_HEADERS, 'strict-transport-security': 'max-age=31536000' }
    : API_HEADERS;
  const docsHeaders = Object.fromEntries(
    Object.entries(headers).filter(([name]) => name !== 'content-security-policy'),
  );
  app.addHook('onSend', async (request, reply) => {
    reply.headers(/^\/docs(\/|$|\?)/i.test(request.url) ? docsHeaders : headers);
  });
}
