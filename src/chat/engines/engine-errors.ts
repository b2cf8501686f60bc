import type { APICallError } from 'ai';
import { EngineError } from './engine.ts';
import { type EngineName } from '../../vocabulary/engines.ts';

/** How much of a provider's own error message reaches the API client (and the logs). */
const PROVIDER_DETAIL_MAX_CHARS = 200;

export function timeoutError(engine: EngineName, timeoutMs: number): EngineError {
  return new EngineError(
    engine,
    'timeout',
    `The ${engine} engine did not answer within ${timeoutMs / 1000} s`,
  );
}

/**
 * What the SDK's `isInstance` checks, without loading the SDK (it loads at the first provider
 * call): each of its errors carries a marker symbol of its kind, shared by every copy of the SDK.
 */
function isSdkError<T = Error>(error: unknown, name: string): error is T {
  return (
    typeof error === 'object' &&
    error !== null &&
    (error as Record<symbol, unknown>)[Symbol.for(`vercel.ai.error.${name}`)] === true
  );
}

/** Turns whatever the SDK surfaced (APICallError, a network error, a bad stream) into an EngineError. */
export function engineErrorFrom(
  error: unknown,
  engine: EngineName,
  apiKey: string | null,
): EngineError {
  if (error instanceof EngineError) {
    return error;
  }
  if (isSdkError<APICallError>(error, 'AI_APICallError') && error.statusCode !== undefined) {
    const status = error.statusCode;
    const said = providerDetail(error, apiKey);
    const answered = `The ${engine} engine answered HTTP ${status}${said ? ` (${said})` : ''}`;
    if (status === 429) {
      const retryAfterSeconds = parseRetryAfter(error.responseHeaders?.['retry-after']);
      const when = retryAfterSeconds === undefined ? 'later' : `in ${retryAfterSeconds} s`;
      return new EngineError(
        engine,
        'rate-limited',
        `${answered}; the provider is rate-limiting this agent, try again ${when}`,
        retryAfterSeconds,
      );
    }
    return new EngineError(engine, 'unavailable', `${answered}; ${adviceFor(status)}`);
  }
  const said = cleanDetail(errorText(error), apiKey);
  if (isSdkError(error, 'AI_InvalidArgumentError')) {
    return new EngineError(
      engine,
      'unavailable',
      `The ${engine} engine cannot use the agent's settings (${said}); check the agent's settings`,
    );
  }
  if (isSdkError<APICallError>(error, 'AI_APICallError')) {
    return new EngineError(
      engine,
      'unavailable',
      `The ${engine} engine could not be reached (${said}); check the agent's endpoint`,
    );
  }
  return new EngineError(
    engine,
    'unavailable',
    `The ${engine} engine failed${said ? ` (${said})` : ''}; try again later`,
  );
}

function adviceFor(status: number): string {
  if (status === 401 || status === 403) {
    return "check the agent's API key";
  }
  if (status === 404) {
    return "check the agent's model and endpoint";
  }
  if (status >= 400 && status < 500) {
    return "check the agent's model and settings";
  }
  return 'try again later';
}

/**
 * The provider's message. The SDK sets `data` only when it could parse the error body; otherwise
 * its message is the bare status text and the body itself says more.
 */
function providerDetail(error: APICallError, apiKey: string | null): string {
  const unparsed = error.data === undefined && Boolean(error.responseBody?.trim());
  return cleanDetail(unparsed ? (error.responseBody ?? '') : error.message, apiKey);
}

function errorText(error: unknown): string {
  if (error instanceof Error) {
    return error.message;
  }
  if (typeof error === 'object' && error !== null && 'message' in error) {
    return String(error.message);
  }
  return typeof error === 'string' ? error : '';
}

/** Redacts before truncating, so that no prefix of a key survives the cut. */
export function cleanDetail(text: string, apiKey: string | null): string {
  const redacted = redactKey(text.replace(/\s+/g, ' ').trim(), apiKey);
  return redacted.length <= PROVIDER_DETAIL_MAX_CHARS
    ? redacted
    : `${redacted.slice(0, PROVIDER_DETAIL_MAX_CHARS - 1)}…`;
}

/**
 * Removes the key, each part of a composite key (Bedrock's `ACCESS_KEY_ID:SECRET`) and their
 * URL-encoded forms: providers echo keys in error messages.
 */
export function redactKey(text: string, apiKey: string | null): string {
  if (!apiKey) {
    return text;
  }
  const parts = apiKey.split(':').filter((part) => part.length >= 8);
  const secrets = [apiKey, ...parts].flatMap((secret) => [secret, encodeURIComponent(secret)]);
  return [...new Set(secrets)]
    .sort((a, b) => b.length - a.length)
    .reduce((redacted, secret) => redacted.split(secret).join('[redacted]'), text);
}

/** Retry-After is either delay-seconds or an HTTP date. */
export function parseRetryAfter(value: string | undefined, now = Date.now()): number | undefined {
  if (value === undefined || value.trim() === '') {
    return undefined;
  }
  if (/^\d+$/.test(value.trim())) {
    return Number(value.trim());
  }
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, Math.ceil((at - now) / 1000));
}
