import type { Kysely } from 'kysely';

// Data archive (issue #18, Server Admin → Data Archive): an agent's own retention, compliance
// holds, and the lease that lets one archive run at a time, whichever instance or process.
export async function up(db: Kysely<unknown>): Promise<void> {
  // Days after its last activity a conversation of this agent is archived; null: the company's.
  await db.schema.alterTable('agents').addColumn('archive_after_days', 'integer').execute();

  // The archive walks conversations by last activity, oldest first, across all users.
  await db.schema
    .createIndex('conversations_updated')
    .on('conversations')
    .columns(['updated_at', 'id'])
    .execute();

  await db.schema
    .createTable('compliance_holds')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    // 'conversations': the ones listed below; 'search': whatever matches `criteria` when asked.
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('search_id', 'text')
    .addColumn('criteria', 'text')
    .addColumn('created_by', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  // No ON DELETE: the database itself refuses to delete a held conversation (or, by its cascade,
  // the user who owns one), whatever path the deletion takes.
  await db.schema
    .createTable('compliance_hold_conversations')
    .addColumn('hold_id', 'text', (c) =>
      c.notNull().references('compliance_holds.id').onDelete('cascade'),
    )
    .addColumn('conversation_id', 'text', (c) => c.notNull().references('conversations.id'))
    .addPrimaryKeyConstraint('compliance_hold_conversations_pk', ['hold_id', 'conversation_id'])
    .execute();
  await db.schema
    .createIndex('compliance_hold_conversations_conversation')
    .on('compliance_hold_conversations')
    .column('conversation_id')
    .execute();

  // A named lease (the archive run's): held until `expires_at` unless its holder renews it.
  await db.schema
    .createTable('maintenance_leases')
    .addColumn('name', 'text', (c) => c.primaryKey())
    .addColumn('holder', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'bigint', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('maintenance_leases').execute();
  await db.schema.dropTable('compliance_hold_conversations').execute();
  await db.schema.dropTable('compliance_holds').execute();
  await db.schema.dropIndex('conversations_updated').execute();
  await db.schema.alterTable('agents').dropColumn('archive_after_days').execute();
}
