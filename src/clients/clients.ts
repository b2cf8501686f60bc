import type { Clock } from '../lib/clock.ts';
import type { ClientChanges, ClientRecord, Store } from '../store/store.ts';
import { NotFoundError, ValidationError } from '../lib/errors.ts';
import { generateId, generateSecret, hashSecret } from '../lib/secrets.ts';
import { parseRegisteredRedirectUris } from '../oauth/redirect-uri.ts';
import { failedAuthenticationKey } from '../oauth/client-auth.ts';
import { recordAudit } from '../audit/audit.ts';
import { isWebClient } from '../vocabulary/web-client.ts';
import { MAX_NAME_CHARS } from '../vocabulary/limits.ts';

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

/** What an administrator may change of a client; each field left out stays as it is. */
export interface UpdateClientInput {
  name?: string | undefined;
  redirectUris?: readonly string[] | undefined;
  disabled?: boolean | undefined;
}

/** The longest grace an old secret may get: 30 days. */
export const MAX_SECRET_GRACE_SECONDS = 2_592_000;

export async function createClient(
  { store, clock }: ClientsDeps,
  input: CreateClientInput,
): Promise<ClientWithSecret> {
  const name = parseClientName(input.name);
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

/** Every registered client by name, in any case (the web app's built-in one is no row). */
export async function listClients({ store }: ClientsDeps): Promise<ClientRecord[]> {
  // Sorted here, not in SQL: SQLite and PostgreSQL collate names differently.
  const byName = new Intl.Collator('en', { sensitivity: 'base' });
  return (await store.clients.list()).sort(
    (a, b) => byName.compare(a.name, b.name) || a.id.localeCompare(b.id),
  );
}

export async function getClient({ store }: ClientsDeps, clientId: string): Promise<ClientRecord> {
  const client = await store.clients.findById(clientId);
  if (!client) {
    throw clientNotFound(clientId);
  }
  return client;
}

/**
 * Renames a client, replaces its redirect URIs, or disables or enables it. Disabling keeps the
 * moment it was first disabled; a disabled client's tokens fail at once.
 */
export async function updateClient(
  deps: ClientsDeps,
  clientId: string,
  input: UpdateClientInput,
): Promise<ClientRecord> {
  const changes: ClientChanges = {
    ...(input.name === undefined ? {} : { name: parseClientName(input.name) }),
    ...(input.redirectUris === undefined
      ? {}
      : { redirectUris: parseRegisteredRedirectUris(input.redirectUris) }),
  };
  await deps.store.transaction(async (tx) => {
    const client = await getClient({ ...deps, store: tx }, clientId);
    if (input.disabled !== undefined) {
      changes.disabledAt = input.disabled ? (client.disabledAt ?? deps.clock.nowSeconds()) : null;
    }
    if (Object.keys(changes).length === 0) {
      return;
    }
    await tx.clients.update(clientId, changes);
    await recordAudit(tx, deps.clock, {
      event: 'client_updated',
      clientId,
      details: {
        // Named as the API names them: `disabled`, not the column it sets.
        changed: (['name', 'redirectUris', 'disabled'] as const).filter(
          (field) => input[field] !== undefined,
        ),
        ...(changes.name === undefined ? {} : { name: changes.name }),
        ...(input.disabled === undefined ? {} : { disabled: input.disabled }),
      },
    });
  });
  return getClient(deps, clientId);
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
  if (
    !Number.isInteger(graceSeconds) ||
    graceSeconds < 0 ||
    graceSeconds > MAX_SECRET_GRACE_SECONDS
  ) {
    throw new ValidationError(
      `graceSeconds must be a whole number from 0 to ${MAX_SECRET_GRACE_SECONDS}`,
    );
  }
  const client = await getClient({ store, clock }, clientId);
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

function parseClientName(input: string): string {
  const name = input.trim();
  if (!name) {
    throw new ValidationError('name must not be empty');
  }
  if (name.length > MAX_NAME_CHARS) {
    throw new ValidationError(`name must be at most ${MAX_NAME_CHARS} characters long`);
  }
  return name;
}

function clientNotFound(clientId: string): NotFoundError {
  // The web app's client is built in, not stored: there is nothing to rotate, disable or delete.
  return new NotFoundError(
    isWebClient(clientId)
      ? `"${clientId}" is the web app's built-in public client: it has no secret and cannot be changed`
      : `No API client with id "${clientId}"`,
  );
}
