import type { ClientRecord } from '../store/store.ts';
import type { OAuthDeps } from './oauth-deps.ts';

/** A client by id: from this process's cache while no client changed anywhere, else the store. */
export function findClient(
  { store, caches }: OAuthDeps,
  id: string,
): Promise<ClientRecord | undefined> {
  return caches.clients.fetch(
    id,
    () => store.cacheVersion(),
    () => store.clients.findById(id),
  );
}
