import { Readable } from 'node:stream';
import type { AppDeps } from '../src/app.ts';
import { importUsersFromCsv } from '../src/users/import-users.ts';
import { emailOf } from './emails.ts';

const LINES_PER_CHUNK = 1000;

export interface CsvImportReport {
  users: number;
  seconds: number;
}

function* csvChunks(from: number, count: number): Generator<string> {
  yield 'email,name,roles\n';
  for (let first = from; first < from + count; first += LINES_PER_CHUNK) {
    let chunk = '';
    for (let index = first; index < Math.min(first + LINES_PER_CHUNK, from + count); index += 1) {
      chunk += `${emailOf(index)},Bench User ${index},User\n`;
    }
    yield chunk;
  }
}

/**
 * Imports users emailOf(from … from + count - 1) through the real import path (what
 * `airisk users import` runs: CSV parsing, validation, duplicate checks against the users already
 * there, one transaction per batch). Its duration is the import benchmark.
 */
export async function importUsersThroughCsv(
  deps: AppDeps,
  from: number,
  count: number,
): Promise<CsvImportReport> {
  const started = performance.now();
  const report = await importUsersFromCsv(deps, Readable.from(csvChunks(from, count)));
  if (report.imported !== count || report.failed.length > 0) {
    throw new Error(
      `The import took ${report.imported} of ${count} users; first failures: ${JSON.stringify(report.failed.slice(0, 3))}`,
    );
  }
  return { users: count, seconds: (performance.now() - started) / 1000 };
}
