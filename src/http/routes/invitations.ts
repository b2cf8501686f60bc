import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { inviteUser, publicInvitation, type AccountMailDeps } from '../../accounts/invitations.ts';
import {
  createPasswordResetLink,
  limitResetRequests,
  requestPasswordReset,
} from '../../accounts/password-resets.ts';
import { MailError } from '../../mail/mail-error.ts';
import {
  InvitationResponseSchema,
  InviteUserBodySchema,
  RequestResetBodySchema,
  ResetLinkBodySchema,
  ResetLinkResponseSchema,
  resetLinkResponse,
} from '../schemas/invitations.ts';
import { problemResponses } from '../schemas/problem.ts';
import { adminOnly, userIdOf } from '../access.ts';
import { sameOriginJson } from '../session-guard.ts';

const MAIL_NOTE =
  'With AIRISK_SMTP_URL set the link is mailed (502 when the mail server fails, and nothing is ' +
  'left half-done); without it the link is in the answer, for the admin to pass on.';

export async function invitationsRoutes(
  parent: FastifyInstance,
  deps: AccountMailDeps,
): Promise<void> {
  const app = parent.withTypeProvider<TypeBoxTypeProvider>();

  app.post(
    '/api/Users/InviteUser',
    {
      config: adminOnly,
      schema: {
        tags: ['Users'],
        summary: 'Invites a person by email: a one-time link, valid 7 days, to choose a password',
        description:
          `Creates the user without a password. Inviting again a user who has not accepted yet ` +
          `issues a fresh link and invalidates the earlier ones (the user's name, roles and ` +
          `groups stay as they are); a user who has a password already is a 409. ${MAIL_NOTE}`,
        body: InviteUserBodySchema,
        response: {
          201: InvitationResponseSchema,
          ...problemResponses(400, 401, 403, 404, 409, 502),
        },
      },
    },
    async (request, reply) => {
      const invitation = await inviteUser(deps, request.body, { userId: userIdOf(request) });
      return reply.code(201).send(publicInvitation(invitation));
    },
  );

  app.post(
    '/api/Users/CreatePasswordResetLink',
    {
      config: adminOnly,
      schema: {
        tags: ['Users'],
        summary: 'Creates a one-time link, valid 1 hour, for a user to choose a new password',
        description: `The link is in the answer either way. ${MAIL_NOTE}`,
        body: ResetLinkBodySchema,
        response: { 200: ResetLinkResponseSchema, ...problemResponses(400, 401, 403, 404, 502) },
      },
    },
    async (request) =>
      resetLinkResponse(
        await createPasswordResetLink(deps, request.body.userId, { userId: userIdOf(request) }),
      ),
  );

  // Mails go out after the answer, so its timing cannot tell whether the account exists; the
  // app's close waits for the ones under way.
  const sending = new Set<Promise<void>>();
  app.addHook('onClose', async () => {
    await Promise.all(sending);
  });

  app.post(
    '/api/Account/RequestPasswordReset',
    {
      config: sameOriginJson,
      schema: {
        tags: ['Account'],
        summary: 'Asks for a password reset link by mail; the answer is the same for any email',
        description:
          'Mails a one-time link (valid 1 hour) when SMTP is configured and the email names an ' +
          'enabled user. Limited per address (429 with Retry-After).',
        body: RequestResetBodySchema,
        response: {
          202: { description: 'Accepted: a mail follows if the account exists', type: 'null' },
          ...problemResponses(400, 403, 415, 429),
        },
      },
    },
    async (request, reply) => {
      await limitResetRequests(deps, request.ip);
      // Throws at once for a malformed email (400); the mail itself is not awaited.
      const work = requestPasswordReset(deps, request.body.email).then(
        () => undefined,
        (error: unknown) => {
          const level = error instanceof MailError ? 'warn' : 'error';
          request.log[level]({ err: error }, 'password reset mail not sent');
        },
      );
      sending.add(work);
      void work.finally(() => sending.delete(work));
      // No body at all: `send(null)` would serialize the text "null".
      return reply.code(202).send(undefined as unknown as null);
    },
  );
}
