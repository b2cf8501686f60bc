import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { decodeProtectedHeader } from 'jose';
import { createClient, type ClientWithSecret } from '../../src/clients/clients.ts';
import { createUser } from '../../src/users/users.ts';
import { REDIRECT_URI } from '../helpers/test-app.ts';
import { exchangeCode, getCode, getToken } from '../helpers/oauth-flow.ts';
import {
  cliDatabase,
  parseJson,
  runCli,
  type CliDatabase,
  type OpenedApp,
} from '../helpers/run-cli.ts';

// The security commands of `airisk` run as real processes on a fresh database; their effects
// are checked through the real app opened on the same database.

let db: CliDatabase;
let opened: OpenedApp;

beforeEach(async () => {
  db = await cliDatabase();
  opened = await db.openApp();
});
afterEach(() => db.drop());

// The same master key as the app: keys the CLI makes must be ones the servers can unlock.
const cli = (...args: string[]) =>
  runCli(['--database', db.url, ...args], {
    AIRISK_MASTER_KEY: opened.masterKey.toString('base64'),
  });

const aClient = (name = 'Security client') =>
  createClient(opened, { name, redirectUris: [REDIRECT_URI] });

async function listUsersStatus(token: string): Promise<number> {
  const response = await opened.app.inject({
    url: '/api/Users/ListUsers',
    headers: { authorization: `Bearer ${token}` },
  });
  return response.statusCode;
}

const statuses = (tokens: string[]) => Promise.all(tokens.map(listUsersStatus));

describe('airisk tokens revoke', () => {
  it('--user revokes every token of that user, and only those', async () => {
    const client = await aClient();
    const [ada, bob] = await Promise.all(
      ['ada', 'bob'].map((name) => createUser(opened, { email: `${name}@example.com`, name })),
    );
    const adaTokens = [
      await getToken(opened, client, { userid: ada?.id }),
      await getToken(opened, client, { userid: ada?.id }),
    ];
    const others = [
      await getToken(opened, client, { userid: bob?.id }),
      await getToken(opened, client),
    ];

    const result = await cli('--json', 'tokens', 'revoke', '--user', ada?.id as string);

    expect(result.code, result.stderr).toBe(0);
    expect(parseJson(result)).toEqual({ userId: ada?.id, revoked: 2 });
    expect(await statuses(adaTokens)).toEqual([401, 401]);
    expect(await statuses(others)).toEqual([200, 200]);
  });

  it('--client revokes every token of that client, and only those', async () => {
    const [first, second] = [await aClient('First'), await aClient('Second')];
    const user = await createUser(opened, { email: 'cy@example.com', name: 'Cy' });
    const firstTokens = [
      await getToken(opened, first),
      await getToken(opened, first, { userid: user.id }),
      await getToken(opened, first),
    ];
    const secondTokens = [await getToken(opened, second), await getToken(opened, second)];

    const result = await cli('--json', 'tokens', 'revoke', '--client', first.client.id);

    expect(result.code, result.stderr).toBe(0);
    expect(parseJson(result)).toEqual({ clientId: first.client.id, revoked: 3 });
    expect(await statuses(firstTokens)).toEqual([401, 401, 401]);
    expect(await statuses(secondTokens)).toEqual([200, 200]);
    // Revoking again finds nothing left.
    expect(parseJson(await cli('--json', 'tokens', 'revoke', '--client', first.client.id))).toEqual(
      { clientId: first.client.id, revoked: 0 },
    );
  });

  it.each([
    ['neither option', []],
    ['both options', ['--user', 'u1', '--client', 'c1']],
  ])('refuses %s with a message and a non-zero exit', async (_case, options) => {
    const client = await aClient();
    const token = await getToken(opened, client);

    const result = await cli('tokens', 'revoke', ...options);

    expect(result.code).not.toBe(0);
    expect(result.stderr).toMatch(/exactly one of --user and --client/);
    expect(await listUsersStatus(token)).toBe(200);
  });
});

describe('airisk keys', () => {
  it('rotate --activation-delay 0 publishes a key that list shows and that servers sign with', async () => {
    const before = parseJson<{ kid: string }[]>(await cli('--json', 'keys', 'list'));
    expect(before).toHaveLength(1);

    const rotated = await cli('--json', 'keys', 'rotate', '--activation-delay', '0');

    expect(rotated.code, rotated.stderr).toBe(0);
    const key = parseJson<{ kid: string; activates_at: string }>(rotated);
    expect(Date.parse(key.activates_at)).toBeLessThanOrEqual(Date.now());
    const after = parseJson<{ kid: string; retires_at: string }[]>(
      await cli('--json', 'keys', 'list'),
    );
    expect(after.map((k) => k.kid)).toEqual([key.kid, before[0]?.kid]);
    // The old key stays published while tokens it signed may live, then retires.
    expect(after[1]?.retires_at).not.toBe('');
    const jwks = (await opened.app.inject({ url: '/.well-known/jwks.json' })).json<{
      keys: { kid: string }[];
    }>();
    expect(jwks.keys.map((k) => k.kid)).toContain(key.kid);
    // A server starting now signs with it: the CLI encrypted it under the shared master key.
    const restarted = await db.openApp();
    const token = await getToken(restarted, await aClient());
    expect(decodeProtectedHeader(token).kid).toBe(key.kid);
  });
});

