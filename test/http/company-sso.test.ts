import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { LightMyRequestResponse } from 'fastify';
import { createTestApp, TEST_ISSUER, type TestApp } from '../helpers/test-app.ts';
import { startIdentityProvider, type IdentityProvider } from '../helpers/identity-provider.ts';
import { startFleet, type Fleet } from '../helpers/shared-database.ts';
import { asUser, expectProblem, type Caller } from '../helpers/api-requests.ts';
import { changeSettings, defaultAgentOf, signInOptions } from '../helpers/company-requests.ts';
import { anAgent } from '../helpers/chat.ts';

// Single sign-on configured only through the company settings, against a real OpenID Connect
// provider (node-oidc-provider on loopback), followed redirect by redirect as in sso.test.ts.
// Nothing is restarted: each request reads the settings of the moment.

const CALLBACK = `${TEST_ISSUER}/api/Account/Sso/Callback`;

let idp: IdentityProvider;
let t: TestApp;
let admin: Caller;
let closeAll: () => Promise<void>;

beforeAll(async () => {
  idp = await startIdentityProvider(CALLBACK);
});
afterAll(() => idp.close());
afterEach(() => closeAll());

async function start(env: Record<string, string> = {}): Promise<void> {
  t = await createTestApp(env);
  closeAll = () => t.close();
  admin = await asUser(t, ['CompanyAdmin']);
}

function ssoSettings(provider: IdentityProvider, extra: Record<string, unknown> = {}) {
  return {
    issuer: provider.issuer,
    clientId: provider.clientId,
    clientSecret: provider.clientSecret,
    ...extra,
  };
}

let subjects = 0;

function anIdpAccount(provider: IdentityProvider, email: string): string {
  subjects += 1;
  const subject = `company-sso-${subjects}`;
  provider.accounts.set(subject, { email, emailVerified: true, name: `Person ${subjects}` });
  return subject;
}

const startSso = (app: TestApp = t) => app.app.inject({ url: '/api/Account/Sso/Start' });

/** Start, the IdP's login as `subject`, and AIRisk's answer to the callback. */
async function signInWithSso(
  provider: IdentityProvider,
  subject: string,
  app: TestApp = t,
): Promise<LightMyRequestResponse> {
  const started = await startSso(app);
  expect(started.statusCode, started.body).toBe(302);
  const ssoCookie = started.cookies.find((cookie) => cookie.name === 'airisk_sso')?.value ?? '';
  const url = await provider.logIn(new URL(started.headers.location as string), subject);
  expect(`${url.origin}${url.pathname}`).toBe(CALLBACK);
  return app.app.inject({
    url: `${url.pathname}${url.search}`,
    cookies: { airisk_sso: ssoCookie },
  });
}

/** GET /api/Account/Session with the session cookie the callback set. */
async function sessionUser(response: LightMyRequestResponse, app: TestApp = t) {
  const session = response.cookies.find((cookie) => cookie.name === 'airisk_session');
  expect(session, `${response.statusCode} ${String(response.headers.location)}`).toBeDefined();
  const answer = await app.app.inject({
    url: '/api/Account/Session',
    cookies: { airisk_session: session!.value },
  });
  return answer.json<{ user: { id: string; email: string } }>().user;
}

describe('single sign-on from the company settings', () => {
  it('works end to end with no AIRISK_OIDC_*, and stops when the settings are removed', async () => {
    await start();
    expectProblem(await startSso(), 404, /Single sign-on is not configured/);

    await changeSettings(t, admin.token, {
      allowedSignInDomains: ['example.com'],
      sso: ssoSettings(idp, { newUsers: 'domain', buttonLabel: 'Example login' }),
    });
    expect(await signInOptions(t)).toMatchObject({ sso: { button: 'Example login' } });
    const response = await signInWithSso(idp, anIdpAccount(idp, 'new.person@example.com'));

    expect(response.statusCode, response.body).toBe(302);
    expect(response.headers.location).toBe('/');
    expect(await sessionUser(response)).toMatchObject({ email: 'new.person@example.com' });

    await changeSettings(t, admin.token, { sso: null });
    expectProblem(await startSso(), 404);
    expect(await signInOptions(t)).toMatchObject({ sso: null });
  });

  it('follows a changed issuer at the next sign-in, without a restart', async () => {
    const other = await startIdentityProvider(CALLBACK);
    try {
      await start();
      await changeSettings(t, admin.token, { sso: ssoSettings(idp) });
      expect((await startSso()).headers.location).toMatch(new RegExp(`^${idp.issuer}/auth\\?`));

      await changeSettings(t, admin.token, { sso: ssoSettings(other) });

      expect((await startSso()).headers.location).toMatch(new RegExp(`^${other.issuer}/auth\\?`));
      const user = await asUser(t, ['User'], { email: 'moved@example.com' });
      const response = await signInWithSso(other, anIdpAccount(other, 'moved@example.com'));
      expect(await sessionUser(response)).toMatchObject({ id: user.user.id });
    } finally {
      await other.close();
    }
  });

  it('refuses a sign-in outside the stored domains, which win over AIRISK_OIDC_ALLOWED_DOMAINS', async () => {
    await start({
      AIRISK_OIDC_ISSUER: idp.issuer,
      AIRISK_OIDC_CLIENT_ID: idp.clientId,
      AIRISK_OIDC_CLIENT_SECRET: idp.clientSecret,
      AIRISK_OIDC_ALLOWED_DOMAINS: 'example.com',
    });
    await asUser(t, ['User'], { email: 'ada@example.com' });
    await asUser(t, ['User'], { email: 'grace@example.org' });

    await changeSettings(t, admin.token, { allowedSignInDomains: ['example.org'] });

    const refused = await signInWithSso(idp, anIdpAccount(idp, 'ada@example.com'));
    expect(refused.headers.location).toBe('/signin?error=sso_domain');
    const allowed = await signInWithSso(idp, anIdpAccount(idp, 'grace@example.org'));
    expect(await sessionUser(allowed)).toMatchObject({ email: 'grace@example.org' });
  });

  it('gives a person created at first sign-in the default agent', async () => {
    await start();
    const agent = await anAgent(t, admin.token);
    await changeSettings(t, admin.token, {
      defaultAgentId: agent.id,
      sso: ssoSettings(idp, { newUsers: 'domain' }),
    });

    const response = await signInWithSso(idp, anIdpAccount(idp, 'first.time@example.net'));

    const user = await sessionUser(response);
    expect(await defaultAgentOf(t, user.id)).toBe(agent.id);
  });

  it('applies a change made through one server on every other sharing the database', async () => {
    const fleet: Fleet = await startFleet(2);
    closeAll = () => fleet.close();
    const [first, second] = fleet.instances as [TestApp, TestApp];
    const firstAdmin = await asUser(first, ['CompanyAdmin']);
    expectProblem(await startSso(second), 404);

    await changeSettings(first, firstAdmin.token, {
      sso: ssoSettings(idp, { newUsers: 'domain' }),
    });

    const response = await signInWithSso(idp, anIdpAccount(idp, 'fleet@example.com'), second);
    expect(await sessionUser(response, second)).toMatchObject({ email: 'fleet@example.com' });
    await changeSettings(first, firstAdmin.token, { sso: null });
    expectProblem(await startSso(second), 404);
  });
});
