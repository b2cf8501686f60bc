import { afterEach, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/test-app.ts';
import { logCollector } from '../helpers/log-collector.ts';
import { createLink } from '../../src/accounts/links.ts';
import {
  GOOD_PASSWORD,
  aUserWithPassword,
  asBrowser,
  browserOf,
  postJson,
  signIn,
} from '../helpers/account-requests.ts';

// Issue 14: nothing secret of the account API reaches the log, at its most verbose: not the
// passwords, the session cookie, the CSRF token, nor a link's token.

let t: TestApp | undefined;
afterEach(() => t?.close());

it('logs no password, cookie, CSRF token or link token, even at trace level', async () => {
  const log = logCollector();
  t = await createTestApp({}, { level: 'trace', stream: log.stream });
  const user = await aUserWithPassword(t);
  const wrongPassword = 'a wrong password for the log';
  await signIn(t, user.email, wrongPassword);
  const signedIn = await signIn(t, user.email);
  const browser = browserOf(signedIn);
  const newPassword = 'a new passphrase nobody logs';
  await asBrowser(t, browser, 'POST', '/api/Account/ChangePassword', {
    currentPassword: GOOD_PASSWORD,
    newPassword,
  });
  const { token } = await createLink(t.store, t.clock, {
    kind: 'reset',
    userId: user.id,
    email: user.email,
    ttlSeconds: 3600,
    createdBy: null,
  });
  await postJson(t, '/api/Account/ResetPassword', { token, password: 'reset passphrase unlogged' });
  await asBrowser(t, browser, 'GET', '/api/Account/Session?token=leaked-in-a-query');

  const text = log.text();
  expect(text).toContain('/api/Account/SignIn');
  for (const secret of [
    GOOD_PASSWORD,
    wrongPassword,
    newPassword,
    'reset passphrase unlogged',
    browser.cookie.split('=')[1] ?? 'cookie',
    browser.csrfToken,
    token,
    'leaked-in-a-query',
  ]) {
    expect(text).not.toContain(secret);
  }
});
