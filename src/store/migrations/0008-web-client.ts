import { sql, type Kysely } from 'kysely';

// The web app's built-in public client (`airisk-web`) gets codes and tokens but is no row of
// api_clients, so `client_id` of authorization_codes and issued_tokens can no longer reference
// it. Deleting a client still deletes its codes and tokens: the clients repository does it.
//
// SQLite cannot drop a foreign key, so both tables are rebuilt, the same way on both databases
// (as 0005 did); no other table references them.

const CODE_COLUMNS = [
  'code_hash',
  'client_id',
  'redirect_uri',
  'user_id',
  'code_challenge',
  'session_id',
  'created_at',
  'expires_at',
  'consumed_at',
].join(', ');

const TOKEN_COLUMNS = [
  'jti',
  'client_id',
  'user_id',
  'code_hash',
  'session_id',
  'issued_at',
  'expires_at',
  'revoked_at',
].join(', ');

type ClientReference = 'any client' | 'stored clients only';

export async function up(db: Kysely<unknown>): Promise<void> {
  await rebuild(db, 'any client', '');
}

/** The web app's codes and tokens cannot reference a client row: they are dropped. */
export async function down(db: Kysely<unknown>): Promise<void> {
  await rebuild(db, 'stored clients only', 'where client_id in (select id from api_clients)');
}

// PostgreSQL names constraints after the table they were created in and keeps the names when
// it is renamed, so each direction builds under its own name.
async function rebuild(db: Kysely<unknown>, clients: ClientReference, filter: string) {
  const suffix = clients === 'any client' ? 'v8' : 'v7';
  const codes = `authorization_codes_${suffix}`;
  const tokens = `issued_tokens_${suffix}`;
  await createCodesTable(db, codes, clients);
  await sql`
    insert into ${sql.table(codes)} (${sql.raw(CODE_COLUMNS)})
    select ${sql.raw(CODE_COLUMNS)} from authorization_codes ${sql.raw(filter)}
  `.execute(db);
  await db.schema.dropTable('authorization_codes').execute();
  await db.schema.alterTable(codes).renameTo('authorization_codes').execute();
  await db.schema
    .createIndex('authorization_codes_expires_at')
    .on('authorization_codes')
    .column('expires_at')
    .execute();

  await createTokensTable(db, tokens, clients);
  await sql`
    insert into ${sql.table(tokens)} (${sql.raw(TOKEN_COLUMNS)})
    select ${sql.raw(TOKEN_COLUMNS)} from issued_tokens ${sql.raw(filter)}
  `.execute(db);
  await db.schema.dropTable('issued_tokens').execute();
  await db.schema.alterTable(tokens).renameTo('issued_tokens').execute();
  for (const column of ['code_hash', 'client_id', 'user_id', 'expires_at', 'session_id']) {
    await db.schema
      .createIndex(`issued_tokens_${column}`)
      .on('issued_tokens')
      .column(column)
      .execute();
  }
}

async function createCodesTable(db: Kysely<unknown>, table: string, clients: ClientReference) {
  await db.schema
    .createTable(table)
    .addColumn('code_hash', 'text', (c) => c.primaryKey())
    .addColumn('client_id', 'text', (c) =>
      clients === 'any client'
        ? c.notNull()
        : c.notNull().references('api_clients.id').onDelete('cascade'),
    )
    .addColumn('redirect_uri', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.references('users.id').onDelete('cascade'))
    .addColumn('code_challenge', 'text')
    .addColumn('session_id', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('expires_at', 'bigint', (c) => c.notNull())
    .addColumn('consumed_at', 'bigint')
    .execute();
}

async function createTokensTable(db: Kysely<unknown>, table: string, clients: ClientReference) {
  await db.schema
    .createTable(table)
    .addColumn('jti', 'text', (c) => c.primaryKey())
    .addColumn('client_id', 'text', (c) =>
      clients === 'any client'
        ? c.notNull()
        : c.notNull().references('api_clients.id').onDelete('cascade'),
    )
    .addColumn('user_id', 'text', (c) => c.references('users.id').onDelete('cascade'))
    .addColumn('code_hash', 'text')
    .addColumn('session_id', 'text')
    .addColumn('issued_at', 'bigint', (c) => c.notNull())
    .addColumn('expires_at', 'bigint', (c) => c.notNull())
    .addColumn('revoked_at', 'bigint')
    .execute();
}
