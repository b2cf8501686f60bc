import type { Store } from '../store/store.ts';
import type { CustomApiRecord, CustomDatabaseRecord } from '../store/tools-store.ts';
import { ConflictError } from '../lib/errors.ts';
import { MODEL_SQL_QUERY } from './custom-databases/query-input.ts';

// The names the model knows an agent's tools by, and the rule that they differ: kept apart from
// the APIs' and databases' own code so that the agent's choice and their edits check alike.

/** The tool names a custom database gives the model: one per query, and `_sql` when allowed. */
export function databaseToolNames(database: CustomDatabaseRecord): string[] {
  return [
    ...database.queries.map((query) => `${database.name}_${query.name}`),
    ...(database.allowModelSql ? [`${database.name}_${MODEL_SQL_QUERY}`] : []),
  ];
}

/**
 * The model tells tools apart by name alone, and the engines refuse a request naming two tools
 * alike: an agent's APIs and databases' queries must all be named differently (in any case, which
 * a model may well blur).
 */
export function assertDistinctToolNames(
  apis: readonly CustomApiRecord[],
  databases: readonly CustomDatabaseRecord[],
  agentName?: string,
): void {
  const agent = agentName === undefined ? "the agent's" : `agent "${agentName}"'s`;
  const owners = new Map<string, string>();
  const tools = [
    ...apis.map((api) => ({ tool: api.name, owner: `the custom API "${api.name}"` })),
    ...databases.flatMap((database) =>
      databaseToolNames(database).map((tool) => ({
        tool,
        owner: `the custom database "${database.name}" (tool "${tool}")`,
      })),
    ),
  ];
  for (const { tool, owner } of tools) {
    const earlier = owners.get(tool.toLowerCase());
    if (earlier !== undefined) {
      throw new ConflictError(
        `Two of ${agent} tools would be named "${tool}": ${earlier} and ${owner}; rename one of them, or give the agent only one`,
      );
    }
    owners.set(tool.toLowerCase(), owner);
  }
}

/**
 * Refuses an edit of a custom API or database (`changed`, as it would be saved) that would give
 * an agent using it two tools of one name, naming the agent: the agent's choice was checked
 * against the names as they were (agent-tool-choice.ts).
 */
export async function assertUsersKeepDistinctTools(
  store: Store,
  changed: { api: CustomApiRecord } | { database: CustomDatabaseRecord },
): Promise<void> {
  const id = 'api' in changed ? changed.api.id : changed.database.id;
  const users =
    'api' in changed ? await store.customApis.usedBy(id) : await store.customDatabases.usedBy(id);
  for (const agent of users) {
    const tools = await store.agentTools.find(agent.id);
    const apis = await recordsOf(tools.customApiIds, (apiId) => store.customApis.findById(apiId));
    const databases = await recordsOf(tools.customDatabaseIds, (databaseId) =>
      store.customDatabases.findById(databaseId),
    );
    assertDistinctToolNames(
      'api' in changed ? apis.map((api) => (api.id === id ? changed.api : api)) : apis,
      'database' in changed
        ? databases.map((database) => (database.id === id ? changed.database : database))
        : databases,
      agent.name,
    );
  }
}

/** The records of the ids still there (one deleted meanwhile is left out). */
export async function recordsOf<T>(
  ids: readonly string[],
  find: (id: string) => Promise<T | undefined>,
): Promise<T[]> {
  const records: T[] = [];
  for (const id of ids) {
    const record = await find(id);
    if (record !== undefined) {
      records.push(record);
    }
  }
  return records;
}
