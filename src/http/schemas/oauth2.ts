import { Type } from 'typebox';

const text = (description: string, examples?: string[]) =>
  Type.Optional(Type.String({ description, ...(examples ? { examples } : {}) }));

export const AuthorizeQuerySchema = Type.Object({
  client_id: text('The API client id (required)', ['3f1c2b9e-6a59-4d27-9d8b-2f0a1e7c5b11']),
  redirect_uri: text("One of the client's registered redirect URIs, exactly (required)", [
    'https://localhost/callback',
  ]),
  state: text('Opaque value returned unchanged in the redirect'),
  userid: text('Id of the user a user-specific token is wanted for', ['user_42']),
  response_type: text('If present, must be "code"', ['code']),
  code_challenge: text('PKCE (RFC 7636) challenge: BASE64URL(SHA-256(code_verifier))'),
  code_challenge_method: text('PKCE method; only S256', ['S256']),
});

export const TokenBodySchema = Type.Object(
  {
    client_id: text('The API client id (or send it with HTTP Basic)'),
    client_secret: text('The API client secret (or send it with HTTP Basic)'),
    code: text('The code from the authorization redirect (required)'),
    redirect_uri: text('The redirect_uri of the authorization request (required)'),
    response_uri: text('Synonym of redirect_uri'),
    grant_type: text('Optional; if present must be authorization_code', ['authorization_code']),
    userid: text('Same userid as in the authorization request, for a user-specific token'),
    code_verifier: text('PKCE verifier, when the authorization request had a code_challenge'),
  },
  {
    description:
      'application/x-www-form-urlencoded or application/json. Each parameter once, as a string.',
  },
);

export const TokenResponseSchema = Type.Object({
  access_token: Type.String({ description: 'ES256-signed JWT (RFC 9068)' }),
  expiration: Type.String({
    description: 'UTC expiry, ISO 8601',
    examples: ['2025-03-31T13:12:17Z'],
  }),
  token_type: Type.Literal('Bearer'),
  expires_in: Type.Integer({ description: 'Seconds until expiry', examples: [3600] }),
});

export const TokenInspectionBodySchema = Type.Object({
  token: text('The access token (required)'),
  token_type_hint: text('Ignored: every token here is an access token', ['access_token']),
  client_id: text('The API client id (or send it with HTTP Basic)'),
  client_secret: text('The API client secret (or send it with HTTP Basic)'),
});

export const IntrospectionResponseSchema = Type.Object({
  active: Type.Boolean(),
  client_id: Type.Optional(Type.String()),
  token_type: Type.Optional(Type.Literal('Bearer')),
  token_kind: Type.Optional(Type.String({ examples: ['user'] })),
  sub: Type.Optional(Type.String()),
  userid: Type.Optional(Type.String()),
  iss: Type.Optional(Type.String()),
  aud: Type.Optional(Type.String()),
  jti: Type.Optional(Type.String()),
  iat: Type.Optional(Type.Integer()),
  exp: Type.Optional(Type.Integer()),
});
