import { Readable } from 'node:stream';
import type { AppDeps } from '../src/app.ts';
import { importUsersFromCsv } from '../src/users/import-users.ts';

export const USER_COUNT = 100_000;
const LINES_PER_CHUNK = 1000;

/** Zero-padded, so the emails sort (as ListUsers orders them) in the order of `index`. */
export function emailOf(index: number): string {
  return `user${String(index).padStart(6, '0')}@bench.example`;
}

function* csvChunks(): Generator<string> {
  yield 'email,name,roles\n';
  for (let first = 0; first < USER_COUNT; first += LINES_PER_CHUNK) {
    let chunk = '';
    for (let index = first; index < Math.min(first + LINES_PER_CHUNK, USER_COUNT); index += 1) {
      chunk += `${emailOf(index)},Bench User ${index},User\n`;
    }
    yield chunk;
  }
}

export interface SeedReport {
  users: number;
  seconds: number;
  method: string;
}

/**
 * Seeds through the real import path (importUsersFromCsv, as `airisk users import` runs it):
 * a CSV of USER_COUNT users streamed through the parser, validated, inserted one transaction
 * per batch. Its duration is the import benchmark. No groups: memberships would double the
 * inserts, and the PostgreSQL import alone would then take most of the run's time bound.
 */
export async function seedUsers(deps: AppDeps): Promise<SeedReport> {
  const started = performance.now();
  const report = await importUsersFromCsv(deps, Readable.from(csvChunks()));
  const seconds = (performance.now() - started) / 1000;
  if (report.imported !== USER_COUNT || report.failed.length > 0) {
    throw new Error(
      `The import took ${report.imported} of ${USER_COUNT} users; first failures: ${JSON.stringify(report.failed.slice(0, 3))}`,
    );
  }
  return {
    users: report.imported,
    seconds,
    method: 'importUsersFromCsv over a CSV stream, default batch size',
  };
}
