import type { Clock } from '../lib/clock.ts';
import type { ClientRecord, Store } from '../store/store.ts';
import { NotFoundError, ValidationError } from '../lib/errors.ts';
import { generateId, generateSecret, hashSecret } from '../lib/secrets.ts';
import { parseRegisteredRedirectUris } from '../oauth/redirect-uri.ts';

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
  };
  await store.clients.insert(client);
  return { client, clientSecret };
}

export function listClients({ store }: ClientsDeps): Promise<ClientRecord[]> {
  return store.clients.list();
}

/** Replaces the secret; the old one stops working at once. */
export async function rotateClientSecret(
  { store }: ClientsDeps,
  clientId: string,
): Promise<string> {
  const clientSecret = generateSecret();
  if (!(await store.clients.setSecretHash(clientId, hashSecret(clientSecret)))) {
    throw clientNotFound(clientId);
  }
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
}

export async function deleteClient({ store }: ClientsDeps, clientId: string): Promise<void> {
  if (!(await store.clients.remove(clientId))) {
    throw clientNotFound(clientId);
  }
}

function clientNotFound(clientId: string): NotFoundError {
  return new NotFoundError(`No API client with id "${clientId}"`);
}
