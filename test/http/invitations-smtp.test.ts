import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, TEST_ISSUER, type TestApp } from '../helpers/test-app.ts';
import { asUser, expectProblem, get, post, type Caller } from '../helpers/api-requests.ts';
import { linkIn, startSmtpSink, type SmtpSink } from '../helpers/smtp-sink.ts';
import { inviteUser } from '../../src/accounts/invitations.ts';

// Invitations and password resets through a real SMTP server on loopback: the mail arrives,
// the test follows its link through the Account API and signs in, as the person would.

const MAIL_FROM = 'AIRisk Test <airisk@example.test>';
const PASSWORD = 'Velvet-Harbour-Lantern-93';

let t: TestApp;
let sink: SmtpSink;
let admin: Caller;

async function start(smtpUrl: string): Promise<void> {
  t = await createTestApp({ AIRISK_SMTP_URL: smtpUrl, AIRISK_MAIL_FROM: MAIL_FROM });
  admin = await asUser(t, ['CompanyAdmin'], { name: 'Zed Admin' });
}

beforeEach(async () => {
  sink = await startSmtpSink();
});
afterEach(async () => {
  await t.close();
  await sink.close();
});

const account = (path: string, payload: Record<string, unknown>) =>
  t.app.inject({ method: 'POST', url: `/api/Account/${path}`, payload });

const invite = (payload: Record<string, unknown>) =>
  post(t, admin.token, '/api/Users/InviteUser', payload);

async function usersNamed(email: string): Promise<unknown[]> {
  const response = await get(t, admin.token, `/api/Users/ListUsers?search=${email}`);
  return response.json<unknown[]>();
}

describe('with AIRISK_SMTP_URL', () => {
  beforeEach(() => start(sink.url));

  it('mails the invitation; its link accepts it, and the person signs in', async () => {
    const response = await invite({ email: 'ada@example.com', name: 'Ada Lovelace' });

    expect(response.statusCode, response.body).toBe(201);
    const { invitation } = response.json<{ invitation: Record<string, unknown> }>();
    expect(invitation).toEqual({ expiresAt: expect.any(String), emailed: true });

    const mail = await sink.next();
    expect(mail.envelopeTo).toEqual(['ada@example.com']);
    expect(mail.headers.get('from')).toBe(MAIL_FROM);
    expect(mail.subject).toBe('Zed Admin invited you to AIRisk');
    expect(mail.text).toContain('Hello Ada Lovelace,');
    expect(mail.text).toMatch(/until \d{1,2} \w+ \d{4} at \d\d:\d\d UTC/);
    expect(mail.text).toContain('If you did not expect this invitation');
    const { link, token } = linkIn(mail);
    expect(link.startsWith(`${TEST_ISSUER}/invite#token=`)).toBe(true);
    expect(mail.html).toContain(`href="${link}"`);

    const inspected = await account('InspectLink', { kind: 'invitation', token });
    expect(inspected.statusCode, inspected.body).toBe(200);
    expect(inspected.json()).toMatchObject({ kind: 'invitation', email: 'ada@example.com' });
    const accepted = await account('AcceptInvitation', { token, password: PASSWORD });
    expect(accepted.statusCode, accepted.body).toBe(200);
    const signIn = await account('SignIn', { email: 'ada@example.com', password: PASSWORD });
    expect(signIn.statusCode, signIn.body).toBe(200);
    expect(signIn.json()).toMatchObject({ user: { email: 'ada@example.com' } });
    expect(sink.received).toHaveLength(1);
  });

  it('mails a reset link on request; it sets a new password; unknown emails get no mail', async () => {
    const invited = await invite({ email: 'ada@example.com' });
    expect(invited.statusCode, invited.body).toBe(201);
    const { token: invitationToken } = linkIn(await sink.next());
    await account('AcceptInvitation', { token: invitationToken, password: PASSWORD });

    const unknown = await account('RequestPasswordReset', { email: 'nobody@example.com' });
    const known = await account('RequestPasswordReset', { email: 'ADA@example.com' });

    expect([unknown.statusCode, known.statusCode]).toEqual([202, 202]);
    expect(known.body).toBe(unknown.body);
    const mail = await sink.next();
    expect(mail.envelopeTo).toEqual(['ada@example.com']);
    expect(mail.subject).toBe('Reset your AIRisk password');
    expect(mail.text).toContain('If you did not ask for this');
    const { link, token } = linkIn(mail);
    expect(link.startsWith(`${TEST_ISSUER}/reset#token=`)).toBe(true);
    const reset = await account('ResetPassword', { token, password: 'Quartz-Meadow-Falcon-58' });
    expect(reset.statusCode, reset.body).toBe(204);
    const signIn = await account('SignIn', {
      email: 'ada@example.com',
      password: 'Quartz-Meadow-Falcon-58',
    });
    expect(signIn.statusCode, signIn.body).toBe(200);
    const old = await account('SignIn', { email: 'ada@example.com', password: PASSWORD });
    expect(old.statusCode).toBe(401);
    // Closing waits for mails under way: only the known address got one.
    await t.app.close();
    expect(sink.received.map((received) => received.envelopeTo)).toEqual([
      ['ada@example.com'],
      ['ada@example.com'],
    ]);
  });

  it('sends at most 3 reset mails to one mailbox in 15 minutes, whoever asks', async () => {
    const user = await asUser(t, ['User'], { email: 'target@example.com' });
    for (let i = 0; i < 5; i += 1) {
      const response = await t.app.inject({
        method: 'POST',
        url: '/api/Account/RequestPasswordReset',
        payload: { email: user.user.email },
        remoteAddress: `198.51.100.${i + 1}`,
      });
      expect(response.statusCode).toBe(202);
    }
    await t.app.close();
    expect(sink.received).toHaveLength(3);
  });

  it('CreatePasswordResetLink mails the link and answers it to the admin too', async () => {
    const user = await asUser(t, ['User'], { email: 'bob@example.com', name: 'Bob' });
    const response = await post(t, admin.token, '/api/Users/CreatePasswordResetLink', {
      userId: user.user.id,
    });
    expect(response.statusCode, response.body).toBe(200);
    const body = response.json<{ link: string; emailed: boolean }>();
    expect(body.emailed).toBe(true);
    const mail = await sink.next();
    expect(mail.text).toContain('Zed Admin created a link for you');
    expect(linkIn(mail).link).toBe(body.link);
  });
});

