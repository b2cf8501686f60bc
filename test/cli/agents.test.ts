import { describe, expect, it } from 'vitest';
import { createUser } from '../../src/users/users.ts';
import { createGroup } from '../../src/groups/groups.ts';
import { decryptWithMasterKey } from '../../src/lib/encryption.ts';
import { createAgent } from '../../src/chat/agents.ts';
import { assignAgent } from '../../src/chat/assignments.ts';
import { eachCliDatabase, parseJson, runCli, runCliProcess } from '../helpers/run-cli.ts';

// `airisk agents …` run as real processes on a fresh database; effects are checked through the
// store of the real app opened on the same database.

const TEMPLATES = ['demo', 'openai', 'azure-openai', 'mistral', 'gemini', 'ollama', 'bedrock'];

interface ListedAgent {
  id: string;
  name: string;
  userIds: string[];
  groupIds: string[];
}

describe('airisk agents', () => {
  const world = eachCliDatabase();

  // The app's master key, so that keys the CLI seals are ones the server can open.
  const cli = (args: string[], env: Record<string, string> = {}, run = runCli) =>
    run(args, {
      AIRISK_DATABASE_URL: world.db.url,
      AIRISK_MASTER_KEY: world.opened.masterKey.toString('base64'),
      ...env,
    });
  const usable = async (userId: string) =>
    (await world.opened.store.agents.listUsable(userId)).map((a) => ({
      id: a.id,
      isDefault: a.isDefault,
    }));

  it('templates --json lists the templates; --template nope fails naming them', async () => {
    const [listed, text, unknown] = await Promise.all([
      cli(['--json', 'agents', 'templates']),
      cli(['agents', 'templates']),
      cli(['agents', 'create', '--template', 'nope']),
    ]);
    expect(listed.code, listed.stderr).toBe(0);
    const templates = parseJson<{ template: string }[]>(listed);
    expect(templates.map((entry) => entry.template)).toEqual(TEMPLATES);
    expect(templates[0]).toEqual({
      template: 'demo',
      name: 'Demo assistant',
      description: expect.any(String),
      engine: 'demo',
      model: 'demo',
    });
    expect(text.stdout).toMatch(/^TEMPLATE\s+ENGINE\s+MODEL\s+DESCRIPTION\n/);

    expect(unknown.code).toBe(1);
    expect(unknown.stderr.trim()).toBe(
      `Error: Unknown template "nope": templates are ${TEMPLATES.join(', ')}`,
    );
    expect(await world.opened.store.agents.list()).toEqual([]);
  });

  it('create --template demo, then assign it by name to a user and a group; list shows it', async () => {
    const ann = await createUser(world.opened, { email: 'ann@example.com', name: 'Ann' });
    const finance = await createGroup(world.opened, { name: 'Finance', description: '' });

    const created = await cli(['--json', 'agents', 'create', '--template', 'demo']);
    expect(created.code, created.stderr).toBe(0);
    const agent = parseJson<{ id: string }>(created);
    expect(agent).toMatchObject({
      name: 'Demo assistant',
      engine: 'demo',
      model: 'demo',
      maxMessages: 20,
      hasApiKey: false,
    });

    // The agent by name in another case, the group by its name.
    const [toUser, toGroup] = await Promise.all([
      cli(['agents', 'assign', 'demo ASSISTANT', '--user', ann.id]),
      cli(['agents', 'assign', agent.id, '--group', 'finance']),
    ]);
    expect(toUser.code, toUser.stderr).toBe(0);
    expect(toGroup.code, toGroup.stderr).toBe(0);
    const listed = await cli(['--json', 'agents', 'list']);
    expect(listed.code, listed.stderr).toBe(0);
    expect(parseJson<ListedAgent[]>(listed)).toEqual([
      expect.objectContaining({ id: agent.id, userIds: [ann.id], groupIds: [finance.id] }),
    ]);
    expect(await usable(ann.id)).toEqual([{ id: agent.id, isDefault: false }]);
  });

  it('set-default sets and (none) clears; unassign and delete take the agent away', async () => {
    const ann = await createUser(world.opened, { email: 'ann@example.com', name: 'Ann' });
    const bob = await createUser(world.opened, { email: 'bob@example.com', name: 'Bob' });
    const kept = await createAgent(world.opened, { name: 'Kept', engine: 'demo', model: 'demo' });
    const doomed = await createAgent(world.opened, {
      name: 'Doomed',
      engine: 'demo',
      model: 'demo',
    });
    await assignAgent(world.opened, { agentId: kept.id, userId: ann.id });

    const setDefault = await cli(['agents', 'set-default', ann.id, 'kept']);
    expect(setDefault.code, setDefault.stderr).toBe(0);
    expect(await usable(ann.id)).toEqual([{ id: kept.id, isDefault: true }]);
    expect(await usable(bob.id)).toEqual([]);

    const [cleared, unassigned, notAssigned, deleted, unknown] = await Promise.all([
      cli(['agents', 'set-default', ann.id, 'none']),
      cli(['agents', 'unassign', 'Kept', '--user', ann.id]),
      cli(['agents', 'unassign', kept.id, '--user', bob.id]),
      cli(['--json', 'agents', 'delete', 'doomed']),
      cli(['agents', 'delete', 'nope']),
    ]);
    expect(cleared.code, cleared.stderr).toBe(0);
    expect(unassigned.code, unassigned.stderr).toBe(0);
    expect(await usable(ann.id)).toEqual([]);
    expect(notAssigned.code).toBe(1);
    expect(notAssigned.stderr.trim()).toBe(
      `Error: Agent "${kept.id}" is not assigned to user "${bob.id}"`,
    );
    expect(deleted.code, deleted.stderr).toBe(0);
    expect(parseJson(deleted)).toEqual({ id: doomed.id, deleted: true });
    expect((await world.opened.store.agents.list()).map((a) => a.name)).toEqual(['Kept']);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr.trim()).toBe('Error: No agent with id or name "nope"');
  });

  it('--api-key-env fails clearly when the variable is unset, else stores the key sealed', async () => {
    const key = 'sk-from-env-Hidden-91ab';
    const variable = 'AIRISK_AGENTS_TEST_KEY';
    const create = (template: string) => [
      '--json',
      'agents',
      'create',
      '--template',
      template,
      '--api-key-env',
      variable,
    ];
    // A demo agent needs no key, so only the unset variable can stop it; the list below shows
    // that it created nothing. Real processes: the key comes from the process's environment.
    const [unset, set] = await Promise.all([
      cli(create('demo'), {}, runCliProcess),
      cli(create('openai'), { [variable]: key }, runCliProcess),
    ]);
    expect(unset.code).toBe(1);
    expect(JSON.parse(unset.stderr)).toEqual({
      error: `The environment variable ${variable} is not set`,
    });
    expect(set.code, set.stderr).toBe(0);
    const agent = parseJson<{ id: string }>(set);
    expect(agent).toMatchObject({ engine: 'openai', hasApiKey: true, apiKeyLast4: '91ab' });

    const listed = await cli(['--json', 'agents', 'list']);
    expect(parseJson(listed)).toEqual([
      expect.objectContaining({ id: agent.id, hasApiKey: true, apiKeyLast4: '91ab' }),
    ]);
    for (const output of [set.stdout, set.stderr, listed.stdout]) {
      expect(output).not.toContain('Hidden');
    }
    const stored = await world.opened.store.agents.findById(agent.id);
    expect(stored?.apiKeyEncrypted).not.toContain('Hidden');
    expect(decryptWithMasterKey(world.opened.masterKey, stored?.apiKeyEncrypted ?? '')).toBe(key);
  });
});
