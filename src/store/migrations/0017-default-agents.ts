import type { Kysely } from 'kysely';

// Default agents (issue #18, Server Admin → Default Agents): agents given to every new user, and
// to every user who joins a group. Giving assigns the agent to the user directly, so a user keeps
// it after leaving the group; a group assignment, by contrast, lasts only as long as membership.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('default_agents')
    .addColumn('agent_id', 'text', (c) =>
      c.primaryKey().references('agents.id').onDelete('cascade'),
    )
    .addColumn('added_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('group_default_agents')
    .addColumn('agent_id', 'text', (c) => c.notNull().references('agents.id').onDelete('cascade'))
    .addColumn('group_id', 'text', (c) => c.notNull().references('groups.id').onDelete('cascade'))
    .addColumn('added_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('group_default_agents_pk', ['group_id', 'agent_id'])
    .execute();
  await db.schema
    .createIndex('group_default_agents_agent_id')
    .on('group_default_agents')
    .column('agent_id')
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('group_default_agents').execute();
  await db.schema.dropTable('default_agents').execute();
}
