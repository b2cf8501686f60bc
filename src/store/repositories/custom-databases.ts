import type { Kysely, Selectable } from 'kysely';
import type { CustomDatabasesTable, Database } from '../schema.ts';
import type {
  CustomDatabaseRecord,
  CustomDatabaseRepository,
  DatabaseQuery,
} from '../tools-store.ts';
import type { DatabaseEngine } from '../../vocabulary/tools.ts';
import { toolInUse, toolNameTaken, usersOfTool } from './tool-links.ts';

function toRecord(row: Selectable<CustomDatabasesTable>): CustomDatabaseRecord {
  const { nameNormalized: _, queries, allowModelSql, engine, ...rest } = row;
  return {
    ...rest,
    engine: engine as DatabaseEngine,
    queries: JSON.parse(queries) as DatabaseQuery[],
    allowModelSql: allowModelSql === 1,
    createdAt: Number(rest.createdAt),
    updatedAt: Number(rest.updatedAt),
  };
}

function toRow(database: CustomDatabaseRecord): CustomDatabasesTable {
  return {
    ...database,
    nameNormalized: database.name.toLowerCase(),
    queries: JSON.stringify(database.queries),
    allowModelSql: database.allowModelSql ? 1 : 0,
  };
}

export function customDatabaseRepository(db: Kysely<Database>): CustomDatabaseRepository {
  const where = (column: 'id' | 'nameNormalized', value: string) =>
    db.selectFrom('customDatabases').selectAll().where(column, '=', value).executeTakeFirst();
  return {
    async list() {
      const rows = await db
        .selectFrom('customDatabases')
        .selectAll()
        .orderBy('nameNormalized')
        .execute();
      return rows.map(toRecord);
    },
    async findById(id) {
      const row = await where('id', id);
      return row && toRecord(row);
    },
    async findByName(name) {
      const row = await where('nameNormalized', name.toLowerCase());
      return row && toRecord(row);
    },
    async insert(database) {
      await toolNameTaken(
        'database',
        database.name,
        db.insertInto('customDatabases').values(toRow(database)).execute(),
      );
    },
    async update(database) {
      const { id, createdAt: _, ...changes } = toRow(database);
      const result = await toolNameTaken(
        'database',
        database.name,
        db.updateTable('customDatabases').set(changes).where('id', '=', id).executeTakeFirst(),
      );
      return result.numUpdatedRows > 0n;
    },
    async remove(id) {
      const result = await toolInUse(
        'database',
        db.deleteFrom('customDatabases').where('id', '=', id).executeTakeFirst(),
      );
      return result.numDeletedRows > 0n;
    },
    usedBy: (id) => usersOfTool(db, 'database', id),
  };
}
