/**
 * What agents may call besides their model (Admin → Custom APIs, Custom Database): the words the
 * API, the CLI, the store and the tool runner share.
 */

/** A custom API's method. */
export const HTTP_METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;
export type HttpMethod = (typeof HTTP_METHODS)[number];

/** Where a parameter goes: the endpoint's path, its query string, a header or the JSON body. */
export const PARAMETER_LOCATIONS = ['path', 'query', 'header', 'body'] as const;
export type ParameterLocation = (typeof PARAMETER_LOCATIONS)[number];

/** A parameter's JSON Schema type, as the model is told it. */
export const PARAMETER_TYPES = [
  'string',
  'integer',
  'number',
  'boolean',
  'object',
  'array',
] as const;
export type ParameterType = (typeof PARAMETER_TYPES)[number];

/**
 * How a call proves who sends it: nothing; an API key (header or query) from a custom secret;
 * basic (username, password secret); a bearer token from a secret; OAuth2 client credentials
 * (client secret from a custom secret, the token cached until it expires); or the user's own
 * token for the API, set with SetUserToken under the API's provider name.
 */
export const API_AUTH_KINDS = [
  'none',
  'apiKey',
  'basic',
  'bearer',
  'oauth2ClientCredentials',
  'userToken',
] as const;
export type ApiAuthKind = (typeof API_AUTH_KINDS)[number];

/** The engines a custom database may be on. */
export const DATABASE_ENGINES = ['postgres'] as const;
export type DatabaseEngine = (typeof DATABASE_ENGINES)[number];

/** What became of one tool call: answered, failed (its error told to the model), or refused. */
export const TOOL_CALL_STATUSES = ['ok', 'error', 'blocked'] as const;
export type ToolCallStatus = (typeof TOOL_CALL_STATUSES)[number];

/** Tool names, as every engine accepts them (OpenAI's rule, the strictest). */
export const TOOL_NAME = /^[A-Za-z][A-Za-z0-9_-]{0,63}$/;

/** Model steps in one turn (one step may call several tools); the agent may lower it. */
export const DEFAULT_TOOL_STEPS = 5;
export const MAX_TOOL_STEPS = 20;
/** Tool calls in one turn, all steps together: beyond it a call is refused, not made. */
export const MAX_TOOL_CALLS_PER_TURN = 10;

/** One outbound call, connection to last byte. */
export const DEFAULT_TOOL_TIMEOUT_MS = 10_000;
export const MAX_TOOL_TIMEOUT_MS = 60_000;
/** A response body read beyond this is refused (the call fails), not cut. */
export const DEFAULT_TOOL_RESPONSE_BYTES = 64 * 1024;
export const MAX_TOOL_RESPONSE_BYTES = 1024 * 1024;
/** What the model and the conversation keep of one result, in characters. */
export const MAX_TOOL_RESULT_CHARS = 32_000;

/** A custom database's rows per query, and its statement timeout. */
export const DEFAULT_DATABASE_ROWS = 100;
export const MAX_DATABASE_ROWS = 1000;
export const DEFAULT_DATABASE_TIMEOUT_MS = 5000;
