import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApp } from '../helpers/test-app.ts';
import { customDatabaseTools } from '../../src/tools/custom-databases/database-tools.ts';
import {
  aDatabase,
  anAppWithSecret,
  aTargetDatabase,
  call,
  ORDER_COUNT,
  rowsOf,
  type TargetDatabase,
} from './custom-database-fixture.ts';

// An admin's parameterised queries as agent tools, against a real PostgreSQL read-only role.

let target: TargetDatabase;
let t: TestApp;
let adminId: string;

beforeAll(async () => {
  target = await aTargetDatabase();
  ({ t, adminId } = await anAppWithSecret(target.url));
});

afterAll(async () => {
  await t?.close();
  await target?.drop();
});

const byCustomer = {
  name: 'orders_by_customer',
  description: 'A customer’s orders from a minimum total, oldest first',
  sql: 'select id, total from orders where customer = $1 and total >= $2 order by id;',
  parameters: [
    { name: 'customer', type: 'string', description: 'e.g. customer-3' },
    { name: 'minTotal', type: 'number' },
  ],
};

describe('a custom database’s queries as tools', () => {
  it('offers one tool per query, its parameters as the input schema', async () => {
    const db = await aDatabase(t, adminId, { name: 'crm_schema', queries: [byCustomer] });
    const tools = customDatabaseTools(t, db);
    expect(tools.map((tool) => tool.name)).toEqual(['crm_schema_orders_by_customer']);
    expect(tools[0]?.kind).toBe('database');
    expect(tools[0]?.description).toContain('A customer’s orders');
    expect(tools[0]?.inputSchema).toEqual({
      type: 'object',
      properties: {
        customer: { type: 'string', description: 'e.g. customer-3' },
        minTotal: { type: 'number' },
      },
      required: ['customer', 'minTotal'],
      additionalProperties: false,
    });
  });

  it('fills the query from the arguments, bound as parameters', async () => {
    const db = await aDatabase(t, adminId, { name: 'crm_fill', queries: [byCustomer] });
    const [tool] = customDatabaseTools(t, db);
    const result = rowsOf(await call(tool, { customer: 'customer-3', minTotal: 300 }));
    expect(result.columns).toEqual(['id', 'total']);
    expect(result.rows).toEqual([
      [203, '304.50'],
      [213, '319.50'],
      [223, '334.50'],
      [233, '349.50'],
      [243, '364.50'],
    ]);
    expect(result.truncated).toBe(false);
    // A quote in an argument is a value, never SQL.
    const injected = await call(tool, { customer: "x' or '1'='1", minTotal: 0 });
    expect(rowsOf(injected).rows).toEqual([]);
  });

  it('passes NULL for an optional parameter not given', async () => {
    const db = await aDatabase(t, adminId, {
      name: 'crm_optional',
      queries: [
        {
          name: 'count_orders',
          sql: 'select count(*) as n from orders where ($1::text is null or customer = $1)',
          parameters: [{ name: 'customer', type: 'string', required: false }],
        },
      ],
    });
    const [tool] = customDatabaseTools(t, db);
    expect(rowsOf(await call(tool, {})).rows).toEqual([[ORDER_COUNT]]);
    expect(rowsOf(await call(tool, { customer: 'customer-1' })).rows).toEqual([[25]]);
  });

  it('returns at most maxRows rows and says when there were more', async () => {
    const db = await aDatabase(t, adminId, {
      name: 'crm_cap',
      maxRows: 10,
      queries: [{ name: 'all_orders', sql: 'select id from orders order by id' }],
    });
    const [tool] = customDatabaseTools(t, db);
    const result = rowsOf(await call(tool, {}));
    expect(result.rows).toEqual(Array.from({ length: 10 }, (_, index) => [index + 1]));
    expect(result.truncated).toBe(true);
    expect(result.note).toContain('the first 10 rows of more');
  });

  it('is not truncated when exactly maxRows rows match', async () => {
    const db = await aDatabase(t, adminId, {
      name: 'crm_exact',
      maxRows: 10,
      queries: [{ name: 'ten', sql: 'select id from orders order by id limit 10' }],
    });
    const result = rowsOf(await call(customDatabaseTools(t, db)[0], {}));
    expect(result.rows).toHaveLength(10);
    expect(result.truncated).toBe(false);
    expect(result.note).toBeUndefined();
  });

  it('writes values as JSON the model can read', async () => {
    const db = await aDatabase(t, adminId, {
      name: 'crm_values',
      queries: [
        {
          name: 'one_order',
          sql: 'select id, total, placed_at, big, customer is not null as named from orders where id = $1',
          parameters: [{ name: 'id', type: 'integer' }],
        },
      ],
    });
    const result = rowsOf(await call(customDatabaseTools(t, db)[0], { id: 2 }));
    expect(result.rows).toEqual([[2, '3.00', '2024-01-01 02:00:00+00', 2, true]]);
  });

  it('checks the arguments’ types before the database sees them', async () => {
    const db = await aDatabase(t, adminId, {
      name: 'crm_types',
      queries: [
        {
          name: 'order',
          sql: 'select id from orders where id = $1 and ($2::boolean is null or $2)',
          parameters: [
            { name: 'id', type: 'integer' },
            { name: 'flag', type: 'boolean', required: false },
          ],
        },
      ],
    });
    const [tool] = customDatabaseTools(t, db);
    expect(await call(tool, { id: '5' })).toEqual({
      ok: false,
      error: '"id" must be a whole number, not "5"',
    });
    expect(await call(tool, { id: 1.5 })).toMatchObject({ ok: false });
    expect(await call(tool, { id: 5, flag: 'yes' })).toEqual({
      ok: false,
      error: '"flag" must be true or false, not "yes"',
    });
    expect(await call(tool, {})).toEqual({
      ok: false,
      error: '"id" is required: the arguments are id (integer), flag (boolean, optional)',
    });
    expect(await call(tool, { id: 5, limit: 3 })).toMatchObject({
      ok: false,
      error: expect.stringContaining('Unknown argument "limit"'),
    });
    expect(rowsOf(await call(tool, { id: 5, flag: true })).rows).toEqual([[5]]);
  });

  it('offers the model its own SQL only when allowed, capped like the queries', async () => {
    const closed = await aDatabase(t, adminId, { name: 'crm_closed', queries: [byCustomer] });
    expect(customDatabaseTools(t, closed).map((tool) => tool.name)).not.toContain('crm_closed_sql');
    const open = await aDatabase(t, adminId, { name: 'crm_open', allowModelSql: true, maxRows: 3 });
    const tools = customDatabaseTools(t, open);
    expect(tools.map((tool) => tool.name)).toEqual(['crm_open_sql']);
    const result = rowsOf(
      await call(tools[0], { sql: 'select customer, count(*) from orders group by 1 order by 1;' }),
    );
    expect(result.columns).toEqual(['customer', 'count']);
    expect(result.rows).toEqual([
      ['customer-0', 25],
      ['customer-1', 25],
      ['customer-2', 25],
    ]);
    expect(result.truncated).toBe(true);
    expect(await call(tools[0], { sql: '' })).toMatchObject({ ok: false });
  });

  it('tells the model when the query itself is wrong', async () => {
    const open = await aDatabase(t, adminId, { name: 'crm_wrong', allowModelSql: true });
    const [tool] = customDatabaseTools(t, open);
    expect(await call(tool, { sql: 'select nope from orders' })).toEqual({
      ok: false,
      error: 'The database refused the query: column "nope" does not exist',
    });
  });
});
