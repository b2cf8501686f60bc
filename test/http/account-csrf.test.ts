import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/test-app.ts';
import {
  aUserWithPassword,
  asBrowser,
  postJson,
  sessionStatus,
  signedIn,
  type Browser,
} from '../helpers/account-requests.ts';
import { CSRF_PROBLEM_TYPE } from '../../src/http/session-guard.ts';

// Issue 14: CSRF on every cookie-authenticated state-changing route. The routes come from the
// OpenAPI document (every route the session cookie authenticates declares it there), so a new
// route is checked without anyone adding it here.

type Method = 'POST' | 'PUT' | 'DELETE' | 'PATCH';
interface Operation {
  security?: Record<string, unknown>[];
}

let t: TestApp;
let cookieRoutes: [Method, string][];
let allRoutes: [string, string][];

beforeAll(async () => {
  t = await createTestApp();
  const document = (await t.app.inject('/openapi.json')).json<{
    paths: Record<string, Record<string, Operation>>;
  }>();
  allRoutes = Object.entries(document.paths).flatMap(([path, operations]) =>
    Object.keys(operations).map((method): [string, string] => [method.toUpperCase(), path]),
  );
  cookieRoutes = Object.entries(document.paths).flatMap(([path, operations]) =>
    Object.entries(operations)
      .filter(([method, operation]) => {
        const usesCookie = operation.security?.some((scheme) => 'sessionCookie' in scheme);
        return usesCookie === true && !['get', 'head', 'options'].includes(method);
      })
      .map(([method]): [Method, string] => [method.toUpperCase() as Method, path]),
  );
});
afterAll(() => t.close());

// The routes this issue adds that must be among them: the loop below is never vacuous.
const KNOWN = [
  'POST /api/Account/SignOut',
  'POST /api/Account/ChangePassword',
  'PUT /api/Account/Profile',
  'DELETE /api/Account/Sessions/{sessionId}',
  'POST /api/Account/TwoFactor/Begin',
  'POST /api/Account/TwoFactor/Enable',
  'POST /api/Account/TwoFactor/Disable',
];

// Routes that take no session but would sign a browser in (login CSRF) or act on its behalf.
const PRE_SESSION = [
  '/api/Account/SignIn',
  '/api/Account/Setup',
  '/api/Account/AcceptInvitation',
  '/api/Account/ResetPassword',
  '/api/Account/RequestPasswordReset',
];

async function freshBrowser(): Promise<{ browser: Browser; sessionId: string }> {
  const browser = await signedIn(t, await aUserWithPassword(t));
  const session = await asBrowser(t, browser, 'GET', '/api/Account/Session');
  return { browser, sessionId: session.json<{ session: { id: string } }>().session.id };
}

function expectCsrfRefusal(response: { statusCode: number; json: () => unknown }, what: string) {
  expect(response.statusCode, what).toBe(403);
  expect(response.json(), what).toMatchObject({ type: CSRF_PROBLEM_TYPE, status: 403 });
}

describe('CSRF', () => {
  it('covers every route this issue adds that the session cookie authenticates', () => {
    const found = cookieRoutes.map(([method, path]) => `${method} ${path}`);
    expect(found).toEqual(expect.arrayContaining(KNOWN));
  });

  it('refuses each without X-CSRF-Token, with a wrong one, and from a foreign Origin', async () => {
    const { browser, sessionId } = await freshBrowser();
    for (const [method, path] of cookieRoutes) {
      const url = path.replace('{sessionId}', sessionId).replace(/\{[^}]+\}/g, 'x');
      const what = `${method} ${path}`;
      const payload = method === 'DELETE' ? undefined : {};

      const missing = await t.app.inject({
        method,
        url,
        headers: { cookie: browser.cookie, 'content-type': 'application/json' },
        ...(payload && { payload: JSON.stringify(payload) }),
      });
      expectCsrfRefusal(missing, `${what} without the header`);
      const wrong = await asBrowser(t, browser, method, url, payload, {
        'x-csrf-token': `${browser.csrfToken}x`,
      });
      expectCsrfRefusal(wrong, `${what} with a wrong token`);
      const foreign = await asBrowser(t, browser, method, url, payload, {
        origin: 'https://evil.example',
      });
      expectCsrfRefusal(foreign, `${what} from a foreign Origin`);
    }
    // None of them did anything: the session (which SignOut or a revocation would end) lives.
    expect(await sessionStatus(t, browser)).toBe(200);
  });

  it('refuses a pre-session POST from a foreign Origin, or as a form', async () => {
    const present = PRE_SESSION.filter((path) =>
      allRoutes.some(([method, route]) => method === 'POST' && route === path),
    );
    expect(present).toEqual(expect.arrayContaining(PRE_SESSION.slice(0, 4)));
    for (const path of present) {
      const foreign = await postJson(t, path, {}, { origin: 'https://evil.example' });
      expectCsrfRefusal(foreign, `${path} from a foreign Origin`);
      const form = await t.app.inject({
        method: 'POST',
        url: path,
        payload: 'email=a%40b.c',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
      });
      expect(form.statusCode, `${path} as a form`).toBe(415);
    }
  });

  it('takes the request with the token and the same Origin (or none)', async () => {
    const { browser } = await freshBrowser();
    const same = await asBrowser(t, browser, 'PUT', '/api/Account/Profile', { name: 'Ada' });
    expect(same.statusCode, same.body).toBe(200);
    const noOrigin = await t.app.inject({
      method: 'PUT',
      url: '/api/Account/Profile',
      payload: { name: 'Ada L' },
      headers: { cookie: browser.cookie, 'x-csrf-token': browser.csrfToken },
    });
    expect(noOrigin.statusCode, noOrigin.body).toBe(200);
  });

  it("refuses another session's CSRF token", async () => {
    const mine = await freshBrowser();
    const theirs = await freshBrowser();
    const response = await asBrowser(
      t,
      mine.browser,
      'PUT',
      '/api/Account/Profile',
      { name: 'X' },
      {
        'x-csrf-token': theirs.browser.csrfToken,
      },
    );
    expectCsrfRefusal(response, 'a token of another session');
  });
});
