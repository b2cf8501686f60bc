import type { Store } from '../store/store.ts';
import type { AgentTools, CustomApiRecord, CustomDatabaseRecord } from '../store/tools-store.ts';
import { NotFoundError, ValidationError } from '../lib/errors.ts';
import { assertDistinctToolNames, recordsOf } from '../tools/tool-names.ts';

// Which custom APIs and databases an agent may call. Admins name them (names are what they see
// and type); the store keeps ids, so a rename does not break an agent.

/** An agent's tools as admins see and give them: names, sorted. */
export interface AgentToolNames {
  customApis: string[];
  customDatabases: string[];
}

/** The tool choice an agent's input may carry; a list given replaces the agent's, absent keeps. */
export interface AgentToolInput {
  customApis?: readonly string[] | undefined;
  customDatabases?: readonly string[] | undefined;
}

/** How many of each an agent may have: more tools than this only confuse a model. */
export const MAX_AGENT_TOOL_SOURCES = 50;

/**
 * The ids the input's names stand for, the lists it leaves out being `current`'s; undefined when
 * the input changes neither. Unknown names are a 404 naming them, and two tools of one name a 409.
 */
export async function resolveAgentTools(
  store: Store,
  input: AgentToolInput,
  current: AgentTools,
): Promise<AgentTools | undefined> {
  if (input.customApis === undefined && input.customDatabases === undefined) {
    return undefined;
  }
  const apis =
    input.customApis === undefined
      ? await recordsOf(current.customApiIds, (id) => store.customApis.findById(id))
      : await byNames(input.customApis, 'customApis', (name) => store.customApis.findByName(name));
  const databases =
    input.customDatabases === undefined
      ? await recordsOf(current.customDatabaseIds, (id) => store.customDatabases.findById(id))
      : await byNames(input.customDatabases, 'customDatabases', (name) =>
          store.customDatabases.findByName(name),
        );
  assertDistinctToolNames(apis, databases);
  return {
    customApiIds: apis.map((api) => api.id),
    customDatabaseIds: databases.map((database) => database.id),
  };
}

/** The agent's tools by name, sorted; `all` are every API and database, to look ids up in. */
export function toolNamesOf(
  tools: AgentTools,
  all: { apis: readonly CustomApiRecord[]; databases: readonly CustomDatabaseRecord[] },
): AgentToolNames {
  const namesOf = (ids: readonly string[], records: readonly { id: string; name: string }[]) =>
    records
      .filter((record) => ids.includes(record.id))
      .map((record) => record.name)
      .sort((a, b) => a.localeCompare(b));
  return {
    customApis: namesOf(tools.customApiIds, all.apis),
    customDatabases: namesOf(tools.customDatabaseIds, all.databases),
  };
}

/** Every custom API and database, for toolNamesOf. */
export async function allToolSources(store: Store) {
  const [apis, databases] = await Promise.all([
    store.customApis.list(),
    store.customDatabases.list(),
  ]);
  return { apis, databases };
}

async function byNames<T extends { id: string }>(
  names: readonly string[],
  field: 'customApis' | 'customDatabases',
  find: (name: string) => Promise<T | undefined>,
): Promise<T[]> {
  if (names.length > MAX_AGENT_TOOL_SOURCES) {
    throw new ValidationError(`${field} may name at most ${MAX_AGENT_TOOL_SOURCES}`);
  }
  const records: T[] = [];
  for (const name of names) {
    const record = await find(name.trim());
    if (!record) {
      throw notFound(field, name);
    }
    // Naming one twice is harmless: the agent has it once.
    if (!records.some((earlier) => earlier.id === record.id)) {
      records.push(record);
    }
  }
  return records;
}

function notFound(field: 'customApis' | 'customDatabases', name: string): NotFoundError {
  return field === 'customApis'
    ? new NotFoundError(
        `No custom API named "${name}": create it first (POST /api/CustomApis/CreateApi, or airisk apis create), or see the names with GET /api/CustomApis/ListApis`,
      )
    : new NotFoundError(
        `No custom database named "${name}": create it first (POST /api/CustomDatabases/CreateDatabase, or airisk databases create), or see the names with GET /api/CustomDatabases/ListDatabases`,
      );
}
