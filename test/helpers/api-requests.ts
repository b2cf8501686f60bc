import type { LightMyRequestResponse } from 'fastify';
import { expect } from 'vitest';
import type { ClientWithSecret } from '../../src/clients/clients.ts';
import type { UserRecord } from '../../src/store/store.ts';
import type { Role } from '../../src/vocabulary/roles.ts';
import { aClient, aUser, type TestApp } from './test-app.ts';
import { getToken } from './oauth-flow.ts';

// Authenticated requests to the protected API, as a client sends them: real tokens from the
// OAuth flow, then Authorization: Bearer. Plus the problem assertions every endpoint repeats.

export type Response = LightMyRequestResponse;

/** A user of the API and its user-specific access token. */
export interface Caller {
  user: UserRecord;
  token: string;
}

/** What the Users API answers for a user. */
export interface UserResponse {
  id: string;
  email: string;
  name: string;
  roles: string[];
  groups: string[];
  disabled: boolean;
  defaultAgentId: string | null;
}

// One registered client per app is enough to get every token a test needs.
const clients = new WeakMap<TestApp, Promise<ClientWithSecret>>();

export function clientOf(t: TestApp): Promise<ClientWithSecret> {
  let client = clients.get(t);
  if (!client) {
    client = aClient(t);
    clients.set(t, client);
  }
  return client;
}

/** Creates a user with these roles and gets its user-specific token through the OAuth flow. */
export async function asUser(
  t: TestApp,
  roles: Role[] = ['User'],
  input: { id?: string; email?: string; name?: string } = {},
): Promise<Caller> {
  const user = await aUser(t, { ...input, roles });
  return { user, token: await getToken(t, await clientOf(t), { userid: user.id }) };
}

/** A generic (client-only) token. */
export async function genericToken(t: TestApp): Promise<string> {
  return getToken(t, await clientOf(t));
}

const bearer = (token: string) => ({
  authorization: `Bearer ${token}`,
  accept: 'application/json',
});

export function get(t: TestApp, token: string, url: string): Promise<Response> {
  return t.app.inject({ method: 'GET', url, headers: bearer(token) });
}

export function post(t: TestApp, token: string, url: string, payload?: unknown): Promise<Response> {
  return t.app.inject({
    method: 'POST',
    url,
    headers: bearer(token),
    ...(payload === undefined ? {} : { payload: payload as Record<string, unknown> }),
  });
}

export function del(t: TestApp, token: string, url: string): Promise<Response> {
  return t.app.inject({ method: 'DELETE', url, headers: bearer(token) });
}

/** GET /api/Users/GetUser/{userid}, asserted 200. */
export async function fetchUser(t: TestApp, token: string, userId: string): Promise<UserResponse> {
  const response = await get(t, token, `/api/Users/GetUser/${encodeURIComponent(userId)}`);
  expect(response.statusCode, response.body).toBe(200);
  return response.json<UserResponse>();
}

/** Every user, through ListUsers with the largest page. */
export async function allUsers(t: TestApp, token: string): Promise<UserResponse[]> {
  const response = await get(t, token, '/api/Users/ListUsers?results=1000');
  expect(response.statusCode, response.body).toBe(200);
  return response.json<UserResponse[]>();
}

const TRACE_ID = /^00-[0-9a-f]{32}-[0-9a-f]{16}-00$/;

/** Asserts an RFC 9457 problem (spec §0) with this status; returns its body. */
export function expectProblem(
  response: Response,
  status: number,
  detail?: string | RegExp,
): { detail?: string } & Record<string, unknown> {
  expect(response.statusCode, response.body).toBe(status);
  expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
  const body = response.json<{ detail?: string } & Record<string, unknown>>();
  expect(body).toMatchObject({ status, title: expect.any(String) });
  expect(body.type).toMatch(/^https:\/\/tools\.ietf\.org\/html\/rfc\d+#section-[\d.]+$/);
  expect(body.traceId).toMatch(TRACE_ID);
  if (detail !== undefined) {
    expect(body.detail).toEqual(
      typeof detail === 'string' ? detail : expect.stringMatching(detail),
    );
  }
  return body;
}

/** A user token without the role: 403 problem that names the missing role (spec §4). */
export function expectRoleDenied(response: Response, role: Role = 'CompanyAdmin'): void {
  const body = expectProblem(response, 403);
  expect(body.detail).toContain(role);
}

/** A generic token on a user endpoint: 403 with RFC 6750 insufficient_scope (spec §0, §4). */
export function expectInsufficientScope(response: Response): void {
  expectProblem(response, 403);
  expect(response.headers['www-authenticate']).toMatch(/^Bearer .*error="insufficient_scope"/);
}

/** A token that no longer works: 401 with RFC 6750 invalid_token. */
export function expectInvalidToken(response: Response): void {
  expectProblem(response, 401);
  expect(response.headers['www-authenticate']).toMatch(/^Bearer .*error="invalid_token"/);
}

/** How the API writes the moment `seconds` (Unix): UTC ISO 8601 to the second, `Z`-suffixed. */
export function iso(seconds: number): string {
  const d = new Date(seconds * 1000);
  const two = (n: number) => String(n).padStart(2, '0');
  return `${d.getUTCFullYear()}-${two(d.getUTCMonth() + 1)}-${two(d.getUTCDate())}T${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())}Z`;
}
