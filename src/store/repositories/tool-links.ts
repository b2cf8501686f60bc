import type { Kysely } from 'kysely';
import type { Database } from '../schema.ts';
import { ConflictError } from '../../lib/errors.ts';
import { isForeignKeyViolation, isUniqueViolation } from '../constraint-violations.ts';

type ToolKind = 'api' | 'database';
const NOUN = { api: 'custom API', database: 'custom database' } as const;

/** A unique-name violation as the API reports it. */
export function toolNameTaken<T>(kind: ToolKind, name: string, work: Promise<T>): Promise<T> {
  return work.catch((error: unknown) => {
    if (isUniqueViolation(error)) {
      throw new ConflictError(`A ${NOUN[kind]} named "${name}" already exists`);
    }
    throw error;
  });
}

/**
 * A deletion the agents' links refuse. The domain names those agents before it deletes; this is
 * the race where an agent took the tool up in between.
 */
export function toolInUse<T>(kind: ToolKind, work: Promise<T>): Promise<T> {
  return work.catch((error: unknown) => {
    if (isForeignKeyViolation(error)) {
      throw new ConflictError(
        `An agent was just given this ${NOUN[kind]}: take it off that agent's tools first`,
      );
    }
    throw error;
  });
}

/** The agents that may call the tool, by name. */
export function usersOfTool(
  db: Kysely<Database>,
  kind: ToolKind,
  id: string,
): Promise<{ id: string; name: string }[]> {
  const links =
    kind === 'api'
      ? db
          .selectFrom('agentCustomApis as l')
          .innerJoin('agents as a', 'a.id', 'l.agentId')
          .where('l.customApiId', '=', id)
      : db
          .selectFrom('agentCustomDatabases as l')
          .innerJoin('agents as a', 'a.id', 'l.agentId')
          .where('l.customDatabaseId', '=', id);
  return links.select(['a.id', 'a.name']).orderBy('a.nameNormalized').execute();
}
