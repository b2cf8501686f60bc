import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { AccountDeps } from '../../accounts/account-deps.ts';
import { changePassword, updateProfile } from '../../accounts/password-changes.ts';
import { listSessions, revokeOwnSession } from '../../accounts/sessions.ts';
import { beginTwoFactor, disableTwoFactor, enableTwoFactor } from '../../accounts/two-factor.ts';
import {
  ChangePasswordBodySchema,
  PasswordBodySchema,
  ProfileBodySchema,
  ProfileSchema,
  RecoveryCodesSchema,
  SessionIdParamsSchema,
  SessionsSchema,
  TwoFactorCodeBodySchema,
  TwoFactorSetupSchema,
  accountUser,
  sessionView,
} from '../schemas/account.ts';
import { noContent, problemResponses } from '../schemas/problem.ts';
import { requireCsrf, sessionOf, requireSession } from '../session-guard.ts';
import { requestMeta } from './account.ts';

const tags = ['Account'];

/** What a signed-in person changes about their own account: password, name, sessions, 2FA. */
export async function accountSettingsRoutes(
  parent: FastifyInstance,
  deps: AccountDeps,
): Promise<void> {
  const app = parent.withTypeProvider<TypeBoxTypeProvider>();

  app.post(
    '/api/Account/ChangePassword',
    {
      config: requireCsrf,
      schema: {
        tags,
        summary: 'Changes the password; the other sessions end',
        body: ChangePasswordBodySchema,
        response: { ...noContent('Changed'), ...problemResponses(400, 401, 403) },
      },
    },
    async (request, reply) => {
      await changePassword(deps, sessionOf(request), request.body, requestMeta(request));
      return reply.code(204).send(null);
    },
  );

  app.put(
    '/api/Account/Profile',
    {
      config: requireCsrf,
      schema: {
        tags,
        summary: 'Changes the name the person goes by',
        body: ProfileBodySchema,
        response: { 200: ProfileSchema, ...problemResponses(400, 401, 403) },
      },
    },
    async (request) => ({
      user: accountUser(await updateProfile(deps, sessionOf(request).user, request.body.name)),
    }),
  );

  app.get(
    '/api/Account/Sessions',
    {
      config: requireSession,
      schema: {
        tags,
        summary: 'The live sessions of the signed-in person, newest first',
        response: { 200: SessionsSchema, ...problemResponses(401, 403) },
      },
    },
    async (request) => {
      const { session, user } = sessionOf(request);
      const sessions = await listSessions(deps, user.id);
      return { sessions: sessions.map((each) => sessionView(each, session.id)) };
    },
  );

  app.delete(
    '/api/Account/Sessions/:sessionId',
    {
      config: requireCsrf,
      schema: {
        tags,
        summary: 'Ends one of the person’s sessions (another device, or this one)',
        params: SessionIdParamsSchema,
        response: { ...noContent('Ended'), ...problemResponses(401, 403, 404) },
      },
    },
    async (request, reply) => {
      const { user } = sessionOf(request);
      await revokeOwnSession(deps, user.id, request.params.sessionId, request.ip);
      return reply.code(204).send(null);
    },
  );

  app.post(
    '/api/Account/TwoFactor/Begin',
    {
      config: requireCsrf,
      schema: {
        tags,
        summary: 'Starts setting up two-factor sign-in: a secret and its QR code',
        response: { 200: TwoFactorSetupSchema, ...problemResponses(401, 403, 409) },
      },
    },
    async (request) => beginTwoFactor(deps, sessionOf(request).user),
  );

  app.post(
    '/api/Account/TwoFactor/Enable',
    {
      config: requireCsrf,
      schema: {
        tags,
        summary: 'Turns two-factor sign-in on with a code from the app; returns recovery codes',
        body: TwoFactorCodeBodySchema,
        response: { 200: RecoveryCodesSchema, ...problemResponses(400, 401, 403, 409) },
      },
    },
    async (request) => ({
      recoveryCodes: await enableTwoFactor(deps, sessionOf(request).user.id, request.body.code),
    }),
  );

  app.post(
    '/api/Account/TwoFactor/Disable',
    {
      config: requireCsrf,
      schema: {
        tags,
        summary: 'Turns two-factor sign-in off (the password confirms it)',
        body: PasswordBodySchema,
        response: { ...noContent('Turned off'), ...problemResponses(400, 401, 403) },
      },
    },
    async (request, reply) => {
      await disableTwoFactor(deps, sessionOf(request).user.id, request.body.password);
      return reply.code(204).send(null);
    },
  );
}
