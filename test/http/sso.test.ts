import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { LightMyRequestResponse } from 'fastify';
import { aUser, createTestApp, TEST_ISSUER, type TestApp } from '../helpers/test-app.ts';
import { startIdentityProvider, type IdentityProvider } from '../helpers/identity-provider.ts';
import { freePort } from '../helpers/listening-app.ts';
import { decryptWithMasterKey, encryptWithMasterKey } from '../../src/lib/encryption.ts';

// Single sign-on against a real OpenID Connect provider (node-oidc-provider on loopback). The
// browser is played by hand: AIRisk is called through inject, the IdP over HTTP, and each
// redirect is followed with the cookies a browser would send.

const CALLBACK = `${TEST_ISSUER}/api/Account/Sso/Callback`;

let idp: IdentityProvider;
let t: TestApp;

beforeAll(async () => {
  idp = await startIdentityProvider(CALLBACK);
});
afterAll(() => idp.close());
afterEach(() => t.close());

async function start(env: Record<string, string> = {}): Promise<TestApp> {
  t = await createTestApp({
    AIRISK_OIDC_ISSUER: idp.issuer,
    AIRISK_OIDC_CLIENT_ID: idp.clientId,
    AIRISK_OIDC_CLIENT_SECRET: idp.clientSecret,
    AIRISK_OIDC_ALLOWED_DOMAINS: 'example.com',
    ...env,
  });
  return t;
}

let subjects = 0;

/** An account at the IdP; returns its subject. */
function anIdpAccount(email: string, extra: { emailVerified?: boolean; name?: string } = {}) {
  subjects += 1;
  const subject = `idp-user-${subjects}`;
  idp.accounts.set(subject, { email, emailVerified: true, ...extra });
  return subject;
}

function cookieOf(response: LightMyRequestResponse, name: string) {
  return response.cookies.find((cookie) => cookie.name === name);
}

/** GET /api/Account/Sso/Start: the IdP's authorization URL and the sealed airisk_sso cookie. */
async function startSso(next?: string): Promise<{ authorizationUrl: URL; ssoCookie: string }> {
  const query = next === undefined ? '' : `?next=${encodeURIComponent(next)}`;
  const response = await t.app.inject({ url: `/api/Account/Sso/Start${query}` });
  expect(response.statusCode, response.body).toBe(302);
  const ssoCookie = cookieOf(response, 'airisk_sso')?.value;
  expect(ssoCookie).toBeTruthy();
  return { authorizationUrl: new URL(response.headers.location as string), ssoCookie: ssoCookie! };
}

/** The person signs in at the IdP as `subject`; returns where the IdP sends the browser back. */
async function signInAtIdp(authorizationUrl: URL, subject: string): Promise<URL> {
  const url = await idp.logIn(authorizationUrl, subject);
  expect(`${url.origin}${url.pathname}`).toBe(CALLBACK);
  return url;
}

function callback(url: URL, ssoCookie: string | undefined) {
  return t.app.inject({
    url: `${url.pathname}${url.search}`,
    cookies: ssoCookie === undefined ? {} : { airisk_sso: ssoCookie },
  });
}

/** The whole flow as `subject`; returns AIRisk's answer to the callback. */
async function signInWithSso(subject: string, next?: string) {
  const { authorizationUrl, ssoCookie } = await startSso(next);
  return callback(await signInAtIdp(authorizationUrl, subject), ssoCookie);
}

/** GET /api/Account/Session with the session cookie the answer set. */
async function sessionAfter(response: LightMyRequestResponse) {
  const session = response.cookies.find((cookie) => cookie.name.endsWith('airisk_session'));
  expect(session, JSON.stringify(response.cookies)).toBeDefined();
  return t.app.inject({
    url: '/api/Account/Session',
    cookies: { [session!.name]: session!.value },
  });
}

