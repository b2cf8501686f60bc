import { Type } from 'typebox';
import {
  LOGO_MEDIA_TYPES,
  MAX_BUTTON_LABEL_CHARS,
  MAX_DOMAIN_CHARS,
  MAX_SIGN_IN_DOMAINS,
  MAX_URL_CHARS,
  SETTINGS_SOURCES,
  SMTP_SECURITY,
  SSO_NEW_USERS,
} from '../../vocabulary/company.ts';
import {
  MAX_EMAIL_CHARS,
  MAX_NAME_CHARS,
  MAX_RETENTION_DAYS,
  MAX_SECRET_CHARS,
} from '../../vocabulary/limits.ts';
import { Id, Nullable } from './common.ts';

const Source = Type.Enum(SETTINGS_SOURCES, {
  description: 'settings: stored here; environment: AIRISK_* variables; none: not configured',
});
const Secret = (description: string) =>
  Type.Optional(Nullable(Type.String({ minLength: 1, maxLength: MAX_SECRET_CHARS, description })));
const MailFrom = Type.String({
  maxLength: MAX_NAME_CHARS + MAX_EMAIL_CHARS + 3,
  examples: ['AIRisk <airisk@example.com>'],
});

export const CompanySettingsSchema = Type.Object({
  name: Type.String({ examples: ['Example Corp'] }),
  hasLogo: Type.Boolean(),
  defaultAgentId: Nullable(
    Type.String({ description: 'The agent every new user gets as default agent' }),
  ),
  allowedSignInDomains: Type.Array(Type.String(), {
    description: 'Email domains people may sign in (SSO) and be invited from; empty: any',
    examples: [['example.com']],
  }),
  activityRetentionDays: Nullable(
    Type.Integer({
      description: 'Days the activity record keeps chat events; null: forever',
      examples: [365],
    }),
  ),
  archiveAfterDays: Nullable(
    Type.Integer({
      description:
        'Days after its last activity a conversation is moved to the data archive (an agent may set its own); null: never',
      examples: [730],
    }),
  ),
  sso: Type.Object({
    configured: Type.Boolean(),
    source: Source,
    issuer: Nullable(Type.String({ examples: ['https://login.example.com/realms/example'] })),
    clientId: Nullable(Type.String()),
    hasClientSecret: Type.Boolean({ description: 'The secret itself is never shown' }),
    newUsers: Type.Enum(SSO_NEW_USERS),
    buttonLabel: Type.String({ examples: ['Single sign-on'] }),
  }),
  smtp: Type.Object({
    configured: Type.Boolean(),
    source: Source,
    host: Nullable(Type.String({ examples: ['mail.example.com'] })),
    port: Nullable(Type.Integer({ examples: [587] })),
    security: Type.Enum(SMTP_SECURITY),
    username: Nullable(Type.String()),
    hasPassword: Type.Boolean({ description: 'The password itself is never shown' }),
    from: Type.String({ examples: ['AIRisk <airisk@example.com>'] }),
  }),
});

const SsoInputSchema = Type.Object(
  {
    issuer: Type.String({
      maxLength: MAX_URL_CHARS,
      description: "The identity provider's issuer URL (discovery is below it)",
    }),
    clientId: Type.String({ minLength: 1, maxLength: MAX_NAME_CHARS }),
    clientSecret: Secret('Write-only, stored encrypted; left out keeps it, null removes it'),
    newUsers: Type.Optional(
      Type.Enum(SSO_NEW_USERS, {
        description:
          'invited: only existing users sign in; domain: also creates users of an allowed domain',
      }),
    ),
    buttonLabel: Type.Optional(Type.String({ minLength: 1, maxLength: MAX_BUTTON_LABEL_CHARS })),
  },
  {
    description: 'Single sign-on (OpenID Connect); null removes it (the environment then applies)',
  },
);

const SmtpInputSchema = Type.Object(
  {
    host: Type.String({ minLength: 1, maxLength: MAX_DOMAIN_CHARS }),
    port: Type.Integer({ minimum: 1, maximum: 65535 }),
    security: Type.Enum(SMTP_SECURITY, {
      description: 'starttls: upgrade (port 587); tls: TLS from the start (port 465); none: plain',
    }),
    username: Type.Optional(
      Nullable(Type.String({ minLength: 1, maxLength: MAX_NAME_CHARS, description: 'null: none' })),
    ),
    password: Secret('Write-only, stored encrypted; left out keeps it, null removes it'),
    from: Type.Optional(MailFrom),
  },
  { description: 'The mail server; null removes it (the environment then applies)' },
);

export const UpdateCompanySettingsBodySchema = Type.Object({
  name: Type.Optional(Type.String({ minLength: 1, maxLength: MAX_NAME_CHARS })),
  defaultAgentId: Type.Optional(Nullable(Id({ description: 'null: no default agent' }))),
  allowedSignInDomains: Type.Optional(
    Type.Array(Type.String({ maxLength: MAX_DOMAIN_CHARS }), {
      maxItems: MAX_SIGN_IN_DOMAINS,
      description: 'Replaces the list; [] allows any domain',
    }),
  ),
  activityRetentionDays: Type.Optional(
    Nullable(
      Type.Integer({
        minimum: 1,
        maximum: MAX_RETENTION_DAYS,
        description: 'Days the activity record keeps chat events; null: forever',
      }),
    ),
  ),
  archiveAfterDays: Type.Optional(
    Nullable(
      Type.Integer({
        minimum: 1,
        maximum: MAX_RETENTION_DAYS,
        description:
          'Days after its last activity a conversation is moved to the data archive (an agent may set its own); null: never',
      }),
    ),
  ),
  sso: Type.Optional(Nullable(SsoInputSchema)),
  smtp: Type.Optional(Nullable(SmtpInputSchema)),
});

export const SendTestMailBodySchema = Type.Object({
  to: Type.Optional(
    Type.String({ maxLength: MAX_EMAIL_CHARS, description: "Default: the admin's own email" }),
  ),
});

export const SendTestMailResponseSchema = Type.Object({ to: Type.String() });

export const LogoQuerySchema = Type.Object({
  v: Type.Optional(
    Type.String({ maxLength: 64, description: 'The version in logoUrl (ignored by the server)' }),
  ),
});

/** An image body or answer, in each accepted media type (OpenAPI: binary content). */
export const logoContent = Object.fromEntries(
  LOGO_MEDIA_TYPES.map((mediaType) => [
    mediaType,
    { schema: { description: 'The image bytes', format: 'binary' } },
  ]),
);
