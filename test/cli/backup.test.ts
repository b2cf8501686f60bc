import { randomBytes } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.ts';
import { createClient } from '../../src/clients/clients.ts';
import { loadConfig } from '../../src/config/config.ts';
import { openAppDeps } from '../../src/deps.ts';
import { backupDatabase } from '../../src/store/backup.ts';
import { openDatabase } from '../../src/store/database.ts';
import { MIGRATIONS } from '../../src/store/migrations/migrate.ts';
import { createUser } from '../../src/users/users.ts';
import { multipart } from '../helpers/chat.ts';
import { migrateTo } from '../helpers/migrate-to.ts';
import { getToken } from '../helpers/oauth-flow.ts';
import {
  cliDatabase,
  parseJson,
  runCli,
  type CliDatabase,
  type OpenedApp,
} from '../helpers/run-cli.ts';
import { REDIRECT_URI, TEST_ISSUER } from '../helpers/test-app.ts';
import { isPostgres, testStoreUrl, withPostgres } from '../helpers/test-store.ts';

// `airisk backup FILE` of a live database and `airisk restore FILE` into an empty one, on the
// store the suite runs on: a temp SQLite file, or a private PostgreSQL schema restored into a
// scratch database. The restored database must answer the API exactly as the original did.

const AGENT_KEY = `sk-agent-${randomBytes(12).toString('hex')}`;
const USER_KEY = `sk-user-${randomBytes(12).toString('hex')}`;

/** An empty database to restore into, as the CLI names it and as an app opens it. */
interface Target {
  url: string;
  appUrl: string;
  searchPath: string | undefined;
  /** The SQLite file; undefined on PostgreSQL. */
  file: string | undefined;
  drop(): Promise<void>;
}

/** The PostgreSQL schema a CLI URL names (`?options=-c search_path=…`). */
const schemaOf = (url: string) =>
  /search_path=(\S+)/.exec(new URL(url).searchParams.get('options') ?? '')?.[1];

/**
 * SQLite: a file in a folder of its own, not there yet. PostgreSQL: a scratch database holding
 * an empty schema named as the source's (pg_restore restores a schema under its own name).
 */
async function emptyTarget(schema: string | undefined): Promise<Target> {
  if (!isPostgres) {
    const folder = mkdtempSync(join(tmpdir(), 'airisk-restore-'));
    const file = join(folder, 'data', 'airisk.db');
    return {
      url: `sqlite:${file}`,
      appUrl: `sqlite:${file}`,
      searchPath: undefined,
      file,
      drop: async () => rmSync(folder, { recursive: true, force: true }),
    };
  }
  const name = `airisk_restore_${randomBytes(6).toString('hex')}`;
  await withPostgres(testStoreUrl, (client) => client.query(`create database ${name}`));
  const appUrl = new URL(testStoreUrl);
  appUrl.pathname = `/${name}`;
  await withPostgres(appUrl.toString(), (client) => client.query(`create schema "${schema}"`));
  const url = new URL(appUrl);
  url.searchParams.set('options', `-c search_path=${schema}`);
  return {
    url: url.toString(),
    appUrl: appUrl.toString(),
    searchPath: schema,
    file: undefined,
    drop: async () => {
      await withPostgres(testStoreUrl, (client) =>
        client.query(`drop database if exists ${name} with (force)`),
      );
    },
  };
}

/** The real app over a restored database, as the server would start on it with `masterKey`. */
async function openAppOver(target: Target, masterKey: string | undefined): Promise<OpenedApp> {
  const config = loadConfig({
    AIRISK_DATABASE_URL: target.appUrl,
    AIRISK_ISSUER: TEST_ISSUER,
    ...(masterKey === undefined ? {} : { AIRISK_MASTER_KEY: masterKey }),
  });
  const deps = await openAppDeps(config, { database: { searchPath: target.searchPath } });
  const app = await buildApp(deps);
  return {
    ...deps,
    app,
    async close() {
      await app.close();
      await deps.store.close();
    },
  };
}

