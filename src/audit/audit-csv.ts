import type { AuditEventRecord } from '../store/store.ts';
import { isoTime } from '../lib/iso-time.ts';

// The audit log as RFC 4180 CSV: CRLF line ends, a cell quoted when it holds a quote, a comma or
// a line break, its quotes doubled. One column per field of ListLogs; `details` as its JSON.

/** The columns in order, each with how an event fills it. */
const COLUMNS: readonly (readonly [string, (event: AuditEventRecord) => string | null])[] = [
  ['at', (event) => isoTime(event.at)],
  ['event', (event) => event.event],
  ['outcome', (event) => event.outcome],
  ['userId', (event) => event.userId],
  ['clientId', (event) => event.clientId],
  ['ip', (event) => event.ip],
  ['reason', (event) => event.reason],
  ['details', (event) => JSON.stringify(event.details)],
  ['id', (event) => event.id],
];

// OWASP "CSV injection": a spreadsheet runs a cell that starts with one of these as a formula
// (`=HYPERLINK(…)` in a failed sign-in's reason, say). A leading apostrophe makes it text.
const FORMULA_START = /^[=+\-@\t\r]/;
const NEEDS_QUOTES = /[",\r\n]/;

/** One cell: empty for null, guarded against formulas, quoted when it must be. */
export function csvCell(value: string | null): string {
  if (value === null) {
    return '';
  }
  const text = FORMULA_START.test(value) ? `'${value}` : value;
  return NEEDS_QUOTES.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export function auditCsvHeader(): string {
  return `${COLUMNS.map(([name]) => name).join(',')}\r\n`;
}

/** One event as a CSV line, CRLF included; its moment in UTC ISO 8601, as the API writes it. */
export function auditCsvRow(event: AuditEventRecord): string {
  return `${COLUMNS.map(([, cell]) => csvCell(cell(event))).join(',')}\r\n`;
}

/** The header, then each page's rows: the file, chunk by chunk, for a streamed answer. */
export async function* auditCsv(pages: AsyncIterable<AuditEventRecord[]>): AsyncGenerator<string> {
  yield auditCsvHeader();
  for await (const page of pages) {
    yield page.map(auditCsvRow).join('');
  }
}
