import { expect } from 'vitest';
import type { LightMyRequestResponse } from 'fastify';
import type { UserRecord } from '../../src/store/store.ts';
import type { Role } from '../../src/vocabulary/roles.ts';
import { hashPassword } from '../../src/accounts/passwords.ts';
import { aUser, TEST_ISSUER, type TestApp } from './test-app.ts';

// A browser's view of the account API: the session cookie it keeps and the CSRF token the
// web app holds in memory, sent back as a same-origin script would.

export const GOOD_PASSWORD = 'correct horse battery staple';

export interface Browser {
  /** `name=value`, as a browser sends it back. */
  cookie: string;
  csrfToken: string;
}

/** A user with a password (as if they had accepted an invitation). */
export async function aUserWithPassword(
  t: TestApp,
  input: { email?: string; name?: string; roles?: Role[]; password?: string } = {},
): Promise<UserRecord> {
  const { password = GOOD_PASSWORD, ...rest } = input;
  const user = await aUser(t, rest);
  await t.store.logins.setPassword(user.id, await hashPassword(password), t.clock.nowSeconds());
  return user;
}

export function postJson(
  t: TestApp,
  url: string,
  payload: unknown,
  headers: Record<string, string> = {},
): Promise<LightMyRequestResponse> {
  return t.app.inject({
    method: 'POST',
    url,
    payload: JSON.stringify(payload),
    headers: { 'content-type': 'application/json', ...headers },
  });
}

export function signIn(
  t: TestApp,
  email: string,
  password = GOOD_PASSWORD,
  extra: Record<string, unknown> = {},
  headers: Record<string, string> = {},
): Promise<LightMyRequestResponse> {
  return postJson(t, '/api/Account/SignIn', { email, password, ...extra }, headers);
}

/** The `Set-Cookie` header of a response, one string per cookie. */
export function setCookies(response: LightMyRequestResponse): string[] {
  const header = response.headers['set-cookie'];
  return header === undefined ? [] : Array.isArray(header) ? header : [header];
}

/** What a browser keeps from a successful sign-in. */
export function browserOf(response: LightMyRequestResponse): Browser {
  expect(response.statusCode, response.body).toBeLessThan(300);
  const [cookie] = setCookies(response);
  expect(cookie).toBeDefined();
  const { csrfToken } = response.json<{ csrfToken: string }>();
  return { cookie: (cookie ?? '').split(';')[0] ?? '', csrfToken };
}

export async function signedIn(t: TestApp, user: { email: string }): Promise<Browser> {
  return browserOf(await signIn(t, user.email));
}

/** A request of the web app: the cookie, the CSRF token, and the app's own Origin. */
export function asBrowser(
  t: TestApp,
  browser: Browser,
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE',
  url: string,
  payload?: unknown,
  headers: Record<string, string> = {},
): Promise<LightMyRequestResponse> {
  return t.app.inject({
    method,
    url,
    ...(payload === undefined ? {} : { payload: JSON.stringify(payload) }),
    headers: {
      cookie: browser.cookie,
      'x-csrf-token': browser.csrfToken,
      origin: new URL(TEST_ISSUER).origin,
      ...(payload === undefined ? {} : { 'content-type': 'application/json' }),
      ...headers,
    },
  });
}

/** GET /api/Account/Session: 200 while the session lives, 401 after. */
export async function sessionStatus(t: TestApp, browser: Browser): Promise<number> {
  return (await asBrowser(t, browser, 'GET', '/api/Account/Session')).statusCode;
}
