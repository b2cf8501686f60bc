import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { aUser, createTestApp, type TestApp } from '../helpers/test-app.ts';
import { setSecret } from '../../src/secrets/custom-secrets.ts';
import { createAgent } from '../../src/chat/agents.ts';
import { ConflictError, NotFoundError, ValidationError } from '../../src/lib/errors.ts';
import {
  createCustomDatabase,
  deleteCustomDatabase,
  getCustomDatabase,
  listCustomDatabases,
  updateCustomDatabase,
} from '../../src/tools/custom-databases/custom-databases.ts';
import {
  parseCustomDatabaseInput,
  type CustomDatabaseInput,
} from '../../src/tools/custom-databases/database-input.ts';
import { placeholderNumbers } from '../../src/tools/custom-databases/sql-placeholders.ts';

// Company Admin → Custom Database: what an admin may describe, and the record it becomes. No
// database is reached here (custom-database-queries/-safety do that).

let t: TestApp;
let adminId: string;

const input = (changes: Partial<CustomDatabaseInput> = {}): CustomDatabaseInput => ({
  name: 'crm',
  connectionSecret: 'CRM_DB_URL',
  ...changes,
});

describe('parseCustomDatabaseInput', () => {
  it('fills in the defaults', () => {
    expect(parseCustomDatabaseInput(input())).toEqual({
      name: 'crm',
      description: '',
      engine: 'postgres',
      connectionSecret: 'CRM_DB_URL',
      queries: [],
      allowModelSql: false,
      maxRows: 100,
      statementTimeoutMs: 5000,
    });
  });

  it.each([
    [{ name: '1crm' }, 'name "1crm" must be a letter'],
    [{ name: 'x'.repeat(63) }, 'fits in 64 characters'],
    [{ engine: 'mysql' }, 'engine "mysql" is not supported: engines are postgres'],
    [{ maxRows: 0 }, 'maxRows must be a whole number from 1 to 1000'],
    [{ statementTimeoutMs: 50 }, 'statementTimeoutMs must be a whole number from 100 to 60000'],
    [{ connectionSecret: 'not a name' }, 'Secret names are 1 to 100 letters'],
    [{ queries: [{ name: 'sql', sql: 'select 1' }] }, 'may not be "sql"'],
    [{ queries: [{ name: 'q', sql: '  ;' }] }, 'queries[0].sql must be 1 to 20000 characters'],
    [
      {
        queries: [
          {
            name: 'q',
            sql: 'select $1, $3',
            parameters: [
              { name: 'a', type: 'string' },
              { name: 'b', type: 'string' },
            ],
          },
        ],
      },
      'queries[0] ("q"): its sql uses $1, $3 but must use exactly $1, $2, the parameters in their order',
    ],
    [
      { queries: [{ name: 'q', sql: 'select $1' }] },
      'its sql uses $1 but must use none (the query has no parameters',
    ],
    [
      { queries: [{ name: 'q', sql: 'select $1', parameters: [{ name: 'a', type: 'object' }] }] },
      'queries[0].parameters[0].type "object" is not one of string, integer, number, boolean',
    ],
    [
      {
        queries: [
          { name: 'q', sql: 'select 1' },
          { name: 'Q', sql: 'select 2' },
        ],
      },
      'Two queries are named "Q"',
    ],
    [
      { name: 'c'.repeat(40), queries: [{ name: 'q'.repeat(30), sql: 'select 1' }] },
      'would be longer than 64 characters',
    ],
    [{ name: 'c'.repeat(61), allowModelSql: true }, `"${'c'.repeat(61)}_sql" would be longer`],
  ])('refuses %j', (changes, message) => {
    expect(() => parseCustomDatabaseInput(input(changes as Partial<CustomDatabaseInput>))).toThrow(
      expect.objectContaining({
        name: 'ValidationError',
        message: expect.stringContaining(message),
      }),
    );
  });

  it('finds the placeholders in code only, not in strings or comments', () => {
    expect(
      placeholderNumbers(
        `select $2, '$7', "$8", $$ $9 $$, $q$ $9 $q$ -- $9\n /* $9 */ from t where a = $1`,
      ),
    ).toEqual([1, 2]);
  });
});

