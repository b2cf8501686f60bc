import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { generate } from 'otplib';
import { createTestApp, type TestApp } from '../helpers/test-app.ts';
import {
  GOOD_PASSWORD,
  aUserWithPassword,
  asBrowser,
  browserOf,
  signIn,
  signedIn,
  type Browser,
} from '../helpers/account-requests.ts';

// Issue 14: optional TOTP second factor with ten single-use recovery codes.

let t: TestApp;
beforeEach(async () => {
  t = await createTestApp();
});
afterEach(() => t.close());

const totp = (secret: string, at = t.clock.nowSeconds()) => generate({ secret, epoch: at });

async function enableTwoFactor(browser: Browser) {
  const begun = await asBrowser(t, browser, 'POST', '/api/Account/TwoFactor/Begin');
  expect(begun.statusCode, begun.body).toBe(200);
  const { secret, otpauthUrl, qrSvg } = begun.json<{
    secret: string;
    otpauthUrl: string;
    qrSvg: string;
  }>();
  expect(otpauthUrl).toMatch(/^otpauth:\/\/totp\/AIRisk:.*secret=[A-Z2-7]+/);
  expect(qrSvg).toMatch(/^<svg [^>]*xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);

  const wrong = await asBrowser(t, browser, 'POST', '/api/Account/TwoFactor/Enable', {
    code: (Number(await totp(secret)) + 1).toString().padStart(6, '0').slice(-6),
  });
  expect(wrong.statusCode).toBe(400);
  const enabled = await asBrowser(t, browser, 'POST', '/api/Account/TwoFactor/Enable', {
    code: await totp(secret),
  });
  expect(enabled.statusCode, enabled.body).toBe(200);
  const { recoveryCodes } = enabled.json<{ recoveryCodes: string[] }>();
  return { secret, recoveryCodes };
}

describe('two-factor sign-in', () => {
  it('asks for the code once on, and takes TOTP codes', async () => {
    const user = await aUserWithPassword(t);
    const browser = await signedIn(t, user);
    const { secret, recoveryCodes } = await enableTwoFactor(browser);
    expect(recoveryCodes).toHaveLength(10);
    expect(new Set(recoveryCodes).size).toBe(10);
    const session = await asBrowser(t, browser, 'GET', '/api/Account/Session');
    expect(session.json()).toMatchObject({ twoFactorEnabled: true });

    const withoutCode = await signIn(t, user.email);
    expect(withoutCode.statusCode).toBe(200);
    expect(withoutCode.json()).toEqual({ twoFactorRequired: true });
    expect(withoutCode.headers['set-cookie']).toBeUndefined();

    expect((await signIn(t, user.email, GOOD_PASSWORD, { code: '000000' })).statusCode).toBe(401);
    const wrongPassword = await signIn(t, user.email, 'a wrong password', {
      code: await totp(secret),
    });
    expect(wrongPassword.statusCode).toBe(401);

    // The code that turned it on is spent already.
    const confirming = await signIn(t, user.email, GOOD_PASSWORD, { code: await totp(secret) });
    expect(confirming.statusCode).toBe(401);

    t.clock.advance(90);
    const code = await totp(secret);
    const response = await signIn(t, user.email, GOOD_PASSWORD, { code });
    expect(response.statusCode, response.body).toBe(200);
    expect(browserOf(response).csrfToken).toBeTruthy();
    // RFC 6238 §5.2: a code is good once; nor does an older one work after it.
    expect((await signIn(t, user.email, GOOD_PASSWORD, { code })).statusCode).toBe(401);
    const older = await totp(secret, t.clock.nowSeconds() - 30);
    expect((await signIn(t, user.email, GOOD_PASSWORD, { code: older })).statusCode).toBe(401);
  });

  it('takes each recovery code once, in any case and grouping', async () => {
    const user = await aUserWithPassword(t);
    const { recoveryCodes } = await enableTwoFactor(await signedIn(t, user));
    const [code = '', other = ''] = recoveryCodes;
    expect(code).toMatch(/^[a-z2-9]{4}(-[a-z2-9]{4}){3}$/);

    const typed = code.toUpperCase().replaceAll('-', ' ');
    expect((await signIn(t, user.email, GOOD_PASSWORD, { code: typed })).statusCode).toBe(200);
    expect((await signIn(t, user.email, GOOD_PASSWORD, { code })).statusCode).toBe(401);
    expect((await signIn(t, user.email, GOOD_PASSWORD, { code: other })).statusCode).toBe(200);
  });

  it('counts wrong codes towards the lock-out', async () => {
    const user = await aUserWithPassword(t);
    await enableTwoFactor(await signedIn(t, user));
    for (let i = 0; i < 5; i += 1) {
      await signIn(t, user.email, GOOD_PASSWORD, { code: '123456' });
    }
    expect((await signIn(t, user.email, GOOD_PASSWORD, { code: '123456' })).statusCode).toBe(429);
  });

  it('turns off with the password, and sign-in asks for no code again', async () => {
    const user = await aUserWithPassword(t);
    const browser = await signedIn(t, user);
    await enableTwoFactor(browser);

    const wrong = await asBrowser(t, browser, 'POST', '/api/Account/TwoFactor/Disable', {
      password: 'not my password at all',
    });
    expect(wrong.statusCode).toBe(400);
    const off = await asBrowser(t, browser, 'POST', '/api/Account/TwoFactor/Disable', {
      password: GOOD_PASSWORD,
    });
    expect(off.statusCode, off.body).toBe(204);
    expect((await signIn(t, user.email)).json()).toHaveProperty('csrfToken');
  });

  it('refuses to begin again while on (409)', async () => {
    const browser = await signedIn(t, await aUserWithPassword(t));
    await enableTwoFactor(browser);
    const again = await asBrowser(t, browser, 'POST', '/api/Account/TwoFactor/Begin');
    expect(again.statusCode).toBe(409);
  });

  it('keeps the secret sealed in the database', async () => {
    const user = await aUserWithPassword(t);
    const { secret } = await enableTwoFactor(await signedIn(t, user));
    const login = await t.store.logins.find(user.id);
    expect(login?.totpSecretEncrypted).toMatch(/^v1\./);
    expect(login?.totpSecretEncrypted).not.toContain(secret);
  });
});
