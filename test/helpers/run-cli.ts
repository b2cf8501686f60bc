import { execFile } from 'node:child_process';
import { setTimeout as delay } from 'node:timers/promises';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import { afterEach, beforeEach } from 'vitest';
import { loadConfig } from '../../src/config/config.ts';
import { openAppDeps } from '../../src/deps.ts';
import { buildApp, type AppDeps } from '../../src/app.ts';
import { openStore } from '../../src/store/kysely-store.ts';
import { isolatedDatabase, isPostgres } from './test-store.ts';
import { TEST_ISSUER } from './test-app.ts';
import { runCli as runProgram } from '../../src/cli/program.ts';

const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** The environment a CLI run gets: the test process's, without its AIRISK_* variables, plus `env`. */
function cliEnv(env: Record<string, string>): Record<string, string | undefined> {
  const inherited = Object.fromEntries(
    Object.entries(process.env).filter(([name]) => !name.startsWith('AIRISK_')),
  );
  return { ...inherited, ...env };
}

let previousRun: Promise<unknown> = Promise.resolve();
const NOTIFY_SETTLE_MS = 200;

/**
 * Runs an admin CLI command line in this process (`runCli` of src/cli/program.ts, which
 * src/cli/main.ts runs over the process's own streams) and collects its exit status and output.
 * The environment is as runCliProcess gives it. Runs take turns: a separate process would wait
 * for a SQLite write lock another run holds, but here that wait would block the run holding it.
 */
export function runCli(args: string[], env: Record<string, string> = {}): Promise<CliResult> {
  const run = previousRun.then(async () => {
    let stdout = '';
    let stderr = '';
    const code = await runProgram(args, {
      env: cliEnv(env),
      stdout: { write: (text: string) => (stdout += text) },
      stderr: { write: (text: string) => (stderr += text) },
    });
    if (code === 0 && isPostgres) {
      // A PostgreSQL app learns of the change by NOTIFY, delivered after the commit; a separate
      // process took this long to exit, which the tests asserting "at once" relied on.
      await delay(NOTIFY_SETTLE_MS);
    }
    return { code, stdout, stderr };
  });
  previousRun = run.catch(() => undefined);
  return run;
}

/**
 * Runs the admin CLI as a real process (`node --import tsx src/cli/main.ts …`) from the repo
 * root. The AIRISK_* variables of the test process are not passed on; `env` adds its own.
 */
export function runCliProcess(
  args: string[],
  env: Record<string, string> = {},
): Promise<CliResult> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', 'src/cli/main.ts', ...args],
      { cwd: REPO_ROOT, env: cliEnv(env), timeout: 15_000 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

/** Parses the CLI's --json output, failing with the whole output when it is not JSON. */
export function parseJson<T = unknown>(result: CliResult): T {
  try {
    return JSON.parse(result.stdout) as T;
  } catch {
    throw new Error(
      `CLI printed no JSON (exit ${result.code}):\n${result.stdout}\n${result.stderr}`,
    );
  }
}

export interface CliDatabase {
  /** A database URL a separate process can open: a temp SQLite file or a private PG schema. */
  url: string;
  /** The master key of the app over it, which a CLI run needs too on PostgreSQL (base64). */
  masterKey: string;
  /**
   * The real app (as the server would run it) over the same database, `env` overriding its
   * settings (another master key); closed by drop().
   */
  openApp(env?: Record<string, string>): Promise<OpenedApp>;
  drop(): Promise<void>;
}

export interface OpenedApp extends AppDeps {
  app: FastifyInstance;
  close(): Promise<void>;
}

/**
 * A fresh database for CLI tests. On PostgreSQL the private schema travels in the URL itself
 * (`?options=-c search_path=<schema>`), which pg passes to the server at connect. Unless
 * `migrated: false`, the schema is created first, so commands other than `migrate` do not
 * depend on how the CLI migrates a brand-new database.
 */
export async function cliDatabase({ migrated = true } = {}): Promise<CliDatabase> {
  let url: string;
  let appUrl: string;
  let searchPath: string | undefined;
  let drop: () => Promise<void>;
  if (isPostgres) {
    const database = await isolatedDatabase();
    const separator = database.url.includes('?') ? '&' : '?';
    const options = encodeURIComponent(`-c search_path=${database.searchPath}`);
    url = `${database.url}${separator}options=${options}`;
    appUrl = database.url;
    searchPath = database.searchPath;
    drop = () => database.drop();
  } else {
    const dir = mkdtempSync(join(tmpdir(), 'airisk-cli-'));
    url = appUrl = `sqlite:${join(dir, 'airisk.db')}`;
    drop = async () => rmSync(dir, { recursive: true, force: true });
  }
  if (migrated) {
    await (await openStore(appUrl, { searchPath })).close();
  }
  const masterKey = randomBytes(32).toString('base64');
  const opened: OpenedApp[] = [];
  return {
    url,
    masterKey,
    async openApp(env = {}) {
      const config = loadConfig({
        AIRISK_DATABASE_URL: appUrl,
        AIRISK_MASTER_KEY: masterKey,
        AIRISK_ISSUER: TEST_ISSUER,
        ...env,
      });
      const deps = await openAppDeps(config, { database: { searchPath } });
      const app = await buildApp(deps);
      const handle: OpenedApp = {
        ...deps,
        app,
        async close() {
          await app.close();
          await deps.store.close();
        },
      };
      opened.push(handle);
      return handle;
    },
    async drop() {
      await Promise.all(opened.splice(0).map((handle) => handle.close()));
      await drop();
    },
  };
}

/** A fresh database with the real app open on it, for each test of the calling describe block. */
export function eachCliDatabase(): { readonly db: CliDatabase; readonly opened: OpenedApp } {
  const world = {} as { db: CliDatabase; opened: OpenedApp };
  beforeEach(async () => {
    world.db = await cliDatabase();
    world.opened = await world.db.openApp();
  });
  afterEach(() => world.db.drop());
  return world;
}
