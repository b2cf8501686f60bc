import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Config } from '../config/config.ts';
import type { LiveSession, SessionDeps } from '../accounts/sessions.ts';
import { UnauthenticatedError, UnsupportedMediaTypeError } from '../lib/errors.ts';
import { constantTimeEqual } from '../lib/secrets.ts';
import { sessionFromRequest } from './session-cookie.ts';

/**
 * What a cookie-authenticated or pre-session route needs, declared in its `config.session`
 * and enforced by one hook, like `config.access` for bearer tokens:
 * - `session`: a live session cookie (safe methods only);
 * - `session-csrf`: that, plus the session's X-CSRF-Token and, when sent, a same-origin Origin;
 * - `same-origin-json`: no session, but a JSON body and, when sent, a same-origin Origin, so that
 *   no other site can post a form that signs the browser into an account of its choosing.
 */
export type SessionRule = 'session' | 'session-csrf' | 'same-origin-json';

declare module 'fastify' {
  interface FastifyContextConfig {
    session?: SessionRule;
  }
}

export const requireSession = { session: 'session' } as const;
export const requireCsrf = { session: 'session-csrf' } as const;
export const sameOriginJson = { session: 'same-origin-json' } as const;

/** The problem type of a refused cross-site request (a tag URI: RFC 4151). */
export const CSRF_PROBLEM_TYPE = 'tag:airisk.dev,2026:problem:csrf';

/** A state-changing request that may come from another site (403). */
export class CsrfError extends Error {
  override readonly name = 'CsrfError';
}

const sessions = new WeakMap<FastifyRequest, LiveSession>();

/** The session of a route declaring `session` or `session-csrf`. */
export function sessionOf(request: FastifyRequest): LiveSession {
  const live = sessions.get(request);
  if (!live) {
    throw new Error('Route reads a session but declares no session rule');
  }
  return live;
}

export type SessionGuardDeps = SessionDeps & { config: Pick<Config, 'issuer'> };

export function installSessionGuard(app: FastifyInstance, deps: SessionGuardDeps): void {
  const origin = new URL(deps.config.issuer).origin;
  app.addHook('onRoute', (route) => {
    const rule = route.config?.session;
    if (!rule || !route.schema || route.method === 'HEAD') {
      return;
    }
    if (rule !== 'same-origin-json') {
      route.schema.security = [{ sessionCookie: [] }];
    }
    route.schema.description = `${route.schema.description ?? ''}\n\n${DESCRIPTIONS[rule]}`.trim();
  });

  app.addHook('onRequest', async (request) => {
    const rule = request.routeOptions.config.session;
    if (!rule) {
      return;
    }
    checkOrigin(request, origin);
    if (rule === 'same-origin-json') {
      checkJsonBody(request);
      return;
    }
    const live = await sessionFromRequest(request, deps);
    if (!live) {
      throw new UnauthenticatedError('Not signed in, or the session has ended: sign in again');
    }
    if (rule === 'session-csrf') {
      const header = request.headers['x-csrf-token'];
      if (typeof header !== 'string' || !constantTimeEqual(header, live.session.csrfToken)) {
        throw new CsrfError(
          'The X-CSRF-Token header is missing or wrong: send the csrfToken of GET /api/Account/Session',
        );
      }
    }
    sessions.set(request, live);
  });
}

const DESCRIPTIONS: Record<SessionRule, string> = {
  session: 'Requires the session cookie.',
  'session-csrf':
    'Requires the session cookie and the X-CSRF-Token header (the csrfToken of the session); an Origin header, when sent, must be this server’s.',
  'same-origin-json': 'Takes a JSON body only; an Origin header, when sent, must be this server’s.',
};

// Browsers send Origin on every cross-site POST; a request without it (curl, a test) is not a
// browser's and cannot carry a victim's cookie against their will.
function checkOrigin(request: FastifyRequest, origin: string): void {
  const sent = request.headers.origin;
  if (sent !== undefined && sent !== origin) {
    throw new CsrfError(`Requests from ${sent} are refused: only ${origin} may send this request`);
  }
}

// A cross-site form can post urlencoded, multipart or text/plain bodies without asking, but not
// JSON: that needs a CORS preflight, which this server never grants with credentials.
function checkJsonBody(request: FastifyRequest): void {
  const type = request.headers['content-type'] ?? '';
  if (!/^application\/json\s*(;|$)/i.test(type)) {
    throw new UnsupportedMediaTypeError('Send the body as application/json');
  }
}
