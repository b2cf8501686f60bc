import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createClient, setClientDisabled } from '../../src/clients/clients.ts';
import { REDIRECT_URI } from '../helpers/test-app.ts';
import {
  cliDatabase,
  parseJson,
  runCli,
  runCliProcess,
  type CliDatabase,
  type OpenedApp,
} from '../helpers/run-cli.ts';

// `airisk clients …` run as a real process against a fresh database; its effects are checked
// through the real app opened on the same database.

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

interface TokenAttempt {
  status: number;
  accessToken?: string;
}

/** Authorization then token request, as a client would; the status of the first failing step. */
async function requestToken(
  opened: OpenedApp,
  clientId: string,
  clientSecret: string,
  redirectUri = REDIRECT_URI,
): Promise<TokenAttempt> {
  const query = new URLSearchParams({ client_id: clientId, redirect_uri: redirectUri });
  const authorized = await opened.app.inject({ url: `/api/oauth2?${query.toString()}` });
  if (authorized.statusCode !== 302) {
    return { status: authorized.statusCode };
  }
  const code = new URL(authorized.headers.location as string).searchParams.get('code');
  const token = await opened.app.inject({
    method: 'POST',
    url: '/api/oauth2/Token',
    payload: { client_id: clientId, client_secret: clientSecret, redirect_uri: redirectUri, code },
  });
  return token.statusCode === 200
    ? { status: 200, accessToken: token.json<{ access_token: string }>().access_token }
    : { status: token.statusCode };
}

