import { PostgresAdapter, sql, type Kysely } from 'kysely';

const DAILY_SUMS = [
  'prompts',
  'answers',
  'blocks',
  'files',
  'errors',
  'prompt_tokens',
  'completion_tokens',
  'cost_micros',
];

// The activity record (every chat event, for compliance, monitoring and dashboards): the events
// in recording order, their findings (one row per type, for filters), their full-text index,
// daily rollups (what dashboards and budgets add up) and the queue the monitoring rules drain.
export async function up(db: Kysely<unknown>): Promise<void> {
  const postgres = db.getExecutor().adapter instanceof PostgresAdapter;
  await db.schema
    .createTable('activity_events')
    .addColumn('seq', postgres ? 'bigint' : 'integer', (c) =>
      postgres ? c.primaryKey().generatedAlwaysAsIdentity() : c.primaryKey().autoIncrement(),
    )
    .addColumn('at', 'bigint', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    // No foreign keys: the record outlives the users, agents and conversations it names.
    .addColumn('user_id', 'text')
    .addColumn('agent_id', 'text')
    .addColumn('conversation_id', 'text')
    .addColumn('message_id', 'text')
    .addColumn('engine', 'text')
    .addColumn('model', 'text')
    .addColumn('client_ip', 'text')
    .addColumn('country', 'text')
    .addColumn('verdict', 'text', (c) => c.notNull())
    .addColumn('scanners', 'text', (c) => c.notNull())
    .addColumn('finding_types', 'text', (c) => c.notNull())
    .addColumn('prompt_tokens', 'bigint')
    .addColumn('completion_tokens', 'bigint')
    .addColumn('cost_micros', 'bigint')
    .addColumn('feedback_rating', 'integer')
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('details', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('activity_events_at').on('activity_events').column('at').execute();
  await db.schema
    .createIndex('activity_events_user')
    .on('activity_events')
    .columns(['user_id', 'seq'])
    .execute();
  await db.schema
    .createIndex('activity_events_agent')
    .on('activity_events')
    .columns(['agent_id', 'seq'])
    .execute();
  await db.schema
    .createIndex('activity_events_conversation')
    .on('activity_events')
    .columns(['conversation_id', 'seq'])
    .execute();
  await db.schema
    .createIndex('activity_events_message')
    .on('activity_events')
    .column('message_id')
    .where(sql.ref('message_id'), 'is not', null)
    .execute();
  await db.schema
    .createTable('activity_findings')
    .addColumn('seq', 'bigint', (c) => c.notNull())
    .addColumn('scanner', 'text', (c) => c.notNull())
    .addColumn('finding_type', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('activity_findings_pk', ['finding_type', 'seq', 'scanner'])
    .execute();
  await db.schema
    .createIndex('activity_findings_scanner')
    .on('activity_findings')
    .columns(['scanner', 'seq'])
    .execute();
  await db.schema
    .createIndex('activity_findings_seq')
    .on('activity_findings')
    .column('seq')
    .execute();
  // One row per UTC day and combination of user, agent, model and country ('' for none).
  await db.schema
    .createTable('activity_daily')
    .addColumn('day', 'integer', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('agent_id', 'text', (c) => c.notNull())
    .addColumn('model', 'text', (c) => c.notNull())
    .addColumn('country', 'text', (c) => c.notNull())
    .addColumn('prompts', 'bigint', (c) => c.notNull())
    .addColumn('answers', 'bigint', (c) => c.notNull())
    .addColumn('blocks', 'bigint', (c) => c.notNull())
    .addColumn('files', 'bigint', (c) => c.notNull())
    .addColumn('errors', 'bigint', (c) => c.notNull())
    .addColumn('prompt_tokens', 'bigint', (c) => c.notNull())
    .addColumn('completion_tokens', 'bigint', (c) => c.notNull())
    .addColumn('cost_micros', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('activity_daily_pk', [
      'day',
      'user_id',
      'agent_id',
      'model',
      'country',
    ])
    // SQLite: the rows clustered by day, not stored twice (table and key).
    .$call((table) => (postgres ? table : table.modifyEnd(sql`without rowid`)))
    .execute();
  // Covering: a dashboard's sums by user (and group) or agent read the index alone, a third of a
  // row's bytes, already in key order (SQLite over a million events: 60 ms to 20 ms an element).
  for (const key of ['user_id', 'agent_id']) {
    await db.schema
      .createIndex(`activity_daily_${key.replace('_id', '')}`)
      .on('activity_daily')
      .columns([key, 'day', ...DAILY_SUMS])
      .execute();
  }
  await db.schema
    .createTable('activity_queue')
    .addColumn('seq', 'bigint', (c) => c.primaryKey())
    .execute();
  if (postgres) {
    // 'simple': no stemming, so a word matches the same words in every language, as on SQLite.
    await sql`alter table activity_events add column text_search tsvector
      generated always as (to_tsvector('simple', text)) stored`.execute(db);
    await sql`create index activity_events_text on activity_events using gin (text_search)`.execute(
      db,
    );
  } else {
    // Diacritics kept, as PostgreSQL's 'simple' configuration keeps them: one behaviour.
    await sql`create virtual table activity_fts using fts5(text, content='activity_events',
      content_rowid='seq', tokenize='unicode61 remove_diacritics 0')`.execute(db);
    await sql`create trigger activity_fts_insert after insert on activity_events begin
      insert into activity_fts(rowid, text) values (new.seq, new.text); end`.execute(db);
    await sql`create trigger activity_fts_delete after delete on activity_events begin
      insert into activity_fts(activity_fts, rowid, text) values ('delete', old.seq, old.text);
      end`.execute(db);
  }
}

export async function down(db: Kysely<unknown>): Promise<void> {
  const postgres = db.getExecutor().adapter instanceof PostgresAdapter;
  if (!postgres) {
    await sql`drop trigger activity_fts_delete`.execute(db);
    await sql`drop trigger activity_fts_insert`.execute(db);
    await sql`drop table activity_fts`.execute(db);
  }
  await db.schema.dropTable('activity_queue').execute();
  await db.schema.dropTable('activity_daily').execute();
  await db.schema.dropTable('activity_findings').execute();
  await db.schema.dropTable('activity_events').execute();
}
