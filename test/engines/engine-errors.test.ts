import { APICallError } from 'ai';
import { describe, expect, it } from 'vitest';
import {
  cleanDetail,
  engineErrorFrom,
  parseRetryAfter,
  redactKey,
} from '../../src/chat/engines/engine-errors.ts';

describe('engine errors', () => {
  it('reads Retry-After as seconds or as an HTTP date', () => {
    const now = Date.parse('2026-01-01T00:00:00Z');
    expect(parseRetryAfter('7', now)).toBe(7);
    expect(parseRetryAfter('Thu, 01 Jan 2026 00:00:12 GMT', now)).toBe(12);
    expect(parseRetryAfter('Wed, 31 Dec 2025 23:00:00 GMT', now)).toBe(0);
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    expect(parseRetryAfter(undefined, now)).toBeUndefined();
  });

  it('redacts the key, each part of an access-key pair and their URL-encoded forms', () => {
    const key = 'AKIAFAKEEXAMPLE1:secret/with+chars';
    const text = `key ${key}, id AKIAFAKEEXAMPLE1, secret secret/with+chars, url secret%2Fwith%2Bchars`;
    expect(redactKey(text, key)).toBe(
      'key [redacted], id [redacted], secret [redacted], url [redacted]',
    );
    expect(redactKey('nothing to hide', null)).toBe('nothing to hide');
  });

  it('redacts before cutting, so no prefix of the key survives', () => {
    const key = 'sk-0123456789abcdef0123456789';
    const text = `${'x'.repeat(190)} ${key}`;
    const detail = cleanDetail(text, key);
    expect(detail).toHaveLength(200);
    expect(detail).not.toContain('sk-0123');
  });

  it('names the engine and gives advice for each kind of failure', () => {
    const httpError = (statusCode: number): APICallError =>
      new APICallError({
        message: 'The model does not exist',
        url: 'http://127.0.0.1/v1/chat/completions',
        requestBodyValues: {},
        statusCode,
        data: {},
      });
    expect(engineErrorFrom(httpError(404), 'openai', null).message).toBe(
      "The openai engine answered HTTP 404 (The model does not exist); check the agent's model and endpoint",
    );
    expect(engineErrorFrom(httpError(503), 'google', null).message).toBe(
      'The google engine answered HTTP 503 (The model does not exist); try again later',
    );
    const limited = engineErrorFrom(httpError(429), 'mistral', null);
    expect(limited.kind).toBe('rate-limited');
    expect(limited.retryAfterSeconds).toBeUndefined();
    expect(
      engineErrorFrom({ message: 'ModelStreamErrorException' }, 'bedrock', null),
    ).toMatchObject({
      kind: 'unavailable',
      message: 'The bedrock engine failed (ModelStreamErrorException); try again later',
    });
  });
});
