import type { Kysely } from 'kysely';

// PLACEHOLDER: filled in by the issue #16 work on this part.
export async function up(_db: Kysely<unknown>): Promise<void> {}

export async function down(_db: Kysely<unknown>): Promise<void> {}
