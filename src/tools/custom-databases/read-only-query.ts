import type pg from 'pg';
import { singleStatement, withReadOnlySession, type SessionOptions } from './read-only-session.ts';
import { withoutTrailingSemicolon } from './sql-placeholders.ts';

export interface ReadOnlyQuery extends SessionOptions {
  /** One SELECT (or VALUES, TABLE, WITH … SELECT); `$n` are bound to `values`, never spliced. */
  sql: string;
  values: readonly unknown[];
  maxRows: number;
}

export interface QueryRows {
  columns: string[];
  /** At most maxRows, each in the columns' order. */
  rows: unknown[][];
  /** More rows matched than were kept. */
  truncated: boolean;
}

/**
 * The query as a subquery with a LIMIT one past the cap, so that PostgreSQL stops early and we
 * learn whether rows were cut. A subquery takes one statement only and no data-modifying WITH;
 * the newline ends a trailing `--` comment before the closing parenthesis.
 */
export function cappedSql(sql: string, maxRows: number): string {
  return `SELECT * FROM (\n${withoutTrailingSemicolon(sql)}\n) AS q LIMIT ${maxRows + 1}`;
}

/**
 * Runs the query read-only under the statement timeout and the row cap. Throws what the driver
 * throws (describeDatabaseError words it).
 */
export function runReadOnlyQuery(query: ReadOnlyQuery): Promise<QueryRows> {
  return withReadOnlySession(query, async (client) => {
    const result = await client.query({
      ...singleStatement(cappedSql(query.sql, query.maxRows), query.values),
      rowMode: 'array',
    } as pg.QueryArrayConfig);
    return {
      columns: result.fields.map((field) => field.name),
      // The LIMIT already cut; slicing again keeps the cap whatever the SQL made of it.
      rows: result.rows.slice(0, query.maxRows),
      truncated: result.rows.length > query.maxRows,
    };
  });
}
