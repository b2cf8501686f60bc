import { once } from 'node:events';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
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

// Admin → Custom APIs through the API: CompanyAdmin only, problem details for every refusal,
// ImportOpenApi from a document, and TestApi making one real call to a loopback server (which
// the server admin allowed with AIRISK_OUTBOUND_ALLOWED_NETWORKS).

let t: TestApp;
let admin: Caller;
let orders: OrdersServer | undefined;

async function start(env: Record<string, string> = {}): Promise<void> {
  t = await createTestApp(env);
  admin = await asUser(t, ['CompanyAdmin']);
}
afterEach(async () => {
  await orders?.close();
  orders = undefined;
  await t.close();
});

interface OrdersServer {
  url: string;
  headers: IncomingHttpHeaders[];
  close(): Promise<void>;
}

/** A company API on loopback: GET /orders/{id} answers order 42, any other id a 404. */
async function startOrdersServer(): Promise<OrdersServer> {
  const headers: IncomingHttpHeaders[] = [];
  const server: Server = createServer((request, response) => {
    headers.push(request.headers);
    if (request.url === '/api/orders/42') {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ order: { id: 42, status: 'shipped' }, internal: 'x' }));
      return;
    }
    response.writeHead(404, { 'content-type': 'text/plain' }).end('No such order');
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/api`,
    headers,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

const ORDER_LOOKUP = {
  name: 'get_order',
  description: 'Looks an order up by its number',
  baseUrl: 'https://orders.example.com/api',
  path: '/orders/{orderId}',
  parameters: [{ name: 'orderId', in: 'path', type: 'integer', required: true }],
};

const create = (body: Record<string, unknown>, token = admin.token) =>
  post(t, token, '/api/CustomApis/CreateApi', body);

async function anApi(body: Record<string, unknown> = {}) {
  const response = await create({ ...ORDER_LOOKUP, ...body });
  expect(response.statusCode, response.body).toBe(201);
  return response.json<{ id: string; name: string }>();
}

describe('CreateApi, GetApi, ListApis, UpdateApi, DeleteApi', () => {
  it('creates with defaults, shows it, changes only the fields given, deletes it', async () => {
    await start();
    const api = await anApi();
    const now = iso(t.clock.nowSeconds());
    expect(api).toEqual({
      id: expect.any(String),
      ...ORDER_LOOKUP,
      method: 'GET',
      parameters: [
        {
          name: 'orderId',
          in: 'path',
          type: 'integer',
          description: '',
          required: true,
          default: null,
          fixed: false,
        },
      ],
      auth: { kind: 'none' },
      responsePath: null,
      maxResponseBytes: 65536,
      timeoutMs: 10000,
      createdAt: now,
      updatedAt: now,
      usedBy: [],
    });

    t.clock.advance(30);
    const updated = await post(t, admin.token, '/api/CustomApis/UpdateApi', {
      apiId: api.id,
      responsePath: '$.order',
      timeoutMs: 2000,
    });
    expect(updated.statusCode, updated.body).toBe(200);
    expect(updated.json()).toEqual({
      ...api,
      responsePath: '$.order',
      timeoutMs: 2000,
      updatedAt: iso(t.clock.nowSeconds()),
    });
    expect((await get(t, admin.token, `/api/CustomApis/GetApi/${api.id}`)).json()).toEqual(
      updated.json(),
    );
    expect((await get(t, admin.token, '/api/CustomApis/ListApis')).json()).toEqual([
      updated.json(),
    ]);

    // The log is newest first; within one second its order is not the events'.
    t.clock.advance(1);
    const deleted = await del(t, admin.token, `/api/CustomApis/DeleteApi/${api.id}`);
    expect(deleted.statusCode, deleted.body).toBe(204);
    expectProblem(await get(t, admin.token, `/api/CustomApis/GetApi/${api.id}`), 404);
    expectProblem(await del(t, admin.token, `/api/CustomApis/DeleteApi/${api.id}`), 404);
    const logs = await get(t, admin.token, '/api/Logs/ListLogs?results=10');
    expect(
      logs
        .json<{ event: string; userId: string }[]>()
        .filter((entry) => entry.event.startsWith('custom_api_'))
        .map((entry) => [entry.event, entry.userId]),
    ).toEqual([
      ['custom_api_deleted', admin.user.id],
      ['custom_api_updated', admin.user.id],
      ['custom_api_created', admin.user.id],
    ]);
  });

  it('names auth secrets, never values, and binds request names in any case', async () => {
    await start();
    await post(t, admin.token, '/api/Secrets/SetSecret', {
      name: 'ORDERS_KEY',
      value: 'sk-orders-value-123',
    });
    const { parameters: _, ...lookup } = ORDER_LOOKUP;
    const created = await create({
      ...lookup,
      AUTH: { Kind: 'apiKey', IN: 'header', name: 'X-API-Key', SECRET: 'ORDERS_KEY' },
      Parameters: [{ NAME: 'orderId', In: 'path', type: 'integer' }],
    });
    expect(created.statusCode, created.body).toBe(201);
    expect(created.json()).toMatchObject({
      auth: { kind: 'apiKey', in: 'header', name: 'X-API-Key', secret: 'ORDERS_KEY' },
      parameters: [{ name: 'orderId', in: 'path' }],
    });
    expect(created.body).not.toContain('sk-orders-value');
  });

  it('refuses what is not valid (400) saying what to fix, unknown secrets (404), taken names (409)', async () => {
    await start();
    const bad = async (body: Record<string, unknown>, detail: string | RegExp, status = 400) =>
      expectProblem(await create({ ...ORDER_LOOKUP, ...body }), status, detail);
    await bad({ name: undefined }, 'name is required');
    await bad({ description: undefined }, 'description is required');
    await bad({ name: '1 order' }, /^name must be 1 to 64 letters, digits/);
    await bad({ baseUrl: 'ftp://orders.example.com' }, /baseUrl/);
    await bad({ method: 'TRACE' }, 'method must be one of: GET, POST, PUT, PATCH, DELETE');
    await bad({ parameters: [] }, /^The path names \{orderId\}: declare it as a parameter/);
    await bad(
      { parameters: [{ name: 'orderId', in: 'cookie', type: 'string' }] },
      'parameters.0.in must be one of: path, query, header, body',
    );
    await bad({ timeoutMs: 120_000 }, 'timeoutMs must be a whole number from 100 to 60000');
    await bad({ responsePath: '$[' }, /^responsePath must be a JSONPath \(RFC 9535\)/);
    await bad({ auth: { kind: 'bearer' } }, /auth\.secret/);
    await bad({ auth: { kind: 'magic' } }, /^auth\.kind must be one of: none, apiKey, basic/);
    await bad(
      { auth: { kind: 'bearer', secret: 'NOPE' } },
      /^No custom secret named "NOPE": create it first/,
      404,
    );
    await anApi();
    await bad({ name: 'GET_ORDER' }, /GET_ORDER|get_order/, 409);
    expectProblem(
      await post(t, admin.token, '/api/CustomApis/UpdateApi', { apiId: 'nope', timeoutMs: 500 }),
      404,
    );
  });

  it('is for CompanyAdmins only: 401 without a token, 403 for every other role', async () => {
    await start();
    const api = await anApi();
    const user = await asUser(t, ['User', 'Monitor', 'Compliance']);
    const calls = (token: string) => [
      get(t, token, '/api/CustomApis/ListApis'),
      get(t, token, `/api/CustomApis/GetApi/${api.id}`),
      create({ ...ORDER_LOOKUP, name: 'other' }, token),
      post(t, token, '/api/CustomApis/UpdateApi', { apiId: api.id }),
      del(t, token, `/api/CustomApis/DeleteApi/${api.id}`),
      post(t, token, '/api/CustomApis/ImportOpenApi', { document: OPENAPI }),
      post(t, token, '/api/CustomApis/TestApi', { apiId: api.id, arguments: { orderId: 42 } }),
    ];
    for (const response of await Promise.all(calls(user.token))) {
      expectRoleDenied(response);
    }
    for (const response of await Promise.all(calls('not-a-token'))) {
      expectProblem(response, 401);
    }
  });

  it('refuses to delete an API an agent may call (409, naming the agent)', async () => {
    await start();
    const api = await anApi();
    const agent = await anAgent(t, admin.token, { name: 'Order desk', customApis: ['get_order'] });
    expectProblem(
      await del(t, admin.token, `/api/CustomApis/DeleteApi/${api.id}`),
      409,
      /^Custom API "get_order" is a tool of "Order desk": take it from those agents first/,
    );
    expect((await get(t, admin.token, `/api/CustomApis/GetApi/${api.id}`)).json()).toMatchObject({
      usedBy: [{ id: agent.id, name: 'Order desk' }],
    });
  });
});

const OPENAPI = {
  openapi: '3.0.3',
  info: { title: 'Orders', version: '1' },
  servers: [{ url: 'https://orders.example.com/api' }],
  paths: {
    '/orders/{orderId}': {
      get: {
        operationId: 'getOrder',
        summary: 'One order',
        parameters: [{ name: 'orderId', in: 'path', required: true, schema: { type: 'integer' } }],
      },
    },
    '/orders': {
      get: {
        operationId: 'listOrders',
        summary: 'Recent orders',
        parameters: [{ name: 'limit', in: 'query', schema: { type: 'integer' } }],
      },
      post: { operationId: 'createOrder', summary: 'Places an order' },
    },
  },
};

describe('POST /api/CustomApis/ImportOpenApi', () => {
  const importing = (body: Record<string, unknown>) =>
    post(t, admin.token, '/api/CustomApis/ImportOpenApi', body);

  it('dryRun shows what would be created (200) and creates nothing', async () => {
    await start();
    const dry = await importing({
      document: OPENAPI,
      operations: ['getOrder', 'get /orders'],
      dryRun: true,
    });
    expect(dry.statusCode, dry.body).toBe(200);
    expect(dry.json()).toEqual([
      expect.objectContaining({
        name: 'getOrder',
        method: 'GET',
        path: '/orders/{orderId}',
        baseUrl: 'https://orders.example.com/api',
        parameters: [expect.objectContaining({ name: 'orderId', in: 'path', type: 'integer' })],
      }),
      expect.objectContaining({ name: 'listOrders', path: '/orders' }),
    ]);
    expect(dry.json<object[]>()[0]).not.toHaveProperty('id');
    expect((await get(t, admin.token, '/api/CustomApis/ListApis')).json()).toEqual([]);
  });

  it('creates the operations picked (201), from YAML text too, with the auth and base URL given', async () => {
    await start();
    await post(t, admin.token, '/api/Secrets/SetSecret', { name: 'ORDERS_TOKEN', value: 'tok' });
    const yaml = [
      'openapi: 3.0.3',
      'info: {title: Orders, version: "1"}',
      'paths:',
      '  /orders/{orderId}:',
      '    get:',
      '      operationId: getOrder',
      '      parameters:',
      '        - {name: orderId, in: path, required: true, schema: {type: integer}}',
      '  /orders:',
      '    get: {operationId: listOrders}',
    ].join('\n');
    const created = await importing({
      document: yaml,
      operations: ['getOrder'],
      baseUrl: 'https://eu.orders.example.com/v2',
      auth: { kind: 'bearer', secret: 'ORDERS_TOKEN' },
    });
    expect(created.statusCode, created.body).toBe(201);
    expect(created.json()).toEqual([
      expect.objectContaining({
        id: expect.any(String),
        name: 'getOrder',
        baseUrl: 'https://eu.orders.example.com/v2',
        auth: { kind: 'bearer', secret: 'ORDERS_TOKEN' },
        usedBy: [],
      }),
    ]);
    expect(
      (await get(t, admin.token, '/api/CustomApis/ListApis')).json<{ name: string }[]>(),
    ).toEqual([expect.objectContaining({ name: 'getOrder' })]);
  });

  it('refuses an unknown operation, a document that is not OpenAPI, and a name taken', async () => {
    await start();
    expectProblem(
      await importing({ document: OPENAPI, operations: ['nope'] }),
      400,
      /^The document has no operation "nope"; it has getOrder, listOrders, createOrder/,
    );
    expectProblem(await importing({ document: 'just: text' }), 400);
    await anApi({ name: 'getOrder' });
    expectProblem(await importing({ document: OPENAPI }), 409, /getOrder/);
    // All or none: listOrders was not created either.
    expect((await get(t, admin.token, '/api/CustomApis/ListApis')).json()).toHaveLength(1);
  });

  it('dryRun lists a document already partly imported, marking the names taken (nameTaken)', async () => {
    await start();
    await anApi({ name: 'GETORDER' });
    const dry = await importing({ document: OPENAPI, dryRun: true });
    expect(dry.statusCode, dry.body).toBe(200);
    expect(
      dry.json<{ name: string; nameTaken: boolean }[]>().map((api) => [api.name, api.nameTaken]),
    ).toEqual([
      ['getOrder', true],
      ['listOrders', false],
      ['createOrder', false],
    ]);
    expect((await get(t, admin.token, '/api/CustomApis/ListApis')).json()).toHaveLength(1);
  });
});

describe('POST /api/CustomApis/TestApi', () => {
  it('makes one real call and answers what the model would get, a failure included', async () => {
    await start({ AIRISK_OUTBOUND_ALLOWED_NETWORKS: '127.0.0.1/32' });
    orders = await startOrdersServer();
    const api = await anApi({ baseUrl: orders.url, responsePath: '$.order' });

    const found = await post(t, admin.token, '/api/CustomApis/TestApi', {
      apiid: api.id,
      Arguments: { orderId: 42 },
    });
    expect(found.statusCode, found.body).toBe(200);
    expect(found.json()).toEqual({
      ok: true,
      result: expect.stringContaining('"shipped"'),
      error: null,
      durationMs: expect.any(Number),
    });
    expect(found.json<{ result: string }>().result).not.toContain('internal');

    const missing = await post(t, admin.token, '/api/CustomApis/TestApi', {
      apiId: api.id,
      arguments: { orderId: 7 },
    });
    expect(missing.json()).toMatchObject({
      ok: false,
      result: null,
      error: expect.stringMatching(/^The API answered 404/),
    });
    expectProblem(
      await post(t, admin.token, '/api/CustomApis/TestApi', { apiId: 'nope', arguments: {} }),
      404,
    );
  });

  it('refuses a loopback address the server admin did not allow, calling nothing', async () => {
    await start();
    orders = await startOrdersServer();
    const api = await anApi({ baseUrl: orders.url });
    const refused = await post(t, admin.token, '/api/CustomApis/TestApi', {
      apiId: api.id,
      arguments: { orderId: 42 },
    });
    expect(refused.statusCode).toBe(200);
    expect(refused.json()).toMatchObject({ ok: false, error: expect.any(String) });
    expect(orders.headers).toEqual([]);
  });
});
