// The words of Custom APIs and Custom databases as the console shows them. The values are the
// server's (src/vocabulary/tools.ts): the web app does not import the server, so they are kept
// here in step with it; the server checks every one again.

export const HTTP_METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;
export type HttpMethod = (typeof HTTP_METHODS)[number];

export const PARAMETER_LOCATIONS = [
  ['query', 'Query string'],
  ['path', 'Path'],
  ['header', 'Header'],
  ['body', 'JSON body'],
] as const;
export type ParameterLocation = (typeof PARAMETER_LOCATIONS)[number][0];

export const PARAMETER_TYPES = [
  ['string', 'Text'],
  ['integer', 'Whole number'],
  ['number', 'Number'],
  ['boolean', 'Yes/no'],
  ['object', 'Object (JSON)'],
  ['array', 'List (JSON)'],
] as const;
export type ParameterType = (typeof PARAMETER_TYPES)[number][0];
/** A database query's parameters are scalars. */
export const QUERY_PARAMETER_TYPES = PARAMETER_TYPES.slice(0, 4) as readonly (readonly [
  Exclude<ParameterType, 'object' | 'array'>,
  string,
])[];

export const AUTH_KINDS = [
  ['none', 'None'],
  ['apiKey', 'API key (header or query)'],
  ['basic', 'Basic (username and password)'],
  ['bearer', 'Bearer token'],
  ['oauth2ClientCredentials', 'OAuth2 client credentials'],
  ['userToken', "Each user's own token"],
] as const;
export type AuthKind = (typeof AUTH_KINDS)[number][0];

export function authKindLabel(kind: string): string {
  return AUTH_KINDS.find(([value]) => value === kind)?.[1] ?? kind;
}

/** Tool names, as every engine accepts them (OpenAI's rule, the strictest). */
export const TOOL_NAME = /^[A-Za-z][A-Za-z0-9_-]{0,63}$/;
export const TOOL_NAME_RULE =
  'A letter, then letters, digits, "_" or "-" (64 characters at most): the model calls the tool by it.';

export const DEFAULT_TOOL_STEPS = 5;
export const MAX_TOOL_STEPS = 20;
export const DEFAULT_TOOL_TIMEOUT_MS = 10_000;
export const MAX_TOOL_TIMEOUT_MS = 60_000;
export const DEFAULT_TOOL_RESPONSE_BYTES = 64 * 1024;
export const MAX_TOOL_RESPONSE_BYTES = 1024 * 1024;
export const DEFAULT_DATABASE_ROWS = 100;
export const MAX_DATABASE_ROWS = 1000;
export const DEFAULT_DATABASE_TIMEOUT_MS = 5000;
