import type { Kysely, Selectable } from 'kysely';
import type { ApiClientsTable, Database } from '../schema.ts';
import type { ClientRecord, ClientRepository } from '../store.ts';
import type { Changing } from '../announce.ts';

function toRecord(row: Selectable<ApiClientsTable>): ClientRecord {
  return { ...row, redirectUris: JSON.parse(row.redirectUris) as string[] };
}

export function clientRepository(db: Kysely<Database>, changing: Changing): ClientRepository {
  const updateRow = async (id: string, values: Partial<ApiClientsTable>): Promise<boolean> => {
    const result = await changing(
      (tx) => tx.updateTable('apiClients').set(values).where('id', '=', id).executeTakeFirst(),
      (updated) => updated.numUpdatedRows > 0n,
    );
    return result.numUpdatedRows > 0n;
  };
  return {
    async insert(client) {
      await db
        .insertInto('apiClients')
        .values({ ...client, redirectUris: JSON.stringify(client.redirectUris) })
        .execute();
    },
    async findById(id) {
      const row = await db
        .selectFrom('apiClients')
        .selectAll()
        .where('id', '=', id)
        .executeTakeFirst();
      return row && toRecord(row);
    },
    async list() {
      const rows = await db
        .selectFrom('apiClients')
        .selectAll()
        .orderBy('createdAt')
        .orderBy('id')
        .execute();
      return rows.map(toRecord);
    },
    setSecretHash: (id, secretHash, previous) =>
      updateRow(id, {
        secretHash,
        previousSecretHash: previous?.hash ?? null,
        previousSecretExpiresAt: previous?.expiresAt ?? null,
      }),
    setLockedUntil: (id, lockedUntil) => updateRow(id, { lockedUntil }),
    setDisabledAt: (id, disabledAt) => updateRow(id, { disabledAt }),
    update: (id, { redirectUris, ...columns }) =>
      updateRow(id, {
        ...columns,
        ...(redirectUris === undefined ? {} : { redirectUris: JSON.stringify(redirectUris) }),
      }),
    async remove(id) {
      const result = await changing(
        async (tx) => {
          // Its codes and tokens go with it: no foreign key does it, since the web app's
          // built-in client has codes and tokens but no row here (migration 0008).
          await tx.deleteFrom('authorizationCodes').where('clientId', '=', id).execute();
          await tx.deleteFrom('issuedTokens').where('clientId', '=', id).execute();
          return tx.deleteFrom('apiClients').where('id', '=', id).executeTakeFirst();
        },
        (deleted) => deleted.numDeletedRows > 0n,
      );
      return result.numDeletedRows > 0n;
    },
  };
}
