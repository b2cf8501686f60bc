import { post } from '../helpers/api-requests.ts';
import { get, postJson, unique, type Prepare, type Sent, type World } from './case-world.ts';
import { freshSecret } from './server-admin-cases.ts';

// The request cases of Admin → Custom APIs and Custom Database, in the form of request-cases.ts,
// and the agent fields that name them. The property tests' apps allow no private address, so
// TestApi's call to the loopback fake provider is refused, the same way for every spelling.

/** A name the tools accept, unique to this preparation. */
const toolName = (prefix: string) => unique(prefix).replace(/[^A-Za-z0-9_]/g, '_');

/** Every field of a custom API, `secret` naming its key. */
const everyApiField = (w: World, name: string, secret: string) => ({
  name,
  description: 'Looks an order up',
  baseUrl: `${w.fake.origin}/api`,
  method: 'GET',
  path: '/orders/{orderId}',
  parameters: [
    { name: 'orderId', in: 'path', type: 'integer', description: 'The order', required: true },
    { name: 'tenant', in: 'header', type: 'string', default: 'acme', fixed: true },
  ],
  auth: { kind: 'apiKey', in: 'header', name: 'X-API-Key', secret },
  responsePath: '$.order',
  maxResponseBytes: 4096,
  timeoutMs: 2000,
});

/** Every field of a custom database, `secret` naming its connection string. */
const everyDatabaseField = (name: string, secret: string) => ({
  name,
  description: 'The CRM',
  engine: 'postgres',
  connectionSecret: secret,
  queries: [
    {
      name: 'orders_of',
      description: 'A customer’s orders',
      sql: 'SELECT id FROM orders WHERE customer = $1',
      parameters: [{ name: 'customer', type: 'string', description: 'Who', required: true }],
    },
  ],
  allowModelSql: true,
  maxRows: 10,
  statementTimeoutMs: 1000,
});

/** A new custom API's id and name. */
export async function freshApi(w: World): Promise<{ id: string; name: string; secret: string }> {
  const name = toolName('case_api_');
  const secret = await freshSecret(w);
  const response = await post(w.t, w.admin.token, '/api/CustomApis/CreateApi', {
    ...everyApiField(w, name, secret),
  });
  return { id: response.json<{ id: string }>().id, name, secret };
}

/** A new custom database's id and name; its server refuses connections. */
export async function freshDatabase(
  w: World,
): Promise<{ id: string; name: string; secret: string }> {
  const name = toolName('case_db_');
  const secret = await freshSecret(w);
  await post(w.t, w.admin.token, '/api/Secrets/SetSecret', {
    name: secret,
    value: 'postgres://reader:pw@127.0.0.1:9/none',
  });
  const response = await post(w.t, w.admin.token, '/api/CustomDatabases/CreateDatabase', {
    ...everyDatabaseField(name, secret),
  });
  return { id: response.json<{ id: string }>().id, name, secret };
}

/** The agent fields naming tools (a fresh API and database), and the names made up for them. */
export async function everyAgentToolField(w: World) {
  const api = await freshApi(w);
  const database = await freshDatabase(w);
  return {
    fields: { customApis: [api.name], customDatabases: [database.name], maxToolSteps: 3 },
    made: { apiName: api.name, databaseName: database.name },
  };
}

/** An OpenAPI document with one operation of a fresh id. */
function openApiDocument(w: World, operationId: string) {
  return {
    openapi: '3.0.3',
    info: { title: 'Orders', version: '1' },
    paths: {
      '/orders/{orderId}': {
        get: {
          operationId,
          summary: 'One order',
          parameters: [
            { name: 'orderId', in: 'path', required: true, schema: { type: 'integer' } },
          ],
        },
      },
    },
    servers: [{ url: `${w.fake.origin}/api` }],
  };
}

