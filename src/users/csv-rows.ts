import { pipeline } from 'node:stream';
import { CsvError, parse } from 'csv-parse';
import { ValidationError } from '../lib/errors.ts';

/** One data row of an import file, keyed by the header's (lower-cased) column names. */
export interface ImportRow {
  /** The line of the file the row starts on (the header is line 1). */
  line: number;
  fields: Readonly<Record<string, string>>;
  /** Why the row cannot be read at all (e.g. a wrong number of fields); it fails with this. */
  unreadable?: string | undefined;
}

export const REQUIRED_COLUMNS = ['email', 'name'] as const;
export const IMPORT_COLUMNS = [...REQUIRED_COLUMNS, 'roles', 'groups'] as const;

/** A record longer than this is surely a quote left open: stop rather than buffer the file. */
const MAX_RECORD_CHARS = 1_000_000;

/**
 * Streams `input` through the CSV parser, one record at a time, so a file of any size is never
 * held whole. The first record must be the header. A CSV syntax error (e.g. an unclosed quote)
 * ends the rows with one unreadable row naming it: the parser cannot tell where the next row
 * starts, so nothing after it is trusted. Errors of `input` itself (I/O) are thrown.
 */
export async function* readCsvRows(input: NodeJS.ReadableStream): AsyncGenerator<ImportRow> {
  // With skip_records_with_error the parser reports a syntax error here instead of destroying
  // itself, which would drop the good records it has parsed but not yet handed over.
  let syntaxError: CsvError | undefined;
  const parser = parse({
    bom: true,
    info: true,
    skip_empty_lines: true,
    relax_column_count: true,
    max_record_size: MAX_RECORD_CHARS,
    skip_records_with_error: true,
    on_skip: (error) => {
      syntaxError ??= error;
    },
  });
  // pipeline() hands errors of either stream to `parser`, so the loop below sees them too.
  pipeline(input, parser, () => {});
  let header: string[] | undefined;
  let lastLine = 0;
  for await (const { record, info } of parser as AsyncIterable<CsvRecord>) {
    if (syntaxError !== undefined && info.records > Number(syntaxError.records)) {
      break;
    }
    // `info.lines` is where the record ends; quoted line breaks move its start up.
    const line = info.lines - record.reduce((n, field) => n + lineBreaks(field), 0);
    lastLine = info.lines;
    if (header === undefined) {
      header = parseHeader(record);
    } else {
      yield toRow(header, record, line);
    }
  }
  if (header === undefined) {
    throw headerError(syntaxError?.message ?? 'the file is empty');
  }
  if (syntaxError !== undefined) {
    yield {
      line: lastLine + 1,
      fields: {},
      unreadable: `Malformed CSV (${syntaxError.message}); the rest of the file was not read`,
    };
  }
}

interface CsvRecord {
  record: string[];
  info: { lines: number; records: number };
}

function toRow(header: string[], record: string[], line: number): ImportRow {
  const fields = Object.fromEntries(header.map((column, i) => [column, record[i] ?? '']));
  return record.length === header.length
    ? { line, fields }
    : {
        line,
        fields,
        unreadable: `Expected ${header.length} fields as in the header, found ${record.length}`,
      };
}

function parseHeader(record: string[]): string[] {
  const columns = record.map((cell) => cell.trim().toLowerCase());
  const known: readonly string[] = IMPORT_COLUMNS;
  const wrong =
    columns.find((column) => !known.includes(column)) ??
    columns.find((column, i) => columns.indexOf(column) !== i) ??
    REQUIRED_COLUMNS.find((column) => !columns.includes(column));
  if (wrong !== undefined) {
    throw headerError(`found "${record.join(',')}"`);
  }
  return columns;
}

function headerError(found: string): ValidationError {
  return new ValidationError(
    `The first line must be the header "${IMPORT_COLUMNS.join(',')}" ` +
      `(roles and groups may be left out): ${found}`,
  );
}

function lineBreaks(field: string): number {
  return field.match(/\r\n|\r|\n/g)?.length ?? 0;
}
