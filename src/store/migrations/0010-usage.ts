import type { Kysely } from 'kysely';

// Usage, cost and budgets: the price of each engine's model (micro-dollars per million tokens,
// integers on both stores) and the budgets that cap a user's, group's or agent's spend.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('model_prices')
    .addColumn('engine', 'text', (c) => c.notNull())
    .addColumn('model', 'text', (c) => c.notNull())
    .addColumn('input_micros_per_million', 'bigint', (c) => c.notNull())
    .addColumn('output_micros_per_million', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('model_prices_pk', ['engine', 'model'])
    .execute();
  await db.schema
    .createTable('budgets')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('scope', 'text', (c) => c.notNull())
    // No foreign key: a budget of a deleted user, group or agent stays visible until removed.
    .addColumn('target_id', 'text', (c) => c.notNull())
    .addColumn('period', 'text', (c) => c.notNull())
    .addColumn('metric', 'text', (c) => c.notNull())
    .addColumn('limit_value', 'bigint', (c) => c.notNull())
    .addColumn('enforcement', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('budgets_target')
    .on('budgets')
    .columns(['scope', 'target_id'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('budgets').execute();
  await db.schema.dropTable('model_prices').execute();
}
