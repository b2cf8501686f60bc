import { Type, type Static } from 'typebox';
import type { PasswordResetLink } from '../../accounts/password-resets.ts';
import { isoTime } from '../../lib/iso-time.ts';
import { ROLES } from '../../vocabulary/roles.ts';
import { MAX_EMAIL_CHARS, MAX_NAME_CHARS } from '../../vocabulary/limits.ts';
import { Id, Timestamp } from './common.ts';
import { UserSchema } from './users.ts';

// A CompanyAdmin's groups are few; a longer list is a mistake, not an organisation.
const MAX_INVITE_GROUPS = 100;

const Email = Type.String({ maxLength: MAX_EMAIL_CHARS, examples: ['ada@example.com'] });
const Link = (description: string, example: string) =>
  Type.String({
    format: 'uri',
    description: `${description}. The token is in the fragment, so it never reaches server logs`,
    examples: [example],
  });

export const InviteUserBodySchema = Type.Object({
  email: Email,
  name: Type.Optional(
    Type.String({
      maxLength: MAX_NAME_CHARS,
      description: 'Default: the part of the email before the @; the person may change it',
      examples: ['Ada Lovelace'],
    }),
  ),
  roles: Type.Optional(
    Type.Array(Type.Enum(ROLES), { maxItems: ROLES.length, description: 'Default ["User"]' }),
  ),
  groupIds: Type.Optional(
    Type.Array(Id({ examples: ['group_7'] }), {
      maxItems: MAX_INVITE_GROUPS,
      description: 'Groups the new user joins',
    }),
  ),
});

export const InvitationResponseSchema = Type.Object({
  user: UserSchema,
  invitation: Type.Object({
    expiresAt: Timestamp('When the link stops working (7 days), UTC'),
    emailed: Type.Boolean({ description: 'Whether the link went out by mail (SMTP configured)' }),
    link: Type.Optional(
      Link(
        'One-time link, only when not emailed: pass it to the person yourself',
        'https://airisk.example.com/invite#token=q7Xw…',
      ),
    ),
  }),
});

export const ResetLinkBodySchema = Type.Object({ userId: Id({ examples: ['user_42'] }) });

export const ResetLinkResponseSchema = Type.Object({
  link: Link(
    'One-time link to choose a new password',
    'https://airisk.example.com/reset#token=q7Xw…',
  ),
  expiresAt: Timestamp('When the link stops working (1 hour), UTC'),
  emailed: Type.Boolean({ description: 'Whether the link also went out by mail' }),
});

export const RequestResetBodySchema = Type.Object({ email: Email });

export function resetLinkResponse(
  reset: PasswordResetLink,
): Static<typeof ResetLinkResponseSchema> {
  return { ...reset, expiresAt: isoTime(reset.expiresAt) };
}
