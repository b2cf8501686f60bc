import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/test-app.ts';
import { asUser, del, post } from '../helpers/api-requests.ts';
import { purgeExpired } from '../../src/maintenance/purge.ts';
import {
  GOOD_PASSWORD,
  aUserWithPassword,
  asBrowser,
  sessionStatus,
  setCookies,
  signIn,
  signedIn,
} from '../helpers/account-requests.ts';

// Issue 14: sessions live server-side with idle and absolute timeouts, and end on sign-out, on
// revocation, on a password change, and when the user is disabled or deleted.

let t: TestApp;
beforeEach(async () => {
  t = await createTestApp({
    AIRISK_SESSION_IDLE_SECONDS: '3600',
    AIRISK_SESSION_MAX_SECONDS: '36000',
  });
});
afterEach(() => t.close());

describe('timeouts', () => {
  it('ends a session idle for longer than AIRISK_SESSION_IDLE_SECONDS', async () => {
    const browser = await signedIn(t, await aUserWithPassword(t));

    t.clock.advance(3599);
    expect(await sessionStatus(t, browser)).toBe(200);
    // That request was activity: the idle time starts again from it.
    t.clock.advance(3599);
    expect(await sessionStatus(t, browser)).toBe(200);
    t.clock.advance(3600);
    expect(await sessionStatus(t, browser)).toBe(401);
  });

  it('ends a session AIRISK_SESSION_MAX_SECONDS after sign-in, however active', async () => {
    const browser = await signedIn(t, await aUserWithPassword(t));

    for (let elapsed = 0; elapsed < 36000 - 1800; elapsed += 1800) {
      t.clock.advance(1800);
      expect(await sessionStatus(t, browser)).toBe(200);
    }
    t.clock.advance(1800);
    expect(await sessionStatus(t, browser)).toBe(401);
  });
});

