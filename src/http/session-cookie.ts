import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Config } from '../config/config.ts';
import { readSession, type LiveSession, type SessionDeps } from '../accounts/sessions.ts';

type IssuerConfig = Pick<Config, 'issuer'>;

/** Whether the public URL is https: the cookie is then Secure and takes the __Host- prefix. */
function isHttps(config: IssuerConfig): boolean {
  return config.issuer.startsWith('https:');
}

/**
 * `__Host-airisk_session` over https: browsers accept it only Secure, for Path=/ and with no
 * Domain, so no sibling subdomain can plant or overwrite it. Plain `airisk_session` over http.
 */
export function sessionCookieName(config: IssuerConfig): string {
  return isHttps(config) ? '__Host-airisk_session' : 'airisk_session';
}

function cookieOptions(config: IssuerConfig) {
  return {
    path: '/',
    httpOnly: true,
    // Lax: sent on top-level navigation to the app (links in mails), never on cross-site POSTs.
    sameSite: 'lax',
    secure: isHttps(config),
  } as const;
}

/** Sets the session cookie for `maxAgeSeconds` (the session's remaining absolute life). */
export function setSessionCookie(
  reply: FastifyReply,
  config: IssuerConfig,
  cookieValue: string,
  maxAgeSeconds: number,
): void {
  reply.setCookie(sessionCookieName(config), cookieValue, {
    ...cookieOptions(config),
    maxAge: Math.max(0, Math.floor(maxAgeSeconds)),
  });
}

export function clearSessionCookie(reply: FastifyReply, config: IssuerConfig): void {
  reply.clearCookie(sessionCookieName(config), cookieOptions(config));
}

/** The raw cookie value, if the request carries one. */
export function sessionCookieValue(
  request: FastifyRequest,
  config: IssuerConfig,
): string | undefined {
  const value = request.cookies[sessionCookieName(config)];
  return value ? value : undefined;
}

const readSessions = new WeakMap<FastifyRequest, Promise<LiveSession | undefined>>();

/**
 * The live session the request's cookie opens, with its user, or undefined. Looked up once per
 * request however many callers ask.
 */
export function sessionFromRequest(
  request: FastifyRequest,
  deps: SessionDeps & { config: IssuerConfig },
): Promise<LiveSession | undefined> {
  let read = readSessions.get(request);
  if (!read) {
    const value = sessionCookieValue(request, deps.config);
    read = value === undefined ? Promise.resolve(undefined) : readSession(deps, value);
    readSessions.set(request, read);
  }
  return read;
}
