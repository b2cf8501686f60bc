import { afterEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/test-app.ts';
import {
  asUser,
  expectInsufficientScope,
  expectProblem,
  expectRoleDenied,
  genericToken,
  get,
  type Caller,
} from '../helpers/api-requests.ts';
import {
  changeSettings,
  putSettings,
  readSettings,
  signInOptions,
} from '../helpers/company-requests.ts';
import { appWithRawRows } from '../helpers/raw-database.ts';
import { anAgent } from '../helpers/chat.ts';

// Company > General Information: what applies (stored settings over the environment), partial
// changes, write-only secrets, validation and who may read or change it.

const CLIENT_SECRET = 'idp-client-secret-4f9a1c';
const SMTP_PASSWORD = 'smtp-password-83be20';
const ENV = {
  AIRISK_OIDC_ISSUER: 'https://login.example.com/realms/example',
  AIRISK_OIDC_CLIENT_ID: 'airisk-env',
  AIRISK_OIDC_CLIENT_SECRET: 'env-secret-0001',
  AIRISK_OIDC_ALLOWED_DOMAINS: 'example.com',
  AIRISK_OIDC_NEW_USERS: 'domain',
  AIRISK_OIDC_BUTTON: 'Sign in with Example',
  AIRISK_SMTP_URL: 'smtp://mailer%40example.com:env-pw-0002@mail.example.com:2525',
  AIRISK_MAIL_FROM: 'Example <airisk@example.com>',
};

let t: TestApp;
let admin: Caller;
let closeApp: () => Promise<void>;

async function start(env: Record<string, string> = {}): Promise<void> {
  t = await createTestApp(env);
  closeApp = () => t.close();
  admin = await asUser(t, ['CompanyAdmin']);
}

afterEach(() => closeApp());

const SSO = {
  issuer: 'https://idp.example.org/',
  clientId: 'airisk',
  clientSecret: CLIENT_SECRET,
};
const SMTP = {
  host: 'smtp.example.org',
  port: 587,
  security: 'starttls',
  username: 'airisk',
  password: SMTP_PASSWORD,
  from: 'AIRisk <airisk@example.org>',
};

describe('GET /api/Company/Settings', () => {
  it('answers the defaults when neither the settings nor the environment set anything', async () => {
    await start();

    expect(await readSettings(t, admin.token)).toEqual({
      name: 'AIRisk',
      hasLogo: false,
      defaultAgentId: null,
      allowedSignInDomains: [],
      activityRetentionDays: null,
      archiveAfterDays: null,
      sso: {
        configured: false,
        source: 'none',
        issuer: null,
        clientId: null,
        hasClientSecret: false,
        newUsers: 'invited',
        buttonLabel: 'Single sign-on',
      },
      smtp: {
        configured: false,
        source: 'none',
        host: null,
        port: null,
        security: 'starttls',
        username: null,
        hasPassword: false,
        from: 'AIRisk <airisk@localhost>',
      },
    });
  });

  it('shows the environment’s settings as such, never their secrets', async () => {
    await start(ENV);
    const response = await get(t, admin.token, '/api/Company/Settings');

    expect(response.json()).toMatchObject({
      allowedSignInDomains: ['example.com'],
      sso: {
        configured: true,
        source: 'environment',
        issuer: ENV.AIRISK_OIDC_ISSUER,
        clientId: 'airisk-env',
        hasClientSecret: true,
        newUsers: 'domain',
        buttonLabel: 'Sign in with Example',
      },
      smtp: {
        configured: true,
        source: 'environment',
        host: 'mail.example.com',
        port: 2525,
        security: 'starttls',
        username: 'mailer@example.com',
        hasPassword: true,
        from: ENV.AIRISK_MAIL_FROM,
      },
    });
    expect(response.body).not.toContain('env-secret-0001');
    expect(response.body).not.toContain('env-pw-0002');
  });

  it('refuses a User (403 naming CompanyAdmin), a generic token (403) and no token (401)', async () => {
    await start();
    const user = await asUser(t, ['User']);

    expectRoleDenied(await get(t, user.token, '/api/Company/Settings'));
    expectRoleDenied(await putSettings(t, user.token, { name: 'Mine now' }));
    expectInsufficientScope(await get(t, await genericToken(t), '/api/Company/Settings'));
    expectProblem(await t.app.inject({ url: '/api/Company/Settings' }), 401);
    expect((await readSettings(t, admin.token)).name).toBe('AIRisk');
  });
});

describe('PUT /api/Company/Settings', () => {
  it('changes only the fields given, and audits their names without their values', async () => {
    await start();

    const named = await changeSettings(t, admin.token, { name: '  Example Corp ' });
    expect(named).toMatchObject({ name: 'Example Corp', allowedSignInDomains: [] });
    t.clock.advance(1);
    const domains = await changeSettings(t, admin.token, {
      allowedSignInDomains: ['Example.com', '@example.org', 'example.com'],
    });
    expect(domains).toMatchObject({
      name: 'Example Corp',
      allowedSignInDomains: ['example.com', 'example.org'],
    });
    t.clock.advance(1);
    await changeSettings(t, admin.token, { sso: SSO });

    const logs = await get(t, admin.token, '/api/Logs/ListLogs?event=company_settings_updated');
    expect(logs.json<{ details: unknown; userId: string }[]>().map((e) => e.details)).toEqual([
      { changed: ['sso.issuer', 'sso.clientId', 'sso.clientSecret'] },
      { changed: ['allowedSignInDomains'] },
      { changed: ['name'] },
    ]);
    expect(logs.body).not.toContain(CLIENT_SECRET);
    expect(logs.body).not.toContain('Example Corp');
  });

  it('makes the stored SSO and mail settings win over the environment; null gives it back', async () => {
    await start(ENV);

    const stored = await changeSettings(t, admin.token, {
      allowedSignInDomains: [],
      sso: { ...SSO, buttonLabel: 'Company login' },
      smtp: SMTP,
    });
    expect(stored).toMatchObject({
      allowedSignInDomains: [],
      sso: {
        source: 'settings',
        issuer: SSO.issuer,
        clientId: 'airisk',
        hasClientSecret: true,
        newUsers: 'invited',
        buttonLabel: 'Company login',
      },
      smtp: {
        source: 'settings',
        host: SMTP.host,
        port: 587,
        security: 'starttls',
        username: 'airisk',
        hasPassword: true,
        from: SMTP.from,
      },
    });
    expect(await signInOptions(t)).toMatchObject({ sso: { button: 'Company login' }, mail: true });

    const removed = await changeSettings(t, admin.token, { sso: null, smtp: null });
    expect(removed.sso).toMatchObject({ source: 'environment', clientId: 'airisk-env' });
    expect(removed.smtp).toMatchObject({ source: 'environment', host: 'mail.example.com' });
    // The domains were set on their own: they stay stored ([] allows any domain).
    expect(removed.allowedSignInDomains).toEqual([]);
  });

  it('keeps secrets write-only: stored encrypted, kept when left out, removed with null', async () => {
    const raw = await appWithRawRows();
    t = raw.t;
    closeApp = () => raw.t.close();
    admin = await asUser(t, ['CompanyAdmin']);

    const response = await putSettings(t, admin.token, { sso: SSO, smtp: SMTP });
    expect(response.statusCode, response.body).toBe(200);
    expect(response.body).not.toContain(CLIENT_SECRET);
    expect(response.body).not.toContain(SMTP_PASSWORD);
    const rows = JSON.stringify(await raw.rows('company_settings'));
    expect(rows).toContain('smtp.example.org');
    expect(rows).not.toContain(CLIENT_SECRET);
    expect(rows).not.toContain(SMTP_PASSWORD);

    // Left out: kept, even as other fields of the part change.
    const kept = await changeSettings(t, admin.token, {
      sso: { issuer: SSO.issuer, clientId: 'airisk-2' },
      smtp: { host: 'smtp2.example.org', port: 465, security: 'tls' },
    });
    expect(kept.sso).toMatchObject({ clientId: 'airisk-2', hasClientSecret: true });
    expect(kept.smtp).toMatchObject({
      host: 'smtp2.example.org',
      username: 'airisk',
      hasPassword: true,
      from: SMTP.from,
    });

    const cleared = await changeSettings(t, admin.token, {
      sso: { ...SSO, clientSecret: null },
      smtp: { ...SMTP, username: null, password: null },
    });
    expect(cleared.sso.hasClientSecret).toBe(false);
    expect(cleared.smtp).toMatchObject({ username: null, hasPassword: false });
  });

  it('sets and clears the default agent; an unknown one is a 404 naming the field', async () => {
    await start();
    const agent = await anAgent(t, admin.token);

    expect(await changeSettings(t, admin.token, { defaultAgentId: agent.id })).toMatchObject({
      defaultAgentId: agent.id,
    });
    expectProblem(
      await putSettings(t, admin.token, { defaultAgentId: 'no-such-agent' }),
      404,
      /^defaultAgentId: .*no-such-agent/,
    );
    expect((await readSettings(t, admin.token)).defaultAgentId).toBe(agent.id);
    expect(
      (await changeSettings(t, admin.token, { defaultAgentId: null })).defaultAgentId,
    ).toBeNull();
  });

  it.each([
    [{ name: '   ' }, /^name /],
    [{ name: 'x'.repeat(201) }, /^name /],
    [{ allowedSignInDomains: ['not a domain'] }, /^allowedSignInDomains.*"not a domain"/],
    [{ allowedSignInDomains: ['-example.com'] }, /^allowedSignInDomains/],
    [{ sso: { ...SSO, issuer: 'ftp://idp.example.org' } }, /^sso\.issuer must be an http\(s\) URL/],
    [{ sso: { ...SSO, issuer: 'not a url' } }, /^sso\.issuer/],
    [{ sso: { issuer: SSO.issuer } }, /^clientId is required/],
    [{ sso: { ...SSO, newUsers: 'everyone' } }, /^sso\.newUsers must be one of: invited, domain/],
    [{ sso: { ...SSO, clientSecret: '' } }, /^sso\.clientSecret/],
    [{ smtp: { ...SMTP, host: 'mail server!' } }, /^smtp\.host/],
    [{ smtp: { ...SMTP, port: 0 } }, /^smtp\.port must be a whole number from 1 to 65535/],
    [{ smtp: { ...SMTP, port: 65536 } }, /^smtp\.port must be a whole number from 1 to 65535/],
    [{ smtp: { ...SMTP, security: 'ssl' } }, /^smtp\.security must be one of: starttls, tls, none/],
    [{ smtp: { ...SMTP, from: 'nobody' } }, /^smtp\.from must be an email address/],
    [{ smtp: { ...SMTP, from: 'Evil <a@example.com>\r\nBcc: x@example.com' } }, /^smtp\.from/],
  ])('answers 400 naming the field for %j, and changes nothing', async (body, detail) => {
    await start();

    expectProblem(await putSettings(t, admin.token, body), 400, detail);
    expect(await readSettings(t, admin.token)).toMatchObject({
      name: 'AIRisk',
      allowedSignInDomains: [],
      sso: { configured: false },
      smtp: { configured: false },
    });
  });
});

describe('GET /api/Account/Options', () => {
  it('shows the company’s name (no logo yet) to anyone', async () => {
    await start();
    expect(await signInOptions(t)).toMatchObject({
      company: { name: 'AIRisk', logoUrl: null },
      sso: null,
      mail: false,
    });

    await changeSettings(t, admin.token, { name: 'Example Corp' });

    expect(await signInOptions(t)).toMatchObject({
      company: { name: 'Example Corp', logoUrl: null },
    });
  });
});
