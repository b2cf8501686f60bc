import { PostgresAdapter, sql, type Kysely } from 'kysely';

// SQLite: FTS5 writes a segment per transaction and merges them as they pile up, so indexing a
// turn's text as it is recorded cost 0.3 ms of the turn's 0.6 ms of recording over a million
// events; indexed 32 events at a time it costs 0.04 ms (issue #16: recording ≤ 5 % of a turn).
// `activity_fts_indexed.seq` is the last event whose text is indexed: raising it indexes the
// events up to the new value. Every 32nd event raises it, and a text search raises it to the
// newest event first (src/store/repositories/compliance.ts), so a search still sees every event.
// PostgreSQL keeps its tsvector column, written with the row.
export const TEXT_BATCH = 32;

export async function up(db: Kysely<unknown>): Promise<void> {
  if (db.getExecutor().adapter instanceof PostgresAdapter) {
    return;
  }
  await sql`create table activity_fts_indexed (
    id integer primary key check (id = 1), seq integer not null)`.execute(db);
  // Every event recorded so far was indexed by the trigger this replaces.
  await sql`insert into activity_fts_indexed (id, seq)
    select 1, coalesce(max(seq), 0) from activity_events`.execute(db);
  await sql`drop trigger activity_fts_insert`.execute(db);
  await sql`create trigger activity_fts_catch_up after update of seq on activity_fts_indexed
    begin
      insert into activity_fts (rowid, text)
        select seq, text from activity_events where seq > old.seq and seq <= new.seq;
    end`.execute(db);
  await sql
    .raw(
      `create trigger activity_fts_batch after insert on activity_events
        when new.seq % ${TEXT_BATCH} = 0 begin
        update activity_fts_indexed set seq = new.seq where seq < new.seq; end`,
    )
    .execute(db);
  // FTS5 must not be told to delete a text it never indexed: its index would be corrupt.
  await sql`drop trigger activity_fts_delete`.execute(db);
  await sql`create trigger activity_fts_delete after delete on activity_events
    when old.seq <= (select seq from activity_fts_indexed) begin
      insert into activity_fts(activity_fts, rowid, text) values ('delete', old.seq, old.text);
    end`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  if (db.getExecutor().adapter instanceof PostgresAdapter) {
    return;
  }
  await sql`update activity_fts_indexed set seq = (select coalesce(max(seq), 0) from activity_events)
    where seq < (select coalesce(max(seq), 0) from activity_events)`.execute(db);
  await sql`drop trigger activity_fts_batch`.execute(db);
  await sql`drop trigger activity_fts_catch_up`.execute(db);
  await sql`drop trigger activity_fts_delete`.execute(db);
  await sql`drop table activity_fts_indexed`.execute(db);
  await sql`create trigger activity_fts_insert after insert on activity_events begin
    insert into activity_fts(rowid, text) values (new.seq, new.text); end`.execute(db);
  await sql`create trigger activity_fts_delete after delete on activity_events begin
    insert into activity_fts(activity_fts, rowid, text) values ('delete', old.seq, old.text);
    end`.execute(db);
}
