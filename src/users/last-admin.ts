import type { Store } from '../store/store.ts';
import { ConflictError } from '../lib/errors.ts';

/**
 * The company must keep one enabled CompanyAdmin, or nobody could administer it through the API.
 * Call inside the transaction that removes `userId`'s admin rights: the admins are locked, so
 * two admins demoting each other at once cannot both succeed.
 */
export async function assertNotLastAdmin(tx: Store, userId: string): Promise<void> {
  const admins = await tx.users.lockActiveAdmins();
  if (admins.length === 1 && admins[0] === userId) {
    throw new ConflictError(
      'This is the last enabled CompanyAdmin: make another user CompanyAdmin first',
    );
  }
}
