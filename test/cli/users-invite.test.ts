import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createGroup } from '../../src/groups/groups.ts';
import { createUser } from '../../src/users/users.ts';
import { updateCompanySettings } from '../../src/company/company-settings.ts';
import {
  cliDatabase,
  parseJson,
  runCli,
  type CliDatabase,
  type OpenedApp,
} from '../helpers/run-cli.ts';
import { TEST_ISSUER } from '../helpers/test-app.ts';
import { linkIn, startSmtpSink, type SmtpSink } from '../helpers/smtp-sink.ts';

// `airisk users invite`, `users reset-password` and `users import --invite`: the link is printed
// without SMTP, mailed with it; each link is checked through the real app's Account API.

const TOKEN = /#token=([A-Za-z0-9_-]{43})/;
const PASSWORD = 'Velvet-Harbour-Lantern-93';

interface InviteJson {
  user: { id: string; email: string; name: string; roles: string[]; groups: string[] };
  invitation: { expiresAt: string; emailed: boolean; link?: string };
}

describe('airisk users invite, reset-password and import --invite', () => {
  let db: CliDatabase;
  let opened: OpenedApp;
  let dir: string;
  let sink: SmtpSink | undefined;
  beforeEach(async () => {
    db = await cliDatabase();
    opened = await db.openApp();
    dir = mkdtempSync(join(tmpdir(), 'airisk-invite-'));
  });
  afterEach(async () => {
    await db.drop();
    await sink?.close();
    sink = undefined;
    rmSync(dir, { recursive: true, force: true });
  });

  const env = (extra: Record<string, string> = {}) => ({
    AIRISK_DATABASE_URL: db.url,
    AIRISK_ISSUER: TEST_ISSUER,
    // The server's key: the CLI reads the company's mail settings as the server does.
    AIRISK_MASTER_KEY: db.masterKey,
    ...extra,
  });
  const cli = (...args: string[]) => runCli(args, env());
  const cliWithMail = async (...args: string[]) => {
    sink ??= await startSmtpSink();
    return runCli(args, env({ AIRISK_SMTP_URL: sink.url }));
  };
  const inspect = (kind: string, link: string | undefined) =>
    opened.app.inject({
      method: 'POST',
      url: '/api/Account/InspectLink',
      payload: { kind, token: TOKEN.exec(link ?? '')?.[1] ?? 'none' },
    });

  it('invite prints the link without SMTP; --json answers as InviteUser does', async () => {
    await createGroup(opened, { name: 'Finance' });

    const human = await cli('users', 'invite', 'ada@example.com', '--name', 'Ada');
    expect(human.code, human.stderr).toBe(0);
    expect(human.stdout).toContain('Invited ada@example.com');
    expect(human.stdout).toContain(
      'No mail server is configured (Company settings or AIRISK_SMTP_URL)',
    );
    const printed = new RegExp(`${TEST_ISSUER}/invite#token=\\S+`).exec(human.stdout)?.[0];
    expect((await inspect('invitation', printed)).statusCode).toBe(200);

    const json = await cli(
      ...['--json', 'users', 'invite', 'bob@example.com', '--role', 'CompanyAdmin'],
      ...['--role', 'Monitor', '--group', 'finance'],
    );
    expect(json.code, json.stderr).toBe(0);
    const body = parseJson<InviteJson>(json);
    expect(body.user).toMatchObject({
      email: 'bob@example.com',
      name: 'bob',
      roles: ['CompanyAdmin', 'Monitor'],
      groups: [expect.any(String)],
    });
    expect(body.invitation).toEqual({
      expiresAt: expect.stringMatching(/Z$/),
      emailed: false,
      link: expect.stringMatching(TOKEN),
    });
    const inspected = await inspect('invitation', body.invitation.link);
    expect(inspected.json()).toMatchObject({ email: 'bob@example.com' });
  });

  it('invite mails the link with SMTP, and refuses (exit 1) a user who has a password', async () => {
    const mailed = await cliWithMail('--json', 'users', 'invite', 'ada@example.com');
    expect(mailed.code, mailed.stderr).toBe(0);
    expect(parseJson<InviteJson>(mailed).invitation).toEqual({
      expiresAt: expect.any(String),
      emailed: true,
    });
    const mail = await (sink as SmtpSink).next();
    expect(mail.subject).toBe('An administrator invited you to AIRisk');
    const accepted = await opened.app.inject({
      method: 'POST',
      url: '/api/Account/AcceptInvitation',
      payload: { token: linkIn(mail).token, password: PASSWORD },
    });
    expect(accepted.statusCode, accepted.body).toBe(200);

    const again = await cli('users', 'invite', 'ada@example.com');
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/already has an account/);
  });

  it('invite mails through the mail server of the company settings, with no AIRISK_SMTP_URL', async () => {
    sink = await startSmtpSink();
    const admin = await createUser(opened, {
      email: 'admin@example.com',
      name: 'Admin',
      roles: ['CompanyAdmin'],
    });
    const { hostname, port } = new URL(sink.url);
    await updateCompanySettings(
      opened,
      { smtp: { host: hostname, port: Number(port), security: 'none' } },
      { userId: admin.id },
    );

    const mailed = await cli('--json', 'users', 'invite', 'grace@example.com');

    expect(mailed.code, mailed.stderr).toBe(0);
    expect(parseJson<InviteJson>(mailed).invitation.emailed).toBe(true);
    expect((await sink.next()).envelopeTo).toEqual(['grace@example.com']);
  });

  it('reset-password takes an email or an id and prints a reset link; unknown is exit 1', async () => {
    const user = await createUser(opened, { email: 'carol@example.com', name: 'Carol' });

    const byEmail = await cli('users', 'reset-password', 'CAROL@example.com');
    expect(byEmail.code, byEmail.stderr).toBe(0);
    const printed = new RegExp(`${TEST_ISSUER}/reset#token=\\S+`).exec(byEmail.stdout)?.[0];
    expect((await inspect('reset', printed)).statusCode).toBe(200);

    const byId = await cli('--json', 'users', 'reset-password', user.id);
    expect(byId.code, byId.stderr).toBe(0);
    expect(parseJson(byId)).toEqual({
      userId: user.id,
      email: 'carol@example.com',
      link: expect.stringMatching(TOKEN),
      expiresAt: expect.stringMatching(/Z$/),
      emailed: false,
    });

    const unknown = await cli('users', 'reset-password', 'nobody@example.com');
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/No user with id or email "nobody@example.com"/);
  });

  it('import --invite prints a link per imported row; failed rows get none', async () => {
    const file = join(dir, 'people.csv');
    writeFileSync(
      file,
      [
        'email,name,roles,groups',
        'ada@example.com,Ada,,',
        'bad,Bad,,',
        'bob@example.com,Bob,,',
      ].join('\n'),
    );

    const result = await cli('--json', 'users', 'import', file, '--invite');

    expect(result.code).toBe(1); // the bad row
    const report = parseJson<{
      imported: number;
      invitations: { line: number; email: string; emailed: boolean; link?: string }[];
    }>(result);
    expect(report.imported).toBe(2);
    expect(report.invitations).toEqual([
      expect.objectContaining({ line: 2, email: 'ada@example.com', emailed: false }),
      expect.objectContaining({ line: 4, email: 'bob@example.com', emailed: false }),
    ]);
    for (const { link } of report.invitations) {
      expect((await inspect('invitation', link)).statusCode).toBe(200);
    }
  });

  it('import --invite mails each imported user, and says so per row', async () => {
    const file = join(dir, 'people.csv');
    writeFileSync(file, ['email,name', 'ada@example.com,Ada', 'bob@example.com,Bob'].join('\n'));

    const result = await cliWithMail('users', 'import', file, '--invite');

    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain('Imported 2 users.');
    expect(result.stdout).toContain('line 2 (ada@example.com): emailed');
    expect(result.stdout).toContain('line 3 (bob@example.com): emailed');
    const recipients = [await sink!.next(), await sink!.next()].map((mail) => mail.envelopeTo[0]);
    expect(recipients.sort()).toEqual(['ada@example.com', 'bob@example.com']);
  });

  it('import --invite keeps the users when the mail server fails, and exits 1', async () => {
    const file = join(dir, 'people.csv');
    writeFileSync(file, ['email,name', 'ada@example.com,Ada', 'bob@example.com,Bob'].join('\n'));

    const result = await runCli(
      ['--json', 'users', 'import', file, '--invite'],
      env({ AIRISK_SMTP_URL: 'smtp://127.0.0.1:1' }),
    );

    expect(result.code).toBe(1);
    const { imported, invitations } = parseJson<{
      imported: number;
      invitations: { email: string; error?: string }[];
    }>(result);
    expect(imported).toBe(2);
    expect(invitations).toEqual([
      expect.objectContaining({
        email: 'ada@example.com',
        error: expect.stringMatching(/not sent/),
      }),
      expect.objectContaining({ email: 'bob@example.com', error: expect.stringMatching(/line 2/) }),
    ]);
    expect(await opened.store.users.findByEmail('bob@example.com')).toBeDefined();
  });
});
