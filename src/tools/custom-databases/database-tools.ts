import type { JSONSchema7 } from 'ai';
import type { CustomDatabaseRecord, DatabaseQuery } from '../../store/tools-store.ts';
import type { AgentTool, ToolCallContext, ToolOutput } from '../agent-tool.ts';
import type { ToolDeps } from '../tool-deps.ts';
import { NotFoundError, ValidationError } from '../../lib/errors.ts';
import { useSecret } from '../../secrets/custom-secrets.ts';
import { queryInputSchema, queryValues } from './query-arguments.ts';
import { MAX_QUERY_SQL_CHARS, MODEL_SQL_QUERY } from './query-input.ts';
import { runReadOnlyQuery } from './read-only-query.ts';
import { queryResultText } from './query-result.ts';
import { describeDatabaseError } from './database-errors.ts';

/** What a database's tools need of the app: the store, the clock and the key to its secret. */
export type DatabaseToolDeps = Pick<ToolDeps, 'store' | 'clock' | 'masterKey'>;

/** One tool per admin query (`<db>_<query>`) and, when allowed, `<db>_sql` for the model's own. */
export function customDatabaseTools(deps: DatabaseToolDeps, db: CustomDatabaseRecord): AgentTool[] {
  return [
    ...db.queries.map((query) => queryTool(deps, db, query)),
    ...(db.allowModelSql ? [modelSqlTool(deps, db)] : []),
  ];
}

function queryTool(
  deps: DatabaseToolDeps,
  db: CustomDatabaseRecord,
  query: DatabaseQuery,
): AgentTool {
  const name = `${db.name}_${query.name}`;
  return {
    name,
    kind: 'database',
    description: [query.description, aboutDatabase(db)].filter(Boolean).join('\n'),
    inputSchema: queryInputSchema(query),
    async run(args, context) {
      const values = queryValues(query, args);
      return values.ok ? runOn(deps, db, name, query.sql, values.values, context) : values;
    },
  };
}

const MODEL_SQL_SCHEMA: JSONSchema7 = {
  type: 'object',
  properties: {
    sql: {
      type: 'string',
      description: 'One PostgreSQL SELECT statement (WITH … SELECT, VALUES and TABLE work too)',
      maxLength: MAX_QUERY_SQL_CHARS,
    },
  },
  required: ['sql'],
  additionalProperties: false,
};

function modelSqlTool(deps: DatabaseToolDeps, db: CustomDatabaseRecord): AgentTool {
  const name = `${db.name}_${MODEL_SQL_QUERY}`;
  return {
    name,
    kind: 'database',
    description: [
      `Runs one read-only SQL query of your own on the PostgreSQL database "${db.name}". Writing is refused. To learn its tables and columns, query information_schema.columns.`,
      aboutDatabase(db),
    ].join('\n'),
    inputSchema: MODEL_SQL_SCHEMA,
    async run(args, context) {
      const sql = (args as { sql?: unknown } | null)?.sql;
      if (typeof sql !== 'string' || sql.trim() === '' || sql.length > MAX_QUERY_SQL_CHARS) {
        return {
          ok: false,
          error: `Give {"sql": "<one SELECT statement>"}, at most ${MAX_QUERY_SQL_CHARS} characters`,
        };
      }
      return runOn(deps, db, name, sql, [], context);
    },
  };
}

function aboutDatabase(db: CustomDatabaseRecord): string {
  const what = db.description ? `${db.description} ` : '';
  return `${what}(Database "${db.name}": answers JSON {columns, rows, truncated}, at most ${db.maxRows} rows; a query running longer than ${db.statementTimeoutMs} ms is stopped.)`;
}

async function runOn(
  deps: DatabaseToolDeps,
  db: CustomDatabaseRecord,
  tool: string,
  sql: string,
  values: readonly unknown[],
  context: ToolCallContext,
): Promise<ToolOutput> {
  const connectionString = await connectionStringOf(deps, db.connectionSecret, {
    userId: context.userId,
    tool,
  });
  if (connectionString === undefined) {
    return {
      ok: false,
      error: `The database "${db.name}" cannot be reached: its connection secret "${db.connectionSecret}" is gone. Tell the user an admin must set it again`,
    };
  }
  const { maxRows, statementTimeoutMs } = db;
  try {
    const rows = await runReadOnlyQuery({
      connectionString,
      sql,
      values,
      maxRows,
      statementTimeoutMs,
      signal: context.signal,
    });
    return { ok: true, text: queryResultText(rows, maxRows) };
  } catch (error) {
    return {
      ok: false,
      error: describeDatabaseError(error, {
        connectionString,
        statementTimeoutMs,
        aborted: context.signal.aborted,
      }),
    };
  }
}

/** The connection string, its use audited; undefined when the secret was deleted since. */
export async function connectionStringOf(
  deps: DatabaseToolDeps,
  secret: string,
  use: { userId: string | null; tool: string },
): Promise<string | undefined> {
  try {
    return await useSecret(deps, secret, use);
  } catch (error) {
    if (error instanceof ValidationError || error instanceof NotFoundError) {
      return undefined;
    }
    throw error;
  }
}
