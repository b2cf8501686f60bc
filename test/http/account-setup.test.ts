import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/test-app.ts';
import { ensureFirstRunLink } from '../../src/accounts/first-run.ts';
import {
  GOOD_PASSWORD,
  aUserWithPassword,
  asBrowser,
  browserOf,
  postJson,
  setCookies,
  signIn,
} from '../helpers/account-requests.ts';

// Issue 14: on an empty database the server prints a one-time link that creates the first
// CompanyAdmin; once anybody has an account, no setup link works.

let t: TestApp;
beforeEach(async () => {
  t = await createTestApp();
});
afterEach(() => t.close());

function tokenOf(link: string | undefined): string {
  expect(link).toMatch(/^http:\/\/airisk\.test\/setup#token=[\w-]{43}$/);
  return new URL(link ?? '').hash.slice('#token='.length);
}

const setup = (token: string, overrides: Record<string, string> = {}) =>
  postJson(t, '/api/Account/Setup', {
    token,
    email: 'Founder@Example.com',
    name: 'Ada Founder',
    password: GOOD_PASSWORD,
    ...overrides,
  });

const options = async () =>
  (await t.app.inject('/api/Account/Options')).json<{ firstRun: boolean }>();

describe('first run', () => {
  it('creates the first CompanyAdmin, signed in, with the printed link', async () => {
    expect((await options()).firstRun).toBe(true);
    const token = tokenOf(await ensureFirstRunLink(t));

    const inspected = await postJson(t, '/api/Account/InspectLink', { kind: 'setup', token });
    expect(inspected.statusCode, inspected.body).toBe(200);
    expect(inspected.json()).toMatchObject({ kind: 'setup', email: null });

    const response = await setup(token);
    expect(response.statusCode, response.body).toBe(201);
    expect(response.json()).toMatchObject({
      user: { email: 'Founder@Example.com', name: 'Ada Founder', roles: ['CompanyAdmin'] },
    });
    const browser = browserOf(response);
    const session = await asBrowser(t, browser, 'GET', '/api/Account/Session');
    expect(session.json()).toMatchObject({ user: { roles: ['CompanyAdmin'] } });
    expect((await options()).firstRun).toBe(false);
    expect((await signIn(t, 'founder@example.com')).statusCode).toBe(200);
  });

  it('answers 410 for a link used already', async () => {
    const token = tokenOf(await ensureFirstRunLink(t));
    expect((await setup(token)).statusCode).toBe(201);

    const again = await setup(token, { email: 'other@example.com' });
    expect(again.statusCode, again.body).toBe(410);
    expect(again.json()).toMatchObject({ status: 410, detail: expect.stringMatching(/used/) });
  });

  it('spends every setup link once any user exists, and prints none then', async () => {
    const token = tokenOf(await ensureFirstRunLink(t));
    await aUserWithPassword(t);

    expect(await ensureFirstRunLink(t)).toBeUndefined();
    expect((await setup(token)).statusCode).toBe(410);
    const inspected = await postJson(t, '/api/Account/InspectLink', { kind: 'setup', token });
    expect(inspected.statusCode).toBe(410);
  });

  it('makes only the newest printed link work (a restart prints a new one)', async () => {
    const first = tokenOf(await ensureFirstRunLink(t));
    const second = tokenOf(await ensureFirstRunLink(t));

    expect((await setup(first)).statusCode).toBe(410);
    expect((await setup(second)).statusCode).toBe(201);
  });

  it('answers 410 after 24 hours and 404 for a wrong token', async () => {
    const token = tokenOf(await ensureFirstRunLink(t));
    expect((await setup(`${token.slice(0, -2)}xx`)).statusCode).toBe(404);

    t.clock.advance(24 * 3600);
    expect((await setup(token)).statusCode).toBe(410);
  });

  it('refuses a weak password naming the field, and keeps the link', async () => {
    const token = tokenOf(await ensureFirstRunLink(t));

    const weak = await setup(token, { password: 'password123' });
    expect(weak.statusCode).toBe(400);
    expect(weak.json<{ detail: string }>().detail).toMatch(/^password: /);
    expect((await setup(token)).statusCode).toBe(201);
  });
});

describe('the session cookie', () => {
  it('is HttpOnly, SameSite=Lax, Path=/, and not Secure over http', async () => {
    const user = await aUserWithPassword(t);
    const [cookie] = setCookies(await signIn(t, user.email));

    expect(cookie).toMatch(/^airisk_session=[\w-]{43}; /);
    expect(cookie).toContain('HttpOnly');
    expect(cookie).toContain('SameSite=Lax');
    expect(cookie).toContain('Path=/');
    expect(cookie).toContain('Max-Age=604800');
    expect(cookie).not.toContain('Secure');
  });

  it('is Secure with the __Host- prefix when the issuer is https', async () => {
    const https = await createTestApp({ AIRISK_ISSUER: 'https://airisk.example.com' });
    try {
      const user = await aUserWithPassword(https);
      const response = await signIn(https, user.email);
      const [cookie] = setCookies(response);

      expect(cookie).toMatch(/^__Host-airisk_session=[\w-]{43}; /);
      expect(cookie).toContain('Secure');
      expect(cookie).toContain('Path=/');
      expect(cookie).not.toContain('Domain');
      // The plain name is not read over https: a cookie planted without the prefix opens nothing.
      const plain = await https.app.inject({
        url: '/api/Account/Session',
        headers: { cookie: `airisk_session=${(cookie ?? '').split(/[=;]/)[1]}` },
      });
      expect(plain.statusCode).toBe(401);
    } finally {
      await https.close();
    }
  });
});
