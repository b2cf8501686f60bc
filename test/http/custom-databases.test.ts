import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/test-app.ts';
import {
  asUser,
  del,
  expectProblem,
  expectRoleDenied,
  get,
  iso,
  post,
  type Caller,
} from '../helpers/api-requests.ts';
import { anAgent } from '../helpers/chat.ts';
import { aTargetDatabase, type TargetDatabase } from '../tools/custom-database-fixture.ts';

// Admin → Custom Database through the API: CompanyAdmin only, problem details for every refusal,
// and TestDatabase against a real PostgreSQL (the test server's, in a schema of its own).

let t: TestApp;
let admin: Caller;

beforeEach(async () => {
  t = await createTestApp();
  admin = await asUser(t, ['CompanyAdmin']);
  await secret('CRM_DB_URL', 'postgres://reader:pw@db.example.com/crm');
});
afterEach(() => t.close());

const secret = async (name: string, value: string) => {
  const response = await post(t, admin.token, '/api/Secrets/SetSecret', { name, value });
  expect(response.statusCode, response.body).toBe(201);
};

const create = (body: Record<string, unknown>, token = admin.token) =>
  post(t, token, '/api/CustomDatabases/CreateDatabase', body);

const ORDERS_QUERY = {
  name: 'orders_of',
  description: 'The orders of a customer',
  sql: 'SELECT id, total FROM orders WHERE customer = $1',
  parameters: [{ name: 'customer', type: 'string' }],
};

async function aDatabase(body: Record<string, unknown> = {}) {
  const response = await create({ name: 'crm', connectionSecret: 'CRM_DB_URL', ...body });
  expect(response.statusCode, response.body).toBe(201);
  return response.json<{ id: string; name: string }>();
}

describe('CreateDatabase, GetDatabase, ListDatabases, UpdateDatabase, DeleteDatabase', () => {
  it('creates with defaults, shows it, changes only the fields given, deletes it', async () => {
    const created = await create({
      name: 'crm',
      connectionSecret: 'CRM_DB_URL',
      queries: [ORDERS_QUERY],
    });
    expect(created.statusCode, created.body).toBe(201);
    const database = created.json<{ id: string }>();
    const now = iso(t.clock.nowSeconds());
    expect(database).toEqual({
      id: expect.any(String),
      name: 'crm',
      description: '',
      engine: 'postgres',
      connectionSecret: 'CRM_DB_URL',
      queries: [
        {
          ...ORDERS_QUERY,
          parameters: [{ name: 'customer', type: 'string', description: '', required: true }],
        },
      ],
      allowModelSql: false,
      maxRows: 100,
      statementTimeoutMs: 5000,
      createdAt: now,
      updatedAt: now,
      usedBy: [],
    });
    // Never the connection string: only the secret's name.
    expect(created.body).not.toContain('db.example.com');

    t.clock.advance(60);
    const updated = await post(t, admin.token, '/api/CustomDatabases/UpdateDatabase', {
      databaseId: database.id,
      description: 'The CRM',
      allowModelSql: true,
      maxRows: 20,
    });
    expect(updated.statusCode, updated.body).toBe(200);
    expect(updated.json()).toMatchObject({
      description: 'The CRM',
      allowModelSql: true,
      maxRows: 20,
      queries: [expect.objectContaining({ name: 'orders_of' })],
      createdAt: now,
      updatedAt: iso(t.clock.nowSeconds()),
    });
    const shown = await get(t, admin.token, `/api/CustomDatabases/GetDatabase/${database.id}`);
    expect(shown.json()).toEqual(updated.json());
    const listed = await get(t, admin.token, '/api/CustomDatabases/ListDatabases');
    expect(listed.json()).toEqual([updated.json()]);

    const deleted = await del(t, admin.token, `/api/CustomDatabases/DeleteDatabase/${database.id}`);
    expect(deleted.statusCode, deleted.body).toBe(204);
    expectProblem(
      await get(t, admin.token, `/api/CustomDatabases/GetDatabase/${database.id}`),
      404,
      /^No custom database/,
    );
    const logs = await get(t, admin.token, '/api/Logs/ListLogs?event=custom_database_created');
    expect(logs.json()).toEqual([
      expect.objectContaining({
        userId: admin.user.id,
        details: expect.objectContaining({ name: 'crm' }),
      }),
    ]);
  });

  it('binds request names in any case', async () => {
    const created = await create({
      NAME: 'crm',
      connectionsecret: 'CRM_DB_URL',
      Queries: [
        { NAME: 'orders_of', SQL: ORDERS_QUERY.sql, Parameters: [{ Name: 'c', TYPE: 'string' }] },
      ],
    });
    expect(created.statusCode, created.body).toBe(201);
    expect(created.json()).toMatchObject({
      queries: [{ name: 'orders_of', parameters: [{ name: 'c' }] }],
    });
  });

  it('refuses what is not valid (400), naming the field', async () => {
    const base = { name: 'crm', connectionSecret: 'CRM_DB_URL' };
    expectProblem(await create({ connectionSecret: 'CRM_DB_URL' }), 400, 'name is required');
    expectProblem(await create({ name: 'crm' }), 400, 'connectionSecret is required');
    expectProblem(await create({ ...base, name: '1crm' }), 400, /^name "1crm" must be a letter/);
    expectProblem(
      await create({ ...base, engine: 'mysql' }),
      400,
      'engine must be one of: postgres',
    );
    expectProblem(
      await create({ ...base, maxRows: 5000 }),
      400,
      'maxRows must be a whole number from 1 to 1000',
    );
    expectProblem(
      await create({ ...base, statementTimeoutMs: 10 }),
      400,
      'statementTimeoutMs must be a whole number from 100 to 60000',
    );
    expectProblem(
      await create({ ...base, queries: [{ ...ORDERS_QUERY, parameters: [] }] }),
      400,
      /^queries\[0\] \("orders_of"\)/,
    );
    expectProblem(
      await create({ ...base, queries: [{ ...ORDERS_QUERY, name: 'sql' }] }),
      400,
      /^queries\[0\]\.name may not be "sql"/,
    );
    expectProblem(
      await create({ ...base, queries: [{ ...ORDERS_QUERY, typo: 1 }] }),
      400,
      /^Unknown field queries\.0\.typo/,
    );
    expectProblem(
      await create({ ...base, connectionSecret: 'NOPE' }),
      404,
      /^No custom secret named "NOPE": create it first/,
    );
    await aDatabase();
    expectProblem(await create({ ...base, name: 'CRM' }), 409, /already exists/);
    expectProblem(
      await post(t, admin.token, '/api/CustomDatabases/UpdateDatabase', {
        databaseId: 'nope',
        description: 'x',
      }),
      404,
    );
  });

  it('is for CompanyAdmins only: 401 without a token, 403 for every other role', async () => {
    const database = await aDatabase();
    const user = await asUser(t, ['User', 'Monitor', 'Compliance']);
    const calls = (token: string) => [
      get(t, token, '/api/CustomDatabases/ListDatabases'),
      get(t, token, `/api/CustomDatabases/GetDatabase/${database.id}`),
      create({ name: 'other', connectionSecret: 'CRM_DB_URL' }, token),
      post(t, token, '/api/CustomDatabases/UpdateDatabase', { databaseId: database.id }),
      del(t, token, `/api/CustomDatabases/DeleteDatabase/${database.id}`),
      post(t, token, '/api/CustomDatabases/TestDatabase', { databaseId: database.id }),
    ];
    for (const response of await Promise.all(calls(user.token))) {
      expectRoleDenied(response);
    }
    for (const response of await Promise.all(calls('not-a-token'))) {
      expectProblem(response, 401);
    }
  });

  it('refuses to delete a database an agent uses (409, naming it), then deletes it', async () => {
    const database = await aDatabase({ queries: [ORDERS_QUERY] });
    const agent = await anAgent(t, admin.token, { name: 'Sales helper', customDatabases: ['crm'] });
    const url = `/api/CustomDatabases/DeleteDatabase/${database.id}`;
    expectProblem(await del(t, admin.token, url), 409, /"Sales helper"/);
    expect(
      (await get(t, admin.token, `/api/CustomDatabases/GetDatabase/${database.id}`)).json(),
    ).toMatchObject({ usedBy: [{ id: agent.id, name: 'Sales helper' }] });
    await post(t, admin.token, '/api/Agents/UpdateAgent', {
      agentId: agent.id,
      customDatabases: [],
    });
    expect((await del(t, admin.token, url)).statusCode).toBe(204);
    expectProblem(await del(t, admin.token, url), 404);
  });
});