describe('ending sessions', () => {
  it('signs out: 204, the cookie cleared, the session ended', async () => {
    const browser = await signedIn(t, await aUserWithPassword(t));

    const response = await asBrowser(t, browser, 'POST', '/api/Account/SignOut');

    expect(response.statusCode, response.body).toBe(204);
    expect(setCookies(response)[0]).toMatch(/^airisk_session=; Max-Age=0; .*Path=\//);
    expect(await sessionStatus(t, browser)).toBe(401);
    // The periodic purge then deletes it.
    const purged = await purgeExpired(t.store, t.clock, t.config);
    expect(purged.sessions).toBe(0);
    t.clock.advance(1);
    expect((await purgeExpired(t.store, t.clock, t.config)).sessions).toBe(1);
  });

  it('ends every session of a user an admin disables, for good', async () => {
    const admin = await asUser(t, ['CompanyAdmin']);
    const user = await aUserWithPassword(t);
    const [laptop, phone] = [await signedIn(t, user), await signedIn(t, user)];

    const disable = { userId: user.id, disabled: true };
    expect((await post(t, admin.token, '/api/Users/UpdateUser', disable)).statusCode).toBe(200);
    expect(await sessionStatus(t, laptop)).toBe(401);
    expect(await sessionStatus(t, phone)).toBe(401);

    // Enabling the user again revives none of them.
    const enable = { userId: user.id, disabled: false };
    expect((await post(t, admin.token, '/api/Users/UpdateUser', enable)).statusCode).toBe(200);
    expect(await sessionStatus(t, laptop)).toBe(401);
    expect((await signIn(t, user.email)).statusCode).toBe(200);
  });

  it('ends every session of a user an admin deletes', async () => {
    const admin = await asUser(t, ['CompanyAdmin']);
    const user = await aUserWithPassword(t);
    const browser = await signedIn(t, user);

    expect((await del(t, admin.token, `/api/Users/DeleteUser/${user.id}`)).statusCode).toBe(204);
    expect(await sessionStatus(t, browser)).toBe(401);
  });

  it('lists the sessions, marks the current one, and revokes another', async () => {
    const user = await aUserWithPassword(t);
    const laptop = await signedIn(t, user);
    t.clock.advance(10);
    const phone = await signIn(t, user.email, GOOD_PASSWORD, {}, { 'user-agent': 'Phone/1.0' });
    const phoneBrowser = {
      cookie: (setCookies(phone)[0] ?? '').split(';')[0] ?? '',
      csrfToken: phone.json<{ csrfToken: string }>().csrfToken,
    };

    const listed = await asBrowser(t, laptop, 'GET', '/api/Account/Sessions');
    expect(listed.statusCode, listed.body).toBe(200);
    const { sessions } = listed.json<{ sessions: { id: string; current: boolean }[] }>();
    expect(sessions).toMatchObject([
      { current: false, userAgent: 'Phone/1.0', method: 'password', ip: '127.0.0.1' },
      { current: true },
    ]);

    const phoneId = sessions[0]?.id ?? '';
    const revoked = await asBrowser(t, laptop, 'DELETE', `/api/Account/Sessions/${phoneId}`);
    expect(revoked.statusCode, revoked.body).toBe(204);
    expect(await sessionStatus(t, phoneBrowser)).toBe(401);
    expect(await sessionStatus(t, laptop)).toBe(200);
    const again = await asBrowser(t, laptop, 'DELETE', `/api/Account/Sessions/${phoneId}`);
    expect(again.statusCode).toBe(404);
  });

  it("cannot revoke another user's session", async () => {
    const mine = await signedIn(t, await aUserWithPassword(t));
    const theirs = await signedIn(t, await aUserWithPassword(t));
    const { session } = (await asBrowser(t, theirs, 'GET', '/api/Account/Session')).json<{
      session: { id: string };
    }>();

    const response = await asBrowser(t, mine, 'DELETE', `/api/Account/Sessions/${session.id}`);
    expect(response.statusCode).toBe(404);
    expect(await sessionStatus(t, theirs)).toBe(200);
  });

  it('changing the password ends the other sessions and keeps this one', async () => {
    const user = await aUserWithPassword(t);
    const [here, elsewhere] = [await signedIn(t, user), await signedIn(t, user)];
    const newPassword = 'a brand new passphrase for Ada';

    const wrong = await asBrowser(t, here, 'POST', '/api/Account/ChangePassword', {
      currentPassword: 'not my password at all',
      newPassword,
    });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json<{ detail: string }>().detail).toMatch(/^currentPassword: /);
    const weak = await asBrowser(t, here, 'POST', '/api/Account/ChangePassword', {
      currentPassword: GOOD_PASSWORD,
      newPassword: 'password1234',
    });
    expect(weak.statusCode).toBe(400);
    expect(weak.json<{ detail: string }>().detail).toMatch(/^newPassword: /);

    const changed = await asBrowser(t, here, 'POST', '/api/Account/ChangePassword', {
      currentPassword: GOOD_PASSWORD,
      newPassword,
    });
    expect(changed.statusCode, changed.body).toBe(204);
    expect(await sessionStatus(t, here)).toBe(200);
    expect(await sessionStatus(t, elsewhere)).toBe(401);
    expect((await signIn(t, user.email)).statusCode).toBe(401);
    expect((await signIn(t, user.email, newPassword)).statusCode).toBe(200);
  });

  it('changes the profile name', async () => {
    const browser = await signedIn(t, await aUserWithPassword(t));

    const response = await asBrowser(t, browser, 'PUT', '/api/Account/Profile', {
      name: '  Ada King  ',
    });

    expect(response.statusCode, response.body).toBe(200);
    expect(response.json()).toMatchObject({ user: { name: 'Ada King' } });
    const session = await asBrowser(t, browser, 'GET', '/api/Account/Session');
    expect(session.json()).toMatchObject({ user: { name: 'Ada King' } });
  });

  it('answers 401 without a session cookie, or with an unknown one', async () => {
    expect((await t.app.inject('/api/Account/Session')).statusCode).toBe(401);
    const forged = await t.app.inject({
      url: '/api/Account/Session',
      headers: { cookie: 'airisk_session=not-a-session' },
    });
    expect(forged.statusCode).toBe(401);
    expect(forged.json()).toMatchObject({ status: 401 });
  });
});