function expectRefused(response: LightMyRequestResponse, code: string): void {
  expect(response.statusCode, response.body).toBe(302);
  expect(response.headers.location).toBe(`/signin?error=${code}`);
  expect(response.cookies.some((cookie) => cookie.name.endsWith('airisk_session'))).toBe(false);
}

async function auditEvents(event: string) {
  return t.store.audit.list({ limit: 50, offset: 0, event });
}

describe('GET /api/Account/Sso/Start', () => {
  it('redirects to the IdP with state, nonce and PKCE S256, sealed in a short httpOnly cookie', async () => {
    await start();
    const response = await t.app.inject({ url: '/api/Account/Sso/Start?next=/chat' });

    expect(response.statusCode).toBe(302);
    const url = new URL(response.headers.location as string);
    expect(`${url.origin}${url.pathname}`).toBe(`${idp.issuer}/auth`);
    expect(Object.fromEntries(url.searchParams)).toMatchObject({
      client_id: idp.clientId,
      redirect_uri: CALLBACK,
      response_type: 'code',
      scope: 'openid email profile',
      code_challenge_method: 'S256',
      state: expect.any(String),
      nonce: expect.any(String),
      code_challenge: expect.any(String),
    });
    const cookie = cookieOf(response, 'airisk_sso');
    expect(cookie).toMatchObject({
      httpOnly: true,
      sameSite: 'Lax',
      maxAge: 600,
      path: '/api/Account/Sso',
    });
    // Sealed with the master key: nothing in it is readable without it.
    expect(cookie?.value).not.toContain(url.searchParams.get('state'));
    const sealed = JSON.parse(decryptWithMasterKey(t.masterKey, cookie!.value));
    expect(sealed).toMatchObject({ state: url.searchParams.get('state'), next: '/chat' });
  });

  it('marks the cookie Secure when AIRISK_ISSUER is https', async () => {
    await start({ AIRISK_ISSUER: 'https://airisk.example.com' });
    const response = await t.app.inject({ url: '/api/Account/Sso/Start' });

    expect(cookieOf(response, 'airisk_sso')).toMatchObject({ secure: true, httpOnly: true });
    const url = new URL(response.headers.location as string);
    expect(url.searchParams.get('redirect_uri')).toBe(
      'https://airisk.example.com/api/Account/Sso/Callback',
    );
  });

  it('answers sso_failed while the IdP cannot be reached, and discovers it once it is back', async () => {
    const port = await freePort();
    await start({ AIRISK_OIDC_ISSUER: `http://127.0.0.1:${port}` });

    expectRefused(await t.app.inject({ url: '/api/Account/Sso/Start' }), 'sso_failed');

    const late = await startIdentityProvider(CALLBACK, { port });
    try {
      const response = await t.app.inject({ url: '/api/Account/Sso/Start' });
      expect(response.statusCode).toBe(302);
      expect(response.headers.location).toMatch(new RegExp(`^http://127.0.0.1:${port}/auth\\?`));
    } finally {
      await late.close();
    }
  });

  it('is in the OpenAPI document, under Account', async () => {
    await start();
    const document = (await t.app.inject({ url: '/openapi.json' })).json<{
      paths: Record<string, { get?: { tags?: string[]; responses: object } }>;
    }>();

    for (const path of ['/api/Account/Sso/Start', '/api/Account/Sso/Callback']) {
      expect(document.paths[path]?.get?.tags, path).toEqual(['Account']);
      expect(document.paths[path]?.get?.responses, path).toHaveProperty('302');
    }
  });
});

