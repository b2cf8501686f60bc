import type { ClientWithSecret } from '../../src/clients/clients.ts';
import type { Response } from './oauth-requests.ts';
import { basicAuthorization } from './oauth-requests.ts';
import type { HasApp } from './oauth-flow.ts';

/** How the client authenticates: HTTP Basic, in the form body, or not at all. */
export type ClientAuthMethod = 'basic' | 'post' | 'none';

/**
 * POST /api/oauth2/Revoke or /api/oauth2/Introspect with a form body, the client authenticated
 * as `method` says.
 */
export function inspectionRequest(
  t: HasApp,
  endpoint: 'Revoke' | 'Introspect',
  credentials: ClientWithSecret | { client: { id: string }; clientSecret: string },
  form: Record<string, string>,
  method: ClientAuthMethod = 'post',
): Promise<Response> {
  const body = new URLSearchParams(form);
  const headers: Record<string, string> = {
    'content-type': 'application/x-www-form-urlencoded',
    accept: 'application/json',
  };
  if (method === 'basic') {
    headers.authorization = basicAuthorization(credentials.client.id, credentials.clientSecret);
  } else if (method === 'post') {
    body.set('client_id', credentials.client.id);
    body.set('client_secret', credentials.clientSecret);
  }
  return t.app.inject({
    method: 'POST',
    url: `/api/oauth2/${endpoint}`,
    headers,
    payload: body.toString(),
  });
}

/** Introspects `token` as the client, asserting 200; returns the body. */
export async function introspect(
  t: HasApp,
  credentials: ClientWithSecret,
  token: string,
): Promise<Record<string, unknown>> {
  const response = await inspectionRequest(t, 'Introspect', credentials, { token });
  if (response.statusCode !== 200) {
    throw new Error(`Introspect answered ${response.statusCode}: ${response.body}`);
  }
  return response.json<Record<string, unknown>>();
}
