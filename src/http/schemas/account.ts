import { Type, type Static } from 'typebox';
import type { UserRecord } from '../../store/store.ts';
import type { SessionRecord } from '../../store/account-store.ts';
import { isoTime } from '../../lib/iso-time.ts';
import { ROLES } from '../../vocabulary/roles.ts';
import { MAX_EMAIL_CHARS, MAX_ID_CHARS, MAX_NAME_CHARS } from '../../vocabulary/limits.ts';
import { Nullable, Timestamp } from './common.ts';

// Longer than the policy's 256 so that the policy, not the schema, says what is wrong.
const Password = Type.String({ maxLength: 1024, description: 'Write-only: never returned' });
const Token = Type.String({
  maxLength: 256,
  description: 'The token in the link’s fragment (#token=…)',
});
const Email = Type.String({ maxLength: MAX_EMAIL_CHARS, examples: ['ada@example.com'] });
const Name = Type.String({ maxLength: MAX_NAME_CHARS, examples: ['Ada Lovelace'] });
const LinkKind = Type.Union([
  Type.Literal('setup'),
  Type.Literal('invitation'),
  Type.Literal('reset'),
]);

export const AccountUserSchema = Type.Object({
  id: Type.String({ examples: ['user_42'] }),
  email: Type.String({ examples: ['ada@example.com'] }),
  name: Type.String({ examples: ['Ada Lovelace'] }),
  roles: Type.Array(Type.Enum(ROLES), { examples: [['User']] }),
});

export function accountUser(user: UserRecord): Static<typeof AccountUserSchema> {
  return { id: user.id, email: user.email, name: user.name, roles: user.roles };
}

export const SignedInSchema = Type.Object({
  user: AccountUserSchema,
  csrfToken: Type.String({ description: 'Send as X-CSRF-Token on state-changing requests' }),
});

export const OptionsSchema = Type.Object({
  firstRun: Type.Boolean({ description: 'Nobody has an account yet: the setup link is printed' }),
  sso: Nullable(Type.Object({ button: Type.String({ examples: ['Single sign-on'] }) })),
  passwordPolicy: Type.Object({ minLength: Type.Integer({ examples: [10] }) }),
  mail: Type.Boolean({
    description: 'Mail goes out (a mail server in the company settings, or AIRISK_SMTP_URL)',
  }),
  company: Type.Object({
    name: Type.String({ examples: ['Example Corp'] }),
    logoUrl: Nullable(
      Type.String({
        description: 'The logo (versioned: a new logo is a new URL); null without one',
        examples: ['/api/Company/Logo?v=3q2-7wAAAAAAAAAAAAAAAA'],
      }),
    ),
  }),
});

export const SetupBodySchema = Type.Object({
  token: Token,
  email: Email,
  name: Name,
  password: Password,
});

export const SignInBodySchema = Type.Object({
  email: Email,
  password: Password,
  code: Type.Optional(
    Type.String({ maxLength: 64, description: 'A TOTP code, or one of the recovery codes' }),
  ),
});

export const SignInResponseSchema = Type.Union([
  SignedInSchema,
  Type.Object({ twoFactorRequired: Type.Literal(true) }),
]);

export const SessionSummarySchema = Type.Object({
  id: Type.String(),
  createdAt: Timestamp(),
  expiresAt: Timestamp('When the session ends at the latest, UTC, ISO 8601'),
});

export const CurrentSessionSchema = Type.Object({
  user: AccountUserSchema,
  csrfToken: Type.String(),
  session: SessionSummarySchema,
  twoFactorEnabled: Type.Boolean(),
});

export const InspectLinkBodySchema = Type.Object({ kind: LinkKind, token: Token });

export const LinkInfoSchema = Type.Object({
  kind: LinkKind,
  email: Nullable(Type.String({ description: 'Whose link it is; null for the setup link' })),
  expiresAt: Timestamp(),
});

export const AcceptInvitationBodySchema = Type.Object({
  token: Token,
  name: Type.Optional(Name),
  password: Password,
});

export const ResetPasswordBodySchema = Type.Object({ token: Token, password: Password });

export const ChangePasswordBodySchema = Type.Object({
  currentPassword: Password,
  newPassword: Password,
});

export const ProfileBodySchema = Type.Object({ name: Name });

export const ProfileSchema = Type.Object({ user: AccountUserSchema });

export const SessionSchema = Type.Object({
  id: Type.String(),
  current: Type.Boolean({ description: 'The session making this request' }),
  createdAt: Timestamp(),
  lastSeenAt: Timestamp(),
  expiresAt: Timestamp(),
  ip: Nullable(Type.String()),
  userAgent: Nullable(Type.String()),
  method: Type.Union([Type.Literal('password'), Type.Literal('sso')]),
});

export function sessionView(
  session: SessionRecord,
  currentId: string,
): Static<typeof SessionSchema> {
  return {
    id: session.id,
    current: session.id === currentId,
    createdAt: isoTime(session.createdAt),
    lastSeenAt: isoTime(session.lastSeenAt),
    expiresAt: isoTime(session.expiresAt),
    ip: session.ip,
    userAgent: session.userAgent,
    method: session.method,
  };
}

export const SessionsSchema = Type.Object({ sessions: Type.Array(SessionSchema) });

export const SessionIdParamsSchema = Type.Object({
  sessionId: Type.String({ maxLength: MAX_ID_CHARS }),
});

export const TwoFactorSetupSchema = Type.Object({
  secret: Type.String({ description: 'Base32, to type into an authenticator app' }),
  otpauthUrl: Type.String({ examples: ['otpauth://totp/AIRisk:ada%40example.com?secret=…'] }),
  qrSvg: Type.String({ description: 'The otpauth URL as a QR code, an SVG document' }),
});

export const TwoFactorCodeBodySchema = Type.Object({
  code: Type.String({ maxLength: 64, description: 'The current code of the authenticator app' }),
});

export const RecoveryCodesSchema = Type.Object({
  recoveryCodes: Type.Array(Type.String(), {
    description: 'Single-use codes for when the phone is lost: shown this once',
  }),
});

export const PasswordBodySchema = Type.Object({ password: Password });
