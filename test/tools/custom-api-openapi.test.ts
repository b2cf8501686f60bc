import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { aServer, aWorld, call, json, type World } from './custom-api-fixture.ts';
import { importOpenApi } from '../../src/tools/custom-apis/import-openapi.ts';
import { listCustomApis } from '../../src/tools/custom-apis/custom-apis.ts';

const ORDERS_YAML = `
openapi: 3.0.3
info: { title: Orders, version: '1' }
servers:
  - url: https://{region}.api.example.com/v2
    variables: { region: { default: eu } }
paths:
  /orders/{orderId}:
    parameters:
      - { name: orderId, in: path, required: true, schema: { type: string } }
    get:
      operationId: getOrder
      summary: Get an order
      description: With its lines.
      parameters:
        - $ref: '#/components/parameters/Expand'
        - { name: session, in: cookie, schema: { type: string } }
      responses: { '200': { description: ok } }
    delete:
      summary: Cancel an order
      responses: { '204': { description: gone } }
  /orders:
    get:
      operationId: listOrders
      parameters:
        - { name: limit, in: query, schema: { type: integer, default: 20 } }
        - { name: Accept, in: header, schema: { type: string } }
      responses: { '200': { description: ok } }
    post:
      operationId: create order!
      requestBody:
        content:
          application/json:
            schema: { $ref: '#/components/schemas/NewOrder' }
      responses: { '201': { description: created } }
components:
  parameters:
    Expand: { name: expand, in: query, schema: { type: array, items: { type: string } } }
  schemas:
    NewOrder:
      type: object
      required: [item]
      properties:
        item: { type: string, description: What is ordered }
        quantity: { type: integer, default: 1 }
`;

let world: World;

beforeEach(async () => {
  world = await aWorld();
});

afterEach(async () => {
  await world.t.close();
});