interface World {
  adminId: string;
  token: string;
  conversationId: string;
}

function call(
  opened: OpenedApp,
  token: string,
  method: 'GET' | 'POST',
  url: string,
  body?: object,
) {
  return opened.app.inject({
    method,
    url,
    headers: { authorization: `Bearer ${token}`, accept: 'application/json' },
    ...(body === undefined ? {} : { payload: body as Record<string, unknown> }),
  });
}

async function send(opened: OpenedApp, token: string, url: string, body: object) {
  const response = await call(opened, token, 'POST', url, body);
  expect(response.statusCode, `${url}: ${response.body}`).toBeLessThan(300);
  return response.body === '' ? {} : response.json<Record<string, string>>();
}

/**
 * An administrator with a token, a group, an agent with a sealed API key, a demo agent with a
 * conversation, and the administrator's own sealed provider key: all made through the API.
 */
async function aWorld(opened: OpenedApp): Promise<World> {
  const admin = await createUser(opened, {
    email: 'ada@example.com',
    name: 'Ada Lovelace',
    roles: ['CompanyAdmin'],
  });
  const client = await createClient(opened, { name: 'Backup test', redirectUris: [REDIRECT_URI] });
  const token = await getToken(opened, client, { userid: admin.id });
  const group = await send(opened, token, '/api/Groups/CreateGroup', { name: 'Finance' });
  await send(opened, token, '/api/Users/AddUserToGroup', { userId: admin.id, groupId: group.id });
  await send(opened, token, '/api/Agents/CreateAgent', {
    name: 'Keyed',
    engine: 'openai',
    model: 'gpt-4o-mini',
    apiKey: AGENT_KEY,
  });
  const demo = await send(opened, token, '/api/Agents/CreateAgent', {
    name: 'Demo',
    engine: 'demo',
    model: 'demo',
  });
  await send(opened, token, '/api/Agents/AssignAgent', { agentid: demo.id, userid: admin.id });
  const asked = await send(opened, token, '/api/Chat/AskAgent', {
    agentid: demo.id,
    question: 'What makes a backup consistent?',
  });
  await send(opened, token, '/api/Users/SetUserToken', {
    userId: admin.id,
    provider: 'openai',
    token: USER_KEY,
  });
  return { adminId: admin.id, token, conversationId: asked.conversationId ?? '' };
}

/** What the API answers to reading everything the world holds. */
async function apiView(opened: OpenedApp, { adminId, token, conversationId }: World) {
  const paths = [
    '/api/Users/ListUsers?results=1000',
    `/api/Users/GetUser/${adminId}`,
    `/api/Users/ListUserTokens/${adminId}`,
    '/api/Groups/ListGroups?results=1000',
    '/api/Agents/ListAllAgents',
    '/api/Chat/ListAgents',
    '/api/Chat/GetConversations',
    `/api/Chat/GetConversation/${conversationId}`,
    '/api/Clients/ListClients',
    '/.well-known/jwks.json',
  ];
  const view: Record<string, unknown> = {};
  for (const path of paths) {
    const response = await call(opened, token, 'GET', path);
    view[path] = { status: response.statusCode, body: response.json<unknown>() };
  }
  return view;
}

/** Every page of a list endpoint (`path` has a query already). */
async function listAll<T>(opened: OpenedApp, token: string, path: string): Promise<T[]> {
  const all: T[] = [];
  for (;;) {
    const page = (await call(opened, token, 'GET', `${path}&results=1000&skip=${all.length}`)).json<
      T[]
    >();
    all.push(...page);
    if (page.length < 1000) {
      return all;
    }
  }
}

