import type { Kysely } from 'kysely';

// Custom secrets (issue #18, Server Admin → Custom Secrets): named API keys and passwords sealed
// with the master key, written but never read back through the API, and referenced by name from
// agent settings (an agent's `apiKeySecret`) instead of a key of its own.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('custom_secrets')
    .addColumn('name', 'text', (c) => c.primaryKey())
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('value_encrypted', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.alterTable('agents').addColumn('api_key_secret', 'text').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('agents').dropColumn('api_key_secret').execute();
  await db.schema.dropTable('custom_secrets').execute();
}
