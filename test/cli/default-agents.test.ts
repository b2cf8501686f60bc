import { describe, expect, it } from 'vitest';
import { createUser } from '../../src/users/users.ts';
import { addUserToGroup, createGroup } from '../../src/groups/groups.ts';
import { createAgent } from '../../src/chat/agents.ts';
import { eachCliDatabase, parseJson, runCli } from '../helpers/run-cli.ts';

// `airisk default-agents …` on a fresh database; what users are given is checked through the
// store of the real app opened on the same database.

describe('airisk default-agents', () => {
  const world = eachCliDatabase();

  const cli = (args: string[]) => runCli(args, { AIRISK_DATABASE_URL: world.db.url });
  const assigned = async (userId: string) =>
    (await world.opened.store.agents.list())
      .filter((agent) => agent.userIds.includes(userId))
      .map((agent) => agent.name);

  it('add by name, for new users and for a group by name; new users and joiners get them', async () => {
    const ann = await createUser(world.opened, { email: 'ann@example.com', name: 'Ann' });
    const finance = await createGroup(world.opened, { name: 'Finance', description: '' });
    await createAgent(world.opened, { name: 'Policy helper', engine: 'demo', model: 'demo' });
    await createAgent(world.opened, { name: 'Travel desk', engine: 'demo', model: 'demo' });

    const [everyone, joiners] = await Promise.all([
      cli(['default-agents', 'add', 'policy HELPER']),
      cli(['--json', 'default-agents', 'add', 'Travel desk', '--group', 'finance']),
    ]);
    expect(everyone.code, everyone.stderr).toBe(0);
    expect(everyone.stdout.trim()).toBe('Agent Policy helper is given to every new user.');
    expect(joiners.code, joiners.stderr).toBe(0);
    expect(parseJson(joiners)).toMatchObject({ groupId: finance.id, added: true, usersGiven: 0 });

    const bob = await createUser(world.opened, { email: 'bob@example.com', name: 'Bob' });
    await addUserToGroup(world.opened, ann.id, finance.id);
    expect(await assigned(bob.id)).toEqual(['Policy helper']);
    expect(await assigned(ann.id)).toEqual(['Travel desk']);

    const listed = await cli(['default-agents', 'list']);
    expect(listed.code, listed.stderr).toBe(0);
    expect(listed.stdout).toMatch(/^AGENT\s+AGENT ID\s+GIVEN TO\n/);
    expect(listed.stdout).toMatch(/Policy helper\s+\S+\s+every new user\n/);
    expect(listed.stdout).toMatch(/Travel desk\s+\S+\s+Finance\n/);
  });

  it('add --existing gives it now; remove stops giving it; unknown names fail clearly', async () => {
    const ann = await createUser(world.opened, { email: 'ann@example.com', name: 'Ann' });
    await createAgent(world.opened, { name: 'Policy helper', engine: 'demo', model: 'demo' });

    const added = await cli(['default-agents', 'add', 'Policy helper', '--existing']);
    expect(added.code, added.stderr).toBe(0);
    expect(added.stdout.trim()).toBe(
      'Agent Policy helper is given to every new user. Given now to 1 user(s).',
    );
    expect(await assigned(ann.id)).toEqual(['Policy helper']);

    const [removed, again, noAgent, noGroup] = await Promise.all([
      cli(['--json', 'default-agents', 'remove', 'Policy helper']),
      cli(['default-agents', 'remove', 'Policy helper', '--group', 'Finance']),
      cli(['default-agents', 'add', 'nope']),
      cli(['default-agents', 'add', 'Policy helper', '--group', 'nope']),
    ]);
    expect(removed.code, removed.stderr).toBe(0);
    expect(parseJson(removed)).toMatchObject({ groupId: null, removed: true });
    expect(await world.opened.store.defaultAgents.list()).toEqual([]);
    expect(await assigned(ann.id)).toEqual(['Policy helper']);
    expect([again.code, noAgent.code, noGroup.code]).toEqual([1, 1, 1]);
    expect(again.stderr.trim()).toBe('Error: No group with id or name "Finance"');
    expect(noAgent.stderr.trim()).toBe('Error: No agent with id or name "nope"');
    expect(noGroup.stderr.trim()).toBe('Error: No group with id or name "nope"');
  });
});
