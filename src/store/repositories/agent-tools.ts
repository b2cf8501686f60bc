import { sql, type Kysely } from 'kysely';
import type { Database } from '../schema.ts';
import type { AgentToolRepository } from '../tools-store.ts';

export function agentToolRepository(db: Kysely<Database>): AgentToolRepository {
  const set: AgentToolRepository['set'] = async (agentId, tools) => {
    await db.deleteFrom('agentCustomApis').where('agentId', '=', agentId).execute();
    await db.deleteFrom('agentCustomDatabases').where('agentId', '=', agentId).execute();
    if (tools.customApiIds.length > 0) {
      await db
        .insertInto('agentCustomApis')
        .values(tools.customApiIds.map((customApiId) => ({ agentId, customApiId })))
        .execute();
    }
    if (tools.customDatabaseIds.length > 0) {
      await db
        .insertInto('agentCustomDatabases')
        .values(tools.customDatabaseIds.map((customDatabaseId) => ({ agentId, customDatabaseId })))
        .execute();
    }
  };
  return {
    // One statement: every chat turn asks, and most agents have no tools.
    async find(agentId) {
      const rows = await db
        .selectFrom('agentCustomApis')
        .select(['customApiId as id', sql.lit('api').as('kind')])
        .where('agentId', '=', agentId)
        .unionAll(
          db
            .selectFrom('agentCustomDatabases')
            .select(['customDatabaseId as id', sql.lit('database').as('kind')])
            .where('agentId', '=', agentId),
        )
        .orderBy('id')
        .execute();
      const idsOf = (kind: string) => rows.filter((row) => row.kind === kind).map((row) => row.id);
      return { customApiIds: idsOf('api'), customDatabaseIds: idsOf('database') };
    },
    // Replacing is one unit: a reader never sees the agent with half its tools.
    set: (agentId, tools) =>
      db.isTransaction
        ? set(agentId, tools)
        : db.transaction().execute((trx) => agentToolRepository(trx).set(agentId, tools)),
  };
}
