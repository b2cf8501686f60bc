import type { Kysely } from 'kysely';

// Monitoring notifications (issue #16): where a rule's issues are announced, and the outbox of
// announcements. A delivery is written in the transaction that opens its issue, so it is sent
// (at least once, with the same id on every attempt) exactly when the issue really opened.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('monitor_targets')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('rule_id', 'text', (c) =>
      c.notNull().references('monitor_rules.id').onDelete('cascade'),
    )
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('address', 'text', (c) => c.notNull())
    // A webhook's signing secret, sealed with the master key; null for email.
    .addColumn('secret', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('monitor_targets_rule')
    .on('monitor_targets')
    .column('rule_id')
    .execute();
  await db.schema
    .createTable('monitor_deliveries')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('issue_id', 'text', (c) =>
      c.notNull().references('monitor_issues.id').onDelete('cascade'),
    )
    .addColumn('target_id', 'text', (c) =>
      c.notNull().references('monitor_targets.id').onDelete('cascade'),
    )
    .addColumn('payload', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull())
    .addColumn('next_attempt_at', 'bigint', (c) => c.notNull())
    .addColumn('last_error', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('monitor_deliveries_due')
    .on('monitor_deliveries')
    .columns(['status', 'next_attempt_at'])
    .execute();
  await db.schema
    .createIndex('monitor_deliveries_issue')
    .on('monitor_deliveries')
    .column('issue_id')
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('monitor_deliveries').execute();
  await db.schema.dropTable('monitor_targets').execute();
}