describe('when the mail server fails', () => {
  it('answers 502 naming the mail server, and leaves no invited user behind', async () => {
    const refusing = await startSmtpSink({ refuse: true });
    try {
      await start(refusing.url);
      const response = await invite({ email: 'ada@example.com' });
      expectProblem(response, 502, /mail to ada@example\.com was not sent.*AIRISK_SMTP_URL/);
      expect(response.body).not.toContain(refusing.url);
      expect(await usersNamed('ada@example.com')).toEqual([]);
      const deleted = await get(t, admin.token, '/api/Logs/ListLogs?event=user_deleted');
      expect(deleted.json()).toEqual([
        expect.objectContaining({ reason: 'the invitation mail could not be sent' }),
      ]);
    } finally {
      await refusing.close();
    }
  });

  it('keeps the pending user and its earlier link when a re-invitation mail fails', async () => {
    await start('smtp://127.0.0.1:1');
    // The first invitation was handed over as a link (as without SMTP).
    const first = await inviteUser(
      { store: t.store, clock: t.clock, issuer: TEST_ISSUER, mailer: undefined },
      { email: 'pending@example.com' },
      null,
    );

    const response = await invite({ email: 'pending@example.com' });

    expectProblem(response, 502, /could not be reached|connection to the mail server failed/);
    expect(await usersNamed('pending@example.com')).toEqual([
      expect.objectContaining({ id: first.user.id }),
    ]);
    const token = first.link.slice(first.link.indexOf('#token=') + '#token='.length);
    const inspected = await account('InspectLink', { kind: 'invitation', token });
    expect(inspected.statusCode, inspected.body).toBe(200);
  });
});
