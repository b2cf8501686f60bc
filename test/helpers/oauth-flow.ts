import { expect } from 'vitest';
import type { ClientWithSecret } from '../../src/clients/clients.ts';
import type { FastifyInstance } from 'fastify';
import { REDIRECT_URI } from './test-app.ts';

/** Anything that carries an app: a TestApp, or an instance the test built itself. */
export interface HasApp {
  app: FastifyInstance;
}

export interface CodeRequest {
  userid?: string;
  state?: string;
  redirectUri?: string;
  codeChallenge?: string;
}

/** Runs the authorization endpoint and returns the code from its redirect. */
export async function getCode(
  t: HasApp,
  { client }: ClientWithSecret,
  request: CodeRequest = {},
): Promise<string> {
  const query = new URLSearchParams({
    client_id: client.id,
    redirect_uri: request.redirectUri ?? REDIRECT_URI,
  });
  if (request.userid !== undefined) {
    query.set('userid', request.userid);
  }
  if (request.state !== undefined) {
    query.set('state', request.state);
  }
  if (request.codeChallenge !== undefined) {
    query.set('code_challenge', request.codeChallenge);
    query.set('code_challenge_method', 'S256');
  }
  const response = await t.app.inject({ method: 'GET', url: `/api/oauth2?${query.toString()}` });
  expect(response.statusCode, response.body).toBe(302);
  const code = new URL(response.headers.location as string).searchParams.get('code');
  expect(code).toBeTruthy();
  return code as string;
}

/**
 * Posts a code to the token endpoint with client_secret_post, accepting JSON as stock OAuth2
 * libraries do (errors then carry RFC 6749's `error`); returns the raw response.
 */
export function exchangeCode(
  t: HasApp,
  credentials: ClientWithSecret,
  code: string,
  request: Pick<CodeRequest, 'userid' | 'redirectUri'> = {},
) {
  return t.app.inject({
    method: 'POST',
    url: '/api/oauth2/Token',
    headers: { accept: 'application/json' },
    payload: {
      client_id: credentials.client.id,
      client_secret: credentials.clientSecret,
      redirect_uri: request.redirectUri ?? REDIRECT_URI,
      code,
      ...(request.userid === undefined ? {} : { userid: request.userid }),
    },
  });
}

/** The whole flow: a code, then the token endpoint with client_secret_post. */
export async function getToken(
  t: HasApp,
  credentials: ClientWithSecret,
  request: CodeRequest = {},
): Promise<string> {
  const response = await exchangeCode(
    t,
    credentials,
    await getCode(t, credentials, request),
    request,
  );
  expect(response.statusCode, response.body).toBe(200);
  return response.json<{ access_token: string }>().access_token;
}

/**
 * The real AIRisk mobile client's exchange, byte for byte: three form fields, nothing else (no
 * Accept header, no redirect_uri, no userid).
 */
export function threeFieldExchange(
  t: HasApp,
  { client, clientSecret }: ClientWithSecret,
  code: string,
  {
    url = '/api/oauth2/Token',
    headers = {},
  }: { url?: string; headers?: Record<string, string> } = {},
) {
  return t.app.inject({
    method: 'POST',
    url,
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    payload:
      `client_id=${encodeURIComponent(client.id)}` +
      `&client_secret=${encodeURIComponent(clientSecret)}&code=${encodeURIComponent(code)}`,
  });
}
