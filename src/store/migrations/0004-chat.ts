import type { Kysely } from 'kysely';

// Agents and who may use them, conversations with their messages (which carry the token usage
// and feedback), and the text of uploaded files.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('agents')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('name_normalized', 'text', (c) => c.notNull().unique())
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('engine', 'text', (c) => c.notNull())
    .addColumn('model', 'text', (c) => c.notNull())
    .addColumn('endpoint', 'text')
    .addColumn('region', 'text')
    .addColumn('api_key_encrypted', 'text')
    .addColumn('api_key_last4', 'text')
    .addColumn('use_user_key', 'integer', (c) => c.notNull())
    .addColumn('system_prompt', 'text', (c) => c.notNull())
    .addColumn('temperature', 'double precision')
    .addColumn('max_messages', 'integer', (c) => c.notNull())
    .addColumn('max_output_tokens', 'integer')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();

  for (const [table, column, target] of [
    ['agent_user_assignments', 'user_id', 'users.id'],
    ['agent_group_assignments', 'group_id', 'groups.id'],
  ] as const) {
    await db.schema
      .createTable(table)
      .addColumn('agent_id', 'text', (c) => c.notNull().references('agents.id').onDelete('cascade'))
      .addColumn(column, 'text', (c) => c.notNull().references(target).onDelete('cascade'))
      .addColumn('assigned_at', 'bigint', (c) => c.notNull())
      .addPrimaryKeyConstraint(`${table}_pk`, ['agent_id', column])
      .execute();
    await db.schema.createIndex(`${table}_${column}`).on(table).column(column).execute();
  }

  await db.schema
    .alterTable('users')
    .addColumn('default_agent_id', 'text', (c) => c.references('agents.id').onDelete('set null'))
    .execute();

  // A deleted agent leaves its conversations for compliance; they just name no agent any more.
  await db.schema
    .createTable('conversations')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('agent_id', 'text', (c) => c.references('agents.id').onDelete('set null'))
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('metadata', 'text', (c) => c.notNull())
    .addColumn('search_text', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('conversations_user_updated')
    .on('conversations')
    .columns(['user_id', 'updated_at', 'id'])
    .execute();

  await db.schema
    .createTable('messages')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('conversation_id', 'text', (c) =>
      c.notNull().references('conversations.id').onDelete('cascade'),
    )
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('content', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('agent_id', 'text')
    .addColumn('engine', 'text')
    .addColumn('model', 'text')
    .addColumn('prompt_tokens', 'integer')
    .addColumn('completion_tokens', 'integer')
    .addColumn('feedback_rating', 'integer')
    .addColumn('feedback_comment', 'text')
    .addColumn('feedback_at', 'bigint')
    .addUniqueConstraint('messages_position', ['conversation_id', 'position'])
    .execute();
  await db.schema
    .createIndex('messages_usage')
    .on('messages')
    .columns(['user_id', 'agent_id', 'created_at'])
    .execute();

  await db.schema
    .createTable('files')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('conversation_id', 'text', (c) =>
      c.references('conversations.id').onDelete('cascade'),
    )
    .addColumn('agent_id', 'text', (c) => c.references('agents.id').onDelete('cascade'))
    .addColumn('message_id', 'text', (c) => c.references('messages.id').onDelete('set null'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('media_type', 'text', (c) => c.notNull())
    .addColumn('size_bytes', 'bigint', (c) => c.notNull())
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('files_conversation').on('files').column('conversation_id').execute();
  await db.schema
    .createIndex('files_agent_user')
    .on('files')
    .columns(['agent_id', 'user_id'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of [
    'files',
    'messages',
    'conversations',
    'agent_group_assignments',
    'agent_user_assignments',
  ]) {
    await db.schema.dropTable(table).execute();
  }
  await db.schema.alterTable('users').dropColumn('default_agent_id').execute();
  await db.schema.dropTable('agents').execute();
}