describe('airisk audit', () => {
  it('--event and --since filter the events, newest first', async () => {
    const client = await aClient();
    const tokens = [await getToken(opened, client), await getToken(opened, client)];
    const old = Math.floor(Date.now() / 1000) - 3600;
    await opened.store.audit.insert({
      id: 'old-event',
      at: old,
      event: 'token_issued',
      outcome: 'success',
      clientId: client.client.id,
      userId: null,
      ip: null,
      reason: null,
      details: {},
    });

    type Event = { id: string; event: string; at: string; clientId: string | null };
    const all = parseJson<Event[]>(await cli('--json', 'audit', '--event', 'token_issued'));
    expect(all.map((e) => e.event)).toEqual(Array(3).fill('token_issued'));
    expect(all.at(-1)?.id).toBe('old-event');
    expect(all.at(-1)?.at).toBe(new Date(old * 1000).toISOString());

    const since = new Date((old + 60) * 1000).toISOString();
    const recent = parseJson<Event[]>(
      await cli('--json', 'audit', '--event', 'token_issued', '--since', since),
    );
    expect(recent).toHaveLength(tokens.length);
    expect(recent.every((e) => e.clientId === client.client.id)).toBe(true);

    const created = parseJson<Event[]>(await cli('--json', 'audit', '--event', 'client_created'));
    expect(created.map((e) => e.clientId)).toEqual([client.client.id]);
    const future = String(Math.floor(Date.now() / 1000) + 3600);
    expect(parseJson(await cli('--json', 'audit', '--since', future))).toEqual([]);
  });
});

async function exchangeStatus(credentials: ClientWithSecret): Promise<number> {
  const code = await getCode(opened, credentials);
  return (await exchangeCode(opened, credentials, code)).statusCode;
}

describe('airisk clients unlock and rotate-secret', () => {
  it('unlock lets a client locked by failed authentications in again', async () => {
    const client = await aClient();
    const wrong = { ...client, clientSecret: `${client.clientSecret}x` };
    for (let i = 0; i < opened.config.lockoutThreshold; i += 1) {
      expect(await exchangeStatus(wrong)).toBe(401);
    }
    expect(await exchangeStatus(client)).toBe(401);
    const [json, text] = await Promise.all([
      cli('--json', 'clients', 'list'),
      cli('clients', 'list'),
    ]);
    const listed = parseJson<{ client_id: string; locked_until: string | null }[]>(json);
    const lockedUntil = listed.find((c) => c.client_id === client.client.id)?.locked_until;
    expect(Date.parse(lockedUntil ?? '')).toBeGreaterThan(Date.now());
    expect(text.stdout).toContain(`enabled, locked until ${lockedUntil}`);

    const result = await cli('--json', 'clients', 'unlock', client.client.id);

    expect(result.code, result.stderr).toBe(0);
    expect(parseJson(result)).toEqual({ client_id: client.client.id, locked: false });
    expect(await exchangeStatus(client)).toBe(200);
    // The failures were forgotten too: one more wrong secret does not lock it again.
    expect(await exchangeStatus(wrong)).toBe(401);
    expect(await exchangeStatus(client)).toBe(200);
  });

  it('unlock of an unknown client fails with a message', async () => {
    const result = await cli('clients', 'unlock', 'no-such-client');
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('no-such-client');
  });

  it('rotate-secret --grace 300 keeps the old secret working beside the new one', async () => {
    const client = await aClient();
    const before = Date.now();

    const result = await cli(
      '--json',
      'clients',
      'rotate-secret',
      client.client.id,
      '--grace',
      '300',
    );

    expect(result.code, result.stderr).toBe(0);
    const rotated = parseJson<{
      client_id: string;
      client_secret: string;
      previous_secret_valid_until: string;
    }>(result);
    expect(rotated.client_id).toBe(client.client.id);
    expect(rotated.client_secret).not.toBe(client.clientSecret);
    const until = Date.parse(rotated.previous_secret_valid_until);
    expect(until).toBeGreaterThanOrEqual(Math.floor(before / 1000) * 1000 + 300_000);
    expect(until).toBeLessThanOrEqual(Date.now() + 300_000);
    expect(await exchangeStatus(client)).toBe(200);
    expect(await exchangeStatus({ ...client, clientSecret: rotated.client_secret })).toBe(200);
  });

  it('rotate-secret without --grace ends the old secret at once', async () => {
    const client = await aClient();
    const result = await cli('--json', 'clients', 'rotate-secret', client.client.id);
    const rotated = parseJson<{ client_secret: string; previous_secret_valid_until: null }>(result);
    expect(rotated.previous_secret_valid_until).toBeNull();
    expect(await exchangeStatus(client)).toBe(401);
    expect(await exchangeStatus({ ...client, clientSecret: rotated.client_secret })).toBe(200);
  });
});
