import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { AccountDeps, RequestMeta } from '../../accounts/account-deps.ts';
import type { UserRecord } from '../../store/store.ts';
import type { SessionRecord } from '../../store/account-store.ts';
import { signIn } from '../../accounts/sign-in.ts';
import { completeSetup, isFirstRun } from '../../accounts/first-run.ts';
import { acceptInvitation } from '../../accounts/accept-invitation.ts';
import { resetPassword } from '../../accounts/password-changes.ts';
import { describeLink } from '../../accounts/link-info.ts';
import { signOut } from '../../accounts/sessions.ts';
import { isTwoFactorOn } from '../../accounts/two-factor.ts';
import { PASSWORD_MIN_LENGTH } from '../../accounts/passwords.ts';
import { isoTime } from '../../lib/iso-time.ts';
import { hasMailServer, publicCompany, ssoButtonLabel } from '../../company/public-company.ts';
import {
  AcceptInvitationBodySchema,
  CurrentSessionSchema,
  InspectLinkBodySchema,
  LinkInfoSchema,
  OptionsSchema,
  ResetPasswordBodySchema,
  SetupBodySchema,
  SignedInSchema,
  SignInBodySchema,
  SignInResponseSchema,
  accountUser,
} from '../schemas/account.ts';
import { noContent, problemResponses } from '../schemas/problem.ts';
import { clearSessionCookie, setSessionCookie } from '../session-cookie.ts';
import { sameOriginJson, requireCsrf, sessionOf, requireSession } from '../session-guard.ts';

const tags = ['Account'];

export function requestMeta(request: FastifyRequest): RequestMeta {
  return { ip: request.ip, userAgent: request.headers['user-agent'] };
}

/** Answers a sign-in: the session cookie, and what the web app needs of the session. */
function signedIn(
  deps: AccountDeps,
  reply: FastifyReply,
  result: { user: UserRecord; session: SessionRecord; cookieValue: string },
) {
  const { user, session, cookieValue } = result;
  setSessionCookie(reply, deps.config, cookieValue, session.expiresAt - deps.clock.nowSeconds());
  return { user: accountUser(user), csrfToken: session.csrfToken };
}

/** Signing in and out, the first run, and the one-time links of invitations and resets. */
export async function accountRoutes(parent: FastifyInstance, deps: AccountDeps): Promise<void> {
  const app = parent.withTypeProvider<TypeBoxTypeProvider>();

  app.get(
    '/api/Account/Options',
    {
      schema: {
        tags,
        summary:
          'What the sign-in page offers: first run, single sign-on, password policy, the company',
        response: { 200: OptionsSchema },
      },
    },
    async () => {
      const button = await ssoButtonLabel(deps.store, deps.config);
      return {
        firstRun: await isFirstRun(deps.store),
        sso: button === undefined ? null : { button },
        passwordPolicy: { minLength: PASSWORD_MIN_LENGTH },
        mail: await hasMailServer(deps.store, deps.config),
        company: await publicCompany(deps.store),
      };
    },
  );

  app.post(
    '/api/Account/Setup',
    {
      config: sameOriginJson,
      schema: {
        tags,
        summary: 'Creates the first CompanyAdmin with the link printed at first start',
        body: SetupBodySchema,
        response: { 201: SignedInSchema, ...problemResponses(400, 403, 404, 410, 415) },
      },
    },
    async (request, reply) => {
      const result = await completeSetup(deps, request.body, requestMeta(request));
      return reply.code(201).send(signedIn(deps, reply, result));
    },
  );

  app.post(
    '/api/Account/SignIn',
    {
      config: sameOriginJson,
      schema: {
        tags,
        summary: 'Signs in with email and password (and a second factor when on)',
        description:
          'Without `code` on an account with two-factor sign-in, answers `{twoFactorRequired: true}`. Repeated failures answer 429 with Retry-After: per address, and per account (a lock-out).',
        body: SignInBodySchema,
        response: { 200: SignInResponseSchema, ...problemResponses(400, 401, 403, 415, 429) },
      },
    },
    async (request, reply) => {
      const result = await signIn(deps, request.body, requestMeta(request));
      return result.kind === 'two-factor-required'
        ? { twoFactorRequired: true as const }
        : signedIn(deps, reply, result);
    },
  );

  app.post(
    '/api/Account/SignOut',
    {
      config: requireCsrf,
      schema: {
        tags,
        summary: 'Ends this session',
        response: { ...noContent('Signed out'), ...problemResponses(401, 403) },
      },
    },
    async (request, reply) => {
      await signOut(deps, sessionOf(request), request.ip);
      clearSessionCookie(reply, deps.config);
      return reply.code(204).send(null);
    },
  );

  app.get(
    '/api/Account/Session',
    {
      config: requireSession,
      schema: {
        tags,
        summary: 'Who is signed in, with the CSRF token for this session',
        response: { 200: CurrentSessionSchema, ...problemResponses(401, 403) },
      },
    },
    async (request) => {
      const { session, user } = sessionOf(request);
      return {
        user: accountUser(user),
        csrfToken: session.csrfToken,
        session: {
          id: session.id,
          createdAt: isoTime(session.createdAt),
          expiresAt: isoTime(session.expiresAt),
        },
        twoFactorEnabled: isTwoFactorOn(await deps.store.logins.find(user.id)),
      };
    },
  );

  app.post(
    '/api/Account/InspectLink',
    {
      schema: {
        tags,
        summary: 'Whether a one-time link still works, and whose it is',
        body: InspectLinkBodySchema,
        response: { 200: LinkInfoSchema, ...problemResponses(400, 404, 410) },
      },
    },
    async (request) => {
      const info = await describeLink(
        deps.store,
        deps.clock,
        request.body.kind,
        request.body.token,
      );
      return { ...info, expiresAt: isoTime(info.expiresAt) };
    },
  );

  app.post(
    '/api/Account/AcceptInvitation',
    {
      config: sameOriginJson,
      schema: {
        tags,
        summary: 'Sets the password of an invited user, who is then signed in',
        body: AcceptInvitationBodySchema,
        response: { 200: SignedInSchema, ...problemResponses(400, 403, 404, 409, 410, 415) },
      },
    },
    async (request, reply) =>
      signedIn(deps, reply, await acceptInvitation(deps, request.body, requestMeta(request))),
  );

  app.post(
    '/api/Account/ResetPassword',
    {
      config: sameOriginJson,
      schema: {
        tags,
        summary: 'Sets a new password with a reset link; every session of the user ends',
        body: ResetPasswordBodySchema,
        response: { ...noContent('Password set'), ...problemResponses(400, 403, 404, 410, 415) },
      },
    },
    async (request, reply) => {
      await resetPassword(deps, request.body, requestMeta(request));
      return reply.code(204).send(null);
    },
  );
}