describe('GET /api/Account/Sso/Callback', () => {
  it('signs in an existing user (no password yet), links the identity and lands on next', async () => {
    await start();
    const user = await aUser(t, { email: 'ada@example.com', name: 'Ada' });
    const subject = anIdpAccount('Ada@Example.com');

    const response = await signInWithSso(subject, '/chat/c1?x=1');

    expect(response.statusCode, response.body).toBe(302);
    expect(response.headers.location).toBe('/chat/c1?x=1');
    expect(cookieOf(response, 'airisk_sso')).toMatchObject({ value: '', path: '/api/Account/Sso' });
    const session = await sessionAfter(response);
    expect(session.statusCode, session.body).toBe(200);
    expect(session.json()).toMatchObject({ user: { id: user.id, email: 'ada@example.com' } });
    const sessions = await t.app.inject({
      url: '/api/Account/Sessions',
      cookies: { airisk_session: cookieOf(response, 'airisk_session')!.value },
    });
    expect(sessions.json()).toMatchObject({ sessions: [{ current: true, method: 'sso' }] });
    expect(await auditEvents('sso_signed_in')).toEqual([
      expect.objectContaining({
        userId: user.id,
        outcome: 'success',
        details: { issuer: idp.issuer, outcome: 'linked' },
      }),
    ]);
  });

  it('signs in by the linked identity the next time, whatever the email says now', async () => {
    await start();
    const user = await aUser(t, { email: 'grace@example.com' });
    const subject = anIdpAccount('grace@example.com');
    expect((await signInWithSso(subject)).headers.location).toBe('/');

    idp.accounts.set(subject, { email: 'grace.hopper@example.com', emailVerified: true });
    const again = await signInWithSso(subject);

    expect(again.headers.location).toBe('/');
    expect((await sessionAfter(again)).json()).toMatchObject({ user: { id: user.id } });
    const outcomes = (await auditEvents('sso_signed_in')).map((event) => event.details.outcome);
    expect(outcomes.sort()).toEqual(['known', 'linked']);
  });

  it('refuses an email outside the allowed domains (sso_domain)', async () => {
    await start();
    await aUser(t, { email: 'eve@elsewhere.test' });

    const response = await signInWithSso(anIdpAccount('eve@elsewhere.test'));

    expectRefused(response, 'sso_domain');
    expect(await auditEvents('sso_denied')).toEqual([
      expect.objectContaining({ outcome: 'failure', reason: expect.stringMatching(/^sso_domain/) }),
    ]);
  });

  it('refuses an email the IdP says it has not verified (sso_failed)', async () => {
    await start();
    await aUser(t, { email: 'unverified@example.com' });

    const response = await signInWithSso(
      anIdpAccount('unverified@example.com', { emailVerified: false }),
    );

    expectRefused(response, 'sso_failed');
  });

  it('refuses a person with no AIRisk user when only invited people may sign in', async () => {
    await start();

    const response = await signInWithSso(anIdpAccount('stranger@example.com'));

    expectRefused(response, 'sso_not_invited');
    const users = await t.store.users.findByEmail('stranger@example.com');
    expect(users).toBeUndefined();
  });

  it('creates a User on first sign-in when AIRISK_OIDC_NEW_USERS=domain', async () => {
    await start({ AIRISK_OIDC_NEW_USERS: 'domain' });
    const subject = anIdpAccount('newcomer@example.com', { name: 'New Comer' });

    const response = await signInWithSso(subject, '/chat');

    expect(response.headers.location).toBe('/chat');
    const session = (await sessionAfter(response)).json<{ user: Record<string, unknown> }>();
    expect(session.user).toMatchObject({
      email: 'newcomer@example.com',
      name: 'New Comer',
      roles: ['User'],
    });
    // Signing in again finds the same user.
    const again = await sessionAfter(await signInWithSso(subject));
    expect(again.json()).toMatchObject({ user: { id: session.user.id } });
  });

  it('still refuses another domain when AIRISK_OIDC_NEW_USERS=domain', async () => {
    await start({ AIRISK_OIDC_NEW_USERS: 'domain' });

    const response = await signInWithSso(anIdpAccount('someone@elsewhere.test'));

    expectRefused(response, 'sso_domain');
    expect(await t.store.users.findByEmail('someone@elsewhere.test')).toBeUndefined();
  });

  it('refuses a disabled user, even with a linked identity', async () => {
    await start();
    const user = await aUser(t, { email: 'left@example.com' });
    const subject = anIdpAccount('left@example.com');
    expect((await signInWithSso(subject)).headers.location).toBe('/');

    await t.store.users.update(user.id, { disabledAt: t.clock.nowSeconds() });
    const response = await signInWithSso(subject);

    expectRefused(response, 'sso_not_invited');
    expect(await auditEvents('sso_denied')).toEqual([
      expect.objectContaining({ userId: user.id, outcome: 'failure' }),
    ]);
  });

  it('refuses an answer whose state is not the one this browser started (sso_state)', async () => {
    await start();
    await aUser(t, { email: 'mallory-target@example.com' });
    const subject = anIdpAccount('mallory-target@example.com');
    const first = await startSso();
    const second = await startSso();
    const answer = await signInAtIdp(first.authorizationUrl, subject);

    // The answer to the first attempt, brought to a browser holding the second one's cookie.
    expectRefused(await callback(answer, second.ssoCookie), 'sso_state');
    // No cookie at all (another browser: login CSRF).
    expectRefused(await callback(answer, undefined), 'sso_state');
    // A state altered on the way.
    const altered = new URL(answer);
    altered.searchParams.set('state', 'x'.repeat(43));
    expectRefused(await callback(altered, first.ssoCookie), 'sso_state');
  });

  it('refuses an ID token whose nonce is not the one this browser sent', async () => {
    await start();
    await aUser(t, { email: 'nonce@example.com' });
    const { authorizationUrl, ssoCookie } = await startSso();
    const sealed = JSON.parse(decryptWithMasterKey(t.masterKey, ssoCookie));
    const tampered = encryptWithMasterKey(
      t.masterKey,
      JSON.stringify({ ...sealed, nonce: 'another-nonce' }),
    );

    const answer = await signInAtIdp(authorizationUrl, anIdpAccount('nonce@example.com'));

    expectRefused(await callback(answer, tampered), 'sso_state');
    expect(await auditEvents('sso_denied')).toEqual([
      expect.objectContaining({ reason: expect.stringMatching(/^sso_state: .*nonce/) }),
    ]);
  });

  it('refuses a cookie altered without the master key, or older than 10 minutes', async () => {
    await start();
    await aUser(t, { email: 'late@example.com' });
    const subject = anIdpAccount('late@example.com');
    const { authorizationUrl, ssoCookie } = await startSso();
    const answer = await signInAtIdp(authorizationUrl, subject);
    const flipped = `${ssoCookie.slice(0, -2)}${ssoCookie.endsWith('A') ? 'B' : 'A'}`;

    expectRefused(await callback(answer, flipped), 'sso_state');
    t.clock.advance(601);
    expectRefused(await callback(answer, ssoCookie), 'sso_state');
  });

  it('lands on / when next is not a path of this server', async () => {
    await start();
    await aUser(t, { email: 'next@example.com' });
    const subject = anIdpAccount('next@example.com');

    for (const next of ['https://evil.test/', '//evil.test/x', '/\\evil.test', 'chat']) {
      const response = await signInWithSso(subject, next);
      expect(response.headers.location, next).toBe('/');
    }
  });
});

describe('GET /api/Account/Options', () => {
  it('offers the SSO button when single sign-on is configured', async () => {
    await start({ AIRISK_OIDC_BUTTON: 'Sign in with Example' });
    const response = await t.app.inject({ url: '/api/Account/Options' });

    expect(response.statusCode, response.body).toBe(200);
    expect(response.json()).toMatchObject({ sso: { button: 'Sign in with Example' } });
  });

  it('has no SSO routes and no button without AIRISK_OIDC_ISSUER', async () => {
    t = await createTestApp();

    expect((await t.app.inject({ url: '/api/Account/Options' })).json()).toMatchObject({
      sso: null,
    });
    expect((await t.app.inject({ url: '/api/Account/Sso/Start' })).statusCode).toBe(404);
  });
});
