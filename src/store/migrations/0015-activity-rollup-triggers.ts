import { PostgresAdapter, sql, type Kysely } from 'kysely';

// A recorded event queues itself for the monitoring rules and adds itself to its day's sums in
// the database, in the statement that inserts it: the three statements a turn's recording sent
// after its insert cost more than the rest of recording (issue #16: recording ≤ 5 % of a turn).
// The day's sums count these kinds (a copy of what 0009's daily columns were made for).
const COUNTS = {
  prompts: 'prompt',
  answers: 'answer',
  blocks: 'blocked',
  files: 'file_upload',
  errors: 'provider_error',
};
const KEY = ['day', 'user_id', 'agent_id', 'model', 'country'];
const TOKENS = ['prompt_tokens', 'completion_tokens', 'cost_micros'];
const SUMS = [...Object.keys(COUNTS), ...TOKENS];
const COUNTED = Object.values(COUNTS)
  .map((kind) => `'${kind}'`)
  .join(', ');

const keyOf = (row: string) =>
  [
    `${row}.at / 86400`,
    ...['user_id', 'agent_id', 'model', 'country'].map((c) => `coalesce(${row}.${c}, '')`),
  ].join(', ');

const addExcluded = SUMS.map((sum) => `${sum} = activity_daily.${sum} + excluded.${sum}`).join(
  ', ',
);

export async function up(db: Kysely<unknown>): Promise<void> {
  const columns = [...KEY, ...SUMS].join(', ');
  if (db.getExecutor().adapter instanceof PostgresAdapter) {
    // Once per statement, over all the rows it inserted: a turn's two events make one upsert.
    const sums = [
      ...Object.values(COUNTS).map((kind) => `count(*) filter (where kind = '${kind}')`),
      ...TOKENS.map((column) => `coalesce(sum(${column}), 0)`),
    ].join(', ');
    await sql
      .raw(
        `create function activity_events_recorded() returns trigger language plpgsql as $$
        begin
          insert into activity_queue (seq) select seq from recorded;
          insert into activity_daily (${columns})
            select ${keyOf('recorded')}, ${sums} from recorded where kind in (${COUNTED})
            group by ${keyOf('recorded')}
            on conflict (${KEY.join(', ')}) do update set ${addExcluded};
          return null;
        end $$`,
      )
      .execute(db);
    await sql`create trigger activity_events_recorded after insert on activity_events
      referencing new table as recorded for each statement
      execute function activity_events_recorded()`.execute(db);
    return;
  }
  const values = [
    ...Object.values(COUNTS).map((kind) => `new.kind = '${kind}'`),
    ...TOKENS.map((column) => `coalesce(new.${column}, 0)`),
  ].join(', ');
  await sql
    .raw(
      `create trigger activity_events_queued after insert on activity_events begin
        insert into activity_queue (seq) values (new.seq); end`,
    )
    .execute(db);
  await sql
    .raw(
      `create trigger activity_events_summed after insert on activity_events
        when new.kind in (${COUNTED}) begin
        insert into activity_daily (${columns}) values (${keyOf('new')}, ${values})
          on conflict (${KEY.join(', ')}) do update set ${addExcluded}; end`,
    )
    .execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  if (db.getExecutor().adapter instanceof PostgresAdapter) {
    await sql`drop trigger activity_events_recorded on activity_events`.execute(db);
    await sql`drop function activity_events_recorded()`.execute(db);
    return;
  }
  await sql`drop trigger activity_events_summed`.execute(db);
  await sql`drop trigger activity_events_queued`.execute(db);
}
