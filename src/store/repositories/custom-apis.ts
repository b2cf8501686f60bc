import type { Kysely, Selectable } from 'kysely';
import type { CustomApisTable, Database } from '../schema.ts';
import type {
  ApiAuth,
  ApiParameter,
  CustomApiRecord,
  CustomApiRepository,
} from '../tools-store.ts';
import type { HttpMethod } from '../../vocabulary/tools.ts';
import { toolNameTaken, toolInUse, usersOfTool } from './tool-links.ts';

function toRecord(row: Selectable<CustomApisTable>): CustomApiRecord {
  const { nameNormalized: _, authSecret: __, parameters, auth, method, ...rest } = row;
  return {
    ...rest,
    method: method as HttpMethod,
    parameters: JSON.parse(parameters) as ApiParameter[],
    auth: JSON.parse(auth) as ApiAuth,
    createdAt: Number(rest.createdAt),
    updatedAt: Number(rest.updatedAt),
  };
}

function toRow(api: CustomApiRecord): CustomApisTable {
  return {
    ...api,
    nameNormalized: api.name.toLowerCase(),
    parameters: JSON.stringify(api.parameters),
    auth: JSON.stringify(api.auth),
    authSecret: 'secret' in api.auth ? api.auth.secret : null,
  };
}

export function customApiRepository(db: Kysely<Database>): CustomApiRepository {
  const where = (column: 'id' | 'nameNormalized', value: string) =>
    db.selectFrom('customApis').selectAll().where(column, '=', value).executeTakeFirst();
  return {
    async list() {
      const rows = await db
        .selectFrom('customApis')
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
    async insert(api) {
      await toolNameTaken(
        'api',
        api.name,
        db.insertInto('customApis').values(toRow(api)).execute(),
      );
    },
    async update(api) {
      const { id, createdAt: _, ...changes } = toRow(api);
      const result = await toolNameTaken(
        'api',
        api.name,
        db.updateTable('customApis').set(changes).where('id', '=', id).executeTakeFirst(),
      );
      return result.numUpdatedRows > 0n;
    },
    async remove(id) {
      const result = await toolInUse(
        'api',
        db.deleteFrom('customApis').where('id', '=', id).executeTakeFirst(),
      );
      return result.numDeletedRows > 0n;
    },
    usedBy: (id) => usersOfTool(db, 'api', id),
  };
}
