import { Type } from 'typebox';

export const SsoStartQuerySchema = Type.Object({
  next: Type.Optional(
    Type.String({
      description:
        'Where to land once signed in: a path on this server starting with a single "/" ' +
        '(anything else lands on "/")',
      examples: ['/chat'],
    }),
  ),
});

/** What the identity provider adds to the redirect URI (RFC 6749 §4.1.2, RFC 9207). */
export const SsoCallbackQuerySchema = Type.Object({
  code: Type.Optional(Type.String({ description: 'The authorization code' })),
  state: Type.Optional(Type.String({ description: 'Echoes the state of the sign-in request' })),
  iss: Type.Optional(Type.String({ description: 'The identity provider (RFC 9207)' })),
  error: Type.Optional(Type.String({ description: 'Set when the identity provider refused' })),
  error_description: Type.Optional(Type.String()),
});

/** A 302 answer, for the OpenAPI document. */
export function ssoRedirect(description: string) {
  return {
    302: { description, headers: { Location: { type: 'string' } }, type: 'null' },
  } as const;
}
