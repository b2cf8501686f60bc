import type { Kysely } from 'kysely';

// Custom APIs and Custom Database (issue #19): company HTTP APIs and read-only databases that
// agents call as tools. Definitions keep their parameters, auth and queries as JSON (read whole,
// never queried by field); the secret an API or database uses is also a column of its own, so
// that a secret in use is refused deletion. Agents reach tools through link tables: deleting a
// tool an agent uses is refused (no cascade), deleting the agent drops its links.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('custom_apis')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('name_normalized', 'text', (c) => c.notNull().unique())
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('base_url', 'text', (c) => c.notNull())
    .addColumn('method', 'text', (c) => c.notNull())
    .addColumn('path', 'text', (c) => c.notNull())
    .addColumn('parameters', 'text', (c) => c.notNull())
    .addColumn('auth', 'text', (c) => c.notNull())
    .addColumn('auth_secret', 'text')
    .addColumn('response_path', 'text')
    .addColumn('max_response_bytes', 'integer', (c) => c.notNull())
    .addColumn('timeout_ms', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('custom_databases')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('name_normalized', 'text', (c) => c.notNull().unique())
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('engine', 'text', (c) => c.notNull())
    .addColumn('connection_secret', 'text', (c) => c.notNull())
    .addColumn('queries', 'text', (c) => c.notNull())
    .addColumn('allow_model_sql', 'integer', (c) => c.notNull())
    .addColumn('max_rows', 'integer', (c) => c.notNull())
    .addColumn('statement_timeout_ms', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('agent_custom_apis')
    .addColumn('agent_id', 'text', (c) => c.notNull().references('agents.id').onDelete('cascade'))
    .addColumn('custom_api_id', 'text', (c) => c.notNull().references('custom_apis.id'))
    .addPrimaryKeyConstraint('agent_custom_apis_pk', ['agent_id', 'custom_api_id'])
    .execute();
  await db.schema
    .createIndex('agent_custom_apis_custom_api_id')
    .on('agent_custom_apis')
    .column('custom_api_id')
    .execute();
  await db.schema
    .createTable('agent_custom_databases')
    .addColumn('agent_id', 'text', (c) => c.notNull().references('agents.id').onDelete('cascade'))
    .addColumn('custom_database_id', 'text', (c) => c.notNull().references('custom_databases.id'))
    .addPrimaryKeyConstraint('agent_custom_databases_pk', ['agent_id', 'custom_database_id'])
    .execute();
  await db.schema
    .createIndex('agent_custom_databases_custom_database_id')
    .on('agent_custom_databases')
    .column('custom_database_id')
    .execute();
  await db.schema.alterTable('agents').addColumn('max_tool_steps', 'integer').execute();
  await db.schema.alterTable('messages').addColumn('tool_calls', 'text').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('messages').dropColumn('tool_calls').execute();
  await db.schema.alterTable('agents').dropColumn('max_tool_steps').execute();
  await db.schema.dropTable('agent_custom_databases').execute();
  await db.schema.dropTable('agent_custom_apis').execute();
  await db.schema.dropTable('custom_databases').execute();
  await db.schema.dropTable('custom_apis').execute();
}
