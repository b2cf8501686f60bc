import type { Kysely } from 'kysely';

// Compliance searches saved by name: visible to every compliance reader, owned by their author.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('compliance_searches')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('criteria', 'text', (c) => c.notNull())
    .addColumn('owner_id', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('compliance_searches').execute();
}
