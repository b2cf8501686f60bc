import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { setSecret } from '../../src/secrets/custom-secrets.ts';
import { eachCliDatabase, parseJson, runCli } from '../helpers/run-cli.ts';
import { aTargetDatabase, type TargetDatabase } from '../tools/custom-database-fixture.ts';

// `airisk databases …` and `airisk agents update --custom-databases`, in-process on a fresh
// database; `test` against a real PostgreSQL (the test server's, in a schema of its own).

describe('airisk databases', () => {
  const world = eachCliDatabase();
  let folder: string;
  let target: TargetDatabase | undefined;
  beforeEach(async () => {
    folder = mkdtempSync(join(tmpdir(), 'airisk-databases-'));
    // The app's master key, so that the CLI opens the secret the app sealed.
    await setSecret(world.opened, {
      name: 'CRM_DB_URL',
      value: 'postgres://reader:pw@db.example.com/crm',
    });
  });
  afterEach(async () => {
    rmSync(folder, { recursive: true, force: true });
    await target?.drop();
    target = undefined;
  });

  const cli = (args: string[]) =>
    runCli(args, { AIRISK_DATABASE_URL: world.db.url, AIRISK_MASTER_KEY: world.db.masterKey });
  const definitionFile = (definition: object) => {
    const path = join(folder, 'crm.json');
    writeFileSync(path, JSON.stringify(definition));
    return path;
  };
  const QUERIES = {
    queries: [
      {
        name: 'orders_of',
        description: 'The orders of a customer',
        sql: 'SELECT id, total FROM orders WHERE customer = $1',
        parameters: [{ name: 'customer', type: 'string' }],
      },
    ],
  };

  it('create from a file and options, list, show, update, delete; errors in one line', async () => {
    const file = definitionFile({ name: 'crm', connectionSecret: 'CRM_DB_URL', ...QUERIES });
    const created = await cli([
      '--json',
      'databases',
      'create',
      '--file',
      file,
      '--allow-model-sql',
      '--max-rows',
      '50',
    ]);
    expect(created.code, created.stderr).toBe(0);
    expect(parseJson(created)).toMatchObject({
      name: 'crm',
      connectionSecret: 'CRM_DB_URL',
      allowModelSql: true,
      maxRows: 50,
      queries: [{ name: 'orders_of', parameters: [{ name: 'customer', required: true }] }],
    });

    const [listed, shown] = await Promise.all([
      cli(['databases', 'list']),
      cli(['databases', 'show', 'CRM']),
    ]);
    expect(listed.stdout).toMatch(/^ID\s+NAME\s+SECRET\s+QUERIES\s+MODEL SQL\s+USED BY\n/);
    expect(listed.stdout).toMatch(/crm\s+CRM_DB_URL\s+orders_of\s+yes/);
    expect(shown.stdout).toContain('crm_orders_of(customer: string)');
    expect(shown.stdout).toContain('model SQL: yes (crm_sql)');
    expect(shown.stdout).not.toContain('db.example.com');

    const updated = await cli([
      '--json',
      'databases',
      'update',
      'crm',
      '--no-allow-model-sql',
      '--description',
      'The CRM',
    ]);
    expect(parseJson(updated)).toMatchObject({ allowModelSql: false, description: 'The CRM' });

    const errors = await Promise.all([
      cli(['databases', 'create', '--name', 'x']),
      cli(['databases', 'create', '--name', 'other', '--connection-secret', 'NOPE']),
      cli(['databases', 'update', 'crm']),
      cli([
        'databases',
        'create',
        '--file',
        definitionFile({ name: 'y', connectionSecret: 'CRM_DB_URL', maxRows: 'many' }),
      ]),
      cli(['databases', 'delete', 'nope']),
    ]);
    expect(errors.map((result) => [result.code, result.stderr.trim()])).toEqual([
      [1, expect.stringMatching(/^Error: The options: .*connectionSecret/)],
      [1, expect.stringMatching(/^Error: No custom secret named "NOPE": create it first/)],
      [1, 'Error: Nothing to change: give --file or an option such as --max-rows'],
      [1, expect.stringMatching(/crm\.json with the options: maxRows must be integer$/)],
      [1, 'Error: No custom database with id or name "nope": see them with airisk databases list'],
    ]);

    const agent = await cli([
      'agents',
      'create',
      '--name',
      'Sales',
      '--engine',
      'demo',
      '--model',
      'demo',
      '--custom-databases',
      'crm',
    ]);
    expect(agent.code, agent.stderr).toBe(0);
    expect(agent.stdout).toMatch(/Tools from: crm\.\n$/);
    const refused = await cli(['databases', 'delete', 'crm']);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/"Sales"/);
    expect((await cli(['agents', 'update', 'Sales', '--custom-databases', ''])).code).toBe(0);
    const deleted = await cli(['databases', 'delete', 'crm']);
    expect(deleted.stdout.trim()).toBe('Custom database crm deleted.');
  });

  it('test connects and plans the queries; a failure exits 1', async () => {
    target = await aTargetDatabase({ canWrite: true });
    await setSecret(world.opened, { name: 'TARGET_URL', value: target.url });
    const file = definitionFile({ name: 'target', connectionSecret: 'TARGET_URL', ...QUERIES });
    expect((await cli(['databases', 'create', '--file', file])).code).toBe(0);

    const tested = await cli(['databases', 'test', 'target']);
    expect(tested.code, tested.stderr).toBe(0);
    expect(tested.stdout).toMatch(/^target: connected, every query plans\.\nWarning: /);
    expect(tested.stdout).not.toContain(target.password);

    expect(
      (await cli(['databases', 'create', '--name', 'down', '--connection-secret', 'CRM_DB_URL']))
        .code,
    ).toBe(0);
    const down = await cli(['--json', 'databases', 'test', 'down']);
    expect(down.code).toBe(1);
    expect(parseJson(down)).toMatchObject({ ok: false, error: expect.any(String), warnings: [] });
  });
});
