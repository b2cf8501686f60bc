import type { Kysely } from 'kysely';
import type { Database } from '../schema.ts';
import type { Dialect } from '../database.ts';
import type { MonitoringRepository } from '../monitoring-store.ts';

// PLACEHOLDER: filled in by issue #16.
export function monitoringRepository(
  _db: Kysely<Database>,
  _dialect: Dialect,
): MonitoringRepository {
  return {};
}