describe('custom databases, created and changed', () => {
  beforeEach(async () => {
    t = await createTestApp();
    adminId = (await aUser(t, { roles: ['CompanyAdmin'] })).id;
    await setSecret(t, { name: 'CRM_DB_URL', value: 'postgres://reader:pw@db.example/crm' });
  });

  afterEach(() => t.close());

  it('creates one, lists it, and records who did', async () => {
    const created = await createCustomDatabase(t, adminId, input({ description: 'The CRM' }));
    expect(created).toMatchObject({ name: 'crm', description: 'The CRM', usedBy: [] });
    expect(await getCustomDatabase(t, created.id)).toEqual(created);
    expect((await listCustomDatabases(t)).map((db) => db.name)).toEqual(['crm']);
    const [event] = await t.store.audit.list({
      limit: 1,
      offset: 0,
      event: 'custom_database_created',
    });
    expect(event).toMatchObject({
      userId: adminId,
      details: { databaseId: created.id, name: 'crm' },
    });
  });

  it('refuses an unknown secret and a name taken in any case', async () => {
    await expect(
      createCustomDatabase(t, adminId, input({ connectionSecret: 'NOPE' })),
    ).rejects.toThrow(NotFoundError);
    await createCustomDatabase(t, adminId, input());
    await expect(createCustomDatabase(t, adminId, input({ name: 'CRM' }))).rejects.toThrow(
      ConflictError,
    );
  });

  it('changes only what is given', async () => {
    const created = await createCustomDatabase(
      t,
      adminId,
      input({ queries: [{ name: 'q', sql: 'select 1' }], maxRows: 20 }),
    );
    const updated = await updateCustomDatabase(t, adminId, created.id, {
      description: 'Now described',
      allowModelSql: true,
    });
    expect(updated).toMatchObject({
      description: 'Now described',
      allowModelSql: true,
      maxRows: 20,
      queries: [{ name: 'q', sql: 'select 1', parameters: [], description: '' }],
    });
    await expect(
      updateCustomDatabase(t, adminId, created.id, { connectionSecret: 'NOPE' }),
    ).rejects.toThrow(NotFoundError);
    await expect(updateCustomDatabase(t, adminId, created.id, { maxRows: 5000 })).rejects.toThrow(
      ValidationError,
    );
    const [event] = await t.store.audit.list({
      limit: 1,
      offset: 0,
      event: 'custom_database_updated',
    });
    expect(event?.details).toEqual({
      databaseId: created.id,
      changed: ['allowModelSql', 'description'],
    });
  });

  it('is not deleted while an agent may query it, and names that agent', async () => {
    const db = await createCustomDatabase(t, adminId, input());
    const agent = await createAgent(t, { name: 'Sales helper', engine: 'demo', model: 'demo' });
    await t.store.agentTools.set(agent.id, { customApiIds: [], customDatabaseIds: [db.id] });
    expect((await getCustomDatabase(t, db.id)).usedBy).toEqual([
      { id: agent.id, name: 'Sales helper' },
    ]);
    await expect(deleteCustomDatabase(t, adminId, db.id)).rejects.toThrow(
      /"crm" is a tool of "Sales helper": take it off those agents first/,
    );
    await t.store.agentTools.set(agent.id, { customApiIds: [], customDatabaseIds: [] });
    await deleteCustomDatabase(t, adminId, db.id);
    await expect(getCustomDatabase(t, db.id)).rejects.toThrow(NotFoundError);
    await expect(deleteCustomDatabase(t, adminId, db.id)).rejects.toThrow(NotFoundError);
  });
});
