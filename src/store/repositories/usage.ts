import type { Kysely } from 'kysely';
import type { Database } from '../schema.ts';
import type { Dialect } from '../database.ts';
import type { UsageRepository } from '../usage-store.ts';

// PLACEHOLDER: filled in by issue #16.
export function usageRepository(_db: Kysely<Database>, _dialect: Dialect): UsageRepository {
  return {};
}
