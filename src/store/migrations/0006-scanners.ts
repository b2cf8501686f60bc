import type { Kysely } from 'kysely';

// The scanners: the company's settings (its scanner defaults first), each agent's scanner
// overrides, each message's scan results, and the scan events (blocked, redacted or flagged
// texts, recorded redacted) that compliance and monitoring read.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('company_settings')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('value', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema
    .alterTable('agents')
    .addColumn('scanners', 'text', (c) => c.notNull().defaultTo('{}'))
    .execute();
  await db.schema.alterTable('messages').addColumn('scans', 'text').execute();
  await db.schema
    .createTable('scan_events')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('at', 'bigint', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('agent_id', 'text', (c) => c.references('agents.id').onDelete('set null'))
    .addColumn('conversation_id', 'text')
    .addColumn('direction', 'text', (c) => c.notNull())
    .addColumn('verdict', 'text', (c) => c.notNull())
    .addColumn('scanners', 'text', (c) => c.notNull())
    .addColumn('finding_types', 'text', (c) => c.notNull())
    .addColumn('redacted_text', 'text', (c) => c.notNull())
    .addColumn('client_ip', 'text')
    .execute();
  await db.schema.createIndex('scan_events_at').on('scan_events').columns(['at', 'id']).execute();
  await db.schema
    .createIndex('scan_events_user_at')
    .on('scan_events')
    .columns(['user_id', 'at'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('scan_events').execute();
  await db.schema.alterTable('messages').dropColumn('scans').execute();
  await db.schema.alterTable('agents').dropColumn('scanners').execute();
  await db.schema.dropTable('company_settings').execute();
}
