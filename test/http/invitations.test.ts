import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, TEST_ISSUER, type TestApp } from '../helpers/test-app.ts';
import {
  asUser,
  expectInsufficientScope,
  expectProblem,
  expectRoleDenied,
  genericToken,
  get,
  iso,
  post,
  type Caller,
  type Response,
} from '../helpers/api-requests.ts';
import type { Role } from '../../src/vocabulary/roles.ts';

// POST /api/Users/InviteUser, /api/Users/CreatePasswordResetLink and
// /api/Account/RequestPasswordReset without SMTP: the admin gets the links to pass on.
// (With a mail server: invitations-smtp.test.ts.)

interface InviteResponse {
  user: { id: string; email: string; name: string; roles: string[]; groups: string[] };
  invitation: { expiresAt: string; emailed: boolean; link?: string };
}

const INVITE_LINK = new RegExp(`^${TEST_ISSUER}/invite#token=([A-Za-z0-9_-]{43})$`);
const RESET_LINK = new RegExp(`^${TEST_ISSUER}/reset#token=([A-Za-z0-9_-]{43})$`);
const PASSWORD = 'Velvet-Harbour-Lantern-93';

let t: TestApp;
let admin: Caller;

beforeEach(async () => {
  t = await createTestApp();
  admin = await asUser(t, ['CompanyAdmin'], { name: 'Zed Admin' });
});
afterEach(() => t.close());

const invite = (payload: Record<string, unknown>, token = admin.token) =>
  post(t, token, '/api/Users/InviteUser', payload);

/** The public, pre-session POSTs of the Account API, as the web app sends them. */
const account = (path: string, payload: Record<string, unknown>) =>
  t.app.inject({ method: 'POST', url: `/api/Account/${path}`, payload });

const tokenOf = (link: string | undefined, pattern = INVITE_LINK) => {
  const token = pattern.exec(link ?? '')?.[1];
  expect(token, `a link like ${String(pattern)}: ${link}`).toBeDefined();
  return token as string;
};

async function invited(payload: Record<string, unknown>): Promise<InviteResponse> {
  const response = await invite(payload);
  expect(response.statusCode, response.body).toBe(201);
  return response.json<InviteResponse>();
}

async function auditEvents(event: string) {
  const response = await get(t, admin.token, `/api/Logs/ListLogs?results=1000&event=${event}`);
  expect(response.statusCode, response.body).toBe(200);
  return response.json<{ userId: string; details: Record<string, unknown> }[]>();
}

describe('POST /api/Users/InviteUser', () => {
  it('creates a pending user and answers the 7-day link, which opens an invitation', async () => {
    const group = await post(t, admin.token, '/api/Groups/CreateGroup', { name: 'Finance' });
    const groupId = group.json<{ id: string }>().id;

    const body = await invited({
      email: 'ada@example.com',
      name: 'Ada Lovelace',
      roles: ['User', 'Monitor'],
      groupIds: [groupId],
    });

    expect(body.user).toMatchObject({
      email: 'ada@example.com',
      name: 'Ada Lovelace',
      roles: ['User', 'Monitor'],
      groups: [groupId],
    });
    expect(body.invitation).toEqual({
      expiresAt: iso(t.clock.nowSeconds() + 7 * 24 * 3600),
      emailed: false,
      link: expect.stringMatching(INVITE_LINK),
    });
    const inspected = await account('InspectLink', {
      kind: 'invitation',
      token: tokenOf(body.invitation.link),
    });
    expect(inspected.statusCode, inspected.body).toBe(200);
    expect(inspected.json()).toMatchObject({ kind: 'invitation', email: 'ada@example.com' });
    expect(await auditEvents('user_invited')).toEqual([
      expect.objectContaining({
        userId: body.user.id,
        details: { by: admin.user.id, emailed: false, reinvited: false },
      }),
    ]);
  });

  it('names the person after the email when no name is given, with the User role', async () => {
    const body = await invited({ email: 'grace.hopper@example.com' });
    expect(body.user).toMatchObject({ name: 'grace.hopper', roles: ['User'], groups: [] });
  });

  it.each<[string, Role[]]>([
    ['User', ['User']],
    ['Monitor', ['Monitor']],
    ['Compliance', ['Compliance']],
  ])('refuses a %s with 403 naming CompanyAdmin', async (_name, roles) => {
    const caller = await asUser(t, roles);
    expectRoleDenied(await invite({ email: 'x@example.com' }, caller.token));
  });

  it('refuses a generic token (403 insufficient_scope) and no token (401)', async () => {
    expectInsufficientScope(await invite({ email: 'x@example.com' }, await genericToken(t)));
    const anonymous = await t.app.inject({
      method: 'POST',
      url: '/api/Users/InviteUser',
      payload: { email: 'x@example.com' },
    });
    expectProblem(anonymous, 401);
  });

  it.each([
    ['a malformed email', { email: 'not-an-email' }, /^email: .*not a valid email address/],
    ['a missing email', { name: 'X' }, 'email is required'],
    ['an unknown role', { email: 'x@example.com', roles: ['Overlord'] }, /^roles\.0 /],
  ])('answers 400 naming the field for %s, and creates no one', async (_name, payload, detail) => {
    expectProblem(await invite(payload), 400, detail);
    const users = await get(t, admin.token, '/api/Users/ListUsers?search=example.com');
    expect(users.json<unknown[]>()).toHaveLength(1);
  });

  it('answers 404 for an unknown group and leaves no user behind', async () => {
    expectProblem(await invite({ email: 'x@example.com', groupIds: ['nope'] }), 404, /nope/);
    const users = await get(t, admin.token, '/api/Users/ListUsers?search=x@example.com');
    expect(users.json<unknown[]>()).toEqual([]);
  });

  it('re-invites a pending user (any case of the email): a fresh link, the old one dead', async () => {
    const first = await invited({ email: 'ada@example.com', name: 'Ada' });
    t.clock.advance(60);

    const again = await invited({
      email: 'ADA@example.com',
      name: 'Someone Else',
      roles: ['Monitor'],
    });

    expect(again.user).toEqual(first.user);
    expect(again.invitation.link).not.toEqual(first.invitation.link);
    expect(again.invitation.expiresAt).toBe(iso(t.clock.nowSeconds() + 7 * 24 * 3600));
    const oldLink = await account('InspectLink', {
      kind: 'invitation',
      token: tokenOf(first.invitation.link),
    });
    expectProblem(oldLink, 410, /used/);
    const newLink = await account('InspectLink', {
      kind: 'invitation',
      token: tokenOf(again.invitation.link),
    });
    expect(newLink.statusCode, newLink.body).toBe(200);
    expect((await auditEvents('user_invited')).map((event) => event.details.reinvited)).toEqual([
      true,
      false,
    ]);
  });

  it('invites a user created through the API without a password', async () => {
    const existing = await asUser(t, ['User'], { email: 'api.user@example.com' });
    const body = await invited({ email: 'api.user@example.com' });
    expect(body.user.id).toBe(existing.user.id);
  });

  it('answers 409 for a user who has accepted (has a password) and for a disabled one', async () => {
    const { invitation } = await invited({ email: 'ada@example.com' });
    const accepted = await account('AcceptInvitation', {
      token: tokenOf(invitation.link),
      password: PASSWORD,
    });
    expect(accepted.statusCode, accepted.body).toBe(200);
    expectProblem(await invite({ email: 'ada@example.com' }), 409, /already has an account/);

    const bob = await invited({ email: 'bob@example.com' });
    const disabled = await post(t, admin.token, '/api/Users/UpdateUser', {
      userId: bob.user.id,
      disabled: true,
    });
    expect(disabled.statusCode, disabled.body).toBe(200);
    expectProblem(await invite({ email: 'bob@example.com' }), 409, /disabled/);
  });
});

