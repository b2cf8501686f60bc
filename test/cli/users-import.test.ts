import { execFile, execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createGroup } from '../../src/groups/groups.ts';
import { createUser } from '../../src/users/users.ts';
import {
  cliDatabase,
  parseJson,
  runCli,
  runCliProcess,
  type CliDatabase,
  type OpenedApp,
} from '../helpers/run-cli.ts';

// `airisk users import FILE.csv`, run as a real process on a fresh database: exit status,
// report (text and --json), what lands in the store, and progress only on a terminal.

const GOOD_AND_BAD = [
  'email,name,roles,groups',
  'ada@example.com,Ada Lovelace,CompanyAdmin;Monitor,Finance|Ops',
  'not-an-email,Bad Email,,',
  '"bob@example.com","Smith, Bob",,ops',
  'carol@example.com,Carol,Wizard,Ghosts',
  'ADA@example.com,Ada Again,,',
  'taken@example.com,Taken,,',
  'dan@example.com,Dan,User|Compliance,Research',
].join('\n');

const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));
const hasScript = (() => {
  try {
    execFileSync('script', ['--version'], { stdio: 'ignore' });
    return process.platform === 'linux';
  } catch {
    return false;
  }
})();

describe('airisk users import', () => {
  let db: CliDatabase;
  let opened: OpenedApp;
  let dir: string;
  beforeEach(async () => {
    db = await cliDatabase();
    opened = await db.openApp();
    dir = mkdtempSync(join(tmpdir(), 'airisk-import-'));
  });
  afterEach(async () => {
    await db.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  const cli = (...args: string[]) => runCli(args, { AIRISK_DATABASE_URL: db.url });
  const csvFile = (name: string, text: string) => {
    const file = join(dir, name);
    writeFileSync(file, text);
    return file;
  };
  /** Every user by email with the names of its groups. */
  async function usersInDatabase() {
    const users = await opened.store.users.list({ limit: 100, offset: 0 });
    const ids = await opened.store.groups.groupIdsOfUsers(users.map((u) => u.id));
    const groups = await opened.store.groups.list({ limit: 100, offset: 0 });
    return users.map((u) => ({
      email: u.email,
      name: u.name,
      roles: u.roles,
      groups: (ids.get(u.id) ?? []).map((id) => groups.find((g) => g.id === id)?.name).sort(),
    }));
  }

  it('imports the good rows, exits 1 and names the bad lines', async () => {
    await createUser(opened, { email: 'Taken@example.com', name: 'Already here' });
    await createGroup(opened, { name: 'Finance' });

    // A real process: some rows failing sets the exit status without an error being thrown.
    const result = await runCliProcess(['users', 'import', csvFile('users.csv', GOOD_AND_BAD)], {
      AIRISK_DATABASE_URL: db.url,
    });
    expect(result.code).toBe(1);
    // Not a terminal: no progress line.
    expect(result.stderr).toBe('');
    expect(result.stdout.trim().split('\n')).toEqual([
      'Imported 3 users; created groups: Ops, Research.',
      '4 rows failed:',
      '  line 3 (not-an-email): "not-an-email" is not a valid email address',
      expect.stringMatching(/^ {2}line 5 \(carol@example\.com\): Unknown role "Wizard"/),
      '  line 6 (ADA@example.com): Duplicate email: line 2 has it too',
      '  line 7 (taken@example.com): A user with this email already exists',
    ]);
    expect(await usersInDatabase()).toEqual([
      {
        email: 'ada@example.com',
        name: 'Ada Lovelace',
        roles: ['CompanyAdmin', 'Monitor'],
        groups: ['Finance', 'Ops'],
      },
      { email: 'bob@example.com', name: 'Smith, Bob', roles: ['User'], groups: ['Ops'] },
      {
        email: 'dan@example.com',
        name: 'Dan',
        roles: ['User', 'Compliance'],
        groups: ['Research'],
      },
      { email: 'Taken@example.com', name: 'Already here', roles: ['User'], groups: [] },
    ]);
    expect((await opened.store.groups.list({ limit: 10, offset: 0 })).map((g) => g.name)).toEqual([
      'Finance',
      'Ops',
      'Research',
    ]);
  });

  it('--json prints the report; a fully imported file exits 0 over several batches', async () => {
    await createUser(opened, { email: 'taken@example.com', name: 'Already here' });
    const good = ['email,name,groups', ...[1, 2, 3, 4, 5].map((n) => `u${n}@example.com,U${n},T`)];

    // One after the other: two writers at once are the store's concern, not this test's.
    const mixed = await cli('--json', 'users', 'import', csvFile('mixed.csv', GOOD_AND_BAD));
    const clean = await cli(
      ...['--json', 'users', 'import', csvFile('good.csv', good.join('\n'))],
      ...['--batch-size', '2'],
    );
    expect(mixed.code).toBe(1);
    expect(mixed.stderr).toBe('');
    expect(parseJson(mixed)).toEqual({
      imported: 3,
      failed: [
        { line: 3, email: 'not-an-email', error: '"not-an-email" is not a valid email address' },
        { line: 5, email: 'carol@example.com', error: expect.stringMatching(/Unknown role/) },
        { line: 6, email: 'ADA@example.com', error: 'Duplicate email: line 2 has it too' },
        { line: 7, email: 'taken@example.com', error: 'A user with this email already exists' },
      ],
      groupsCreated: ['Finance', 'Ops', 'Research'],
    });
    expect(clean.code, clean.stderr).toBe(0);
    expect(clean.stderr).toBe('');
    expect(parseJson<{ imported: number; failed: unknown[] }>(clean)).toMatchObject({
      imported: 5,
      failed: [],
    });
    const team = (await opened.store.groups.findByNames(['T']))[0]!;
    expect((await opened.store.groups.listMembers(team.id)).map((u) => u.email)).toEqual([
      'u1@example.com',
      'u2@example.com',
      'u3@example.com',
      'u4@example.com',
      'u5@example.com',
    ]);
  });

  it.each([
    { problem: 'a missing file', file: () => join(dir, 'missing.csv'), code: 2, message: /ENOENT/ },
    { problem: 'a directory', file: () => dir, code: 2, message: /directory/ },
    {
      problem: 'a misnamed header',
      file: () => csvFile('header.csv', 'mail,name\na@example.com,A\n'),
      code: 1,
      message: /header "email,name,roles,groups".*found "mail,name"/,
    },
    {
      problem: 'a bad --batch-size',
      file: () => csvFile('ok.csv', 'email,name\na@example.com,A\n'),
      args: ['--batch-size', '0'],
      code: 1,
      message: /batch size must be a whole number of 1 or more/,
    },
  ])('$problem exits $code and imports nothing', async ({ file, args = [], code, message }) => {
    const path = file();
    const [text, json] = await Promise.all([
      cli('users', 'import', path, ...args),
      cli('--json', 'users', 'import', path, ...args),
    ]);
    expect(text.code).toBe(code);
    expect(text.stdout).toBe('');
    expect(text.stderr).toMatch(/^Error: /);
    expect(text.stderr).toMatch(message);
    expect(json.code).toBe(code);
    expect(JSON.parse(json.stderr)).toEqual({ error: expect.stringMatching(message) });
    expect(await usersInDatabase()).toEqual([]);
  });

  // A pseudo-terminal through util-linux `script`, so stderr is a TTY as for an admin at a shell.
  it.skipIf(!hasScript)('shows live progress on a terminal, never with --json', async () => {
    const inherited = Object.fromEntries(
      Object.entries(process.env).filter(([name]) => !name.startsWith('AIRISK_')),
    );
    const file = csvFile(
      'tty.csv',
      ['email,name', 'a@example.com,A', 'b@example.com,B'].join('\n'),
    );
    const inTerminal = (...args: string[]) =>
      new Promise<{ code: number; output: string }>((resolve) => {
        const command = [process.execPath, '--import', 'tsx', 'src/cli/main.ts', ...args]
          .map((word) => `'${word}'`)
          .join(' ');
        execFile(
          'script',
          ['-qefc', command, '/dev/null'],
          { cwd: REPO_ROOT, env: { ...inherited, AIRISK_DATABASE_URL: db.url }, timeout: 15_000 },
          (error, stdout) => resolve({ code: error ? Number(error.code) : 0, output: stdout }),
        );
      });

    const shown = await inTerminal('users', 'import', file, '--batch-size', '1');
    expect(shown.code, shown.output).toBe(0);
    expect(shown.output).toContain('\rimported 1 rows (1 read)');
    expect(shown.output).toContain('\rimported 2 rows (2 read)');
    expect(shown.output).toMatch(/Imported 2 users\.\s*$/);

    await opened.store.transaction(async (tx) => {
      for (const user of await tx.users.list({ limit: 10, offset: 0 })) {
        await tx.users.remove(user.id);
      }
    });
    const json = await inTerminal('--json', 'users', 'import', file, '--batch-size', '1');
    expect(json.code, json.output).toBe(0);
    expect(json.output).not.toContain('imported 1 rows');
    expect(JSON.parse(json.output)).toMatchObject({ imported: 2, failed: [] });
  });
});
