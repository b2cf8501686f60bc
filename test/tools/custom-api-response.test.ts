import { afterEach, beforeAll, afterAll, describe, expect, it } from 'vitest';
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
import { MAX_TOOL_RESULT_CHARS } from '../../src/vocabulary/tools.ts';

const ORDERS = {
  data: {
    orders: [
      { id: 1, total: 9.5 },
      { id: 2, total: 12 },
    ],
  },
  meta: { page: 1 },
};

function answer(request: SeenRequest, response: ServerResponse): void {
  switch (request.url) {
    case '/orders':
      json(response, 200, ORDERS);
      return;
    case '/text':
      response.writeHead(200, { 'content-type': 'text/plain; charset=utf-8' }).end('plain words');
      return;
    case '/image':
      response.writeHead(200, { 'content-type': 'image/png' }).end(Buffer.from([137, 80, 78, 71]));
      return;
    case '/missing':
      json(response, 404, { error: 'no such order', detail: 'z'.repeat(600) });
      return;
    case '/empty':
      response.writeHead(204).end();
      return;
    case '/long':
      response.writeHead(200, { 'content-type': 'text/plain' }).end('w'.repeat(40_000));
      return;
    default:
      json(response, 500, {});
  }
}

let world: World;
let server: TestServer;

beforeAll(async () => {
  server = await aServer(answer);
});

afterAll(async () => {
  await server.close();
});

afterEach(async () => {
  await world.t.close();
});

async function output(path: string, responsePath: string | null = null) {
  world = await aWorld();
  return call(world, await anApi(world, { baseUrl: server.url, path, responsePath }));
}

describe('what the model reads of the answer', () => {
  it('is the JSON body when no responsePath is set', async () => {
    expect(await output('/orders')).toEqual({ ok: true, text: JSON.stringify(ORDERS) });
  });

  it.each([
    ['$.meta.page', '1'],
    ['$.data.orders[*].id', '[1,2]'],
    ['$.data.orders[?@.total > 10]', '{"id":2,"total":12}'],
    ['$.nothing', '[]'],
  ])('selects with the JSONPath %s: one match its value, else the list', async (path, text) => {
    expect(await output('/orders', path)).toEqual({ ok: true, text });
  });

  it('is the text of a non-JSON answer as it is', async () => {
    expect(await output('/text', '$.ignored')).toEqual({ ok: true, text: 'plain words' });
  });

  it('is an error for a binary answer', async () => {
    expect(await output('/image')).toEqual({
      ok: false,
      error:
        'The API answered 200 OK with image/png (4 bytes), which is not text: this tool cannot read it',
    });
  });

  it('is an error naming the status, with the start of the body, for a non-2xx answer', async () => {
    const result = await output('/missing');

    const body = JSON.stringify({ error: 'no such order', detail: 'z'.repeat(600) });
    expect(result).toEqual({
      ok: false,
      error: `The API answered 404 Not Found: ${body.slice(0, 500)}`,
    });
  });

  it('says when there is no content', async () => {
    expect(await output('/empty')).toEqual({
      ok: true,
      text: 'The API answered 204 No Content with no content',
    });
  });

  it(`is cut at ${MAX_TOOL_RESULT_CHARS} characters, saying so`, async () => {
    const result = await output('/long');

    expect(result.ok && result.text.length).toBe(MAX_TOOL_RESULT_CHARS);
    expect(
      result.ok && result.text.endsWith('[cut: the answer had 40000 characters; tools keep 32000]'),
    ).toBe(true);
  });
});
