import { describe, expect, it } from 'vitest';
import { addUserToGroup, createGroup } from '../../src/groups/groups.ts';
import { createUser } from '../../src/users/users.ts';
import { eachCliDatabase, parseJson, runCli } from '../helpers/run-cli.ts';

// `airisk groups …` and `airisk users add-to-group / remove-from-group`, run as real processes;
// effects are checked through the store on the same database.

describe('airisk groups and memberships', () => {
  const world = eachCliDatabase();

  const cli = (...args: string[]) => runCli(args, { AIRISK_DATABASE_URL: world.db.url });
  const members = async (groupId: string) =>
    (await world.opened.store.groups.listMembers(groupId)).map((user) => user.email);

  it('groups create makes a group; a name taken in another case exits 1', async () => {
    const created = await cli(
      ...['--json', 'groups', 'create', '--name', ' Finance '],
      ...['--description', 'Money people'],
    );
    expect(created.code, created.stderr).toBe(0);
    const group = parseJson<{ id: string }>(created);
    expect(group).toEqual({ id: expect.any(String), name: 'Finance', description: 'Money people' });
    expect(await world.opened.store.groups.findById(group.id)).toMatchObject({ name: 'Finance' });

    const [taken, empty] = await Promise.all([
      cli('groups', 'create', '--name', 'FINANCE'),
      cli('groups', 'create', '--name', '  '),
    ]);
    expect(taken.code).toBe(1);
    expect(taken.stderr.trim()).toBe('Error: A group named "FINANCE" already exists');
    expect(empty.code).toBe(1);
    expect(empty.stderr.trim()).toBe('Error: name must be 1 to 200 characters');
    expect((await world.opened.store.groups.list({ limit: 10, offset: 0 })).length).toBe(1);
  });

  it('groups list pages by name with member counts, and --search filters', async () => {
    const ada = await createUser(world.opened, { email: 'ada@example.com', name: 'Ada' });
    const bob = await createUser(world.opened, { email: 'bob@example.com', name: 'Bob' });
    for (const name of ['Ops', 'Finance', 'Research']) {
      const group = await createGroup(world.opened, { name, description: `${name} team` });
      if (name !== 'Research') {
        await addUserToGroup(world.opened, ada.id, group.id);
      }
      if (name === 'Ops') {
        await addUserToGroup(world.opened, bob.id, group.id);
      }
    }

    const [all, paged, searched, text] = await Promise.all([
      cli('--json', 'groups', 'list'),
      cli('--json', 'groups', 'list', '--results', '1', '--skip', '1'),
      cli('--json', 'groups', 'list', '--search', 'SEAR'),
      cli('groups', 'list'),
    ]);
    expect(all.code, all.stderr).toBe(0);
    expect(
      parseJson<{ name: string; memberCount: number }[]>(all).map((g) => [g.name, g.memberCount]),
    ).toEqual([
      ['Finance', 1],
      ['Ops', 2],
      ['Research', 0],
    ]);
    expect(parseJson<unknown[]>(all)[0]).toEqual({
      id: expect.any(String),
      name: 'Finance',
      description: 'Finance team',
      memberCount: 1,
    });
    expect(parseJson<{ name: string }[]>(paged).map((g) => g.name)).toEqual(['Ops']);
    expect(parseJson<{ name: string }[]>(searched).map((g) => g.name)).toEqual(['Research']);
    expect(text.code, text.stderr).toBe(0);
    const lines = text.stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^ID\s+NAME\s+MEMBERS\s+DESCRIPTION$/);
    expect(lines[2]).toMatch(/\sOps\s+2\s+Ops team$/);
  });

  it('groups show takes an id or a name and lists the members by email', async () => {
    const group = await createGroup(world.opened, { name: 'Finance', description: 'Money' });
    for (const email of ['zed@example.com', 'amy@example.com']) {
      const user = await createUser(world.opened, { email, name: email.split('@')[0]! });
      await addUserToGroup(world.opened, user.id, group.id);
    }

    const [byId, byName, text, unknown] = await Promise.all([
      cli('--json', 'groups', 'show', group.id),
      cli('--json', 'groups', 'show', 'fInAnCe'),
      cli('groups', 'show', 'Finance'),
      cli('groups', 'show', 'Nope'),
    ]);
    expect(byId.code, byId.stderr).toBe(0);
    const shown = parseJson(byId);
    expect(shown).toEqual({
      id: group.id,
      name: 'Finance',
      description: 'Money',
      members: [
        { id: expect.any(String), email: 'amy@example.com', name: 'amy' },
        { id: expect.any(String), email: 'zed@example.com', name: 'zed' },
      ],
    });
    expect(parseJson(byName)).toEqual(shown);
    expect(text.code, text.stderr).toBe(0);
    expect(text.stdout).toMatch(/^id:\s+\S+\nname:\s+Finance\ndescription:\s+Money\n/);
    expect(text.stdout).toMatch(/MEMBER_ID\s+EMAIL\s+NAME\n.*amy@example\.com\s+amy\n.*zed@/);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr.trim()).toBe('Error: No group with id or name "Nope"');
  });

  it('groups delete removes the group and its memberships, never its users', async () => {
    const user = await createUser(world.opened, { email: 'u@example.com', name: 'U' });
    const [finance, ops] = await Promise.all([
      createGroup(world.opened, { name: 'Finance' }),
      createGroup(world.opened, { name: 'Ops' }),
    ]);
    await addUserToGroup(world.opened, user.id, finance.id);
    await addUserToGroup(world.opened, user.id, ops.id);

    const [byName, byId] = await Promise.all([
      cli('--json', 'groups', 'delete', 'finance'),
      cli('groups', 'delete', ops.id),
    ]);
    expect(byName.code, byName.stderr).toBe(0);
    expect(parseJson(byName)).toEqual({ id: finance.id, name: 'Finance', deleted: true });
    expect(byId.code, byId.stderr).toBe(0);
    expect(byId.stdout.trim()).toBe('Group Ops deleted.');
    expect(await world.opened.store.groups.findById(finance.id)).toBeUndefined();
    expect(await world.opened.store.groups.findById(ops.id)).toBeUndefined();
    expect(await world.opened.store.users.findById(user.id)).toBeDefined();
    expect((await world.opened.store.groups.groupIdsOfUsers([user.id])).get(user.id)).toEqual([]);

    const again = await cli('groups', 'delete', 'Finance');
    expect(again.code).toBe(1);
    expect(again.stderr.trim()).toBe('Error: No group with id or name "Finance"');
  });

  it('users add-to-group by name or id is idempotent; remove-from-group undoes it', async () => {
    const user = await createUser(world.opened, { email: 'u@example.com', name: 'U' });
    const group = await createGroup(world.opened, { name: 'Finance' });

    const added = await cli('--json', 'users', 'add-to-group', user.id, 'finance');
    expect(added.code, added.stderr).toBe(0);
    expect(parseJson(added)).toEqual({
      userid: user.id,
      groupid: group.id,
      group: 'Finance',
      added: true,
    });
    expect(await members(group.id)).toEqual(['u@example.com']);

    const again = await cli('users', 'add-to-group', user.id, group.id);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout.trim()).toBe(`User ${user.id} already is in group Finance.`);
    expect(await members(group.id)).toEqual(['u@example.com']);

    const removed = await cli('--json', 'users', 'remove-from-group', user.id, 'FINANCE');
    expect(removed.code, removed.stderr).toBe(0);
    expect(parseJson(removed)).toEqual({
      userid: user.id,
      groupid: group.id,
      group: 'Finance',
      removed: true,
    });
    expect(await members(group.id)).toEqual([]);
  });

  it.each([
    {
      problem: 'an unknown group',
      args: (userId: string) => ['users', 'add-to-group', userId, 'Nope'],
      message: /^Error: No group with id or name "Nope"$/,
    },
    {
      problem: 'an unknown user',
      args: () => ['users', 'add-to-group', 'nobody', 'Finance'],
      message: /^Error: No user with id "nobody"$/,
    },
    {
      problem: 'removing a user who is not a member',
      args: (userId: string) => ['users', 'remove-from-group', userId, 'Finance'],
      message: /^Error: User "\S+" is not a member of group "\S+"$/,
    },
    {
      problem: 'removing from an unknown group',
      args: (userId: string) => ['users', 'remove-from-group', userId, 'Nope'],
      message: /^Error: No group with id or name "Nope"$/,
    },
  ])('membership with $problem exits 1 and changes nothing', async ({ args, message }) => {
    const user = await createUser(world.opened, { email: 'u@example.com', name: 'U' });
    const group = await createGroup(world.opened, { name: 'Finance' });

    const result = await cli(...args(user.id));
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr.trim()).toMatch(message);
    expect(await members(group.id)).toEqual([]);
  });
});
