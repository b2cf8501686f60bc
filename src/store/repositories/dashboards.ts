import type { Kysely } from 'kysely';
import type { Database } from '../schema.ts';
import type { Dialect } from '../database.ts';
import type { DashboardRepository } from '../dashboards-store.ts';

// PLACEHOLDER: filled in by issue #16.
export function dashboardsRepository(
  _db: Kysely<Database>,
  _dialect: Dialect,
): DashboardRepository {
  return {};
}