const importing =
  (dryRun: boolean): Prepare =>
  async (w) => {
    const operationId = toolName('case_op_');
    const secret = await freshSecret(w);
    const body = {
      document: openApiDocument(w, operationId),
      operations: [operationId],
      baseUrl: `${w.fake.origin}/v2`,
      auth: { kind: 'bearer', secret },
      dryRun,
    };
    return {
      ...postJson('/api/CustomApis/ImportOpenApi', w.admin.token, body),
      made: { operationId, secret },
    };
  };

const deleting = (url: string, id: string, token: string): Sent => ({
  method: 'DELETE',
  url: `${url}/${id}`,
  token,
});

export const CUSTOM_TOOLS_CASES: Record<string, Prepare[]> = {
  'GET /api/CustomApis/ListApis': [async (w) => get('/api/CustomApis/ListApis', w.admin.token)],
  'GET /api/CustomApis/GetApi/{apiId}': [
    async (w) => {
      const { id, name, secret } = await freshApi(w);
      return { ...get(`/api/CustomApis/GetApi/${id}`, w.admin.token), made: { name, secret } };
    },
  ],
  'POST /api/CustomApis/CreateApi': [
    async (w) => {
      const name = toolName('created_api_');
      const secret = await freshSecret(w);
      const body = everyApiField(w, name, secret);
      return {
        ...postJson('/api/CustomApis/CreateApi', w.admin.token, body),
        made: { name, secret },
      };
    },
  ],
  'POST /api/CustomApis/UpdateApi': [
    async (w) => {
      const api = await freshApi(w);
      const name = toolName('updated_api_');
      const body = { apiId: api.id, ...everyApiField(w, name, api.secret), timeoutMs: 3000 };
      return {
        ...postJson('/api/CustomApis/UpdateApi', w.admin.token, body),
        made: { name, secret: api.secret },
      };
    },
  ],
  'DELETE /api/CustomApis/DeleteApi/{apiId}': [
    async (w) => deleting('/api/CustomApis/DeleteApi', (await freshApi(w)).id, w.admin.token),
  ],
  'POST /api/CustomApis/ImportOpenApi': [importing(true), importing(false)],
  'POST /api/CustomApis/TestApi': [
    async (w) => {
      const { id, name } = await freshApi(w);
      const body = { apiId: id, arguments: { orderId: 42 } };
      return { ...postJson('/api/CustomApis/TestApi', w.admin.token, body), made: { name } };
    },
  ],
  'GET /api/CustomDatabases/ListDatabases': [
    async (w) => get('/api/CustomDatabases/ListDatabases', w.admin.token),
  ],
  'GET /api/CustomDatabases/GetDatabase/{databaseId}': [
    async (w) => {
      const { id, name, secret } = await freshDatabase(w);
      const url = `/api/CustomDatabases/GetDatabase/${id}`;
      return { ...get(url, w.admin.token), made: { name, secret } };
    },
  ],
  'POST /api/CustomDatabases/CreateDatabase': [
    async (w) => {
      const name = toolName('created_db_');
      const secret = await freshSecret(w);
      const body = everyDatabaseField(name, secret);
      const url = '/api/CustomDatabases/CreateDatabase';
      return { ...postJson(url, w.admin.token, body), made: { name, secret } };
    },
  ],
  'POST /api/CustomDatabases/UpdateDatabase': [
    async (w) => {
      const database = await freshDatabase(w);
      const name = toolName('updated_db_');
      const body = { databaseId: database.id, ...everyDatabaseField(name, database.secret) };
      const url = '/api/CustomDatabases/UpdateDatabase';
      return { ...postJson(url, w.admin.token, body), made: { name, secret: database.secret } };
    },
  ],
  'DELETE /api/CustomDatabases/DeleteDatabase/{databaseId}': [
    async (w) =>
      deleting('/api/CustomDatabases/DeleteDatabase', (await freshDatabase(w)).id, w.admin.token),
  ],
  'POST /api/CustomDatabases/TestDatabase': [
    async (w) => {
      const { id, name, secret } = await freshDatabase(w);
      const body = { databaseId: id };
      const url = '/api/CustomDatabases/TestDatabase';
      return { ...postJson(url, w.admin.token, body), made: { name, secret } };
    },
  ],
};
