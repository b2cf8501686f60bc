import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { getToken } from '../helpers/oauth-flow.ts';
import { createClient } from '../../src/clients/clients.ts';
import { createUser } from '../../src/users/users.ts';
import { openDatabase } from '../../src/store/database.ts';
import { REDIRECT_URI } from '../helpers/test-app.ts';
import {
  cliDatabase,
  parseJson,
  runCli,
  runCliProcess,
  type CliDatabase,
} from '../helpers/run-cli.ts';

// `airisk users …`, `migrate` and the global options, run as real processes against a fresh
// database; effects are checked through the store and the real app on the same database.

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

describe('airisk users, migrate and global options', () => {
  let db: CliDatabase;
  beforeEach(async () => {
    db = await cliDatabase();
  });
  afterEach(() => db.drop());

  const cli = (...args: string[]) => runCli(args, { AIRISK_DATABASE_URL: db.url });
  const cliProcess = (...args: string[]) => runCliProcess(args, { AIRISK_DATABASE_URL: db.url });

  it('users create --json takes --id and repeated --role, or defaults to a GUID and User', async () => {
    // One as a real process: what `airisk --json` prints on its stdout parses as JSON.
    const [admin, plain] = await Promise.all([
      cliProcess(
        ...['--json', 'users', 'create', '--email', 'ada@example.com', '--name', 'Ada'],
        ...['--id', 'user_42', '--role', 'CompanyAdmin', '--role', 'Monitor'],
      ),
      cli('--json', 'users', 'create', '--email', 'bob@example.com', '--name', 'Bob'),
    ]);
    expect(admin.code, admin.stderr).toBe(0);
    expect(parseJson(admin)).toEqual({
      id: 'user_42',
      email: 'ada@example.com',
      name: 'Ada',
      roles: ['CompanyAdmin', 'Monitor'],
      groups: [],
      disabled: false,
      defaultAgentId: null,
    });
    expect(plain.code, plain.stderr).toBe(0);
    const bob = parseJson<{ id: string }>(plain);
    expect(bob).toMatchObject({ email: 'bob@example.com', name: 'Bob', roles: ['User'] });
    expect(bob.id).toMatch(GUID);

    const opened = await db.openApp();
    expect(await opened.store.users.findById('user_42')).toMatchObject({
      email: 'ada@example.com',
      roles: ['CompanyAdmin', 'Monitor'],
    });
    expect(await opened.store.users.findById(bob.id)).toMatchObject({ name: 'Bob' });
  });

  it.each([
    {
      problem: 'an invalid email',
      args: ['--email', 'not-an-email', '--name', 'X'],
      message: /not a valid email address/,
    },
    {
      problem: 'an email taken in another case',
      args: ['--email', 'TAKEN@Example.com', '--name', 'X'],
      message: /already exists/,
    },
    {
      problem: 'an id taken',
      args: ['--email', 'fresh@example.com', '--name', 'X', '--id', 'user_7'],
      message: /already exists/,
    },
    {
      problem: 'an unknown role',
      args: ['--email', 'fresh@example.com', '--name', 'X', '--role', 'Wizard'],
      message: /Unknown role "Wizard"/,
    },
  ])('users create with $problem exits 1 and creates nothing', async ({ args, message }) => {
    const opened = await db.openApp();
    await createUser(opened, { email: 'taken@example.com', name: 'Taken', id: 'user_7' });

    const result = await cli('users', 'create', ...args);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(/^Error: /);
    expect(result.stderr).toMatch(message);
    expect(await opened.store.users.list({ limit: 10, offset: 0 })).toEqual([
      expect.objectContaining({ id: 'user_7', email: 'taken@example.com' }),
    ]);
  });

  it('users list --json is ordered by email and --search filters name or email', async () => {
    const opened = await db.openApp();
    for (const [email, name] of [
      ['carol@example.com', 'Carol Jones'],
      ['Alice@example.com', 'Alice Smith'],
      ['bob@example.org', 'Bob Jonesy'],
    ] as const) {
      await createUser(opened, { email, name });
    }

    const [all, searched, text] = await Promise.all([
      cli('--json', 'users', 'list'),
      cli('--json', 'users', 'list', '--search', 'JONES'),
      cli('users', 'list', '--search', 'example.org'),
    ]);
    expect(all.code, all.stderr).toBe(0);
    expect(parseJson<{ email: string }[]>(all).map((u) => u.email)).toEqual([
      'Alice@example.com',
      'bob@example.org',
      'carol@example.com',
    ]);
    expect(parseJson<Record<string, unknown>[]>(all)[0]).toEqual({
      id: expect.any(String),
      email: 'Alice@example.com',
      name: 'Alice Smith',
      roles: ['User'],
      groups: [],
      disabled: false,
      defaultAgentId: null,
    });
    expect(searched.code, searched.stderr).toBe(0);
    expect(parseJson<{ name: string }[]>(searched).map((u) => u.name)).toEqual([
      'Bob Jonesy',
      'Carol Jones',
    ]);
    expect(text.code, text.stderr).toBe(0);
    const lines = text.stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^ID\s+EMAIL\s+NAME\s+ROLES\s+GROUPS\s+DISABLED$/);
    expect(lines.slice(1)).toEqual([
      expect.stringMatching(/\sbob@example\.org\s+Bob Jonesy\s+User\s+no$/),
    ]);
  });

  it('users delete makes the user’s tokens fail at once; an unknown id exits 1', async () => {
    const opened = await db.openApp();
    const user = await createUser(opened, { email: 'gone@example.com', name: 'Gone' });
    const credentials = await createClient(opened, { name: 'App', redirectUris: [REDIRECT_URI] });
    const token = await getToken(opened, credentials, { userid: user.id });
    const listUsers = () =>
      opened.app.inject({
        url: '/api/Users/ListUsers',
        headers: { authorization: `Bearer ${token}` },
      });
    expect((await listUsers()).statusCode).toBe(200);

    const [deleted, unknown] = await Promise.all([
      cli('--json', 'users', 'delete', user.id),
      cli('users', 'delete', 'nobody'),
    ]);
    expect(deleted.code, deleted.stderr).toBe(0);
    expect(parseJson(deleted)).toEqual({ id: user.id, deleted: true });
    expect(await opened.store.users.findById(user.id)).toBeUndefined();
    expect((await listUsers()).statusCode).toBe(401);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr.trim()).toBe('Error: No user with id "nobody"');
  });

  // A PostgreSQL database often holds several schemas (deployments, tenants, other apps); the
  // one named by the URL's search_path is ours, whatever the others contain.
  it('migrate creates the schema of an empty database beside an already migrated one', async () => {
    // `db` (beforeEach) is the migrated neighbour: on PostgreSQL a schema of the same database.
    const fresh = await cliDatabase({ migrated: false });
    const { db: raw } = openDatabase(fresh.url);
    try {
      const readUsers = () => raw.selectFrom('users').select('id').execute();
      await expect(readUsers()).rejects.toThrow();
      const result = await runCliProcess(['--json', 'migrate'], {
        AIRISK_DATABASE_URL: fresh.url,
      });
      expect(result.code, result.stderr).toBe(0);
      expect(parseJson(result)).toEqual({ migrated: true });
      await expect(readUsers()).resolves.toEqual([]);
    } finally {
      await raw.destroy();
      await fresh.drop();
    }
  });

  it('--database overrides AIRISK_DATABASE_URL', async () => {
    const elsewhere = mkdtempSync(join(tmpdir(), 'airisk-elsewhere-'));
    const ignoredFile = join(elsewhere, 'ignored', 'airisk.db');
    try {
      const result = await runCli(
        [
          '--database',
          db.url,
          '--json',
          'users',
          'create',
          '--email',
          'o@example.com',
          '--name',
          'O',
        ],
        { AIRISK_DATABASE_URL: `sqlite:${ignoredFile}` },
      );
      expect(result.code, result.stderr).toBe(0);
      const { id } = parseJson<{ id: string }>(result);
      const opened = await db.openApp();
      expect(await opened.store.users.findById(id)).toMatchObject({ email: 'o@example.com' });
      expect(existsSync(ignoredFile)).toBe(false);
    } finally {
      rmSync(elsewhere, { recursive: true, force: true });
    }
  });

  it('--help exits 0 and lists the commands; a missing required option exits 1', async () => {
    // Real processes but one: commander's own exits, on the process's streams.
    const [help, clientsHelp, missing] = await Promise.all([
      runCliProcess(['--help']),
      runCli(['clients', '--help']),
      cliProcess('users', 'create', '--email', 'x@example.com'),
    ]);
    expect(help.code, help.stderr).toBe(0);
    expect(help.stdout).toMatch(/^Usage: airisk /);
    for (const command of ['clients', 'users', 'groups', 'migrate']) {
      expect(help.stdout).toMatch(new RegExp(`^\\s+${command}\\s`, 'm'));
    }
    expect(clientsHelp.code, clientsHelp.stderr).toBe(0);
    for (const command of ['create', 'list', 'rotate-secret', 'disable', 'enable', 'delete']) {
      expect(clientsHelp.stdout).toMatch(new RegExp(`^\\s+${command}\\b`, 'm'));
    }
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain("required option '--name <name>' not specified");
  });
});
