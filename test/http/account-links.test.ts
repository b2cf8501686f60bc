import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { aUser, createTestApp, type TestApp } from '../helpers/test-app.ts';
import { createLink, type LinkKind } from '../../src/accounts/links.ts';
import {
  GOOD_PASSWORD,
  aUserWithPassword,
  browserOf,
  postJson,
  sessionStatus,
  signIn,
  signedIn,
} from '../helpers/account-requests.ts';

// Issue 14: one-time links set passwords: an invitation (7 days) signs the person in, a reset
// (1 hour) ends every session. Expired or used: 410; a wrong token: 404.

let t: TestApp;
beforeEach(async () => {
  t = await createTestApp();
});
afterEach(() => t.close());

const HOUR = 3600;
const NEW_PASSWORD = 'plum tulip xylophone brigade';

async function linkFor(user: { id: string; email: string }, kind: LinkKind, ttlSeconds: number) {
  const { token } = await createLink(t.store, t.clock, {
    kind,
    userId: user.id,
    email: user.email,
    ttlSeconds,
    createdBy: null,
  });
  return token;
}

const accept = (token: string, extra: Record<string, string> = {}) =>
  postJson(t, '/api/Account/AcceptInvitation', { token, password: NEW_PASSWORD, ...extra });
const reset = (token: string, password = NEW_PASSWORD) =>
  postJson(t, '/api/Account/ResetPassword', { token, password });
const inspect = (kind: LinkKind, token: string) =>
  postJson(t, '/api/Account/InspectLink', { kind, token });

describe('invitations', () => {
  it('sets the password and name, and signs the person in', async () => {
    const user = await aUser(t, { email: 'grace@example.com', name: 'grace' });
    const token = await linkFor(user, 'invitation', 7 * 24 * HOUR);

    const inspected = await inspect('invitation', token);
    expect(inspected.statusCode, inspected.body).toBe(200);
    expect(inspected.json()).toMatchObject({ kind: 'invitation', email: 'grace@example.com' });

    const response = await accept(token, { name: 'Grace Hopper' });
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json()).toMatchObject({ user: { id: user.id, name: 'Grace Hopper' } });
    expect(await sessionStatus(t, browserOf(response))).toBe(200);
    expect((await signIn(t, user.email, NEW_PASSWORD)).statusCode).toBe(200);
  });

  it('answers 410 for an expired link, 410 for a used one, 404 for a wrong one', async () => {
    const user = await aUser(t);
    const expired = await linkFor(user, 'invitation', HOUR);
    const token = await linkFor(user, 'invitation', 7 * 24 * HOUR);
    t.clock.advance(HOUR);

    expect((await accept(expired)).statusCode).toBe(410);
    expect((await inspect('invitation', expired)).statusCode).toBe(410);
    expect((await accept(token)).statusCode).toBe(200);
    const reused = await accept(token, { password: 'another fine passphrase here' });
    expect(reused.statusCode).toBe(410);
    expect(reused.headers['set-cookie']).toBeUndefined();
    expect((await accept('x'.repeat(43))).statusCode).toBe(404);
    // A reset link is no invitation, nor the other way round.
    const resetToken = await linkFor(user, 'reset', HOUR);
    expect((await accept(resetToken)).statusCode).toBe(404);
    expect((await inspect('reset', token)).statusCode).toBe(404);
  });

  it('lets only one of concurrent acceptances through', async () => {
    const user = await aUser(t);
    const token = await linkFor(user, 'invitation', HOUR);

    const answers = await Promise.all([
      accept(token),
      accept(token, { password: 'another fine passphrase here' }),
      accept(token, { password: 'a third fine passphrase here' }),
    ]);

    expect(answers.map((answer) => answer.statusCode).sort()).toEqual([200, 410, 410]);
  });

  it('refuses a weak password naming the field, and keeps the link', async () => {
    const user = await aUser(t, { email: 'grace@example.com', name: 'Grace Hopper' });
    const token = await linkFor(user, 'invitation', HOUR);

    for (const password of ['short', 'password1234', 'grace@example.com', 'gracehopper1']) {
      const response = await accept(token, { password });
      expect(response.statusCode, password).toBe(400);
      expect(response.json<{ detail: string }>().detail).toMatch(/^password: /);
    }
    expect((await accept(token)).statusCode).toBe(200);
  });
});

describe('password resets', () => {
  it('sets a new password and ends every session of the user', async () => {
    const user = await aUserWithPassword(t);
    const browser = await signedIn(t, user);
    const token = await linkFor(user, 'reset', HOUR);

    const response = await reset(token);

    expect(response.statusCode, response.body).toBe(204);
    expect(await sessionStatus(t, browser)).toBe(401);
    expect((await signIn(t, user.email, GOOD_PASSWORD)).statusCode).toBe(401);
    expect((await signIn(t, user.email, NEW_PASSWORD)).statusCode).toBe(200);
  });

  it('answers 410 for an expired link, 410 for a used one, 404 for a wrong one', async () => {
    const user = await aUserWithPassword(t);
    const expired = await linkFor(user, 'reset', HOUR);
    t.clock.advance(HOUR);
    const token = await linkFor(user, 'reset', HOUR);

    expect((await reset(expired)).statusCode).toBe(410);
    expect((await reset(token)).statusCode).toBe(204);
    expect((await reset(token, 'yet another good passphrase')).statusCode).toBe(410);
    expect((await reset('y'.repeat(43))).statusCode).toBe(404);
    expect((await signIn(t, user.email, NEW_PASSWORD)).statusCode).toBe(200);
  });

  it('lifts a lock-out', async () => {
    const user = await aUserWithPassword(t);
    for (let i = 0; i < 5; i += 1) {
      await signIn(t, user.email, 'not the password at all');
    }
    expect((await signIn(t, user.email)).statusCode).toBe(429);

    expect((await reset(await linkFor(user, 'reset', HOUR))).statusCode).toBe(204);
    expect((await signIn(t, user.email, NEW_PASSWORD)).statusCode).toBe(200);
  });

  it('refuses a weak password naming the field', async () => {
    const user = await aUserWithPassword(t);
    const response = await reset(await linkFor(user, 'reset', HOUR), 'qwertyuiop');
    expect(response.statusCode).toBe(400);
    expect(response.json<{ detail: string }>().detail).toMatch(/^password: /);
  });
});
