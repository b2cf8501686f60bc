import { Type } from 'typebox';
import { MAX_NAME_CHARS } from '../../vocabulary/limits.ts';
import { MAX_SECRET_GRACE_SECONDS } from '../../clients/clients.ts';
import { Id, Nullable, Timestamp } from './common.ts';

// A redirect URI is a URL a browser follows: longer ones are refused by browsers and proxies.
const MAX_REDIRECT_URI_CHARS = 2048;
const MAX_REDIRECT_URIS = 50;

export const ApiClientSchema = Type.Object({
  id: Type.String({ description: 'The client_id' }),
  name: Type.String({ examples: ['Reporting service'] }),
  redirectUris: Type.Array(Type.String({ examples: ['https://reports.example.com/callback'] })),
  createdAt: Timestamp(),
  disabled: Type.Boolean({ description: 'A disabled client gets no codes or tokens' }),
  lockedUntil: Nullable(
    Timestamp('Refused after repeated failed authentications until then; null when not locked'),
  ),
  previousSecretExpiresAt: Nullable(
    Timestamp('The secret before the last rotation works until then; null when it no longer does'),
  ),
});

export const ClientWithSecretSchema = Type.Object({
  client: ApiClientSchema,
  clientSecret: Type.String({ description: 'Shown this once and never again: store it now' }),
});

const ClientName = Type.String({
  minLength: 1,
  maxLength: MAX_NAME_CHARS,
  examples: ['Reporting service'],
});

const RedirectUris = Type.Array(Type.String({ maxLength: MAX_REDIRECT_URI_CHARS }), {
  minItems: 1,
  maxItems: MAX_REDIRECT_URIS,
  description:
    'Exact redirect URIs (absolute, no fragment); an entry may list several, comma-separated',
  examples: [['https://reports.example.com/callback']],
});

const ClientId = Id({ description: 'The client_id' });

export const CreateClientBodySchema = Type.Object({ name: ClientName, redirectUris: RedirectUris });

export const UpdateClientBodySchema = Type.Object({
  clientId: ClientId,
  name: Type.Optional(ClientName),
  redirectUris: Type.Optional(RedirectUris),
  disabled: Type.Optional(
    Type.Boolean({ description: 'true stops the client at once, its tokens included' }),
  ),
});

export const RotateClientSecretBodySchema = Type.Object({
  clientId: ClientId,
  graceSeconds: Type.Optional(
    Type.Integer({
      minimum: 0,
      maximum: MAX_SECRET_GRACE_SECONDS,
      default: 0,
      description: 'How long the old secret keeps working (0: it stops at once)',
    }),
  ),
});

export const ClientIdBodySchema = Type.Object({ clientId: ClientId });

export const ClientIdParamsSchema = Type.Object({ clientId: ClientId });
