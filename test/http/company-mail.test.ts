import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/test-app.ts';
import {
  asUser,
  expectProblem,
  expectRoleDenied,
  get,
  post,
  type Caller,
} from '../helpers/api-requests.ts';
import { startSmtpSink, type SmtpSink } from '../helpers/smtp-sink.ts';
import { freePort } from '../helpers/listening-app.ts';
import { changeSettings, signInOptions, smtpSettingsFor } from '../helpers/company-requests.ts';

// The mail server of the company settings, used at each mail without a restart: SendTestMail,
// and the invitations every admin sends. Real SMTP on loopback (test/helpers/smtp-sink.ts).

const FROM = 'Example Corp <airisk@example.test>';

let t: TestApp;
let admin: Caller;
let sink: SmtpSink;

async function start(env: Record<string, string> = {}): Promise<void> {
  t = await createTestApp(env);
  admin = await asUser(t, ['CompanyAdmin'], { name: 'Zed Admin' });
}

beforeEach(async () => {
  sink = await startSmtpSink();
});
afterEach(async () => {
  await t.close();
  await sink.close();
});

const sendTestMail = (payload: Record<string, unknown> = {}, token = admin.token) =>
  post(t, token, '/api/Company/SendTestMail', payload);

const invite = (email: string) => post(t, admin.token, '/api/Users/InviteUser', { email });

describe('POST /api/Company/SendTestMail', () => {
  it('sends through the stored mail server (no AIRISK_SMTP_URL) to the admin by default', async () => {
    await start();
    await changeSettings(t, admin.token, { smtp: smtpSettingsFor(sink.url, { from: FROM }) });

    const response = await sendTestMail();

    expect(response.statusCode, response.body).toBe(200);
    expect(response.json()).toEqual({ to: admin.user.email });
    const mail = await sink.next();
    expect(mail.envelopeTo).toEqual([admin.user.email]);
    expect(mail.headers.get('from')).toBe(FROM);
    expect(mail.subject).toBe('AIRisk test message');
    expect(mail.text).toContain('sent by Zed Admin');
    const logs = await get(t, admin.token, '/api/Logs/ListLogs?event=test_mail_sent');
    expect(logs.json()).toEqual([
      expect.objectContaining({
        outcome: 'success',
        userId: admin.user.id,
        details: { to: admin.user.email, source: 'settings' },
      }),
    ]);
  });

  it('sends to the address given; a malformed one is a 400 naming `to`', async () => {
    await start();
    await changeSettings(t, admin.token, { smtp: smtpSettingsFor(sink.url) });

    const response = await sendTestMail({ to: 'ops@example.test' });

    expect(response.json()).toEqual({ to: 'ops@example.test' });
    expect((await sink.next()).envelopeTo).toEqual(['ops@example.test']);
    expectProblem(await sendTestMail({ to: 'not-an-email' }), 400, /^to: /);
  });

  it('answers 502 with the reason when the mail server is down, naming where to fix it', async () => {
    await start();
    const port = await freePort();
    await changeSettings(t, admin.token, {
      smtp: { host: '127.0.0.1', port, security: 'none' },
    });

    const response = await sendTestMail();

    expectProblem(
      response,
      502,
      /was not sent: (the mail server could not be reached|the connection to the mail server failed).*Company > General Information/,
    );
    const logs = await get(t, admin.token, '/api/Logs/ListLogs?event=test_mail_sent');
    expect(logs.json()).toEqual([
      expect.objectContaining({ outcome: 'failure', reason: expect.stringContaining('not sent') }),
    ]);
  });

  it('answers 409 when no mail server is configured', async () => {
    await start();

    expectProblem(await sendTestMail(), 409, /No mail server is configured/);
    expect(sink.received).toEqual([]);
  });

  it('is for CompanyAdmins only', async () => {
    await start();
    await changeSettings(t, admin.token, { smtp: smtpSettingsFor(sink.url) });
    const user = await asUser(t, ['User']);

    expectRoleDenied(await sendTestMail({}, user.token));
    expect(sink.received).toEqual([]);
  });
});

describe('the mail server of the settings, at each mail', () => {
  it('mails invitations once a server is stored, and stops when it is removed', async () => {
    await start();
    expect(await signInOptions(t)).toMatchObject({ mail: false });
    const before = await invite('first@example.com');
    expect(before.json()).toMatchObject({ invitation: { emailed: false } });

    await changeSettings(t, admin.token, { smtp: smtpSettingsFor(sink.url, { from: FROM }) });
    const during = await invite('second@example.com');

    expect(during.json()).toMatchObject({ invitation: { emailed: true } });
    const mail = await sink.next();
    expect(mail.envelopeTo).toEqual(['second@example.com']);
    expect(mail.subject).toBe('Zed Admin invited you to AIRisk');
    expect(await signInOptions(t)).toMatchObject({ mail: true });

    await changeSettings(t, admin.token, { smtp: null });
    const after = await invite('third@example.com');
    expect(after.json()).toMatchObject({ invitation: { emailed: false } });
    expect(sink.received).toHaveLength(1);
  });

  it('wins over AIRISK_SMTP_URL while stored, which applies again once it is removed', async () => {
    const environment = await startSmtpSink();
    try {
      await start({ AIRISK_SMTP_URL: environment.url });
      await changeSettings(t, admin.token, { smtp: smtpSettingsFor(sink.url) });

      expect((await sendTestMail()).statusCode).toBe(200);
      await sink.next();
      await changeSettings(t, admin.token, { smtp: null });
      expect((await sendTestMail()).statusCode).toBe(200);
      await environment.next();

      expect(sink.received).toHaveLength(1);
      expect(environment.received).toHaveLength(1);
    } finally {
      await environment.close();
    }
  });

  it('follows a change of server without a restart', async () => {
    const other = await startSmtpSink();
    try {
      await start();
      await changeSettings(t, admin.token, { smtp: smtpSettingsFor(sink.url) });
      expect((await invite('a@example.com')).statusCode).toBe(201);

      await changeSettings(t, admin.token, { smtp: smtpSettingsFor(other.url) });
      expect((await invite('b@example.com')).statusCode).toBe(201);

      expect((await sink.next()).envelopeTo).toEqual(['a@example.com']);
      expect((await other.next()).envelopeTo).toEqual(['b@example.com']);
    } finally {
      await other.close();
    }
  });
});
