import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  aServer,
  anApi,
  aWorld,
  call,
  json,
  type TestServer,
  type World,
} from './custom-api-fixture.ts';
import { customApiTool } from '../../src/tools/custom-apis/custom-api-tool.ts';
import type { ApiParameterInput } from '../../src/tools/custom-apis/parameter-input.ts';

let world: World;
let server: TestServer;

beforeEach(async () => {
  world = await aWorld();
  server = await aServer((_, response) => json(response, 200, { ok: true }));
});

afterEach(async () => {
  await server.close();
  await world.t.close();
});

const ORDER_PARAMETERS: ApiParameterInput[] = [
  { name: 'id', in: 'path', type: 'string', description: 'The order id' },
  { name: 'expand', in: 'query', type: 'array' },
  { name: 'limit', in: 'query', type: 'integer', default: 10 },
  { name: 'tenant', in: 'query', default: 'acme', fixed: true },
  { name: 'X-Trace', in: 'header' },
  { name: 'note', in: 'body', required: true },
  { name: 'tags', in: 'body', type: 'array' },
];

describe('a custom API call builds its request from the model arguments', () => {
  it('puts each parameter where the admin said, with fixed values and defaults', async () => {
    const api = await anApi(world, {
      baseUrl: `${server.url}/v1/`,
      method: 'POST',
      path: '/orders/{id}',
      parameters: ORDER_PARAMETERS,
    });

    const output = await call(world, api, {
      id: 'A-1',
      expand: ['items', 'customer'],
      'X-Trace': 't-9',
      note: 'rush',
      tags: ['a'],
    });

    expect(output).toEqual({ ok: true, text: '{"ok":true}' });
    const [request] = server.seen;
    expect(request?.method).toBe('POST');
    expect(request?.url).toBe('/v1/orders/A-1?expand=items&expand=customer&limit=10&tenant=acme');
    expect(request?.headers['x-trace']).toBe('t-9');
    expect(request?.headers['content-type']).toBe('application/json');
    expect(JSON.parse(request?.body ?? '')).toEqual({ note: 'rush', tags: ['a'] });
  });

  it('tells the model of the parameters it may set, not the fixed ones', async () => {
    const api = await anApi(world, {
      baseUrl: server.url,
      path: '/orders/{id}',
      parameters: ORDER_PARAMETERS,
    });

    expect(customApiTool(world.deps, api).inputSchema).toEqual({
      type: 'object',
      properties: {
        id: { type: 'string', description: 'The order id' },
        expand: { type: 'array', items: {} },
        limit: { type: 'integer', default: 10 },
        'X-Trace': { type: 'string' },
        note: { type: 'string' },
        tags: { type: 'array', items: {} },
      },
      required: ['id', 'note'],
      additionalProperties: false,
    });
  });

  it('ignores a model that tries to set a fixed parameter: it is an unknown argument', async () => {
    const api = await anApi(world, {
      baseUrl: server.url,
      parameters: [{ name: 'tenant', in: 'query', default: 'acme', fixed: true }],
    });

    expect(await call(world, api, { tenant: 'evil' })).toEqual({
      ok: false,
      error: 'Unknown argument "tenant": it takes none',
    });
    expect(server.seen).toEqual([]);
  });

  it('percent-encodes a path value so it stays one segment of the same host', async () => {
    const api = await anApi(world, {
      baseUrl: server.url,
      path: '/files/{name}',
      parameters: [{ name: 'name', in: 'path' }],
    });

    await call(world, api, { name: '../a/b?x=1#f @evil.example' });

    expect(server.seen[0]?.url).toBe('/files/..%2Fa%2Fb%3Fx%3D1%23f%20%40evil.example');
  });

  it.each(['..', '.', ''])(
    'refuses the path value "%s", which would climb or empty the path',
    async (value) => {
      const api = await anApi(world, {
        baseUrl: server.url,
        path: '/files/{name}',
        parameters: [{ name: 'name', in: 'path' }],
      });

      expect(await call(world, api, { name: value })).toEqual({
        ok: false,
        error: `Argument "name" cannot be "${value}": it is a part of the URL's path`,
      });
      expect(server.seen).toEqual([]);
    },
  );

  it('answers what the model got wrong, without calling the API', async () => {
    const api = await anApi(world, {
      baseUrl: server.url,
      parameters: ORDER_PARAMETERS.filter((p) => p.in !== 'path'),
    });

    expect(await call(world, api, {})).toEqual({
      ok: false,
      error: 'Missing required argument: note',
    });
    expect(await call(world, api, { note: 'x', limit: '5' })).toEqual({
      ok: false,
      error: 'Argument "limit" must be an integer, got a string',
    });
    expect(await call(world, api, { note: 'x', limit: 2.5 })).toEqual({
      ok: false,
      error: 'Argument "limit" must be an integer, got a number',
    });
    expect(await call(world, api, { note: 'x', colour: 'red' })).toEqual({
      ok: false,
      error: 'Unknown argument "colour": it takes expand, limit, X-Trace, note, tags',
    });
    expect(await call(world, api, { note: 'x', 'X-Trace': 'a\r\nHost: evil' })).toEqual({
      ok: false,
      error:
        'Argument "X-Trace" has characters a header cannot carry (line breaks, control characters)',
    });
    expect(await call(world, api, ['note'])).toEqual({
      ok: false,
      error: 'The arguments must be a JSON object',
    });
    expect(server.seen).toEqual([]);
  });

  it('treats a null argument as left out: its default is sent', async () => {
    const api = await anApi(world, {
      baseUrl: server.url,
      parameters: [{ name: 'limit', in: 'query', type: 'integer', default: 10 }],
    });

    await call(world, api, { limit: null });

    expect(server.seen[0]?.url).toBe('/?limit=10');
  });
});
