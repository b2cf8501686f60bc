import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/test-app.ts';
import { SIGNIN_FAILURES_PER_IP } from '../../src/accounts/sign-in.ts';
import { GOOD_PASSWORD, aUserWithPassword, signIn } from '../helpers/account-requests.ts';
import { aUser } from '../helpers/test-app.ts';
import { updateUser } from '../../src/users/users.ts';

// Issue 14: password sign-in answers the same for a wrong password and an unknown email, locks
// an account after repeated failures (like clients), and limits failures per address.

let t: TestApp;
beforeEach(async () => {
  // Lock after 3 failures within 10 minutes, for 10 minutes.
  t = await createTestApp({
    AIRISK_SIGNIN_LOCKOUT_THRESHOLD: '3',
    AIRISK_LOCKOUT_SECONDS: '600',
  });
});
afterEach(() => t.close());

async function auditEvents(event: string) {
  return (await t.store.audit.list({ limit: 100, offset: 0, event })).map((entry) => entry);
}

describe('POST /api/Account/SignIn', () => {
  it('signs in with the right password, in any case of the email', async () => {
    const user = await aUserWithPassword(t, { email: 'ada@example.com' });

    const response = await signIn(t, 'ADA@example.com');

    expect(response.statusCode, response.body).toBe(200);
    expect(response.json()).toEqual({
      user: { id: user.id, email: 'ada@example.com', name: user.name, roles: ['User'] },
      csrfToken: expect.stringMatching(/^[\w-]{43}$/),
    });
    expect(await auditEvents('signed_in')).toMatchObject([{ userId: user.id }]);
  });

  it('answers a wrong password, an unknown email and a pending user alike', async () => {
    const user = await aUserWithPassword(t);
    const pending = await aUser(t);

    const answers = await Promise.all([
      signIn(t, user.email, 'wrong password entirely'),
      signIn(t, 'nobody@example.com', GOOD_PASSWORD),
      signIn(t, pending.email, GOOD_PASSWORD),
    ]);

    for (const answer of answers) {
      expect(answer.statusCode).toBe(401);
      expect(answer.headers['set-cookie']).toBeUndefined();
      expect(answer.json()).toMatchObject({ status: 401, detail: 'Wrong email or password' });
    }
    expect(await auditEvents('signin_failed')).toHaveLength(3);
  });

  it('refuses a disabled user even with the right password', async () => {
    const user = await aUserWithPassword(t);
    await aUserWithPassword(t, { roles: ['CompanyAdmin'] });
    await updateUser(t, user.id, { disabled: true });

    expect((await signIn(t, user.email)).statusCode).toBe(403);
  });

  it('wants JSON: a cross-site form cannot sign the browser in', async () => {
    const user = await aUserWithPassword(t);
    const form = await t.app.inject({
      method: 'POST',
      url: '/api/Account/SignIn',
      payload: `email=${encodeURIComponent(user.email)}&password=${encodeURIComponent(GOOD_PASSWORD)}`,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(form.statusCode).toBe(415);

    const foreign = await signIn(
      t,
      user.email,
      GOOD_PASSWORD,
      {},
      { origin: 'https://evil.example' },
    );
    expect(foreign.statusCode).toBe(403);
    expect(foreign.headers['set-cookie']).toBeUndefined();
  });
});

describe('lock-out', () => {
  it('locks the account after the threshold, with 429 and Retry-After, until it expires', async () => {
    const user = await aUserWithPassword(t);
    for (let i = 0; i < 3; i += 1) {
      expect((await signIn(t, user.email, 'not the password at all')).statusCode).toBe(401);
    }

    const locked = await signIn(t, user.email);
    expect(locked.statusCode).toBe(429);
    expect(locked.headers['retry-after']).toBe('600');
    expect(await auditEvents('signin_locked')).toMatchObject([
      { userId: user.id, outcome: 'failure' },
    ]);

    t.clock.advance(599);
    expect((await signIn(t, user.email)).statusCode).toBe(429);
    t.clock.advance(1);
    expect((await signIn(t, user.email)).statusCode).toBe(200);
  });

  it('counts failures within the window only, and forgets them after a success', async () => {
    const user = await aUserWithPassword(t);
    await signIn(t, user.email, 'not the password at all');
    await signIn(t, user.email, 'not the password at all');
    t.clock.advance(600);
    await signIn(t, user.email, 'not the password at all');
    await signIn(t, user.email, 'not the password at all');
    expect((await signIn(t, user.email)).statusCode).toBe(200);

    await signIn(t, user.email, 'not the password at all');
    await signIn(t, user.email, 'not the password at all');
    expect((await signIn(t, user.email)).statusCode).toBe(200);
  });

  it('counts concurrent failures, every one of them', async () => {
    const user = await aUserWithPassword(t);
    const answers = await Promise.all(
      Array.from({ length: 6 }, () => signIn(t, user.email, 'not the password at all')),
    );

    expect(answers.filter((answer) => answer.statusCode === 401).length).toBeGreaterThanOrEqual(3);
    expect((await signIn(t, user.email)).statusCode).toBe(429);
  });

  it('locks one account, not the others', async () => {
    const victim = await aUserWithPassword(t);
    const other = await aUserWithPassword(t);
    for (let i = 0; i < 3; i += 1) {
      await signIn(t, victim.email, 'not the password at all');
    }
    expect((await signIn(t, victim.email)).statusCode).toBe(429);
    expect((await signIn(t, other.email)).statusCode).toBe(200);
  });
});

describe('the per-address limit', () => {
  it(`refuses an address after ${SIGNIN_FAILURES_PER_IP} failures in a minute`, async () => {
    const user = await aUserWithPassword(t);
    for (let i = 0; i < SIGNIN_FAILURES_PER_IP; i += 1) {
      expect((await signIn(t, `nobody${i}@example.com`)).statusCode).toBe(401);
    }

    const limited = await signIn(t, user.email);
    expect(limited.statusCode).toBe(429);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    expect(Number(limited.headers['retry-after'])).toBeLessThanOrEqual(60);
    expect(await auditEvents('signin_rate_limited')).not.toHaveLength(0);

    // Another address is not held back, and the next minute this one is not either.
    const elsewhere = await t.app.inject({
      method: 'POST',
      url: '/api/Account/SignIn',
      remoteAddress: '192.0.2.7',
      payload: { email: user.email, password: GOOD_PASSWORD },
    });
    expect(elsewhere.statusCode).toBe(200);
    t.clock.advance(60);
    expect((await signIn(t, user.email)).statusCode).toBe(200);
  });
});
