import { STATUS_CODES } from 'node:http';
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
    scanners: Type.Optional(
      Type.Array(Type.String(), { description: 'The scanners that blocked the text (422)' }),
    ),
    findingTypes: Type.Optional(
      Type.Array(Type.String(), { description: 'What they found, by type, never the text (422)' }),
    ),
    findings: Type.Optional(
      Type.Array(Type.String(), {
        description:
          'What they found in words, each once, such as "Banned topic: Budget": the labels of the Scan API, never the text (422)',
      }),
    ),
    budget: Type.Optional(
      Type.Object(
        {
          id: Type.String(),
          scope: Type.String({ examples: ['user'] }),
          targetId: Type.String(),
          period: Type.String({ examples: ['day'] }),
          metric: Type.String({ examples: ['cost'] }),
          limit: Type.Number({ description: 'US dollars (cost) or tokens (tokens)' }),
          spent: Type.Number({ description: 'Spent so far in the period, in the same unit' }),
        },
        { description: 'The hard budget that is used up (429 budget-exceeded)' },
      ),
    ),
    resetsAt: Type.Optional(
      Type.String({
        format: 'date-time',
        description: 'When that budget resets, ISO 8601 UTC (429 budget-exceeded)',
      }),
    ),
  },
  { $id: 'Problem', description: 'RFC 9457 problem details' },
);

/**
 * Response entries for the listed error statuses: problem details, as `application/problem+json`
 * (what the API answers) and `application/json` (what an OAuth2 endpoint answers a client that
 * prefers it). The bare `text/plain` of an OAuth2 400 is described on those routes.
 */
export function problemResponses(...statuses: number[]) {
  return Object.fromEntries(
    statuses.map((status) => [
      status,
      {
        description: STATUS_CODES[status] ?? 'Error',
        ...(RETRY_LATER.includes(status) && { headers: { 'Retry-After': RETRY_AFTER } }),
        content: {
          'application/problem+json': { schema: ProblemSchema },
          'application/json': { schema: ProblemSchema },
        },
      },
    ]),
  );
}

// Statuses that may come with a Retry-After (RFC 9110 §10.2.3): rate limits, busy readers.
const RETRY_LATER = [429, 503];
const RETRY_AFTER = {
  type: 'integer',
  minimum: 1,
  description: 'Seconds to wait before sending the request again',
};

/**
 * The OAuth2 endpoints' error entries: by default (curl, Python requests) a 400 is the original
 * server's bare text, e.g. `Invalid Code`; any other status, or a client preferring JSON, gets
 * problem details.
 */
export function oauthProblemResponses(...statuses: number[]) {
  const responses: Record<number, { description: string; content: object }> = problemResponses(
    ...statuses,
  );
  const badRequest = responses[400];
  if (badRequest) {
    badRequest.content = {
      'text/plain': { schema: Type.String({ examples: ['Invalid Code'] }) },
      ...badRequest.content,
    };
  }
  return responses;
}

/** The authorization endpoint's answer: a redirect to the client. */
export const redirectResponse = {
  302: {
    description: 'To redirect_uri with code and state, or with error, error_description and state',
    headers: { Location: { type: 'string', format: 'uri' } },
    type: 'null',
  },
} as const;

/** A 204 answer, for the OpenAPI document. */
export function noContent(description: string) {
  return { 204: { description, type: 'null' } } as const;
}
