import type { ClientRecord, Store } from '../store/store.ts';
import { constantTimeEqual, hashSecret } from '../lib/secrets.ts';
import { OAuthError } from './oauth-error.ts';

/** Client credentials as presented, before they are checked. */
export interface PresentedClient {
  clientId: string | undefined;
  clientSecret: string | undefined;
  usedBasicAuth: boolean;
}

/**
 * RFC 6749 §2.3.1: client_secret_basic (values form-encoded inside Basic) or client_secret_post.
 * A client must not use both (§2.3).
 */
export function readClientCredentials(
  authorization: string | undefined,
  body: { client_id?: string | undefined; client_secret?: string | undefined },
): PresentedClient {
  const basic = /^Basic\s+(\S+)$/i.exec(authorization ?? '');
  if (!basic) {
    return { clientId: body.client_id, clientSecret: body.client_secret, usedBasicAuth: false };
  }
  if (body.client_secret !== undefined) {
    throw OAuthError.invalidRequest(
      'Send the client secret either with HTTP Basic or in the body, not both',
    );
  }
  const decoded = Buffer.from(basic[1] as string, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  const clientId = colon < 0 ? undefined : formDecode(decoded.slice(0, colon));
  const clientSecret = colon < 0 ? undefined : formDecode(decoded.slice(colon + 1));
  if (clientId === undefined || clientSecret === undefined) {
    throw OAuthError.invalidClient('The Basic credentials are malformed', true);
  }
  if (body.client_id !== undefined && body.client_id !== clientId) {
    throw OAuthError.invalidRequest('client_id in the body differs from the one in HTTP Basic');
  }
  return { clientId, clientSecret, usedBasicAuth: true };
}

function formDecode(value: string): string | undefined {
  try {
    return decodeURIComponent(value.replace(/\+/g, ' '));
  } catch {
    return undefined;
  }
}

/** Returns the enabled client whose secret matches, or throws invalid_client (401). */
export async function authenticateClient(
  store: Store,
  presented: PresentedClient,
): Promise<ClientRecord> {
  const { clientId, clientSecret, usedBasicAuth } = presented;
  if (!clientId) {
    throw OAuthError.invalidRequest('Invalid client_id');
  }
  if (!clientSecret) {
    throw OAuthError.invalidClient('client_secret is required', usedBasicAuth);
  }
  const client = await store.clients.findById(clientId);
  // Hash even for an unknown client, so timing does not tell which client ids exist.
  const matches = constantTimeEqual(hashSecret(clientSecret), client?.secretHash ?? '');
  if (!client || !matches) {
    throw OAuthError.invalidClient(
      'Client authentication failed: unknown client_id or wrong client_secret',
      usedBasicAuth,
    );
  }
  if (client.disabledAt !== null) {
    throw OAuthError.invalidClient(
      'This client is disabled; ask the administrator to enable it',
      usedBasicAuth,
    );
  }
  return client;
}
