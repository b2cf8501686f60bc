import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createAgent } from '../../src/chat/agents.ts';
import { agentKey } from '../../src/chat/engine-settings.ts';
import { loadConfig } from '../../src/config/config.ts';
import { openAppDeps } from '../../src/deps.ts';
import type { AppDeps } from '../../src/app.ts';
import { isPostgres } from '../helpers/test-store.ts';
import { eachCliDatabase, parseJson, runCli } from '../helpers/run-cli.ts';

// `airisk secrets …` and, on SQLite's key file, `airisk master-key new` then `rotate`.

const VALUE = 'sk-cli-secret-0123456789abcdefABCDEF';

/** The key a server over these deps would call the agent's provider with. */
async function keyOf(deps: AppDeps, agentId: string): Promise<string | null | undefined> {
  const agent = await deps.store.agents.findById(agentId);
  return agent && agentKey(deps, agent, null);
}

describe('airisk secrets', () => {
  const world = eachCliDatabase();

  const cli = (args: string[], env: Record<string, string> = {}) =>
    runCli(args, {
      AIRISK_DATABASE_URL: world.db.url,
      AIRISK_MASTER_KEY: world.db.masterKey,
      ...env,
    });

  it('set reads the value from a variable; list never prints it; delete refuses while used', async () => {
    const set = await cli(['secrets', 'set', 'OPENAI_PROD', '--value-env', 'THE_VALUE'], {
      THE_VALUE: VALUE,
    });
    expect(set.code, set.stderr).toBe(0);
    expect(set.stdout.trim()).toBe('Secret OPENAI_PROD created.');
    const agent = await createAgent(world.opened, {
      name: 'Via secret',
      engine: 'openai',
      model: 'gpt-4o-mini',
      apiKeySecret: 'OPENAI_PROD',
    });
    // The server, with the same master key, opens what the CLI sealed.
    expect(await keyOf(world.opened, agent.id)).toBe(VALUE);

    const [listed, json, refused, unset] = await Promise.all([
      cli(['secrets', 'list']),
      cli(['--json', 'secrets', 'list']),
      cli(['secrets', 'delete', 'OPENAI_PROD']),
      cli(['secrets', 'set', 'OTHER', '--value-env', 'NOT_SET']),
    ]);
    expect(listed.stdout).toMatch(/^NAME\s+UPDATED\s+USED BY\s+DESCRIPTION\n/);
    expect(listed.stdout).toMatch(/OPENAI_PROD\s+\S+\s+Via secret/);
    expect(parseJson(json)).toEqual([
      expect.objectContaining({
        name: 'OPENAI_PROD',
        usedBy: [{ id: agent.id, name: 'Via secret' }],
      }),
    ]);
    for (const output of [listed.stdout, json.stdout, set.stdout]) {
      expect(output).not.toContain(VALUE);
    }
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/^Error: Secret "OPENAI_PROD" is the API key of "Via secret"/);
    expect(unset.code).toBe(1);
    expect(unset.stderr.trim()).toBe('Error: The environment variable NOT_SET is not set');
  });

  it('master-key new refuses a key given in AIRISK_MASTER_KEY, saying what to do instead', async () => {
    const result = await cli(['master-key', 'new']);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(
      /^Error: The master key comes from AIRISK_MASTER_KEY: make a new one \(openssl rand -base64 32\)/,
    );
  });
});

describe.skipIf(isPostgres)('airisk master-key new, on the SQLite key file', () => {
  let folder: string;
  beforeEach(() => {
    folder = mkdtempSync(join(tmpdir(), 'airisk-rotate-'));
  });
  afterEach(() => rmSync(folder, { recursive: true, force: true }));

  it('moves the key aside; rotate reseals; without the old key the server still opens all', async () => {
    const url = `sqlite:${join(folder, 'airisk.db')}`;
    const open = async () => openAppDeps(loadConfig({ AIRISK_DATABASE_URL: url }));
    const first = await open();
    await first.extraction.close();
    await first.store.close();
    const cli = (args: string[], env: Record<string, string> = {}) =>
      runCli(args, { AIRISK_DATABASE_URL: url, ...env });
    expect((await cli(['secrets', 'set', 'K', '--value-env', 'V'], { V: VALUE })).code).toBe(0);
    const oldKey = readFileSync(join(folder, 'master.key'), 'utf8');

    const made = await cli(['--json', 'master-key', 'new']);
    expect(made.code, made.stderr).toBe(0);
    expect(readFileSync(join(folder, 'master.key.previous'), 'utf8')).toBe(oldKey);
    expect(readFileSync(join(folder, 'master.key'), 'utf8')).not.toBe(oldKey);
    const rotated = await cli(['--json', 'master-key', 'rotate']);
    expect(rotated.code, rotated.stderr).toBe(0);
    // The signing key and the secret.
    expect(parseJson(rotated)).toMatchObject({ resealed: 2, current: 0 });
    rmSync(join(folder, 'master.key.previous'));

    const after = await open();
    const agent = await createAgent(after, {
      name: 'Via secret',
      engine: 'openai',
      model: 'gpt-4o-mini',
      apiKeySecret: 'K',
    });
    expect(await keyOf(after, agent.id)).toBe(VALUE);
    expect(existsSync(join(folder, 'master.key.previous'))).toBe(false);
    await after.extraction.close();
    await after.store.close();
  });
});
