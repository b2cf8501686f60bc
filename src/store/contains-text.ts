import { sql, type RawBuilder } from 'kysely';

/**
 * True when any of the expressions (lower-cased text, written by the repository, never by a
 * caller) contains `search` in any case. LIKE wildcards in the search are escaped, so "50%"
 * finds the literal text; ESCAPE is explicit because SQLite has no default escape character.
 */
export function containsText(expressions: readonly string[], search: string): RawBuilder<boolean> {
  const pattern = `%${search.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  const tests = expressions.map(
    (expression) => sql`${sql.raw(expression)} like ${pattern} escape '\\'`,
  );
  return sql<boolean>`(${sql.join(tests, sql` or `)})`;
}
