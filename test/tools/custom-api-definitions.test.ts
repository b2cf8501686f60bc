import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { aSecret, aServer, anApi, aWorld, json, type World } from './custom-api-fixture.ts';
import {
  deleteCustomApi,
  getCustomApi,
  listCustomApis,
  updateCustomApi,
} from '../../src/tools/custom-apis/custom-apis.ts';
import {
  parseCustomApiInput,
  type CustomApiInput,
} from '../../src/tools/custom-apis/custom-api-input.ts';
import { testCustomApi } from '../../src/tools/custom-apis/test-custom-api.ts';
import { createAgent } from '../../src/chat/agents.ts';
import { ConflictError, NotFoundError, ValidationError } from '../../src/lib/errors.ts';

let world: World;

beforeEach(async () => {
  world = await aWorld();
});

afterEach(async () => {
  await world.t.close();
});

const BASE: CustomApiInput = {
  name: 'weather',
  description: 'Forecasts',
  baseUrl: 'https://api.example.com/v1/',
};

describe('parseCustomApiInput', () => {
  it('fills in the defaults', async () => {
    expect(await parseCustomApiInput(world.t.store, BASE)).toEqual({
      name: 'weather',
      description: 'Forecasts',
      baseUrl: 'https://api.example.com/v1',
      method: 'GET',
      path: '',
      parameters: [],
      auth: { kind: 'none' },
      responsePath: null,
      maxResponseBytes: 65536,
      timeoutMs: 10000,
    });
  });

  it.each<[Partial<CustomApiInput>, string]>([
    [
      { name: '1weather' },
      'name must be 1 to 64 letters, digits, "_" or "-", starting with a letter',
    ],
    [{ description: ' ' }, 'description must be 1 to 2000 characters'],
    [{ baseUrl: 'ftp://x.example' }, 'baseUrl must be an http(s) URL'],
    [{ baseUrl: 'https://user:pw@x.example' }, 'baseUrl must not hold credentials'],
    [
      { baseUrl: 'https://x.example?key=1' },
      'baseUrl must not have a query: use fixed query parameters instead',
    ],
    [{ method: 'HEAD' as never }, 'method must be one of GET, POST, PUT, PATCH, DELETE'],
    [{ path: 'forecast' }, 'path must start with "/"'],
    [{ path: '/forecast?q=1' }, 'path must be at most 1000 characters without "?"'],
    [
      { path: '/city/{city}' },
      'The path names {city}: declare it as a parameter with "in": "path"',
    ],
    [{ path: '/city/{city' }, 'path has a stray brace'],
    [
      { parameters: [{ name: 'city', in: 'path' }] },
      'Path parameter "city" is not in the path: write {city} where it goes',
    ],
    [
      {
        parameters: [
          { name: 'q', in: 'query' },
          { name: 'q', in: 'query' },
        ],
      },
      'Two query parameters are named "q"',
    ],
    [
      {
        parameters: [
          { name: 'q', in: 'query' },
          { name: 'q', in: 'body' },
        ],
      },
      'Parameters "q" (query) and "q" (body) would both be the model\'s argument "q"',
    ],
    [
      { parameters: [{ name: 'a b', in: 'query' }] },
      'Parameter names are 1 to 64 letters, digits, "_", "." or "-"',
    ],
    [
      { parameters: [{ name: 'v', in: 'query', fixed: true }] },
      'Parameter "v": a fixed parameter needs a default',
    ],
    [
      { parameters: [{ name: 'v', in: 'query', type: 'integer', default: 'x' }] },
      'Parameter "v": its default must be an integer',
    ],
    [
      { parameters: [{ name: 'f', in: 'header', type: 'object' }] },
      'Parameter "f": a header parameter cannot be an object',
    ],
    [
      { parameters: [{ name: 'Host', in: 'header' }] },
      'Parameter "Host": the Host header is set by the server itself',
    ],
    [{ responsePath: '$.items[' }, 'responsePath must be a JSONPath (RFC 9535)'],
    [
      { maxResponseBytes: 2 * 1024 * 1024 },
      'maxResponseBytes must be a whole number from 1 to 1048576',
    ],
    [{ timeoutMs: 61_000 }, 'timeoutMs must be a whole number from 100 to 60000'],
    [{ auth: { kind: 'apiKey', name: 'X-Key' } }, 'auth.secret is required for this auth kind'],
    [
      {
        auth: {
          kind: 'oauth2ClientCredentials',
          tokenUrl: 'not a url',
          clientId: 'c',
          secret: 'S',
        },
      },
      'auth.tokenUrl must be an http(s) URL',
    ],
    [
      { auth: { kind: 'magic' as never } },
      'auth.kind must be one of none, apiKey, basic, bearer, oauth2ClientCredentials, userToken',
    ],
  ])('refuses %j', async (change, message) => {
    const error = await parseCustomApiInput(world.t.store, { ...BASE, ...change }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as Error).message).toContain(message);
  });

  it('refuses a secret that does not exist, naming it', async () => {
    await expect(
      parseCustomApiInput(world.t.store, { ...BASE, auth: { kind: 'bearer', secret: 'NOPE' } }),
    ).rejects.toThrow(
      new NotFoundError(
        'No custom secret named "NOPE": create it first (POST /api/Secrets/SetSecret, or airisk secrets set NOPE)',
      ),
    );
  });
});

