import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.ts';
import { aClient, aUser, createTestApp, type TestApp } from '../helpers/test-app.ts';
import { getToken } from '../helpers/oauth-flow.ts';
import { logCollector } from '../helpers/log-collector.ts';

// Spec §0: every error is an RFC 9457 problem whose type links the RFC 9110 section of its
// status; a 500 says nothing about the internals.

const TRACE_ID = /^00-[0-9a-f]{32}-[0-9a-f]{16}-00$/;

let t: TestApp;
let adminToken: string;

beforeEach(async () => {
  t = await createTestApp();
  const admin = await aUser(t, { roles: ['CompanyAdmin'] });
  adminToken = await getToken(t, await aClient(t), { userid: admin.id });
});
afterEach(() => t.close());

function expectProblem(
  response: LightMyRequestResponse,
  status: number,
  section: string,
  title: string,
): void {
  expect(response.statusCode, response.body).toBe(status);
  expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
  const body = response.json<Record<string, unknown>>();
  expect(body).toMatchObject({
    type: `https://tools.ietf.org/html/rfc9110#section-${section}`,
    title,
    status,
    traceId: expect.stringMatching(TRACE_ID),
  });
  // Outside /api/oauth2 the RFC 6749 fields have no place.
  expect(body).not.toHaveProperty('error');
  expect(body).not.toHaveProperty('error_description');
}

describe('unknown routes', () => {
  it.each([
    // A GET outside the server's paths is the web app's page (test/http/web-app.test.ts).
    ['POST', '/nope'],
    ['GET', '/api/Users/NoSuchThing'],
    ['POST', '/api/Chat/ListAgents'],
    ['PUT', '/api/Users/ListUsers'],
  ] as const)('%s %s is a 404 problem naming the path', async (method, url) => {
    const response = await t.app.inject({ method, url });
    expectProblem(response, 404, '15.5.5', 'Not Found');
    expect(response.json<{ detail: string }>().detail).toContain(url);
  });
});

describe('each status links its RFC 9110 section', () => {
  const bearer = () => ({ authorization: `Bearer ${adminToken}` });
  const createUser = (payload: string, contentType = 'application/json'): InjectOptions => ({
    method: 'POST',
    url: '/api/Users/CreateUser',
    headers: { ...bearer(), 'content-type': contentType },
    payload,
  });

  it.each<[number, string, string, () => InjectOptions]>([
    [
      400,
      '15.5.1',
      'Bad Request',
      () => ({ url: '/api/Users/ListUsers?results=-1', headers: bearer() }),
    ],
    [400, '15.5.1', 'Bad Request', () => createUser('{"email": ')],
    [401, '15.5.2', 'Unauthorized', () => ({ url: '/api/Users/ListUsers' })],
    [
      404,
      '15.5.5',
      'Not Found',
      () => ({ method: 'DELETE', url: '/api/Users/DeleteUser/ghost', headers: bearer() }),
    ],
    [
      413,
      '15.5.14',
      'Payload Too Large',
      () => createUser(JSON.stringify({ name: 'x'.repeat(2 * 1024 * 1024) })),
    ],
    [415, '15.5.16', 'Unsupported Media Type', () => createUser('<user/>', 'application/xml')],
  ])('%i (section %s)', async (status, section, title, request) => {
    expectProblem(await t.app.inject(request()), status, section, title);
  });

  it('403 (section 15.5.4)', async () => {
    const plain = await aUser(t);
    const token = await getToken(t, await aClient(t), { userid: plain.id });
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/Users/CreateUser',
      headers: { authorization: `Bearer ${token}` },
      payload: { email: 'x@example.com', name: 'X' },
    });
    expectProblem(response, 403, '15.5.4', 'Forbidden');
  });

  it('409 (section 15.5.10)', async () => {
    const taken = await aUser(t);
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/Users/CreateUser',
      headers: { authorization: `Bearer ${adminToken}` },
      payload: { email: taken.email, name: 'Again' },
    });
    expectProblem(response, 409, '15.5.10', 'Conflict');
  });

  it('401 is the exact shape the original documents', async () => {
    const response = await t.app.inject({ url: '/api/Users/ListUsers' });
    expect(Object.keys(response.json()).sort()).toEqual(
      ['detail', 'status', 'title', 'traceId', 'type'].sort(),
    );
  });
});

describe('a 500', () => {
  // The store's own failure message, so the test knows exactly what must not leak.
  async function internalMessage(): Promise<string> {
    try {
      await t.store.users.list({ limit: 1, offset: 0 });
    } catch (error) {
      return (error as Error).message;
    }
    throw new Error('the closed store still answered');
  }

  it('is a fixed problem with a traceId, no stack and no internal message', async () => {
    await t.store.close();
    const internal = await internalMessage();

    const response = await t.app.inject({
      url: '/api/Users/ListUsers',
      headers: { authorization: `Bearer ${adminToken}` },
    });

    expectProblem(response, 500, '15.6.1', 'Internal Server Error');
    expect(response.body).not.toContain(internal);
    expect(response.body).not.toMatch(/\bat .+:\d+:\d+|stack|Error:|kysely|sqlite|postgres/i);
    expect(Object.keys(response.json()).sort()).toEqual(
      ['detail', 'status', 'title', 'traceId', 'type'].sort(),
    );
  });

  it('is logged server-side under its traceId, without the bearer token', async () => {
    const log = logCollector();
    const logged = await buildApp(t, { level: 'error', stream: log.stream });
    try {
      await t.store.close();
      const internal = await internalMessage();
      const response = await logged.inject({
        url: '/api/Users/ListUsers',
        headers: { authorization: `Bearer ${adminToken}` },
      });
      expect(response.statusCode).toBe(500);

      const traceId = response.json<{ traceId: string }>().traceId;
      const line = log
        .text()
        .split('\n')
        .find((entry) => entry.includes(traceId));
      expect(line, log.text()).toBeDefined();
      expect(line).toContain(internal);
      expect(log.text()).not.toContain(adminToken);
    } finally {
      await logged.close();
    }
  });
});
