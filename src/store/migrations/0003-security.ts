import type { Kysely } from 'kysely';

// Secret rotation with a grace period, client lock-out, staged signing keys, shared rate-limit
// counters and the audit log.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('api_clients').addColumn('previous_secret_hash', 'text').execute();
  await db.schema
    .alterTable('api_clients')
    .addColumn('previous_secret_expires_at', 'bigint')
    .execute();
  await db.schema.alterTable('api_clients').addColumn('locked_until', 'bigint').execute();

  // A new key is published at once but signs only from activates_at; retired_at is when it
  // leaves the JWKS, after the last token it signed has expired.
  await db.schema.alterTable('signing_keys').addColumn('activates_at', 'bigint').execute();

  await db.schema
    .createTable('rate_limit_counters')
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('window_start', 'bigint', (c) => c.notNull())
    .addColumn('count', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('rate_limit_counters_pk', ['key', 'window_start'])
    .execute();
  await db.schema
    .createIndex('rate_limit_counters_window_start')
    .on('rate_limit_counters')
    .column('window_start')
    .execute();

  await db.schema
    .createTable('audit_events')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('at', 'bigint', (c) => c.notNull())
    .addColumn('event', 'text', (c) => c.notNull())
    .addColumn('outcome', 'text', (c) => c.notNull())
    .addColumn('client_id', 'text')
    .addColumn('user_id', 'text')
    .addColumn('ip', 'text')
    .addColumn('reason', 'text')
    .addColumn('details', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('audit_events_at').on('audit_events').columns(['at', 'id']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('audit_events').execute();
  await db.schema.dropTable('rate_limit_counters').execute();
  await db.schema.alterTable('signing_keys').dropColumn('activates_at').execute();
  for (const column of ['locked_until', 'previous_secret_expires_at', 'previous_secret_hash']) {
    await db.schema.alterTable('api_clients').dropColumn(column).execute();
  }
}
