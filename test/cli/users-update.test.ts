import { describe, expect, it } from 'vitest';
import { createClient } from '../../src/clients/clients.ts';
import { addUserToGroup, createGroup } from '../../src/groups/groups.ts';
import { createUser } from '../../src/users/users.ts';
import { getToken } from '../helpers/oauth-flow.ts';
import { REDIRECT_URI } from '../helpers/test-app.ts';
import { eachCliDatabase, parseJson, runCli } from '../helpers/run-cli.ts';

// `airisk users update` and the groups/disabled state `users list` shows, run as real processes;
// effects are checked through the store and the real app on the same database.

describe('airisk users update', () => {
  const world = eachCliDatabase();

  const cli = (...args: string[]) => runCli(args, { AIRISK_DATABASE_URL: world.db.url });

  it('changes email, name and roles (--role replaces them) and prints the user', async () => {
    const user = await createUser(world.opened, {
      email: 'old@example.com',
      name: 'Old',
      roles: ['User', 'Monitor'],
    });
    const group = await createGroup(world.opened, { name: 'Finance' });
    await addUserToGroup(world.opened, user.id, group.id);

    const result = await cli(
      ...['--json', 'users', 'update', user.id, '--email', 'New@Example.com'],
      ...['--name', 'New Name', '--role', 'Compliance', '--role', 'User'],
    );
    expect(result.code, result.stderr).toBe(0);
    expect(parseJson(result)).toEqual({
      id: user.id,
      email: 'New@Example.com',
      name: 'New Name',
      roles: ['Compliance', 'User'],
      groups: [group.id],
      disabled: false,
      defaultAgentId: null,
    });
    expect(await world.opened.store.users.findById(user.id)).toMatchObject({
      email: 'New@Example.com',
      name: 'New Name',
      roles: ['Compliance', 'User'],
      disabledAt: null,
    });
  });

  it('--disable makes the user’s tokens fail at once; --enable lets new ones work', async () => {
    const user = await createUser(world.opened, { email: 'u@example.com', name: 'U' });
    const credentials = await createClient(world.opened, {
      name: 'App',
      redirectUris: [REDIRECT_URI],
    });
    const token = await getToken(world.opened, credentials, { userid: user.id });
    const status = async (bearer: string) =>
      (
        await world.opened.app.inject({
          url: '/api/Users/ListUsers',
          headers: { authorization: `Bearer ${bearer}` },
        })
      ).statusCode;
    expect(await status(token)).toBe(200);

    const disabled = await cli('--json', 'users', 'update', user.id, '--disable');
    expect(disabled.code, disabled.stderr).toBe(0);
    expect(parseJson(disabled)).toMatchObject({ id: user.id, disabled: true });
    expect(await status(token)).toBe(401);

    const listed = await cli('users', 'list');
    expect(listed.code, listed.stderr).toBe(0);
    expect(listed.stdout).toMatch(/^ID\s+EMAIL\s+NAME\s+ROLES\s+GROUPS\s+DISABLED\n/);
    expect(listed.stdout).toMatch(/\su@example\.com\s+U\s+User\s+yes\n$/);

    const enabled = await cli('users', 'update', user.id, '--enable');
    expect(enabled.code, enabled.stderr).toBe(0);
    expect(enabled.stdout.trim()).toBe(
      `Updated user ${user.id} (u@example.com, U): roles User, enabled.`,
    );
    expect((await world.opened.store.users.findById(user.id))?.disabledAt).toBeNull();
    expect(await status(await getToken(world.opened, credentials, { userid: user.id }))).toBe(200);
  });

  it('users list shows each user’s groups (names in the table, ids with --json)', async () => {
    const ada = await createUser(world.opened, { email: 'ada@example.com', name: 'Ada' });
    await createUser(world.opened, { email: 'bob@example.com', name: 'Bob' });
    const finance = await createGroup(world.opened, { name: 'Finance' });
    const ops = await createGroup(world.opened, { name: 'Ops' });
    await addUserToGroup(world.opened, ada.id, finance.id);
    await addUserToGroup(world.opened, ada.id, ops.id);

    const [json, text] = await Promise.all([cli('--json', 'users', 'list'), cli('users', 'list')]);
    expect(json.code, json.stderr).toBe(0);
    const users = parseJson<{ email: string; groups: string[]; disabled: boolean }[]>(json);
    expect(users.map((u) => [u.email, [...u.groups].sort(), u.disabled])).toEqual([
      ['ada@example.com', [finance.id, ops.id].sort(), false],
      ['bob@example.com', [], false],
    ]);
    expect(text.code, text.stderr).toBe(0);
    const lines = text.stdout.trim().split('\n');
    expect(lines[1]).toMatch(/\sada@example\.com\s+Ada\s+User\s+(Finance,Ops|Ops,Finance)\s+no$/);
    expect(lines[2]).toMatch(/\sbob@example\.com\s+Bob\s+User\s+no$/);
  });

  it.each([
    {
      problem: 'no change given',
      args: (id: string) => ['users', 'update', id],
      message: /nothing to change: give --email, --name, --role, --disable or --enable/,
    },
    {
      problem: 'both --disable and --enable',
      args: (id: string) => ['users', 'update', id, '--disable', '--enable'],
      message: /'--disable' cannot be used with option '--enable'/,
    },
    {
      problem: 'an unknown user',
      args: () => ['users', 'update', 'nobody', '--name', 'X'],
      message: /^Error: No user with id "nobody"$/m,
    },
    {
      problem: 'an invalid email',
      args: (id: string) => ['users', 'update', id, '--email', 'nope'],
      message: /^Error: "nope" is not a valid email address$/m,
    },
    {
      problem: 'an unknown role',
      args: (id: string) => ['users', 'update', id, '--role', 'Wizard'],
      message: /^Error: Unknown role "Wizard"/m,
    },
    {
      problem: 'an email another user has',
      args: (id: string) => ['users', 'update', id, '--email', 'OTHER@example.com'],
      message: /^Error: A user with this id or email already exists$/m,
    },
    {
      problem: 'demoting the last CompanyAdmin',
      args: (id: string) => ['users', 'update', id, '--role', 'User'],
      message: /^Error: This is the last enabled CompanyAdmin/m,
    },
    {
      problem: 'disabling the last CompanyAdmin',
      args: (id: string) => ['users', 'update', id, '--disable'],
      message: /^Error: This is the last enabled CompanyAdmin/m,
    },
  ])('$problem exits 1 and changes nothing', async ({ args, message }) => {
    const admin = await createUser(world.opened, {
      email: 'admin@example.com',
      name: 'Admin',
      roles: ['CompanyAdmin'],
    });
    await createUser(world.opened, { email: 'other@example.com', name: 'Other' });

    const result = await cli(...args(admin.id));
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(message);
    expect(await world.opened.store.users.findById(admin.id)).toEqual(admin);
  });
});
