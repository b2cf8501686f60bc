import type { FastifyInstance } from 'fastify';

// The API serves JSON only: nothing in it may run scripts, be framed or leak the URL onwards.
const API_HEADERS = {
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'content-security-policy': "default-src 'none'; frame-ancestors 'none'",
  'referrer-policy': 'no-referrer',
};

// The web app's pages run only the app's own files: no inline script or style, no other origin.
export const WEB_APP_CSP =
  "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

// What the server answers itself; every other path is the web app's (src/http/web-app.ts).
const SERVER_PATHS = /^\/(api|\.well-known|healthz|readyz|metrics|openapi\.json)(\/|$|\?)/i;
const DOCS_PATHS = /^\/docs(\/|$|\?)/i;

/**
 * Security headers on every response (RFC 9700 §4.16 against clickjacking). The interactive
 * documentation under /docs needs its own scripts, so it keeps everything but the CSP; the web
 * app's pages get the app's CSP.
 */
export function installSecurityHeaders(app: FastifyInstance, issuer: string): void {
  const headers: Record<string, string> = issuer.startsWith('https:')
    ? { ...API_HEADERS, 'strict-transport-security': 'max-age=31536000' }
    : API_HEADERS;
  const docsHeaders = Object.fromEntries(
    Object.entries(headers).filter(([name]) => name !== 'content-security-policy'),
  );
  const appHeaders = { ...headers, 'content-security-policy': WEB_APP_CSP };
  app.addHook('onSend', async (request, reply) => {
    const url = request.url;
    reply.headers(
      DOCS_PATHS.test(url) ? docsHeaders : SERVER_PATHS.test(url) ? headers : appHeaders,
    );
  });
}
