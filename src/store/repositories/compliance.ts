import type { Kysely } from 'kysely';
import type { Database } from '../schema.ts';
import type { Dialect } from '../database.ts';
import type { ComplianceRepository } from '../compliance-store.ts';

// PLACEHOLDER: filled in by issue #16.
export function complianceRepository(
  _db: Kysely<Database>,
  _dialect: Dialect,
): ComplianceRepository {
  return {};
}
