import { Type } from 'typebox';

export const ProblemSchema = Type.Object(
  {
    type: Type.String({ examples: ['https://tools.ietf.org/html/rfc9110#section-15.5.2'] }),
    title: Type.String({ examples: ['Unauthorized'] }),
    status: Type.Integer({ examples: [401] }),
    traceId: Type.String({ examples: ['00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-00'] }),
    detail: Type.Optional(Type.String()),
    error: Type.Optional(
      Type.String({ description: 'RFC 6749 error code (OAuth2 endpoints only)' }),
    ),
    error_description: Type.Optional(Type.String()),
  },
  { $id: 'Problem', description: 'RFC 9457 problem details' },
);

/** Response entries for the listed error statuses, all problem details. */
export function problemResponses(...statuses: number[]): Record<number, typeof ProblemSchema> {
  return Object.fromEntries(statuses.map((status) => [status, ProblemSchema]));
}

/** A 204 answer, for the OpenAPI document. */
export function noContent(description: string) {
  return { 204: { description, type: 'null' } } as const;
}
