import { Type } from 'typebox';

const text = (description: string, examples?: string[]) =>
  Type.Optional(Type.String({ description, ...(examples ? { examples } : {}) }));

export const AuthorizeQuerySchema = Type.Object({
  client_id: text(
    "The API client id (required). The web app's built-in public client, airisk-web, gets a code only for the person its session cookie signs in: it must use PKCE S256, may not send userid, and is redirected with error=login_required when nobody is signed in.",
    ['3f1c2b9e-6a59-4d27-9d8b-2f0a1e7c5b11'],
  ),
  redirect_uri: text(
    "One of the client's registered redirect URIs, exactly (required); a loopback IP URI (http://127.0.0.1/…, http://[::1]/…) may use any port (RFC 8252 §7.3)",
    ['https://localhost/callback'],
  ),
  state: text('Opaque value returned unchanged in the redirect'),
  userid: text('Id of the user a user-specific token is wanted for', ['user_42']),
  response_type: text('If present, must be "code"', ['code']),
  code_challenge: text('PKCE (RFC 7636) challenge: BASE64URL(SHA-256(code_verifier))'),
  code_challenge_method: text('PKCE method; only S256', ['S256']),
});

export const TokenBodySchema = Type.Object(
  {
    client_id: text(
      "The API client id (or send it with HTTP Basic); airisk-web, the web app's public client, sends it alone, without a secret, and must send code_verifier",
    ),
    client_secret: text('The API client secret (or send it with HTTP Basic)'),
    code: text('The code from the authorization redirect (required)'),
    redirect_uri: text(
      'Optional: the code remembers it. If sent, it must be the redirect_uri of the authorization request. Required when the server runs with AIRISK_STRICT_TOKEN_REQUEST=true.',
    ),
    response_uri: text('Synonym of redirect_uri'),
    grant_type: text('Optional; if present must be authorization_code', ['authorization_code']),
    userid: text(
      'Optional: a code requested with a userid gives that user a user-specific token, one requested without gives a generic token. If sent, it must be the userid of the authorization request (none for a generic code), else the code is spent: Invalid Code. Required for a user code with AIRISK_STRICT_TOKEN_REQUEST=true.',
      ['user_42'],
    ),
    code_verifier: text('PKCE verifier, when the authorization request had a code_challenge'),
  },
  {
    description:
      'application/x-www-form-urlencoded or application/json. Each parameter once, as a string.',
  },
);

/** How the OAuth2 endpoints answer errors, for their OpenAPI descriptions (spec §3). */
export const OAUTH_ERRORS_DESCRIPTION =
  'Errors as the original AIRisk server sends them: with no Accept, */* or text/*, a 400 is text/plain with the bare description (e.g. "Invalid Code") and any other status application/problem+json. With Accept: application/json, problem details with RFC 6749 error and error_description as application/json.';

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
  client_id: text(
    "The API client id (or send it with HTTP Basic); airisk-web, the web app's public client, may revoke its tokens by client_id alone",
  ),
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
