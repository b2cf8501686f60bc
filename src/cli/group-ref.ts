import type { GroupRecord, Store } from '../store/store.ts';
import { NotFoundError } from '../lib/errors.ts';

/**
 * The group an admin names on the command line: by id, else by name (case-insensitively), so
 * `airisk groups show Finance` works without looking the id up first.
 */
export async function resolveGroup(store: Store, idOrName: string): Promise<GroupRecord> {
  const byId = await store.groups.findById(idOrName);
  if (byId) {
    return byId;
  }
  const [byName] = await store.groups.findByNames([idOrName.trim()]);
  if (!byName) {
    throw new NotFoundError(`No group with id or name "${idOrName}"`);
  }
  return byName;
}
