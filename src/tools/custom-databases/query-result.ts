import { MAX_TOOL_RESULT_CHARS } from '../../vocabulary/tools.ts';
import type { QueryRows } from './read-only-query.ts';

// Room left for the columns and the note around the rows, out of what one result may hold.
const FRAME_CHARS = 2_000;

/**
 * The rows as the model reads them: JSON {columns, rows, truncated, note?}. Rows beyond the
 * result's size limit are left off too, and the note says what was cut and how to see the rest.
 */
export function queryResultText(result: QueryRows, maxRows: number): string {
  const budget = MAX_TOOL_RESULT_CHARS - FRAME_CHARS - JSON.stringify(result.columns).length;
  const kept: unknown[][] = [];
  let used = 0;
  for (const row of result.rows) {
    const size = JSON.stringify(row).length + 1;
    if (used + size > budget) {
      break;
    }
    kept.push(row);
    used += size;
  }
  const cutForSize = kept.length < result.rows.length;
  const truncated = result.truncated || cutForSize;
  return JSON.stringify({
    columns: result.columns,
    rows: kept,
    truncated,
    ...(truncated && { note: noteOf(kept.length, maxRows, cutForSize) }),
  });
}

function noteOf(kept: number, maxRows: number, cutForSize: boolean): string {
  const narrow = 'narrow the query (WHERE, fewer columns, an aggregate) to see the others';
  return cutForSize
    ? `the first ${kept} rows only: the rest did not fit in ${MAX_TOOL_RESULT_CHARS} characters; ${narrow}`
    : `the first ${maxRows} rows of more (at most ${maxRows} rows are returned); ${narrow}`;
}
