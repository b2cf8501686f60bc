import type { ClientRecord } from '../store/store.ts';
import type { OAuthDeps } from './oauth-deps.ts';

/** A client by id: from this process's cache while no client changed anywhere, else the store. */
export async function findClient(
  { store, caches }: OAuthDeps,
  id: string,
): Promise<ClientRecord | undefined> {
  const version = store.cacheVersion();
  const known = caches.clients.get(id, version);
  if (known) {
    return known;
  }
  const client = await store.clients.findById(id);
  if (client) {
    caches.clients.set(id, client, version);
  }
  return client;
}
