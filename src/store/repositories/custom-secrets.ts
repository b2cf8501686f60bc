import { sql, type Kysely } from 'kysely';
import type { Database } from '../schema.ts';
import type { CustomSecretRepository, SealedValueRepository } from '../secrets-store.ts';

export function customSecretRepository(db: Kysely<Database>): CustomSecretRepository {
  const toRecord = <T extends { createdAt: number; updatedAt: number }>(row: T): T => ({
    ...row,
    createdAt: Number(row.createdAt),
    updatedAt: Number(row.updatedAt),
  });
  const find = async (name: string) => {
    const row = await db
      .selectFrom('customSecrets')
      .selectAll()
      .where('name', '=', name)
      .executeTakeFirst();
    return row && toRecord(row);
  };
  return {
    find,
    async list() {
      const rows = await db.selectFrom('customSecrets').selectAll().orderBy('name').execute();
      return rows.map(toRecord);
    },
    async put(secret) {
      // Whether it was created only decides the answer's status: a race may only misname that.
      const existed = await find(secret.name);
      await db
        .insertInto('customSecrets')
        .values(secret)
        .onConflict((oc) =>
          oc.column('name').doUpdateSet({
            description: secret.description,
            valueEncrypted: secret.valueEncrypted,
            updatedAt: secret.updatedAt,
          }),
        )
        .execute();
      return existed === undefined;
    },
    async remove(name) {
      const result = await db
        .deleteFrom('customSecrets')
        .where('name', '=', name)
        .executeTakeFirst();
      return result.numDeletedRows > 0n;
    },
    usedBy(name) {
      return db
        .selectFrom('agents')
        .select(['id', 'name'])
        .where('apiKeySecret', '=', name)
        .orderBy('nameNormalized')
        .execute();
    },
    async usedByTools(name) {
      const [apis, databases] = await Promise.all([
        db.selectFrom('customApis').select('name').where('authSecret', '=', name).execute(),
        db
          .selectFrom('customDatabases')
          .select('name')
          .where('connectionSecret', '=', name)
          .execute(),
      ]);
      return [
        ...apis.map((api) => ({ kind: 'api' as const, name: api.name })),
        ...databases.map((database) => ({ kind: 'database' as const, name: database.name })),
      ].sort((a, b) => a.name.localeCompare(b.name));
    },
  };
}

// Table and column names come from SEALED_COLUMNS, a constant: never from input.
export function sealedValueRepository(db: Kysely<Database>): SealedValueRepository {
  return {
    async page([table, column], after, limit) {
      const { rows } = await sql<{ value: string }>`select distinct ${sql.raw(column)} as value
        from ${sql.raw(table)} where ${sql.raw(column)} > ${after}
        order by ${sql.raw(column)} limit ${limit}`.execute(db);
      return rows.map((row) => row.value);
    },
    async replace([table, column], sealed, resealed) {
      const result = await sql`update ${sql.raw(table)} set ${sql.raw(column)} = ${resealed}
        where ${sql.raw(column)} = ${sealed}`.execute(db);
      return (result.numAffectedRows ?? 0n) > 0n;
    },
  };
}
