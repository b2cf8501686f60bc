import type pg from 'pg';
import type { CustomDatabaseRecord } from '../../store/tools-store.ts';
import { findDatabase } from './custom-databases.ts';
import { connectionStringOf, type DatabaseToolDeps } from './database-tools.ts';
import { describeDatabaseError, withoutSecrets } from './database-errors.ts';
import { cappedSql } from './read-only-query.ts';
import { singleStatement, withReadOnlySession } from './read-only-session.ts';
import { roleWarnings } from './role-warnings.ts';

/** TestDatabase's answer: whether the database answers and every query plans; what to fix. */
export interface DatabaseCheck {
  ok: boolean;
  /** Why not, in words (a connection failure, the queries that do not run). */
  error?: string;
  /** What the role may do beyond reading: each a reason to connect as a read-only role. */
  warnings: string[];
}

/**
 * Connects as the agents would, reports the role's write privileges, and has PostgreSQL plan
 * each query (EXPLAIN, not run) with its parameters unset, so a typo shows now, not in a chat.
 */
export async function testCustomDatabase(
  deps: DatabaseToolDeps,
  id: string,
  actorId: string | null = null,
): Promise<DatabaseCheck> {
  const db = await findDatabase(deps.store, id);
  const connectionString = await connectionStringOf(deps, db.connectionSecret, {
    userId: actorId,
    tool: `${db.name} (TestDatabase)`,
  });
  if (connectionString === undefined) {
    return {
      ok: false,
      error: `The connection secret "${db.connectionSecret}" is gone: set it again (airisk secrets set ${db.connectionSecret})`,
      warnings: [],
    };
  }
  const { statementTimeoutMs } = db;
  try {
    return await withReadOnlySession({ connectionString, statementTimeoutMs }, async (client) => {
      const warnings = await roleWarnings(client);
      const failures = await queriesThatFail(client, db);
      const error =
        failures.length > 0 ? withoutSecrets(failures.join('; '), connectionString) : undefined;
      return { ok: error === undefined, ...(error !== undefined && { error }), warnings };
    });
  } catch (error) {
    return {
      ok: false,
      error: describeDatabaseError(error, { connectionString, statementTimeoutMs, aborted: false }),
      warnings: [],
    };
  }
}

/** One line per query PostgreSQL cannot plan, each in a savepoint so the next still runs. */
async function queriesThatFail(client: pg.Client, db: CustomDatabaseRecord): Promise<string[]> {
  const failures: string[] = [];
  for (const query of db.queries) {
    const nulls = query.parameters.map(() => null);
    await client.query('SAVEPOINT query_check');
    try {
      await client.query(singleStatement(`EXPLAIN ${cappedSql(query.sql, db.maxRows)}`, nulls));
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      failures.push(`Query "${query.name}" does not run: ${message}`);
    }
    await client.query('ROLLBACK TO SAVEPOINT query_check');
  }
  return failures;
}
