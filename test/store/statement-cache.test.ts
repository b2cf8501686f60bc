import BetterSqlite3 from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { withStatementCache } from '../../src/store/statement-cache.ts';
import { isPostgres } from '../helpers/test-store.ts';

// withStatementCache: the SQLite driver's prepare() keeps compiled statements by their SQL, so
// Kysely's prepare-per-query compiles each query shape once. SQLite only (better-sqlite3).

const MAX_STATEMENTS = 500;

let sqlite: BetterSqlite3.Database | undefined;
afterEach(() => {
  if (sqlite?.open) {
    sqlite.close();
  }
  sqlite = undefined;
});

function openCached() {
  sqlite = new BetterSqlite3(':memory:');
  sqlite.exec('create table t (id integer primary key, v text)');
  return { sqlite, cached: withStatementCache(sqlite) };
}

/** A statement of its own SQL for each n, and what it must answer. */
const distinct = (n: number) => `select ${n} as n, ? as v`;

function runDistinct(cached: ReturnType<typeof openCached>['cached'], n: number): unknown {
  const statement = cached.prepare(distinct(n)) as BetterSqlite3.Statement;
  return statement.get(`v${n}`);
}

describe.skipIf(isPostgres)('statement cache', () => {
  it('returns the same prepared statement for the same SQL, with fresh parameters each run', () => {
    const { cached } = openCached();
    const sql = 'select ? as v';
    const first = cached.prepare(sql) as BetterSqlite3.Statement;
    const again = cached.prepare(sql) as BetterSqlite3.Statement;
    expect(again).toBe(first);
    expect(first.get('a')).toEqual({ v: 'a' });
    expect(again.get('b')).toEqual({ v: 'b' });
  });

  it('prepares a statement of its own for different SQL', () => {
    const { cached } = openCached();
    const insert = cached.prepare('insert into t (id, v) values (?, ?)') as BetterSqlite3.Statement;
    const select = cached.prepare('select v from t where id = ?') as BetterSqlite3.Statement;
    expect(select).not.toBe(insert);
    // Differing only in case or spacing is different SQL too.
    expect(cached.prepare('SELECT v FROM t WHERE id = ?')).not.toBe(select);
    insert.run(1, 'one');
    insert.run(2, 'two');
    expect(select.get(2)).toEqual({ v: 'two' });
    expect(
      (cached.prepare('select v from t where id = ?') as BetterSqlite3.Statement).get(1),
    ).toEqual({ v: 'one' });
  });

  it(`keeps working past ${MAX_STATEMENTS} distinct statements, preparing again what it dropped`, () => {
    const { cached } = openCached();
    const first = cached.prepare(distinct(0));
    const total = MAX_STATEMENTS * 2 + 7;
    for (let n = 0; n < total; n += 1) {
      expect(runDistinct(cached, n)).toEqual({ n, v: `v${n}` });
    }
    // The first statement was dropped when the cache filled, and is compiled again.
    const refreshed = cached.prepare(distinct(0));
    expect(refreshed).not.toBe(first);
    expect(runDistinct(cached, 0)).toEqual({ n: 0, v: 'v0' });
    // A statement handed out before the cache was cleared still works.
    expect((first as BetterSqlite3.Statement).get('still')).toEqual({ n: 0, v: 'still' });
    // The latest statements are cached again, so the cache still does its job.
    expect(cached.prepare(distinct(total - 1))).toBe(cached.prepare(distinct(total - 1)));
    // Every query shape again, in reverse: each is prepared or found, and answers correctly.
    for (let n = total - 1; n >= 0; n -= 1) {
      expect(runDistinct(cached, n)).toEqual({ n, v: `v${n}` });
    }
  });

  it('closes the database it wraps', () => {
    const { sqlite, cached } = openCached();
    cached.close();
    expect(sqlite.open).toBe(false);
  });
});
