import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApp } from '../helpers/test-app.ts';
import { setSecret } from '../../src/secrets/custom-secrets.ts';
import { customDatabaseTools } from '../../src/tools/custom-databases/database-tools.ts';
import { testCustomDatabase } from '../../src/tools/custom-databases/database-check.ts';
import {
  aDatabase,
  anAppWithSecret,
  aTargetDatabase,
  call,
  ORDER_COUNT,
  rowsOf,
  type TargetDatabase,
} from './custom-database-fixture.ts';

// What keeps a custom database read-only and its secret secret, against a role that COULD write:
// the READ ONLY transaction, the statement timeout, one statement per call, words for errors.

let target: TargetDatabase;
let t: TestApp;
let adminId: string;

beforeAll(async () => {
  target = await aTargetDatabase({ canWrite: true });
  ({ t, adminId } = await anAppWithSecret(target.url));
  // A function that deletes, run with the caller's rights: a SELECT that writes.
  await target.asOwner(`
    create function ${target.schema}.purge() returns integer language plpgsql
      as 'begin delete from ${target.schema}.orders; return 1; end';
    grant execute on function ${target.schema}.purge() to ${target.role}`);
});

afterAll(async () => {
  await t?.close();
  await target?.drop();
});

async function orderCount(): Promise<number> {
  const [row] = await target.asOwner<{ n: number }>(
    `select count(*)::int as n from ${target.schema}.orders`,
  );
  return row?.n ?? -1;
}

async function modelSql(name: string, sql: string, statementTimeoutMs?: number) {
  const db = await aDatabase(t, adminId, { name, allowModelSql: true, statementTimeoutMs });
  return call(customDatabaseTools(t, db)[0], { sql });
}

describe('a custom database stays read-only', () => {
  it('refuses a write hidden in a WITH, though the role may delete', async () => {
    const output = await modelSql(
      'w_cte',
      'with d as (delete from orders returning *) select * from d',
    );
    expect(output.ok).toBe(false);
    expect(await orderCount()).toBe(ORDER_COUNT);
  });

  it('refuses a write made by a function: the read-only transaction stops it', async () => {
    const output = await modelSql('w_function', 'select purge()');
    expect(output).toEqual({
      ok: false,
      error: expect.stringContaining('cannot execute DELETE in a read-only transaction'),
    });
    expect(await orderCount()).toBe(ORDER_COUNT);
  });

  it('refuses an admin query that writes', async () => {
    const db = await aDatabase(t, adminId, {
      name: 'w_admin',
      queries: [{ name: 'purge', sql: 'select purge() as deleted' }],
    });
    expect(await call(customDatabaseTools(t, db)[0], {})).toMatchObject({ ok: false });
    expect(await orderCount()).toBe(ORDER_COUNT);
  });

  it('refuses several statements in one call', async () => {
    for (const sql of ['select 1; delete from orders', 'select 1; delete from orders;']) {
      expect(await modelSql(`w_many_${sql.length}`, sql)).toMatchObject({ ok: false });
    }
    expect(await orderCount()).toBe(ORDER_COUNT);
    // One trailing semicolon is the one statement's own.
    expect(rowsOf(await modelSql('w_one', 'select 1 as one;')).rows).toEqual([[1]]);
  });

  it('stops a slow query at the statement timeout', async () => {
    const started = Date.now();
    const output = await modelSql('w_slow', 'select pg_sleep(10)', 300);
    expect(output).toEqual({
      ok: false,
      error: expect.stringContaining('The query ran longer than 300 ms and was stopped'),
    });
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('stops when the turn is cancelled', async () => {
    const db = await aDatabase(t, adminId, { name: 'w_cancel', allowModelSql: true });
    const abort = new AbortController();
    setTimeout(() => abort.abort(), 200);
    const output = await call(
      customDatabaseTools(t, db)[0],
      { sql: 'select pg_sleep(3)' },
      abort.signal,
    );
    expect(output).toEqual({
      ok: false,
      error: 'The call was cancelled before the database answered',
    });
  });
});

describe('a custom database’s errors', () => {
  it('never carry the connection string or its password', async () => {
    const unreachable = new URL(target.url);
    unreachable.port = '1';
    await setSecret(t, { name: 'CLOSED_DB_URL', value: unreachable.toString() });
    const closed = await aDatabase(t, adminId, {
      name: 'e_closed',
      connectionSecret: 'CLOSED_DB_URL',
      allowModelSql: true,
    });
    const refused = await call(customDatabaseTools(t, closed)[0], { sql: 'select 1' });
    expect(refused).toEqual({
      ok: false,
      error: expect.stringContaining('Could not reach the database'),
    });
    const syntax = await modelSql('e_syntax', `select '${target.password}'::integer`);
    for (const output of [refused, syntax]) {
      expect(output.ok).toBe(false);
      const error = output.ok ? '' : output.error;
      expect(error).not.toContain(target.password);
      expect(error).not.toContain('postgres://');
      expect(error).not.toMatch(/\n\s+at /);
    }
  });
});

describe('testCustomDatabase', () => {
  it('warns about a role that may write', async () => {
    const db = await aDatabase(t, adminId, { name: 'c_writer' });
    const check = await testCustomDatabase(t, db.id, adminId);
    expect(check.ok).toBe(true);
    expect(check.warnings).toEqual(
      expect.arrayContaining([
        expect.stringContaining(
          `may write to 1 table: ${target.schema}.orders (INSERT, UPDATE, DELETE, TRUNCATE)`,
        ),
        expect.stringContaining('does not default to read-only transactions'),
      ]),
    );
  });

  it('has nothing to say of a read-only role, and names a query that does not run', async () => {
    const reader = await aTargetDatabase();
    try {
      await setSecret(t, { name: 'READER_DB_URL', value: reader.url });
      const db = await aDatabase(t, adminId, {
        name: 'c_reader',
        connectionSecret: 'READER_DB_URL',
        queries: [
          {
            name: 'fine',
            sql: 'select id from orders where id = $1',
            parameters: [{ name: 'id', type: 'integer' }],
          },
          { name: 'typo', sql: 'select id from orderz' },
        ],
      });
      const check = await testCustomDatabase(t, db.id, adminId);
      expect(check).toEqual({
        ok: false,
        error: 'Query "typo" does not run: relation "orderz" does not exist',
        warnings: [],
      });
    } finally {
      await reader.drop();
    }
  });

  it('says why it cannot connect, without the password', async () => {
    const unreachable = new URL(target.url);
    unreachable.port = '1';
    await setSecret(t, { name: 'GONE_DB_URL', value: unreachable.toString() });
    const db = await aDatabase(t, adminId, { name: 'c_gone', connectionSecret: 'GONE_DB_URL' });
    const check = await testCustomDatabase(t, db.id, adminId);
    expect(check).toMatchObject({ ok: false, warnings: [] });
    expect(check.error).toContain('Could not reach the database');
    expect(check.error).not.toContain(target.password);
  });
});
