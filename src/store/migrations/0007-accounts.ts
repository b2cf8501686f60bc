import type { Kysely } from 'kysely';

// People sign in: their passwords and second factors, one-time links (first run, invitations,
// password resets), server-side sessions, and identities at the company's identity provider.
// The web app's codes and tokens name the session they came from, so they end with it.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('user_logins')
    .addColumn('user_id', 'text', (c) => c.primaryKey().references('users.id').onDelete('cascade'))
    .addColumn('password_hash', 'text')
    .addColumn('password_changed_at', 'bigint')
    .addColumn('totp_secret_encrypted', 'text')
    .addColumn('totp_pending_encrypted', 'text')
    .addColumn('totp_enabled_at', 'bigint')
    .addColumn('totp_last_step', 'bigint')
    .addColumn('failed_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('failed_since', 'bigint')
    .addColumn('locked_until', 'bigint')
    .execute();
  await db.schema
    .createTable('recovery_codes')
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('code_hash', 'text', (c) => c.notNull())
    .addColumn('used_at', 'bigint')
    .addPrimaryKeyConstraint('recovery_codes_pk', ['user_id', 'code_hash'])
    .execute();
  await db.schema
    .createTable('account_links')
    .addColumn('token_hash', 'text', (c) => c.primaryKey())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.references('users.id').onDelete('cascade'))
    .addColumn('email', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('expires_at', 'bigint', (c) => c.notNull())
    .addColumn('used_at', 'bigint')
    .addColumn('created_by', 'text')
    .execute();
  await db.schema
    .createIndex('account_links_user_kind')
    .on('account_links')
    .columns(['user_id', 'kind'])
    .execute();
  await db.schema
    .createTable('sessions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('csrf_token', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('last_seen_at', 'bigint', (c) => c.notNull())
    .addColumn('expires_at', 'bigint', (c) => c.notNull())
    .addColumn('ip', 'text')
    .addColumn('user_agent', 'text')
    .addColumn('revoked_at', 'bigint')
    .addColumn('method', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('sessions_user_id').on('sessions').column('user_id').execute();
  await db.schema.createIndex('sessions_expires_at').on('sessions').column('expires_at').execute();
  await db.schema
    .createTable('sso_identities')
    .addColumn('issuer', 'text', (c) => c.notNull())
    .addColumn('subject', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('sso_identities_pk', ['issuer', 'subject'])
    .execute();
  await db.schema
    .createIndex('sso_identities_user_id')
    .on('sso_identities')
    .column('user_id')
    .execute();
  await db.schema.alterTable('authorization_codes').addColumn('session_id', 'text').execute();
  await db.schema.alterTable('issued_tokens').addColumn('session_id', 'text').execute();
  await db.schema
    .createIndex('issued_tokens_session_id')
    .on('issued_tokens')
    .column('session_id')
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('issued_tokens_session_id').execute();
  await db.schema.alterTable('issued_tokens').dropColumn('session_id').execute();
  await db.schema.alterTable('authorization_codes').dropColumn('session_id').execute();
  for (const table of [
    'sso_identities',
    'sessions',
    'account_links',
    'recovery_codes',
    'user_logins',
  ]) {
    await db.schema.dropTable(table).execute();
  }
}
