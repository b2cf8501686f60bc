import type { ClientRecord } from '../store/store.ts';
import { constantTimeEqual, hashSecret } from '../lib/secrets.ts';
import { recordAudit } from '../audit/audit.ts';
import type { OAuthDeps, RequestContext } from './oauth-deps.ts';
import { OAuthError } from './oauth-error.ts';
import { findClient } from './find-client.ts';
import { isWebClient } from '../vocabulary/web-client.ts';
import { identifyWebClient } from './web-client.ts';

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

// NUL is refused like malformed encoding: no credential has one, and PostgreSQL cannot store it.
function formDecode(value: string): string | undefined {
  try {
    const decoded = decodeURIComponent(value.replace(/\+/g, ' '));
    return decoded.includes('\u0000') ? undefined : decoded;
  } catch {
    return undefined;
  }
}

/**
 * Returns the enabled, unlocked client whose secret matches (the current one, or the previous
 * one during its grace period), or throws invalid_client (401). Repeated failures lock it.
 */
export async function authenticateClient(
  deps: OAuthDeps,
  presented: PresentedClient,
  context: RequestContext,
): Promise<ClientRecord> {
  const { clientId, clientSecret, usedBasicAuth } = presented;
  if (!clientId) {
    throw OAuthError.invalidRequest('Invalid client_id');
  }
  if (!clientSecret) {
    throw OAuthError.invalidClient('client_secret is required', usedBasicAuth);
  }
  const client = await findClient(deps, clientId);
  const now = deps.clock.nowSeconds();
  // Hashed whatever the client (unknown, locked or neither), so that timing does not tell which
  // client ids exist.
  const secretHash = hashSecret(clientSecret);
  const matches = client !== undefined && isSecretOf(client, secretHash, now);
  // A locked client is refused as an unknown one is, or the lock would confirm that the id
  // exists; administrators see the lock in `airisk clients list` and the audit log.
  const isLocked = (client?.lockedUntil ?? 0) > now;
  if (!matches || isLocked) {
    if (isLocked) {
      deps.metrics.lockoutHit('client');
    } else if (client) {
      await countFailedAuthentication(deps, client, context);
    }
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

/**
 * authenticateClient, except that the web app's public client identifies itself by client_id
 * alone. For the token and revocation endpoints; introspection stays for confidential clients.
 */
export async function authenticateClientOrWebApp(
  deps: OAuthDeps,
  presented: PresentedClient,
  context: RequestContext,
): Promise<ClientRecord> {
  return isWebClient(presented.clientId)
    ? identifyWebClient(deps, presented)
    : authenticateClient(deps, presented, context);
}

function isSecretOf(client: ClientRecord, secretHash: string, now: number): boolean {
  const current = constantTimeEqual(secretHash, client.secretHash);
  const inGrace = client.previousSecretExpiresAt !== null && client.previousSecretExpiresAt > now;
  const previous = constantTimeEqual(secretHash, inGrace ? (client.previousSecretHash ?? '') : '');
  return current || previous;
}

/** The counter key of a client's failed authentications (an admin's unlock resets it). */
export function failedAuthenticationKey(clientId: string): string {
  return `auth-failures:${clientId}`;
}

async function countFailedAuthentication(
  deps: OAuthDeps,
  client: ClientRecord,
  context: RequestContext,
): Promise<void> {
  const { store, clock, settings } = deps;
  const now = clock.nowSeconds();
  await recordAudit(store, clock, {
    event: 'client_auth_failed',
    outcome: 'failure',
    clientId: client.id,
    ip: context.ip,
    reason: 'wrong client_secret',
  });
  if (settings.lockoutThreshold <= 0) {
    return;
  }
  const window = settings.lockoutSeconds;
  const key = failedAuthenticationKey(client.id);
  const failures = (await store.rateLimits.hit([key], now - (now % window))).get(key) ?? 0;
  if (failures >= settings.lockoutThreshold) {
    await store.clients.setLockedUntil(client.id, now + settings.lockoutSeconds);
    await recordAudit(store, clock, {
      event: 'client_locked',
      outcome: 'failure',
      clientId: client.id,
      ip: context.ip,
      reason: `${failures} failed authentications`,
      details: { lockedForSeconds: settings.lockoutSeconds },
    });
  }
}