describe('airisk backup and restore', () => {
  let db: CliDatabase;
  let source: OpenedApp;
  let folder: string;
  let file: string;
  const targets: Target[] = [];
  const restoredApps: OpenedApp[] = [];

  beforeEach(async () => {
    db = await cliDatabase();
    source = await db.openApp();
    folder = mkdtempSync(join(tmpdir(), 'airisk-backup-'));
    file = join(folder, 'airisk.backup');
  });
  afterEach(async () => {
    await Promise.all(restoredApps.splice(0).map((opened) => opened.close()));
    await Promise.all(targets.splice(0).map((target) => target.drop()));
    await db.drop();
    rmSync(folder, { recursive: true, force: true });
  }, 60_000);

  const cli = (args: string[], env: Record<string, string> = {}) =>
    runCli(args, { AIRISK_DATABASE_URL: db.url, AIRISK_MASTER_KEY: db.masterKey, ...env });
  const newTarget = async (schema = schemaOf(db.url)) => {
    const target = await emptyTarget(schema);
    targets.push(target);
    return target;
  };
  const restoreInto = (target: Target, env: Record<string, string> = {}, from = file) =>
    cli(['--json', '--database', target.url, 'restore', from], env);
  const openRestored = async (target: Target, masterKey = db.masterKey) => {
    const opened = await openAppOver(target, masterKey);
    restoredApps.push(opened);
    return opened;
  };
  /** The tables of a restore target: none after a refused restore. */
  const tablesOf = async (target: Target): Promise<string[]> => {
    if (target.file !== undefined) {
      if (!existsSync(target.file)) {
        return [];
      }
      const sqlite = new BetterSqlite3(target.file, { readonly: true });
      try {
        return sqlite
          .prepare("select name from sqlite_master where type = 'table'")
          .pluck()
          .all() as string[];
      } finally {
        sqlite.close();
      }
    }
    return withPostgres(target.appUrl, async (client) => {
      const { rows } = await client.query<{ tablename: string }>(
        'select tablename from pg_tables where schemaname = $1',
        [target.searchPath],
      );
      return rows.map((row) => row.tablename);
    });
  };

  it('restores into an empty database that answers the API exactly as the original did', async () => {
    const world = await aWorld(source);
    const before = await apiView(source, world);

    // Its own connection beside the app's, as the airisk process beside the server.
    const backup = await cli(['--json', 'backup', file]);
    expect(backup.code, backup.stderr).toBe(0);
    expect(parseJson(backup)).toEqual({
      file,
      bytes: statSync(file).size,
      database: isPostgres ? 'postgres' : 'sqlite',
      schema: isPostgres ? schemaOf(db.url) : null,
      master_key: { included: false, source: 'AIRISK_MASTER_KEY' },
    });
    // Nothing but the backup itself is left beside it (no temporary file), for its owner only.
    expect(readdir(folder)).toEqual(['airisk.backup']);
    expect(statSync(file).mode & 0o777).toBe(0o600);

    const target = await newTarget();
    const restored = await restoreInto(target);
    expect(restored.code, restored.stderr).toBe(0);
    expect(parseJson(restored)).toEqual({
      file,
      database: isPostgres ? 'postgres' : 'sqlite',
      target: target.file ?? target.searchPath,
      migrations_applied: [],
      master_key: { status: 'opens', source: 'AIRISK_MASTER_KEY' },
    });

    const copy = await openRestored(target);
    expect(await apiView(copy, world)).toEqual(before);
    // It is a working database, not a frozen picture: the same token writes to it.
    await send(copy, world.token, '/api/Groups/CreateGroup', { name: 'After the restore' });
  });

  it('a backup taken while the server writes is consistent: every write whole, or not there', async () => {
    const world = await aWorld(source);
    // A few hundred pages beyond the first step of the copy: writes land between its steps.
    const { body, contentType } = multipart([
      { name: 'ledger.txt', content: 'ledger entry '.repeat(115_000), type: 'text/plain' },
    ]);
    const uploaded = await source.app.inject({
      method: 'POST',
      url: `/api/Chat/AddFileToConversation/${world.conversationId}`,
      headers: { authorization: `Bearer ${world.token}`, 'content-type': contentType },
      payload: body,
    });
    expect(uploaded.statusCode, uploaded.body).toBe(201);
    // Each import is one transaction: a group and its five new members, or nothing.
    let started = 0;
    let done = 0;
    let stopped = false;
    const importBatches = async () => {
      while (!stopped) {
        const batch = (started += 1);
        const rows = [1, 2, 3, 4, 5].map(
          (n) => `load${batch}-${n}@example.com,Load ${n},User,load-${batch}`,
        );
        const response = await source.app.inject({
          method: 'POST',
          url: '/api/Users/ImportUsers',
          headers: {
            authorization: `Bearer ${world.token}`,
            accept: 'application/json',
            'content-type': 'text/csv',
          },
          payload: ['email,name,roles,groups', ...rows].join('\n') + '\n',
        });
        expect(response.statusCode, response.body).toBe(200);
        done += 1;
      }
    };
    const writers = [importBatches(), importBatches()];
    while (done < 4) {
      await new Promise((resolve) => setTimeout(resolve, 10));
    }

    const doneBefore = done;
    const backup = await cli(['--json', 'backup', file]);
    const doneDuring = done - doneBefore;
    stopped = true;
    await Promise.all(writers);
    expect(backup.code, backup.stderr).toBe(0);
    expect(doneDuring).toBeGreaterThan(0);
    if (!isPostgres) {
      const copy = new BetterSqlite3(file, { readonly: true });
      try {
        expect(copy.pragma('integrity_check', { simple: true })).toBe('ok');
        // One self-contained file: no -wal beside it holds part of the data.
        expect(copy.pragma('journal_mode', { simple: true })).toBe('delete');
      } finally {
        copy.close();
      }
    }

    const target = await newTarget();
    const restored = await restoreInto(target);
    expect(restored.code, restored.stderr).toBe(0);
    const copy = await openRestored(target);
    const groups = await listAll<{ memberCount: number }>(
      copy,
      world.token,
      '/api/Groups/ListGroups?search=load-',
    );
    expect(groups.length).toBeGreaterThanOrEqual(doneBefore);
    expect(groups.length).toBeLessThanOrEqual(started);
    expect(groups.filter((group) => group.memberCount !== 5)).toEqual([]);
    const users = await listAll(copy, world.token, '/api/Users/ListUsers?search=load');
    expect(users.length).toBe(groups.length * 5);
    const conversation = (
      await call(copy, world.token, 'GET', `/api/Chat/GetConversation/${world.conversationId}`)
    ).json<{ files: unknown[] }>();
    expect(conversation.files).toHaveLength(1);
  }, 60_000);

  it('backup refuses to overwrite FILE unless --force, and reminds of the master key', async () => {
    writeFileSync(file, 'precious');

    const refused = await cli(['backup', file]);
    expect(refused.code).toBe(1);
    expect(refused.stderr.trim()).toBe(
      `Error: ${file} exists: choose another file, or add --force to replace it`,
    );
    expect(readFileSync(file, 'utf8')).toBe('precious');

    const forced = await cli(['backup', '--force', file]);
    expect(forced.code, forced.stderr).toBe(0);
    expect(readFileSync(file).subarray(0, 5).toString()).toBe(isPostgres ? 'PGDMP' : 'SQLit');
    expect(forced.stdout).toContain(
      'The backup does not hold the master key: keep AIRISK_MASTER_KEY with it.',
    );
    expect(forced.stderr).toMatch(
      isPostgres ? /^Dumping with pg_dump…\n/ : /^Copying \d+ pages…\n/,
    );
    expect(forced.stderr).toContain('Checking the copy…\n');
  });

  it('restore refuses a database that holds data, and leaves it as it was', async () => {
    await aWorld(source);
    expect((await cli(['backup', file])).code).toBe(0);
    const users = await source.store.users.list({ limit: 100, offset: 0 });

    const refused = await cli(['restore', file]);

    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(
      /already holds data; restore only into an empty database: .*point --database at a new/,
    );
    expect(await source.store.users.list({ limit: 100, offset: 0 })).toEqual(users);
  });

  it('restore refuses a file that is no AIRisk backup, or a damaged one, writing nothing', async () => {
    const target = await newTarget();
    const junk = join(folder, 'junk');
    writeFileSync(junk, randomBytes(8192));

    const notBackup = await restoreInto(target, {}, junk);
    expect(notBackup.code).toBe(1);
    expect(JSON.parse(notBackup.stderr)).toHaveProperty(
      'error',
      expect.stringMatching(new RegExp(`^${junk} is not an AIRisk backup: `)),
    );

    await aWorld(source);
    expect((await cli(['backup', file])).code).toBe(0);
    const damaged = readFileSync(file);
    // Past the header (and, on PostgreSQL, the table of contents): the data itself.
    damaged.fill(0x5a, Math.floor(damaged.length / 2), Math.floor(damaged.length / 2) + 8192);
    writeFileSync(file, damaged);
    const refused = await restoreInto(target);
    expect(refused.code).not.toBe(0);
    if (!isPostgres) {
      expect(refused.code).toBe(1);
      expect(refused.stderr).toMatch(/is damaged|is not an intact SQLite database/);
    }
    expect(await tablesOf(target)).toEqual([]);
  });

  it('restore refuses a backup of a newer version before writing anything', async () => {
    const opened = openDatabase(db.url);
    try {
      await sql`insert into kysely_migration (name, timestamp) values ('9999-from-the-future', '2030-01-01T00:00:00.000Z')`.execute(
        opened.db,
      );
    } finally {
      await opened.close();
    }
    expect((await cli(['backup', file])).code).toBe(0);
    const target = await newTarget();

    const refused = await cli(['--database', target.url, 'restore', file]);

    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(
      `Error: Cannot restore ${file}: This database was migrated by a newer AIRisk server (migration "9999-from-the-future" is unknown`,
    );
    expect(await tablesOf(target)).toEqual([]);
    if (target.file !== undefined) {
      expect(readdir(dirname(target.file))).toEqual([]);
    }
  });

  it('restore brings a backup of an older version up to date', async () => {
    const older = await cliDatabase({ migrated: false });
    try {
      const opened = openDatabase(older.url);
      try {
        await migrateTo(opened, '0010-usage');
      } finally {
        await opened.close();
      }
      const backup = await runCli(['backup', file], { AIRISK_DATABASE_URL: older.url });
      expect(backup.code, backup.stderr).toBe(0);
    } finally {
      await older.drop();
    }
    const target = await newTarget(schemaOf(older.url));
    const restored = await restoreInto(target);
    expect(restored.code, restored.stderr).toBe(0);
    const names = Object.keys(MIGRATIONS);
    expect(parseJson<{ migrations_applied: string[] }>(restored).migrations_applied).toEqual(
      names.slice(names.indexOf('0010-usage') + 1),
    );
  });

  it('restore with another master key says so, and so does the server, in words', async () => {
    const world = await aWorld(source);
    expect((await cli(['backup', file])).code).toBe(0);
    const target = await newTarget();
    const otherKey = randomBytes(32).toString('base64');

    const restored = await restoreInto(target, { AIRISK_MASTER_KEY: otherKey });

    expect(restored.code).toBe(1);
    const wrongKey =
      'The master key from AIRISK_MASTER_KEY is not the key this database was created with';
    expect(parseJson<{ master_key: unknown }>(restored).master_key).toEqual({
      status: 'wrong',
      source: 'AIRISK_MASTER_KEY',
      message: expect.stringContaining(wrongKey),
    });
    expect(restored.stderr).toContain(wrongKey);
    const starting = openAppOver(target, otherKey);
    await expect(starting).rejects.toThrow(wrongKey);
    await expect(starting).rejects.not.toThrow(/unable to authenticate|Unsupported state/);
    // The data is there all the same: the right key opens it.
    const copy = await openRestored(target);
    expect(
      (await call(copy, world.token, 'GET', `/api/Users/GetUser/${world.adminId}`)).statusCode,
    ).toBe(200);
  });

  it('the backup holds no secret in clear: sealed keys stay sealed, the master key is absent', async () => {
    await aWorld(source);
    expect((await cli(['backup', file])).code).toBe(0);
    // pg_dump compresses its data: read it as the SQL pg_restore would run.
    const contents = isPostgres
      ? execFileSync('pg_restore', ['--file=-', file], { encoding: 'latin1', maxBuffer: 1 << 28 })
      : readFileSync(file).toString('latin1');
    // The search sees the data (the email is there in clear)…
    expect(contents).toContain('ada@example.com');
    expect(contents).toContain('gpt-4o-mini');
    // …but neither provider key, nor the master key in any spelling.
    const master = Buffer.from(db.masterKey, 'base64');
    for (const secret of [
      AGENT_KEY,
      USER_KEY,
      db.masterKey,
      master.toString('base64url'),
      master.toString('hex'),
      master.toString('latin1'),
    ]) {
      expect(contents.includes(secret), `the backup holds ${secret.slice(0, 12)}…`).toBe(false);
    }
  });

  describe.runIf(!isPostgres)('on SQLite', () => {
    it('a copy that every write restarts still finishes, in one step, with every write', async () => {
      const live = join(folder, 'live.db');
      const writer = new BetterSqlite3(live);
      try {
        writer.pragma('journal_mode = WAL');
        writer.exec('create table kysely_migration (name text primary key, timestamp text)');
        writer.exec('create table ledger (id integer primary key, entry text)');
        const insert = writer.prepare('insert into ledger (entry) values (?)');
        writer.transaction(() => {
          for (let i = 0; i < 2000; i += 1) {
            insert.run('x'.repeat(1000));
          }
        })();
        // Another connection writes between every two steps of the copy, as a busy server does.
        const steps: number[] = [];
        await backupDatabase(`sqlite:${live}`, file, {
          env: {},
          onProgress: (progress) => {
            if (progress.stage === 'copying') {
              steps.push(progress.copiedPages);
              insert.run('written during the copy');
            }
          },
        });
        expect(steps.length).toBeLessThan(10);
        const copy = new BetterSqlite3(file, { readonly: true });
        try {
          expect(copy.prepare('select count(*) from ledger').pluck().get()).toBe(
            2000 + steps.length,
          );
        } finally {
          copy.close();
        }
      } finally {
        writer.close();
      }
    });

    it('restore without the key file makes no new key, and says where the key goes', async () => {
      await aWorld(source);
      expect((await cli(['backup', file])).code).toBe(0);
      const target = await newTarget();
      const keyFile = join(dirname(target.file!), 'master.key');

      const restored = await runCli(['--json', '--database', target.url, 'restore', file]);

      expect(restored.code, restored.stderr).toBe(0);
      expect(parseJson<{ master_key: unknown }>(restored).master_key).toEqual({
        status: 'missing',
        source: keyFile,
        message: expect.stringMatching(
          new RegExp(
            `^${keyFile} is missing, but .* put that key file back \\(from your backup\\)`,
          ),
        ),
      });
      expect(existsSync(keyFile)).toBe(false);
      // The key put back beside the database opens it.
      writeFileSync(keyFile, `${db.masterKey}\n`, { mode: 0o600 });
      await openRestored(target, undefined);
    });

    it('refuses an in-memory database either way, and a PostgreSQL backup', async () => {
      const [backup, restore] = await Promise.all([
        cli(['--database', 'sqlite::memory:', 'backup', file]),
        cli(['--database', 'sqlite::memory:', 'restore', file]),
      ]);
      expect(backup.code).toBe(1);
      expect(backup.stderr).toMatch(/^Error: Nothing to back up: an in-memory database/);
      expect(restore.code).toBe(1);
      expect(restore.stderr).toMatch(/^Error: Nowhere to restore to: an in-memory database/);
      expect(existsSync(file)).toBe(false);

      writeFileSync(file, Buffer.concat([Buffer.from('PGDMP'), randomBytes(100)]));
      const target = await newTarget();
      const wrongKind = await cli(['--database', target.url, 'restore', file]);
      expect(wrongKind.code).toBe(1);
      expect(wrongKind.stderr.trim()).toBe(
        `Error: ${file} is a backup of a PostgreSQL database (pg_dump): restore it with --database postgres://…`,
      );
    });
  });

  describe.runIf(isPostgres)('on PostgreSQL', () => {
    it('restore refuses another schema name than the backup has: pg_restore cannot rename one', async () => {
      await aWorld(source);
      expect((await cli(['backup', file])).code).toBe(0);
      const target = await newTarget();

      const refused = await cli(['--database', target.appUrl, 'restore', file]);

      expect(refused.code).toBe(1);
      expect(refused.stderr).toContain(
        `holds the schema "${schemaOf(db.url)}", but --database uses the schema "public": pg_restore cannot rename a schema`,
      );
      expect(await tablesOf({ ...target, searchPath: 'public' })).toEqual([]);
    });

    it('says to install the client tools when pg_dump is missing', async () => {
      const missing = await cli(['backup', file], { PATH: folder });
      expect(missing.code).toBe(1);
      expect(missing.stderr.trim().split('\n').at(-1)).toBe(
        "Error: pg_dump was not found: install the PostgreSQL client tools (postgresql-client on Debian and Ubuntu) of the server's major version or newer, and put them on PATH",
      );
      expect(existsSync(file)).toBe(false);
    });

    it('gives pg_dump the password as PGPASSWORD, not on its command line, and no master key', async () => {
      // A pg_dump that notes what it was given, then runs the real one (the server trusts
      // local connections, so any password is accepted).
      const tools = join(folder, 'tools');
      const realPgDump = execFileSync('sh', ['-c', 'command -v pg_dump'], { encoding: 'utf8' });
      mkdirSync(tools);
      writeFileSync(
        join(tools, 'pg_dump'),
        [
          '#!/bin/sh',
          `printf '%s\\n' "$@" > '${tools}/args'`,
          `printf '%s' "$PGPASSWORD" > '${tools}/password'`,
          `env | grep -c '^AIRISK_' > '${tools}/airisk-variables'`,
          `exec '${realPgDump.trim()}' "$@"`,
        ].join('\n'),
      );
      chmodSync(join(tools, 'pg_dump'), 0o755);
      const withPassword = new URL(db.url);
      withPassword.password = 'p@ss word-42';

      const backup = await cli(['--database', withPassword.toString(), 'backup', file], {
        PATH: `${tools}:${process.env.PATH ?? ''}`,
      });

      expect(backup.code, backup.stderr).toBe(0);
      expect(readFileSync(join(tools, 'password'), 'utf8')).toBe('p@ss word-42');
      const args = readFileSync(join(tools, 'args'), 'utf8');
      expect(args).toContain('--dbname=postgres://postgres@');
      expect(args).not.toMatch(/p%40ss|p@ss/);
      expect(readFileSync(join(tools, 'airisk-variables'), 'utf8').trim()).toBe('0');
      expect(backup.stdout + backup.stderr).not.toMatch(/p%40ss|p@ss/);
    });
  });
});

function readdir(path: string): string[] {
  return existsSync(path) ? readdirSync(path).sort() : [];
}
