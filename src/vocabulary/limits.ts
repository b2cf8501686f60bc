/** How long each kind of text may be: the request schemas and the domain check the same numbers. */
export const MAX_ID_CHARS = 128;
export const MAX_NAME_CHARS = 200;
export const MAX_EMAIL_CHARS = 254;
export const MAX_DESCRIPTION_CHARS = 2000;
export const MAX_SEARCH_CHARS = 200;
export const MAX_PROVIDER_CHARS = 64;
/** Provider keys and user tokens. */
export const MAX_SECRET_CHARS = 8192;
/** Questions and system prompts. */
export const MAX_PROMPT_CHARS = 100_000;
/** AIRisk bodies are objects holding at most a metadata object; deeper JSON is an attack on parsers. */
export const MAX_JSON_DEPTH = 16;
/**
 * A path segment as sent, percent-encoded: room for any id or search text the schemas accept,
 * which then bound the decoded value and name it in their 400.
 */
export const MAX_PATH_SEGMENT_CHARS = 2048;
/** The longest retention one may set, in days: a century, beyond which null (never) is meant. */
export const MAX_RETENTION_DAYS = 36_500;
