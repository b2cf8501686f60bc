import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/test-app.ts';
import { expectProblem, get, type Response } from '../helpers/api-requests.ts';
import { chatWorld, multipart, text, toAgent, type ChatWorld } from '../helpers/chat.ts';
import { MAX_PAGE_SIZE, MAX_SKIP } from '../../src/vocabulary/paging.ts';
import { MAX_JSON_DEPTH } from '../../src/vocabulary/limits.ts';

// Issue #12's reproductions, each once a 500: paging values beyond the store's integers, JSON
// nested beyond the stack, broken multipart bodies and URLs the router cannot decode. Each is a
// 4xx problem that says what to send instead, and nothing is stored.

describe('hostile input is a 4xx that says what to fix, never a 500', () => {
  let t: TestApp;
  let world: ChatWorld;

  beforeAll(async () => {
    t = await createTestApp();
    world = await chatWorld(t);
  });
  afterAll(() => t.close());

  const send = (method: 'POST', url: string, headers: Record<string, string>, payload: string) =>
    t.app.inject({
      method,
      url,
      headers: {
        authorization: `Bearer ${world.admin.token}`,
        accept: 'application/json',
        ...headers,
      },
      payload,
    });

  describe('paging values out of range', () => {
    const lists = () => [
      '/api/Users/ListUsers',
      '/api/Groups/ListGroups',
      '/api/Chat/GetConversations',
      `/api/Chat/GetConversations/${world.agent.id}`,
      '/api/Logs/ListLogs',
    ];
    const skipRange = `skip must be a whole number from 0 to ${MAX_SKIP}`;
    const resultsRange = `results must be a whole number from 0 to ${MAX_PAGE_SIZE}`;

    it.each([
      ['skip=1e20', skipRange],
      ['skip=99999999999999999999', skipRange],
      [`skip=${MAX_SKIP + 1}`, skipRange],
      ['skip=-1', skipRange],
      ['skip=ten', skipRange],
      ['results=1e20', resultsRange],
      [`results=${MAX_PAGE_SIZE + 1}`, resultsRange],
      ['results=1.5', resultsRange],
    ])('%s on every list: 400 naming the parameter and its range', async (query, detail) => {
      for (const list of lists()) {
        const token = list.startsWith('/api/Chat') ? world.user.token : world.admin.token;
        expectProblem(await get(t, token, `${list}?${query}`), 400, detail);
      }
    });

    it('in the path form of GetConversations too', async () => {
      const base = `/api/Chat/GetConversations/${world.agent.id}`;
      expectProblem(await get(t, world.user.token, `${base}/1e20/0`), 400, resultsRange);
      expectProblem(await get(t, world.user.token, `${base}/20/1e20`), 400, skipRange);
      expect((await get(t, world.user.token, `${base}/20/${MAX_SKIP}`)).statusCode).toBe(200);
    });

    it('a parameter sent twice is told to be sent once', async () => {
      const response = await get(t, world.admin.token, '/api/Users/ListUsers?skip=1&skip=2');
      expectProblem(response, 400, 'skip was sent more than once; send it once');
    });
  });

  describe('JSON nested beyond any AIRisk request', () => {
    const tooDeep = `The JSON body nests arrays or objects more than ${MAX_JSON_DEPTH} levels deep; AIRisk requests are flat objects`;
    const json = { 'content-type': 'application/json' };

    it.each([
      ['20,000 arrays', `{"name":${'['.repeat(20_000)}${']'.repeat(20_000)}}`],
      ['20,000 unclosed arrays', '['.repeat(20_000)],
      ['5,000 objects', `{"name":${'{"a":'.repeat(5_000)}1${'}'.repeat(5_000)}}`],
      ['one level too many', `${'['.repeat(MAX_JSON_DEPTH + 1)}${']'.repeat(MAX_JSON_DEPTH + 1)}`],
    ])('%s: 400, and no group is created', async (_, body) => {
      expectProblem(await send('POST', '/api/Groups/CreateGroup', json, body), 400, tooDeep);
      const groups = await get(t, world.admin.token, '/api/Groups/ListGroups');
      expect(groups.json()).toEqual([]);
    });

    it('brackets inside strings are text, not nesting', async () => {
      const name = `${'[{'.repeat(40)}\\"${'}]'.repeat(40)}`;
      const response = await send('POST', '/api/Groups/CreateGroup', json, `{"name":"${name}"}`);
      expect(response.statusCode, response.body).toBe(201);
      expect(response.json<{ name: string }>().name).toBe(name.replace('\\"', '"'));
      await t.app.inject({
        method: 'DELETE',
        url: `/api/Groups/DeleteGroup/${response.json<{ id: string }>().id}`,
        headers: { authorization: `Bearer ${world.admin.token}` },
      });
    });

    it('nesting up to the limit is parsed and validated as usual', async () => {
      const deep = `${'['.repeat(MAX_JSON_DEPTH - 1)}${']'.repeat(MAX_JSON_DEPTH - 1)}`;
      const response = await send('POST', '/api/Groups/CreateGroup', json, `{"name":${deep}}`);
      expectProblem(response, 400, 'name must be a string');
    });
  });

  describe('body media types, as ASP.NET reads them', () => {
    const created = async (contentType: string, body: string) => {
      const response = await send(
        'POST',
        '/api/Groups/CreateGroup',
        { 'content-type': contentType },
        body,
      );
      expect(response.statusCode, response.body).toBe(201);
      return response.json<{ id: string; name: string }>();
    };

    it.each([
      'text/json',
      'application/json-patch+json',
      'Application/Merge-Patch+JSON; charset=utf-8',
    ])('%s is read as JSON', async (contentType) => {
      const group = await created(contentType, `{"name":"as ${contentType}"}`);
      expect(group.name).toBe(`as ${contentType}`);
    });

    it('a __proto__ or constructor key is dropped, never merged into anything', async () => {
      const group = await created(
        'application/json',
        '{"__proto__":{"polluted":true},"constructor":{"prototype":{"polluted":true}},"name":"proto"}',
      );
      expect(group.name).toBe('proto');
      expect(({} as { polluted?: boolean }).polluted).toBeUndefined();
    });

    it('invalid JSON and an unread media type say what to send', async () => {
      const json = { 'content-type': 'application/json' };
      expectProblem(
        await send('POST', '/api/Groups/CreateGroup', json, '{"name": "a",}'),
        400,
        'The body is not valid JSON: check its quotes, commas and brackets, or send it form-encoded',
      );
      expectProblem(
        await send(
          'POST',
          '/api/Groups/CreateGroup',
          { 'content-type': 'application/xml' },
          '<a/>',
        ),
        415,
        'Send the body as application/json or application/x-www-form-urlencoded (files as multipart/form-data)',
      );
    });
  });

  describe('broken multipart bodies', () => {
    const agentFiles = async () =>
      (await get(t, world.admin.token, `/api/Agents/ListAgentFiles/${world.agent.id}`)).json<
        unknown[]
      >();
    const unreadable =
      /^The multipart\/form-data body could not be read \(.+\); send each file as a part/;
    const whole = multipart([text('notes.txt', 'The whole of the notes')]);
    const boundary = whole.contentType.split('boundary=')[1] as string;

    it.each([
      ['no boundary', 'multipart/form-data', whole.body.toString(), unreadable],
      [
        'a part cut off',
        whole.contentType,
        whole.body.subarray(0, whole.body.length - boundary.length).toString(),
        unreadable,
      ],
      // busboy skips a part it cannot read, so this one reads as a body without files
      [
        'a broken part header',
        whole.contentType,
        `--${boundary}\r\nno header here\r\n`,
        'Send at least one file as multipart/form-data',
      ],
    ])('%s: 400, and nothing is stored', async (_, contentType, body, detail) => {
      const response = await send(
        'POST',
        toAgent(world.agent.id),
        { 'content-type': contentType },
        body,
      );
      expectProblem(response, 400, detail);
      expect(await agentFiles()).toEqual([]);
    });

    it('the same body whole is stored', async () => {
      const response = await send(
        'POST',
        toAgent(world.agent.id),
        { 'content-type': whole.contentType },
        whole.body.toString(),
      );
      expect(response.statusCode, response.body).toBe(201);
      expect(await agentFiles()).toHaveLength(1);
    });
  });

  describe('URLs the router cannot decode', () => {
    const raw = (url: string): Promise<Response> =>
      t.app.inject({
        method: 'GET',
        url,
        headers: { authorization: `Bearer ${world.admin.token}` },
      });

    it('a bad percent-encoding in the path: 400 problem, not Fastify JSON quoting the path', async () => {
      const response = await raw('/api/Users/GetUser/%zz');
      const body = expectProblem(response, 400, /a % must start a percent-encoded byte/);
      expect(JSON.stringify(body)).not.toContain('%zz');
    });

    it('a path segment beyond any id: 414 problem', async () => {
      expectProblem(await raw(`/api/Users/GetUser/${'a'.repeat(3000)}`), 414, /longer than 2048/);
    });

    it('a long id the router accepts is refused by its schema, by name', async () => {
      const response = await raw(`/api/Users/GetUser/${'a'.repeat(300)}`);
      expectProblem(response, 400, 'userId must be at most 128 characters long');
    });
  });
});
