import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ServerResponse } from 'node:http';
import {
  aServer,
  anApi,
  aWorld,
  call,
  json,
  type SeenRequest,
  type TestServer,
  type World,
} from './custom-api-fixture.ts';

let world: World;
let server: TestServer;
/** Responses the test server keeps open (the timeout test), ended after the test. */
let held: ServerResponse[];

function answer(request: SeenRequest, response: ServerResponse): void {
  const port = server.port;
  switch (request.url) {
    case '/old':
      response.writeHead(302, { location: '/new' }).end();
      return;
    case '/form':
      response.writeHead(303, { location: `http://127.0.0.1:${port}/new` }).end();
      return;
    case '/loop':
      response.writeHead(307, { location: '/loop' }).end();
      return;
    case '/elsewhere':
      response.writeHead(302, { location: `http://localhost:${port}/new` }).end();
      return;
    case '/slow':
      held.push(response);
      return;
    case '/big':
      json(response, 200, { data: 'x'.repeat(2000) });
      return;
    case '/big-chunked':
      response.writeHead(200, { 'content-type': 'text/plain' });
      for (let i = 0; i < 20; i += 1) {
        response.write('y'.repeat(100));
      }
      response.end();
      return;
    default:
      json(response, 200, { path: request.url, method: request.method });
  }
}

beforeEach(async () => {
  held = [];
  world = await aWorld();
  server = await aServer(answer);
});

afterEach(async () => {
  held.forEach((response) => response.end());
  await server.close();
  await world.t.close();
});

const refusedAt = (address: string) =>
  expect.stringMatching(
    new RegExp(
      `^Calls to .+ are refused: it is at ${address.replaceAll('.', '\\.')}, a private, loopback, link-local or otherwise internal address\\. The server administrator may allow that network with AIRISK_OUTBOUND_ALLOWED_NETWORKS$`,
    ),
  ) as string;

describe('the outbound policy', () => {
  it('refuses loopback unless the server admin allowed it', async () => {
    const closed = await aWorld({});
    try {
      const api = await anApi(closed, { baseUrl: server.url });

      expect(await call(closed, api)).toEqual({ ok: false, error: refusedAt('127.0.0.1') });
      expect(server.seen).toEqual([]);
    } finally {
      await closed.t.close();
    }
  });

  it('checks the address a host name resolves to: localhost is loopback', async () => {
    const closed = await aWorld({});
    try {
      const api = await anApi(closed, { baseUrl: `http://localhost:${server.port}` });

      const output = await call(closed, api);

      expect(output.ok).toBe(false);
      expect(output.ok ? '' : output.error).toMatch(
        /^Calls to localhost:\d+ are refused: it is at (127\.0\.0\.1|::1), /,
      );
      expect(server.seen).toEqual([]);
    } finally {
      await closed.t.close();
    }
  });

  it.each([
    ['http://10.0.0.1', '10.0.0.1'],
    ['http://169.254.169.254/latest/meta-data', '169.254.169.254'],
    ['http://[fd00::1]:9', 'fd00::1'],
    ['http://[::ffff:127.0.0.1]:9', '::ffff:7f00:1'],
    ['http://0.0.0.0:9', '0.0.0.0'],
  ])('refuses the address literal %s though loopback is allowed', async (baseUrl, address) => {
    const api = await anApi(world, { baseUrl, timeoutMs: 2000 });

    expect(await call(world, api)).toEqual({ ok: false, error: refusedAt(address) });
  });

  it.each([
    ['http://[::1]:9', '::1'],
    ['http://2130706433:9', '127.0.0.1'],
  ])('refuses the loopback literal %s when loopback is not allowed', async (baseUrl, address) => {
    const closed = await aWorld({});
    try {
      const api = await anApi(closed, { baseUrl, timeoutMs: 2000 });

      expect(await call(closed, api)).toEqual({ ok: false, error: refusedAt(address) });
    } finally {
      await closed.t.close();
    }
  });
});

describe('redirects', () => {
  it('follows one to the same host', async () => {
    const api = await anApi(world, { baseUrl: server.url, path: '/old' });

    expect(await call(world, api)).toEqual({ ok: true, text: '{"path":"/new","method":"GET"}' });
  });

  it('continues a 303 after a POST as a GET without the body', async () => {
    const api = await anApi(world, {
      baseUrl: server.url,
      method: 'POST',
      path: '/form',
      parameters: [{ name: 'q', in: 'body' }],
    });

    expect(await call(world, api, { q: 'x' })).toEqual({
      ok: true,
      text: '{"path":"/new","method":"GET"}',
    });
    expect(server.seen[1]?.headers['content-type']).toBeUndefined();
  });

  it('refuses one to another host, without connecting there', async () => {
    const api = await anApi(world, { baseUrl: server.url, path: '/elsewhere' });

    expect(await call(world, api)).toEqual({
      ok: false,
      error: `127.0.0.1:${server.port} redirected to localhost:${server.port}, another host: calls go only to the API's own host, so the redirect was not followed`,
    });
    expect(server.seen.map((request) => request.url)).toEqual(['/elsewhere']);
  });

  it('stops after 3', async () => {
    const api = await anApi(world, { baseUrl: server.url, path: '/loop' });

    expect(await call(world, api)).toEqual({
      ok: false,
      error: `127.0.0.1:${server.port} redirected more than 3 times`,
    });
    expect(server.seen).toHaveLength(4);
  });
});

describe('limits', () => {
  it('ends a call that takes longer than the API timeout', async () => {
    const api = await anApi(world, { baseUrl: server.url, path: '/slow', timeoutMs: 300 });

    expect(await call(world, api)).toEqual({
      ok: false,
      error: `127.0.0.1:${server.port} did not answer within 300 ms, this API's timeout`,
    });
  });

  it('ends a call when the turn ends', async () => {
    const api = await anApi(world, { baseUrl: server.url, path: '/slow' });
    const turn = new AbortController();
    setTimeout(() => turn.abort(), 100);

    expect(await call(world, api, {}, turn.signal)).toEqual({
      ok: false,
      error: 'The call was cancelled: the turn ended before the API answered',
    });
  });

  it.each(['/big', '/big-chunked'])(
    'fails a response larger than maxResponseBytes (%s), not cuts it',
    async (path) => {
      const api = await anApi(world, { baseUrl: server.url, path, maxResponseBytes: 1000 });

      expect(await call(world, api)).toEqual({
        ok: false,
        error: `The response of 127.0.0.1:${server.port} was larger than 1000 bytes, this API's limit: ask for less (a filter, a smaller page), or an admin may raise maxResponseBytes`,
      });
    },
  );

  it('takes a response of exactly maxResponseBytes', async () => {
    const api = await anApi(world, {
      baseUrl: server.url,
      path: '/big-chunked',
      maxResponseBytes: 2000,
    });

    expect(await call(world, api)).toEqual({ ok: true, text: 'y'.repeat(2000) });
  });
});
