import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/test-app.ts';
import { asUser, expectProblem, get, post, type Caller } from '../helpers/api-requests.ts';
import { anAgent } from '../helpers/chat.ts';

// The agent's customApis, customDatabases (by name) and maxToolSteps: what CreateAgent and
// UpdateAgent take, what the agent views show, and the refusals (unknown names, clashing tools).

let t: TestApp;
let admin: Caller;

beforeEach(async () => {
  t = await createTestApp();
  admin = await asUser(t, ['CompanyAdmin']);
  await post(t, admin.token, '/api/Secrets/SetSecret', {
    name: 'CRM_DB_URL',
    value: 'postgres://reader:pw@db.example.com/crm',
  });
});
afterEach(() => t.close());

async function anApi(name: string) {
  const response = await post(t, admin.token, '/api/CustomApis/CreateApi', {
    name,
    description: `The ${name} API`,
    baseUrl: 'https://api.example.com',
  });
  expect(response.statusCode, response.body).toBe(201);
  return response.json<{ id: string }>();
}

async function aDatabase(name: string, queries: string[], allowModelSql = false) {
  const response = await post(t, admin.token, '/api/CustomDatabases/CreateDatabase', {
    name,
    connectionSecret: 'CRM_DB_URL',
    allowModelSql,
    queries: queries.map((query) => ({ name: query, sql: 'SELECT 1' })),
  });
  expect(response.statusCode, response.body).toBe(201);
  return response.json<{ id: string }>();
}

const update = (body: Record<string, unknown>) =>
  post(t, admin.token, '/api/Agents/UpdateAgent', body);

describe('an agent’s custom APIs, custom databases and maxToolSteps', () => {
  it('round-trips by name (sorted), in every view; a list given replaces, one left out stays', async () => {
    await anApi('weather');
    await anApi('get_order');
    await aDatabase('crm', ['orders_of']);
    const agent = await anAgent(t, admin.token, {
      customApis: ['weather', 'GET_ORDER'],
      customDatabases: ['crm'],
      maxToolSteps: 4,
    });
    expect(agent).toMatchObject({
      customApis: ['get_order', 'weather'],
      customDatabases: ['crm'],
      maxToolSteps: 4,
    });

    const changed = await update({
      agentId: agent.id,
      customApis: ['weather'],
      maxToolSteps: null,
    });
    expect(changed.statusCode, changed.body).toBe(200);
    expect(changed.json()).toMatchObject({
      customApis: ['weather'],
      customDatabases: ['crm'],
      maxToolSteps: null,
    });
    const renamed = await update({ agentId: agent.id, name: 'Renamed' });
    expect(renamed.json()).toMatchObject({ customApis: ['weather'], customDatabases: ['crm'] });
    const listed = await get(t, admin.token, '/api/Agents/ListAllAgents');
    expect(listed.json()).toEqual([
      expect.objectContaining({
        id: agent.id,
        customApis: ['weather'],
        customDatabases: ['crm'],
        maxToolSteps: null,
      }),
    ]);
    const emptied = await update({ agentId: agent.id, CustomApis: [], customdatabases: [] });
    expect(emptied.json()).toMatchObject({ customApis: [], customDatabases: [] });
  });

  it('refuses an unknown name (404), naming it and how to create one', async () => {
    const agent = await anAgent(t, admin.token);
    expectProblem(
      await update({ agentId: agent.id, customApis: ['nope'] }),
      404,
      'No custom API named "nope": create it first (POST /api/CustomApis/CreateApi, or airisk apis create), or see the names with GET /api/CustomApis/ListApis',
    );
    expectProblem(
      await post(t, admin.token, '/api/Agents/CreateAgent', {
        name: 'New',
        engine: 'demo',
        model: 'demo',
        customDatabases: ['nowhere'],
      }),
      404,
      /^No custom database named "nowhere": create it first \(POST \/api\/CustomDatabases\/CreateDatabase/,
    );
    // Nothing was created or changed.
    const agents = (await get(t, admin.token, '/api/Agents/ListAllAgents')).json<object[]>();
    expect(agents).toEqual([expect.objectContaining({ id: agent.id, customApis: [] })]);
  });

  it('refuses two tools of one name (409), naming both', async () => {
    await anApi('crm_orders_of');
    await aDatabase('crm', ['orders_of']);
    await aDatabase('sales', [], true);
    await anApi('SALES_SQL');
    const agent = await anAgent(t, admin.token, { customApis: ['crm_orders_of'] });
    expectProblem(
      await update({ agentId: agent.id, customDatabases: ['crm'] }),
      409,
      'Two of the agent\'s tools would be named "crm_orders_of": the custom API "crm_orders_of" and the custom database "crm" (tool "crm_orders_of"); rename one of them, or give the agent only one',
    );
    expectProblem(
      await update({ agentId: agent.id, customApis: ['SALES_SQL'], customDatabases: ['sales'] }),
      409,
      /"sales_sql": the custom API "SALES_SQL" and the custom database "sales"/,
    );
    const unchanged = (await get(t, admin.token, '/api/Agents/ListAllAgents')).json<object[]>();
    expect(unchanged).toEqual([
      expect.objectContaining({ customApis: ['crm_orders_of'], customDatabases: [] }),
    ]);
  });

  it('an edit of an API or database that would make two tools of one name names the agent', async () => {
    const api = await anApi('crm_orders_of');
    const database = await aDatabase('crm', ['customers']);
    await anAgent(t, admin.token, {
      name: 'Desk',
      customApis: ['crm_orders_of'],
      customDatabases: ['crm'],
    });
    const { queries } = (await t.store.customDatabases.findById(database.id))!;
    expectProblem(
      await post(t, admin.token, '/api/CustomDatabases/UpdateDatabase', {
        databaseId: database.id,
        queries: [...queries, { ...queries[0]!, name: 'orders_of' }],
      }),
      409,
      /^Two of agent "Desk"'s tools would be named "crm_orders_of": the custom API/,
    );
    expectProblem(
      await post(t, admin.token, '/api/CustomApis/UpdateApi', {
        apiId: api.id,
        name: 'crm_customers',
      }),
      409,
      /"crm_customers"/,
    );
    const renamed = await post(t, admin.token, '/api/CustomApis/UpdateApi', {
      apiId: api.id,
      name: 'renamed',
    });
    expect(renamed.statusCode, renamed.body).toBe(200);
    expect((await t.store.customDatabases.findById(database.id))?.queries).toEqual(queries);
  });

  it('takes maxToolSteps from 1 to 20, or null', async () => {
    const agent = await anAgent(t, admin.token);
    expectProblem(
      await update({ agentId: agent.id, maxToolSteps: 0 }),
      400,
      'maxToolSteps must be a whole number from 1 to 20',
    );
    expectProblem(
      await update({ agentId: agent.id, maxToolSteps: 21 }),
      400,
      'maxToolSteps must be a whole number from 1 to 20',
    );
    expect((await update({ agentId: agent.id, maxToolSteps: 20 })).json()).toMatchObject({
      maxToolSteps: 20,
    });
  });
});