describe('custom API records', () => {
  it('are listed, read, changed in part and deleted, each change audited', async () => {
    await aSecret(world, 'WEATHER_KEY', 'k-1234');
    const created = await anApi(world, {
      ...BASE,
      auth: { kind: 'apiKey', name: 'X-Key', secret: 'WEATHER_KEY' },
    });
    world.t.clock.advance(10);

    const updated = await updateCustomApi(world.t, created.id, {
      description: 'Forecasts by city',
      timeoutMs: 5000,
    });

    expect(updated).toEqual({
      ...created,
      description: 'Forecasts by city',
      timeoutMs: 5000,
      updatedAt: created.updatedAt + 10,
    });
    expect(await getCustomApi(world.t, created.id)).toEqual(updated);
    expect(await listCustomApis(world.t)).toEqual([updated]);
    world.t.clock.advance(10);
    await deleteCustomApi(world.t, created.id);
    await expect(getCustomApi(world.t, created.id)).rejects.toThrow(NotFoundError);
    const events = await world.t.store.audit.list({ limit: 10, offset: 0 });
    expect(
      events.filter((e) => e.event.startsWith('custom_api')).map((e) => [e.event, e.details]),
    ).toEqual([
      ['custom_api_deleted', { apiId: created.id, name: 'weather' }],
      [
        'custom_api_updated',
        { apiId: created.id, name: 'weather', changed: ['description', 'timeoutMs'] },
      ],
      ['custom_api_created', { apiId: created.id, name: 'weather' }],
    ]);
  });

  it('checks an update whole: a new path needs its parameter', async () => {
    const created = await anApi(world, BASE);

    await expect(updateCustomApi(world.t, created.id, { path: '/city/{city}' })).rejects.toThrow(
      'The path names {city}',
    );
  });

  it('refuses a name taken, case-insensitively', async () => {
    await anApi(world, BASE);

    await expect(anApi(world, { ...BASE, name: 'Weather' })).rejects.toThrow(ConflictError);
  });

  it('refuses to delete one an agent may call, naming the agent', async () => {
    const api = await anApi(world, BASE);
    const agent = await createAgent(world.t, { name: 'Planner', engine: 'demo', model: 'demo' });
    await world.t.store.agentTools.set(agent.id, { customApiIds: [api.id], customDatabaseIds: [] });

    expect((await getCustomApi(world.t, api.id)).usedBy).toEqual([
      { id: agent.id, name: 'Planner' },
    ]);
    await expect(deleteCustomApi(world.t, api.id)).rejects.toThrow(
      new ConflictError(
        'Custom API "weather" is a tool of "Planner": take it from those agents first (UpdateAgent with customApis)',
      ),
    );
  });
});

describe('testCustomApi', () => {
  it('makes one real call and says how it went', async () => {
    const server = await aServer((request, response) =>
      json(response, request.url === '/ok' ? 200 : 503, { at: request.url }),
    );
    try {
      const ok = await anApi(world, { ...BASE, baseUrl: server.url, path: '/ok' });
      const down = await anApi(world, {
        ...BASE,
        name: 'down',
        baseUrl: server.url,
        path: '/down',
      });

      expect(await testCustomApi(world.deps, ok.id, {}, world.userId)).toEqual({
        ok: true,
        result: '{"at":"/ok"}',
        durationMs: expect.any(Number) as number,
      });
      expect(await testCustomApi(world.deps, down.id, {}, world.userId)).toEqual({
        ok: false,
        error: 'The API answered 503 Service Unavailable: {"at":"/down"}',
        durationMs: expect.any(Number) as number,
      });
    } finally {
      await server.close();
    }
  });
});