describe('importing an OpenAPI 3 document', () => {
  it('dry-runs every operation: named, described, with the first server, saving nothing', async () => {
    const result = await importOpenApi(world.t, { document: ORDERS_YAML, dryRun: true });

    expect(result.dryRun).toBe(true);
    expect(result.apis.map((api) => [api.name, api.method, api.path, api.baseUrl])).toEqual([
      ['getOrder', 'GET', '/orders/{orderId}', 'https://eu.api.example.com/v2'],
      ['DELETE_orders_orderId', 'DELETE', '/orders/{orderId}', 'https://eu.api.example.com/v2'],
      ['listOrders', 'GET', '/orders', 'https://eu.api.example.com/v2'],
      ['create_order', 'POST', '/orders', 'https://eu.api.example.com/v2'],
    ]);
    expect(result.apis[0]?.description).toBe('Get an order\n\nWith its lines.');
    expect(result.apis[1]?.description).toBe('Cancel an order');
    expect(result.apis).toMatchObject(Array(4).fill({ nameTaken: false }));
    expect(await listCustomApis(world.t)).toEqual([]);
  });

  it('creates the operations picked by operationId or "METHOD /path", with their parameters', async () => {
    const result = await importOpenApi(world.t, {
      document: ORDERS_YAML,
      operations: ['getOrder', 'post /orders', 'listOrders'],
    });

    expect(result.apis.map((api) => api.name)).toEqual(['getOrder', 'create_order', 'listOrders']);
    const [getOrder, createOrder, listOrders] = result.apis;
    expect(getOrder?.parameters).toEqual([
      {
        name: 'orderId',
        in: 'path',
        type: 'string',
        description: '',
        required: true,
        default: null,
        fixed: false,
      },
      {
        name: 'expand',
        in: 'query',
        type: 'array',
        description: '',
        required: false,
        default: null,
        fixed: false,
      },
    ]);
    expect(createOrder?.parameters).toEqual([
      {
        name: 'item',
        in: 'body',
        type: 'string',
        description: 'What is ordered',
        required: true,
        default: null,
        fixed: false,
      },
      {
        name: 'quantity',
        in: 'body',
        type: 'integer',
        description: '',
        required: false,
        default: 1,
        fixed: false,
      },
    ]);
    // OpenAPI ignores an Accept header parameter; the body and auth say those.
    expect(listOrders?.parameters.map((p) => p.name)).toEqual(['limit']);
    expect((await listCustomApis(world.t)).map((api) => api.name)).toEqual([
      'create_order',
      'getOrder',
      'listOrders',
    ]);
    const audit = await world.t.store.audit.list({
      event: 'custom_api_created',
      limit: 10,
      offset: 0,
    });
    expect(audit).toHaveLength(3);
  });

  it('imports an API that works, at the base URL given', async () => {
    const server = await aServer((request, response) =>
      json(response, 200, { url: request.url, body: request.body }),
    );
    try {
      const { apis } = await importOpenApi(world.t, {
        document: JSON.parse(
          JSON.stringify({
            openapi: '3.1.0',
            paths: {
              '/orders': {
                post: {
                  operationId: 'createOrder',
                  requestBody: {
                    content: {
                      'application/json': {
                        schema: { type: 'object', properties: { item: { type: 'string' } } },
                      },
                    },
                  },
                },
              },
            },
          }),
        ) as unknown,
        baseUrl: `${server.url}/shop`,
      });
      const [api] = apis;
      if (api === undefined || !('usedBy' in api)) {
        throw new Error('not created');
      }

      expect(await call(world, api, { item: 'tea' })).toEqual({
        ok: true,
        text: '{"url":"/shop/orders","body":"{\\"item\\":\\"tea\\"}"}',
      });
    } finally {
      await server.close();
    }
  });

  it('names the operations it has when one picked is not there', async () => {
    await expect(
      importOpenApi(world.t, { document: ORDERS_YAML, operations: ['GET /nowhere'] }),
    ).rejects.toThrow(
      'The document has no operation "GET /nowhere"; it has getOrder, DELETE /orders/{orderId}, listOrders, create order!',
    );
  });

  it('saves none when a name is taken, naming each one taken', async () => {
    await importOpenApi(world.t, { document: ORDERS_YAML, operations: ['listOrders'] });

    await expect(importOpenApi(world.t, { document: ORDERS_YAML })).rejects.toThrow(
      'A custom API named "listOrders" exists already: leave its operation out, or delete or rename that API first',
    );
    expect(await listCustomApis(world.t)).toHaveLength(1);

    await importOpenApi(world.t, { document: ORDERS_YAML, operations: ['getOrder'] });
    await expect(importOpenApi(world.t, { document: ORDERS_YAML })).rejects.toThrow(
      'Custom APIs named "getOrder", "listOrders" exist already: leave their operations out, or delete or rename those APIs first',
    );
    expect(await listCustomApis(world.t)).toHaveLength(2);
  });

  it('dry-runs a document already partly imported, showing the names taken in any case', async () => {
    await importOpenApi(world.t, {
      document: ORDERS_YAML.replace('operationId: listOrders', 'operationId: LISTORDERS'),
      operations: ['GET /orders'],
    });

    const result = await importOpenApi(world.t, { document: ORDERS_YAML, dryRun: true });

    expect(result.apis).toMatchObject([
      { name: 'getOrder', nameTaken: false },
      { name: 'DELETE_orders_orderId', nameTaken: false },
      { name: 'listOrders', nameTaken: true },
      { name: 'create_order', nameTaken: false },
    ]);
    expect(await listCustomApis(world.t)).toHaveLength(1);
  });

  it('refuses two operations of one document with the same name, even in a dry run', async () => {
    const document = {
      openapi: '3.0.0',
      servers: [{ url: 'https://x.example' }],
      paths: { '/a': { get: { operationId: 'same' } }, '/b': { get: { operationId: 'SAME' } } },
    };
    await expect(importOpenApi(world.t, { document, dryRun: true })).rejects.toThrow(
      'Two operations would both be the custom API "SAME"',
    );
  });

  it.each([
    [
      { swagger: '2.0', paths: {} },
      'document is Swagger (OpenAPI 2): convert it to OpenAPI 3 first',
    ],
    ['{ not: [json', 'document is neither JSON nor YAML'],
    [
      { openapi: '3.0.0', paths: { '/a': { get: {} } } },
      'Operation (GET /a): the document names no server: give baseUrl',
    ],
    [
      {
        openapi: '3.0.0',
        servers: [{ url: '/api' }],
        paths: { '/a': { get: { operationId: 'a' } } },
      },
      'Operation a (GET /a): its server URL "/api" is not absolute: give baseUrl',
    ],
    [
      {
        openapi: '3.0.0',
        servers: [{ url: 'https://x.example' }],
        paths: { '/a': { get: { parameters: [{ $ref: 'other.yaml#/p' }] } } },
      },
      '$ref "other.yaml#/p" cannot be followed',
    ],
  ])('refuses %j, saying why', async (document, message) => {
    await expect(importOpenApi(world.t, { document, dryRun: true })).rejects.toThrow(message);
  });
});
