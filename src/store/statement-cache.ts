import type BetterSqlite3 from 'better-sqlite3';
import type { SqliteDatabase } from 'kysely';

// Enough for every query shape the app runs; bulk imports vary their row counts, hence a bound.
const MAX_STATEMENTS = 500;

/**
 * Kysely calls prepare() for every query it runs, and better-sqlite3 compiles the SQL each time:
 * on the token and bearer paths that compilation cost more than running the statement. A compiled
 * statement is reusable (execution is synchronous, so two uses never overlap): keep it by its SQL.
 */
export function withStatementCache(sqlite: BetterSqlite3.Database): SqliteDatabase {
  const statements = new Map<string, BetterSqlite3.Statement>();
  return {
    close: () => sqlite.close(),
    prepare(sql) {
      let statement = statements.get(sql);
      if (statement === undefined) {
        statement = sqlite.prepare(sql);
        if (statements.size >= MAX_STATEMENTS) {
          statements.clear();
        }
        statements.set(sql, statement);
      }
      return statement;
    },
  };
}
