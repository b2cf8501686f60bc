// What an admin's query binds: the `$n` placeholders PostgreSQL fills from the parameters. Text
// in quotes and comments is not code, so a `$1` there is not a placeholder; this is no SQL parser,
// only enough of one to check that the parameters and the placeholders match.

// Skipped, in order: '…' strings (incl. E'…' with \' escapes), "…" identifiers, $tag$…$tag$
// bodies, -- and /* */ comments.
const NOT_CODE =
  /(?:[Ee]'(?:[^'\\]|\\.|'')*'|'(?:[^']|'')*'|"(?:[^"]|"")*"|\$([A-Za-z_][A-Za-z0-9_]*)?\$[\s\S]*?\$\1\$|--[^\n]*|\/\*[\s\S]*?\*\/)/g;

const PLACEHOLDER = /\$(\d+)/g;

/** The placeholder numbers the SQL uses, each once, ascending. */
export function placeholderNumbers(sql: string): number[] {
  const code = sql.replace(NOT_CODE, ' ');
  const numbers = new Set<number>();
  for (const match of code.matchAll(PLACEHOLDER)) {
    numbers.add(Number(match[1]));
  }
  return [...numbers].sort((a, b) => a - b);
}

/**
 * Why the SQL's placeholders do not match `count` parameters (they must be exactly $1…$count,
 * each used at least once), or undefined when they do.
 */
export function placeholderMismatch(sql: string, count: number): string | undefined {
  const used = placeholderNumbers(sql);
  const expected = Array.from({ length: count }, (_, index) => index + 1);
  if (used.length === count && used.every((number, index) => number === expected[index])) {
    return undefined;
  }
  const uses = used.length === 0 ? 'no placeholder' : used.map((n) => `$${n}`).join(', ');
  const wanted =
    count === 0
      ? 'none (the query has no parameters: add them, or remove the placeholders)'
      : `exactly ${expected.map((n) => `$${n}`).join(', ')}, the parameters in their order`;
  return `its sql uses ${uses} but must use ${wanted}`;
}

/** One statement as written, without the trailing semicolon PostgreSQL would not take in a subquery. */
export function withoutTrailingSemicolon(sql: string): string {
  return sql.trim().replace(/;\s*$/, '').trimEnd();
}
