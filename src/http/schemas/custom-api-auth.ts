import { Type, type TSchema } from 'typebox';
import { Nullable } from './common.ts';
import { API_AUTH_KINDS } from '../../vocabulary/tools.ts';

// How a custom API's calls authenticate, as the API shows it and as requests give it. Secrets
// are custom secrets' names, never values.

const secretName = (what: string) =>
  Type.String({
    maxLength: 100,
    description: `The custom secret (GET /api/Secrets/ListSecrets) holding ${what}; never the value itself`,
  });

/** Each way a call may authenticate, as the API shows it. */
const AUTH_VARIANTS = {
  none: {},
  apiKey: {
    in: Type.Enum(['header', 'query'] as const),
    name: Type.String({ maxLength: 200, examples: ['X-API-Key'] }),
    secret: secretName('the key'),
  },
  basic: { username: Type.String({ maxLength: 200 }), secret: secretName('the password') },
  bearer: { secret: secretName('the token') },
  oauth2ClientCredentials: {
    tokenUrl: Type.String({
      maxLength: 2000,
      description: "The authorization server's token endpoint",
    }),
    clientId: Type.String({ maxLength: 500 }),
    secret: secretName('the client secret'),
    scope: Nullable(Type.String({ maxLength: 2000 })),
  },
  userToken: {
    provider: Type.String({
      maxLength: 64,
      description: "The provider name of the user's own token (POST /api/Users/SetUserToken)",
    }),
    header: Type.String({ maxLength: 200, examples: ['Authorization'] }),
    scheme: Nullable(Type.String({ maxLength: 50, examples: ['Bearer'] })),
  },
} satisfies Record<(typeof API_AUTH_KINDS)[number], Record<string, TSchema>>;

const authVariant = <K extends (typeof API_AUTH_KINDS)[number]>(kind: K) =>
  Type.Object({ kind: Type.Literal(kind), ...AUTH_VARIANTS[kind] });

export const AuthSchema = Type.Union(
  [
    authVariant('none'),
    authVariant('apiKey'),
    authVariant('basic'),
    authVariant('bearer'),
    authVariant('oauth2ClientCredentials'),
    authVariant('userToken'),
  ],
  { description: 'How calls authenticate; secrets are named, never shown' },
);

// One flat object rather than a union: a union's validation error would speak of whichever
// variant failed first, whereas the domain names the field the chosen kind lacks.
export const authInput = (description: string) =>
  Type.Object(
    {
      kind: Type.Enum(API_AUTH_KINDS),
      ...Type.Partial(
        Type.Object({
          ...AUTH_VARIANTS.apiKey,
          ...AUTH_VARIANTS.basic,
          ...AUTH_VARIANTS.oauth2ClientCredentials,
          ...AUTH_VARIANTS.userToken,
        }),
      ).properties,
    },
    {
      additionalProperties: false,
      description: `${description}: none; apiKey {in? (header, or query), name, secret}; basic {username, secret}; bearer {secret}; oauth2ClientCredentials {tokenUrl, clientId, secret, scope?}; userToken {provider, header? (Authorization), scheme? (Bearer)}. secret names a custom secret.`,
      examples: [{ kind: 'apiKey', in: 'header', name: 'X-API-Key', secret: 'ORDERS_API_KEY' }],
    },
  );
