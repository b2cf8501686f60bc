import { sql, type Kysely } from 'kysely';

// An agent's knowledge files (Admin > AI Agents > Files) belong to the agent, not to the admin
// who uploaded them: `user_id` (whose personal file it is) becomes null for them, and the new
// `uploaded_by` keeps who uploaded any file. Deleting that admin must not delete the agent's
// files, so the uploader is a separate `on delete set null` reference.
//
// SQLite cannot drop a NOT NULL constraint, so the table is rebuilt, the same way on both
// databases; no other table references `files`.

const COPIED = [
  'id',
  'conversation_id',
  'agent_id',
  'message_id',
  'name',
  'media_type',
  'size_bytes',
  'text',
  'created_at',
].join(', ');

export async function up(db: Kysely<unknown>): Promise<void> {
  await createFilesTable(db, 'files_next', 'shared files allowed');
  await sql`
    insert into files_next (user_id, uploaded_by, ${sql.raw(COPIED)})
    select user_id, user_id, ${sql.raw(COPIED)} from files
  `.execute(db);
  await replaceFilesTable(db);
}

/** A shared file goes back to its uploader as a personal one; one without an uploader is lost. */
export async function down(db: Kysely<unknown>): Promise<void> {
  await createFilesTable(db, 'files_next', 'owner required');
  await sql`
    insert into files_next (user_id, ${sql.raw(COPIED)})
    select coalesce(user_id, uploaded_by), ${sql.raw(COPIED)} from files
    where coalesce(user_id, uploaded_by) is not null
  `.execute(db);
  await replaceFilesTable(db);
}

async function createFilesTable(
  db: Kysely<unknown>,
  table: string,
  owner: 'shared files allowed' | 'owner required',
): Promise<void> {
  const shared = owner === 'shared files allowed';
  let create = db.schema
    .createTable(table)
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => {
      const column = c.references('users.id').onDelete('cascade');
      return shared ? column : column.notNull();
    });
  if (shared) {
    create = create.addColumn('uploaded_by', 'text', (c) =>
      c.references('users.id').onDelete('set null'),
    );
  }
  create = create
    .addColumn('conversation_id', 'text', (c) =>
      c.references('conversations.id').onDelete('cascade'),
    )
    .addColumn('agent_id', 'text', (c) => c.references('agents.id').onDelete('cascade'))
    .addColumn('message_id', 'text', (c) => c.references('messages.id').onDelete('set null'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('media_type', 'text', (c) => c.notNull())
    .addColumn('size_bytes', 'bigint', (c) => c.notNull())
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull());
  if (shared) {
    // Only an agent can share a file: a conversation's files are always someone's.
    create = create.addCheckConstraint(
      'files_shared_with_an_agent',
      sql`user_id is not null or agent_id is not null`,
    );
  }
  await create.execute();
}

async function replaceFilesTable(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('files').execute();
  await db.schema.alterTable('files_next').renameTo('files').execute();
  await db.schema.createIndex('files_conversation').on('files').column('conversation_id').execute();
  await db.schema
    .createIndex('files_agent_user')
    .on('files')
    .columns(['agent_id', 'user_id'])
    .execute();
}