describe('airisk clients', () => {
  let db: CliDatabase;
  beforeEach(async () => {
    db = await cliDatabase();
  });
  afterEach(() => db.drop());

  const cli = (...args: string[]) => runCli(args, { AIRISK_DATABASE_URL: db.url });
  const cliProcess = (...args: string[]) => runCliProcess(args, { AIRISK_DATABASE_URL: db.url });

  it('create --json prints {client_id, client_secret, name, redirect_uris}; the secret works', async () => {
    const [commaSeparated, repeated] = await Promise.all([
      cli(
        '--json',
        'clients',
        'create',
        '--name',
        'Billing',
        '--redirect-uri',
        'https://a.example/cb,https://b.example/cb',
      ),
      // --json after the subcommand works as well.
      cli(
        'clients',
        'create',
        '--name',
        'Reports',
        '--redirect-uri',
        'https://c.example/cb',
        '--redirect-uri',
        'https://d.example/cb',
        '--json',
      ),
    ]);
    for (const result of [commaSeparated, repeated]) {
      expect(result.code, result.stderr).toBe(0);
      expect(result.stderr).toBe('');
      const printed = parseJson<Record<string, unknown>>(result);
      expect(Object.keys(printed).sort()).toEqual([
        'client_id',
        'client_secret',
        'name',
        'redirect_uris',
      ]);
      expect(printed.client_id).toMatch(GUID);
      expect(printed.client_secret).toMatch(/^[\w-]{43,}$/);
    }
    const billing = parseJson<{ client_id: string; client_secret: string }>(commaSeparated);
    const reports = parseJson<{ client_id: string; client_secret: string }>(repeated);
    expect(billing).toMatchObject({
      name: 'Billing',
      redirect_uris: ['https://a.example/cb', 'https://b.example/cb'],
    });
    expect(reports).toMatchObject({
      name: 'Reports',
      redirect_uris: ['https://c.example/cb', 'https://d.example/cb'],
    });

    const opened = await db.openApp();
    const { client_id: id, client_secret: secret } = billing;
    expect(await requestToken(opened, id, secret, 'https://b.example/cb')).toMatchObject({
      status: 200,
    });
    expect((await requestToken(opened, id, `${secret}x`, 'https://a.example/cb')).status).toBe(401);
    expect(
      await requestToken(opened, reports.client_id, reports.client_secret, 'https://d.example/cb'),
    ).toMatchObject({ status: 200 });
  });

  it('list prints a table, or every client as JSON with --json', async () => {
    const opened = await db.openApp();
    const active = await createClient(opened, { name: 'Active', redirectUris: [REDIRECT_URI] });
    const stopped = await createClient(opened, {
      name: 'Stopped',
      redirectUris: ['https://x.example/cb', 'https://y.example/cb'],
    });
    await setClientDisabled(opened, stopped.client.id, true);
    // A lock that has run out is no lock.
    await opened.store.clients.setLockedUntil(active.client.id, opened.clock.nowSeconds() - 1);

    const [text, json] = await Promise.all([
      cli('clients', 'list'),
      cli('--json', 'clients', 'list'),
    ]);
    expect(text.code, text.stderr).toBe(0);
    const lines = text.stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^CLIENT_ID\s+NAME\s+STATUS\s+REDIRECT_URIS$/);
    const row = (id: string) => lines.find((line) => line.startsWith(`${id} `));
    expect(row(active.client.id)).toMatch(new RegExp(`\\sActive\\s+enabled\\s+${REDIRECT_URI}$`));
    expect(row(stopped.client.id)).toMatch(
      /\sStopped\s+disabled\s+https:\/\/x\.example\/cb,https:\/\/y\.example\/cb$/,
    );
    expect(lines).toHaveLength(3);

    expect(json.code, json.stderr).toBe(0);
    const listed = parseJson<unknown[]>(json);
    expect(listed).toHaveLength(2);
    expect(listed).toEqual(
      expect.arrayContaining([
        {
          client_id: active.client.id,
          name: 'Active',
          redirect_uris: [REDIRECT_URI],
          created_at: new Date(active.client.createdAt * 1000).toISOString(),
          disabled: false,
          locked_until: null,
        },
        expect.objectContaining({ client_id: stopped.client.id, disabled: true }),
      ]),
    );
    expect(JSON.stringify(listed)).not.toContain(active.clientSecret);
  });

  it('rotate-secret prints a new secret that works, and the old one stops working', async () => {
    const opened = await db.openApp();
    const { client, clientSecret: oldSecret } = await createClient(opened, {
      name: 'Rotating',
      redirectUris: [REDIRECT_URI],
    });
    expect((await requestToken(opened, client.id, oldSecret)).status).toBe(200);

    const result = await cli('--json', 'clients', 'rotate-secret', client.id);
    expect(result.code, result.stderr).toBe(0);
    const printed = parseJson<{ client_id: string; client_secret: string }>(result);
    expect(printed.client_id).toBe(client.id);
    expect(printed.client_secret).not.toBe(oldSecret);

    expect((await requestToken(opened, client.id, oldSecret)).status).toBe(401);
    expect((await requestToken(opened, client.id, printed.client_secret)).status).toBe(200);
  });

  it('disable stops the client and its tokens at once; enable lets it back in', async () => {
    const opened = await db.openApp();
    const { client, clientSecret } = await createClient(opened, {
      name: 'Toggled',
      redirectUris: [REDIRECT_URI],
    });
    const { accessToken } = await requestToken(opened, client.id, clientSecret);
    const listUsers = () =>
      opened.app.inject({
        url: '/api/Users/ListUsers',
        headers: { authorization: `Bearer ${accessToken}` },
      });
    expect((await listUsers()).statusCode).toBe(200);

    const disabled = await cli('--json', 'clients', 'disable', client.id);
    expect(disabled.code, disabled.stderr).toBe(0);
    expect(parseJson(disabled)).toEqual({ client_id: client.id, disabled: true });
    expect((await listUsers()).statusCode).toBe(401);
    expect((await requestToken(opened, client.id, clientSecret)).status).toBe(401);

    const enabled = await cli('clients', 'enable', client.id);
    expect(enabled.code, enabled.stderr).toBe(0);
    expect(enabled.stdout).toContain(`Client ${client.id} enabled.`);
    expect((await requestToken(opened, client.id, clientSecret)).status).toBe(200);
  });

  it('delete removes the client; an unknown id exits 1 with the error on stderr', async () => {
    const opened = await db.openApp();
    const { client, clientSecret } = await createClient(opened, {
      name: 'Doomed',
      redirectUris: [REDIRECT_URI],
    });
    const unknown = '00000000-0000-4000-8000-000000000000';

    // Two as real processes: the exit status and streams of the `airisk` process itself.
    const [deleted, deleteUnknown, rotateUnknown, disableUnknown] = await Promise.all([
      cli('clients', 'delete', client.id),
      cliProcess('clients', 'delete', unknown),
      cliProcess('--json', 'clients', 'rotate-secret', unknown),
      cli('clients', 'disable', unknown),
    ]);
    expect(deleted.code, deleted.stderr).toBe(0);
    expect(deleted.stdout).toContain(`Client ${client.id} deleted.`);
    expect(await opened.store.clients.findById(client.id)).toBeUndefined();
    expect((await requestToken(opened, client.id, clientSecret)).status).toBe(401);

    for (const failed of [deleteUnknown, disableUnknown]) {
      expect(failed.code).toBe(1);
      expect(failed.stdout).toBe('');
      expect(failed.stderr.trim()).toBe(`Error: No API client with id "${unknown}"`);
    }
    expect(rotateUnknown.code).toBe(1);
    expect(JSON.parse(rotateUnknown.stderr)).toEqual({
      error: `No API client with id "${unknown}"`,
    });
  });
});
