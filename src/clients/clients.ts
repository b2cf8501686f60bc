import type { Clock } from '../lib/clock.ts';
import type { ClientRecord, Store } from '../store/store.ts';
import { NotFoundError, ValidationError } from '../lib/errors.ts';
import { generateId, generateSecret, hashSecret } from '../lib/secrets.ts';
import { parseRegisteredRedirectUris } from '../oauth/redirect-uri.ts';
import { failedAuthenticationKey } from '../oauth/client-auth.ts';
import { recordAudit } from '../audit/audit.ts';
import { isWebClient } from '../vocabulary/web-client.ts';

export interface ClientsDeps {
  store: Store;
  clock: Clock;
}

export interface CreateClientInput {
  name: string;
  /** Each entry may itself be a comma-separated list, as the original admin UI stored them. */
  redirectUris: readonly string[];
}

/** A client with its secret in clear: shown once, never stored. */
export interface ClientWithSecret {
  client: ClientRecord;
  clientSecret: string;
}

export async function createClient(
  { store, clock }: ClientsDeps,
  input: CreateClientInput,
): Promise<ClientWithSecret> {
  const name = input.name.trim();
  if (!name) {
    throw new ValidationError('name must not be empty');
  }
  const clientSecret = generateSecret();
  const client: ClientRecord = {
    id: generateId(),
    name,
    secretHash: hashSecret(clientSecret),
    redirectUris: parseRegisteredRedirectUris(input.redirectUris),
    createdAt: clock.nowSeconds(),
    disabledAt: null,
    previousSecretHash: null,
    previousSecretExpiresAt: null,
    lockedUntil: null,
  };
  await store.clients.insert(client);
  await recordAudit(store, clock, {
    event: 'client_created',
    clientId: client.id,
    details: { name },
  });
  return { client, clientSecret };
}

export function listClients({ store }: ClientsDeps): Promise<ClientRecord[]> {
  return store.clients.list();
}

/**
 * Replaces the secret. The old one stops working at once, or after `graceSeconds` so that
 * deployed copies of it can be updated without downtime.
 */
export async function rotateClientSecret(
  { store, clock }: ClientsDeps,
  clientId: string,
  graceSeconds = 0,
): Promise<string> {
  const client = await store.clients.findById(clientId);
  if (!client) {
    throw clientNotFound(clientId);
  }
  const clientSecret = generateSecret();
  const previous =
    graceSeconds > 0
      ? { hash: client.secretHash, expiresAt: clock.nowSeconds() + graceSeconds }
      : null;
  await store.clients.setSecretHash(clientId, hashSecret(clientSecret), previous);
  await recordAudit(store, clock, {
    event: 'client_secret_rotated',
    clientId,
    details: { graceSeconds },
  });
  return clientSecret;
}

/** A disabled client can neither get codes nor tokens, and its tokens fail at once. */
export async function setClientDisabled(
  { store, clock }: ClientsDeps,
  clientId: string,
  disabled: boolean,
): Promise<void> {
  if (!(await store.clients.setDisabledAt(clientId, disabled ? clock.nowSeconds() : null))) {
    throw clientNotFound(clientId);
  }
  await recordAudit(store, clock, {
    event: disabled ? 'client_disabled' : 'client_enabled',
    clientId,
  });
}

/** Lifts a lock-out after failed authentications, and forgets the failures. */
export async function unlockClient({ store, clock }: ClientsDeps, clientId: string): Promise<void> {
  if (!(await store.clients.setLockedUntil(clientId, null))) {
    throw clientNotFound(clientId);
  }
  await store.rateLimits.reset(failedAuthenticationKey(clientId));
  await recordAudit(store, clock, { event: 'client_unlocked', clientId });
}

export async function deleteClient({ store, clock }: ClientsDeps, clientId: string): Promise<void> {
  if (!(await store.clients.remove(clientId))) {
    throw clientNotFound(clientId);
  }
  await recordAudit(store, clock, { event: 'client_deleted', clientId });
}

function clientNotFound(clientId: string): NotFoundError {
  // The web app's client is built in, not stored: there is nothing to rotate, disable or delete.
  return new NotFoundError(
    isWebClient(clientId)
      ? `"${clientId}" is the web app's built-in public client: it has no secret and cannot be changed`
      : `No API client with id "${clientId}"`,
  );
}