describe('POST /api/CustomDatabases/TestDatabase', () => {
  let target: TargetDatabase | undefined;
  afterEach(async () => {
    await target?.drop();
    target = undefined;
  });

  it('connects, plans the queries, and warns of a role that could write', async () => {
    target = await aTargetDatabase({ canWrite: true });
    await secret('TARGET_URL', target.url);
    const database = await aDatabase({
      name: 'target',
      connectionSecret: 'TARGET_URL',
      queries: [ORDERS_QUERY],
    });
    const tested = await post(t, admin.token, '/api/CustomDatabases/TestDatabase', {
      databaseid: database.id,
    });
    expect(tested.statusCode, tested.body).toBe(200);
    const answer = tested.json<{ ok: boolean; error: string | null; warnings: string[] }>();
    expect(answer).toMatchObject({ ok: true, error: null });
    expect(answer.warnings.join(' ')).toMatch(/INSERT|UPDATE|DELETE/);
    expect(tested.body).not.toContain(target.password);
  });

  it('answers ok false, saying why, when a query does not plan or the server is unreachable', async () => {
    target = await aTargetDatabase();
    await secret('TARGET_URL', target.url);
    const broken = await aDatabase({
      name: 'target',
      connectionSecret: 'TARGET_URL',
      queries: [{ ...ORDERS_QUERY, sql: 'SELECT nope FROM orders WHERE customer = $1' }],
    });
    const planned = await post(t, admin.token, '/api/CustomDatabases/TestDatabase', {
      databaseId: broken.id,
    });
    expect(planned.json()).toMatchObject({ ok: false, error: expect.stringMatching(/nope/) });

    await secret('DOWN_URL', 'postgres://reader:pw@127.0.0.1:9/none');
    const down = await aDatabase({ name: 'down', connectionSecret: 'DOWN_URL' });
    const unreachable = await post(t, admin.token, '/api/CustomDatabases/TestDatabase', {
      databaseId: down.id,
    });
    expect(unreachable.statusCode).toBe(200);
    expect(unreachable.json()).toMatchObject({
      ok: false,
      error: expect.any(String),
      warnings: [],
    });
    expectProblem(
      await post(t, admin.token, '/api/CustomDatabases/TestDatabase', { databaseId: 'nope' }),
      404,
    );
  });
});
