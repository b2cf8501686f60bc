import { createHash, randomBytes } from 'node:crypto';
import type { LightMyRequestResponse } from 'fastify';
import { expect } from 'vitest';
import type { ClientWithSecret } from '../../src/clients/clients.ts';
import { REDIRECT_URI, type TestApp } from './test-app.ts';

// Raw request builders for the OAuth2 endpoints, so tests can send exactly what a client sends
// (including malformed input), plus the assertions every error test repeats.

export type Response = LightMyRequestResponse;

/**
 * The Accept of stock OAuth2 libraries: errors come back as JSON with RFC 6749 §5.2's `error`,
 * which expectOAuthProblem reads. Without it, a 400 is the original's bare text (spec §3).
 */
export const ACCEPT_JSON = { accept: 'application/json' };

/** GET /api/oauth2 with the given query; an array value repeats the parameter. */
export function authorizeRequest(
  t: TestApp,
  params: Record<string, string | string[]>,
  { path = '/api/oauth2', headers = {} }: { path?: string; headers?: Record<string, string> } = {},
): Promise<Response> {
  const query = new URLSearchParams();
  for (const [name, value] of Object.entries(params)) {
    for (const item of Array.isArray(value) ? value : [value]) {
      query.append(name, item);
    }
  }
  return t.app.inject({ method: 'GET', url: `${path}?${query.toString()}`, headers });
}

/** The Location of a 302, parsed. */
export function redirectOf(response: Response): URL {
  expect(response.statusCode, response.body).toBe(302);
  const location = response.headers.location;
  expect(typeof location).toBe('string');
  return new URL(location as string);
}

export interface TokenRequestOptions {
  /** A form body: an object (encoded here) or an exact string, sent as x-www-form-urlencoded. */
  form?: Record<string, string> | string;
  /** A JSON body, sent as application/json. */
  json?: unknown;
  /** Sent as given; an Accept here replaces the default. */
  headers?: Record<string, string>;
  /** The Accept header: application/json unless told otherwise; null sends none. */
  accept?: string | null;
  path?: string;
}

/** POST /api/oauth2/Token with a form or JSON body, accepting JSON unless told otherwise. */
export function tokenRequest(t: TestApp, options: TokenRequestOptions): Promise<Response> {
  const accept = options.accept === undefined ? ACCEPT_JSON.accept : options.accept;
  const headers: Record<string, string> = accept === null ? {} : { accept };
  let payload: string | undefined;
  if (options.form !== undefined) {
    headers['content-type'] = 'application/x-www-form-urlencoded';
    payload =
      typeof options.form === 'string'
        ? options.form
        : new URLSearchParams(options.form).toString();
  } else if (options.json !== undefined) {
    headers['content-type'] = 'application/json';
    payload = JSON.stringify(options.json);
  }
  return t.app.inject({
    method: 'POST',
    url: options.path ?? '/api/oauth2/Token',
    headers: { ...headers, ...options.headers },
    ...(payload === undefined ? {} : { payload }),
  });
}

/** Token request parameters; the four the seeds always send are known to be present. */
export type ExchangeParams = Record<string, string> & {
  client_id: string;
  client_secret: string;
  redirect_uri: string;
  code: string;
};

/** The body of a well-formed client_secret_post exchange, with `extra` parameters merged in. */
export function exchangeParams(
  { client, clientSecret }: ClientWithSecret,
  code: string,
  extra: Record<string, string> = {},
): ExchangeParams {
  return {
    client_id: client.id,
    client_secret: clientSecret,
    redirect_uri: REDIRECT_URI,
    code,
    ...extra,
  };
}

/** A copy of `params` without the named parameters. */
export function without(
  params: Record<string, string>,
  ...names: string[]
): Record<string, string> {
  return Object.fromEntries(Object.entries(params).filter(([name]) => !names.includes(name)));
}

/** RFC 6749 §2.3.1: id and secret are form-url-encoded, then joined and base64-encoded. */
export function basicAuthorization(clientId: string, clientSecret: string): string {
  const encode = (value: string) => new URLSearchParams({ v: value }).toString().slice(2);
  return `Basic ${Buffer.from(`${encode(clientId)}:${encode(clientSecret)}`).toString('base64')}`;
}

/** A fresh RFC 7636 S256 pair. */
export function pkcePair(): { verifier: string; challenge: string } {
  const verifier = randomBytes(32).toString('base64url');
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
}

/**
 * Spec §3 says problem details; RFC 6749 §5.2 says application/json. Either media type carries
 * the same problem body; oauth2-error-forms.test.ts pins down the negotiation itself.
 */
export const OAUTH_ERROR_MEDIA_TYPE = /^application\/(problem\+)?json(;|$)/;

const TRACE_ID = /^00-[0-9a-f]{32}-[0-9a-f]{16}-00$/;

/**
 * Asserts an RFC 9457 problem with the RFC 6749 §5.2 fields (spec §3) and returns its body.
 * `description` may be exact text or a pattern.
 */
export function expectOAuthProblem(
  response: Response,
  status: number,
  error: string,
  description?: string | RegExp,
): Record<string, unknown> {
  expect(response.statusCode, response.body).toBe(status);
  expect(response.headers['content-type']).toMatch(OAUTH_ERROR_MEDIA_TYPE);
  const body = response.json<Record<string, unknown>>();
  expect(body).toMatchObject({ status, error });
  expect(body.type).toMatch(/^https:\/\/tools\.ietf\.org\/html\/rfc\d+#section-[\d.]+$/);
  expect(body.title).toEqual(expect.any(String));
  expect(body.traceId).toMatch(TRACE_ID);
  expect(body.error_description).toEqual(expect.any(String));
  if (typeof description === 'string') {
    expect(body.error_description).toBe(description);
  } else if (description) {
    expect(body.error_description).toMatch(description);
  }
  return body;
}

/** Status of GET /api/Users/ListUsers with this bearer token: 200 while it is valid. */
export async function listUsersStatus(t: TestApp, accessToken: string): Promise<number> {
  const response = await t.app.inject({
    url: '/api/Users/ListUsers',
    headers: { authorization: `Bearer ${accessToken}`, accept: 'application/json' },
  });
  return response.statusCode;
}
