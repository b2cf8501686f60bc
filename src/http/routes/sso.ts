import type { FastifyInstance, FastifyReply } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
// request.cookies and reply.setCookie: @fastify/cookie is registered by buildApp.
import type {} from '@fastify/cookie';
import type { Config } from '../../config/config.ts';
import type { Clock } from '../../lib/clock.ts';
import type { Store } from '../../store/store.ts';
import {
  beginSsoSignIn,
  completeSsoSignIn,
  createSsoProviders,
  SsoError,
  type SsoDeps,
} from '../../accounts/sso.ts';
import { effectiveSso } from '../../company/effective-settings.ts';
import { NotFoundError } from '../../lib/errors.ts';
import { startSession } from '../../accounts/sessions.ts';
import { setSessionCookie } from '../session-cookie.ts';
import {
  openSsoCookie,
  safeNext,
  sealSsoCookie,
  SSO_COOKIE,
  SSO_COOKIE_PATH,
  SSO_COOKIE_SECONDS,
} from '../sso-cookie.ts';
import { problemResponses } from '../schemas/problem.ts';
import { SsoCallbackQuerySchema, SsoStartQuerySchema, ssoRedirect } from '../schemas/sso.ts';

export interface SsoRoutesDeps {
  store: Store;
  clock: Clock;
  config: Config;
  masterKey: Buffer;
}

const tags = ['Account'];
export const SSO_CALLBACK_PATH = '/api/Account/Sso/Callback';
// Single sign-on is configured in the company settings or by AIRISK_OIDC_ISSUER; else 404.
const notConfigured = problemResponses(404);

/**
 * Single sign-on with the company's OpenID Connect provider: the one the company settings name,
 * else AIRISK_OIDC_*'s, read at each request; 404 while neither configures one.
 */
export async function ssoRoutes(parent: FastifyInstance, deps: SsoRoutesDeps): Promise<void> {
  const app = parent.withTypeProvider<TypeBoxTypeProvider>();
  const { config, clock, masterKey } = deps;
  const providers = createSsoProviders();
  const redirectUri = `${config.issuer}${SSO_CALLBACK_PATH}`;
  const ssoNow = async (): Promise<SsoDeps> => {
    const effective = await effectiveSso(deps);
    if (!effective) {
      throw new NotFoundError(
        'Single sign-on is not configured: an administrator sets it in the company settings',
      );
    }
    return { store: deps.store, clock, provider: providers(effective.settings), redirectUri };
  };
  const cookieOptions = {
    path: SSO_COOKIE_PATH,
    httpOnly: true,
    // Lax: the IdP brings the browser back with a top-level GET, which carries Lax cookies.
    sameSite: 'lax',
    secure: config.issuer.startsWith('https:'),
  } as const;

  app.get(
    '/api/Account/Sso/Start',
    {
      schema: {
        tags,
        summary: 'Starts single sign-on: redirects to the company’s identity provider',
        description:
          'Sets the short-lived `airisk_sso` cookie (state, nonce and PKCE verifier, encrypted; ' +
          '10 minutes) and answers 302 to the identity provider. When the provider cannot be ' +
          'reached, 302 to `/signin?error=sso_failed`.',
        querystring: SsoStartQuerySchema,
        response: {
          ...ssoRedirect('To the identity provider, or to /signin?error=sso_failed'),
          ...notConfigured,
        },
      },
    },
    async (request, reply) => {
      const { url, pending } = await beginSsoSignIn(await ssoNow());
      const sealed = sealSsoCookie(masterKey, {
        ...pending,
        next: safeNext(request.query.next),
        expiresAt: clock.nowSeconds() + SSO_COOKIE_SECONDS,
      });
      reply.setCookie(SSO_COOKIE, sealed, { ...cookieOptions, maxAge: SSO_COOKIE_SECONDS });
      return reply.header('cache-control', 'no-store').redirect(url.href, 302);
    },
  );

  app.get(
    SSO_CALLBACK_PATH,
    {
      schema: {
        tags,
        summary: 'Where the identity provider sends the browser back: signs in and redirects',
        description:
          'Checks the answer against the `airisk_sso` cookie (single use), signs the person ' +
          'in (session cookie) and answers 302 to the `next` given at the start. A refusal ' +
          'answers 302 to `/signin?error=<code>`: `sso_state` (the answer does not belong to ' +
          'this browser’s sign-in, or it took over 10 minutes), `sso_domain` (email domain not ' +
          'allowed), `sso_not_invited` (no such AIRisk user, or a disabled one), `sso_failed`.',
        querystring: SsoCallbackQuerySchema,
        response: {
          ...ssoRedirect('To the page the sign-in started from, or to /signin?error=…'),
          ...notConfigured,
        },
      },
    },
    async (request, reply) => {
      const sso = await ssoNow();
      const pending = openSsoCookie(masterKey, request.cookies[SSO_COOKIE], clock.nowSeconds());
      // Single use: whatever happens next, this sign-in attempt is over.
      reply.clearCookie(SSO_COOKIE, cookieOptions);
      const user = await completeSsoSignIn(sso, {
        callbackUrl: callbackUrlOf(redirectUri, request.query),
        pending,
        ip: request.ip,
      });
      const { cookieValue, session } = await startSession(deps, {
        userId: user.id,
        method: 'sso',
        ip: request.ip,
        userAgent: request.headers['user-agent'] ?? '',
      });
      setSessionCookie(reply, config, cookieValue, session.expiresAt - clock.nowSeconds());
      return reply.header('cache-control', 'no-store').redirect(pending?.next ?? '/', 302);
    },
  );

  // A refusal is shown by the sign-in page, never as a bare error document.
  app.setErrorHandler(async (error, request, reply) => {
    if (!(error instanceof SsoError)) {
      throw error;
    }
    // The cause (an unreachable IdP, a refused code, a database fault) is for the operator.
    request.log.warn(
      { code: error.code, reason: error.message, err: error.cause },
      'single sign-on refused',
    );
    return redirectToSignIn(reply, error.code);
  });
}

function redirectToSignIn(reply: FastifyReply, code: string): FastifyReply {
  return reply
    .header('cache-control', 'no-store')
    .redirect(`/signin?error=${encodeURIComponent(code)}`, 302);
}

/**
 * The URL the IdP redirected to, rebuilt from the registered redirect URI and the query as
 * bound (never from the Host header, which the client chooses; names in any case, as
 * everywhere in the API).
 */
function callbackUrlOf(redirectUri: string, query: Record<string, unknown>): URL {
  const url = new URL(redirectUri);
  for (const [name, value] of Object.entries(query)) {
    if (typeof value === 'string') {
      url.searchParams.set(name, value);
    }
  }
  return url;
}