describe('POST /api/Users/CreatePasswordResetLink', () => {
  it('answers a 1-hour reset link that resets the password', async () => {
    const { user, invitation } = await invited({ email: 'ada@example.com' });
    await account('AcceptInvitation', { token: tokenOf(invitation.link), password: PASSWORD });

    const response = await post(t, admin.token, '/api/Users/CreatePasswordResetLink', {
      userId: user.id,
    });

    expect(response.statusCode, response.body).toBe(200);
    const body = response.json<{ link: string; expiresAt: string; emailed: boolean }>();
    expect(body).toEqual({
      link: expect.stringMatching(RESET_LINK),
      expiresAt: iso(t.clock.nowSeconds() + 3600),
      emailed: false,
    });
    const reset = await account('ResetPassword', {
      token: tokenOf(body.link, RESET_LINK),
      password: 'Quartz-Meadow-Falcon-58',
    });
    expect(reset.statusCode, reset.body).toBe(204);
    const signIn = await account('SignIn', {
      email: 'ada@example.com',
      password: 'Quartz-Meadow-Falcon-58',
    });
    expect(signIn.statusCode, signIn.body).toBe(200);
    expect(await auditEvents('password_reset_link_created')).toEqual([
      expect.objectContaining({ userId: user.id, details: { by: admin.user.id, emailed: false } }),
    ]);
  });

  it('answers 404 for an unknown user, and 403 for a non-admin', async () => {
    const path = '/api/Users/CreatePasswordResetLink';
    expectProblem(await post(t, admin.token, path, { userId: 'nobody' }), 404, /nobody/);
    const user = await asUser(t, ['User']);
    expectRoleDenied(await post(t, user.token, path, { userId: admin.user.id }));
  });
});

describe('POST /api/Account/RequestPasswordReset', () => {
  const requestReset = (email: string, ip = '203.0.113.7'): Promise<Response> =>
    t.app.inject({
      method: 'POST',
      url: '/api/Account/RequestPasswordReset',
      payload: { email },
      remoteAddress: ip,
    });

  it('answers 202 with no body whether or not the account exists (no SMTP: no link made)', async () => {
    const known = await requestReset(admin.user.email);
    const unknown = await requestReset('nobody@example.com');
    for (const response of [known, unknown]) {
      expect(response.statusCode, response.body).toBe(202);
      expect(response.body).toBe('');
    }
    await t.app.close();
    expect(await t.store.audit.list({ limit: 100, offset: 0 })).not.toContainEqual(
      expect.objectContaining({ event: 'password_reset_link_created' }),
    );
  });

  it('answers 400 naming the field for a malformed email', async () => {
    expectProblem(await requestReset('not-an-email'), 400, /^email/);
  });

  it('limits requests per address: the 11th in a minute is a 429 with Retry-After', async () => {
    for (let i = 0; i < 10; i += 1) {
      expect((await requestReset(`someone${i}@example.com`)).statusCode).toBe(202);
    }
    const refused = await requestReset('someone@example.com');
    expectProblem(refused, 429, /password reset/);
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    expect((await requestReset('someone@example.com', '198.51.100.1')).statusCode).toBe(202);
    t.clock.advance(60);
    expect((await requestReset('someone@example.com')).statusCode).toBe(202);
  });
});
