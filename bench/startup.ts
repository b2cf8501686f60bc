/**
 * Start-up (issue #17): how long `node dist/main.js` — what `npm start` runs — takes from launch
 * to its first `GET /readyz` 200, on a database that already exists: migrated by a first launch,
 * then seeded with users and clients. Launched `runs` times; the target is the median ≤ 1 s.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { postgresDatabase, sqliteDatabase, type BenchDatabase } from './bench-database.ts';
import { seedAtScale } from './scale-seed.ts';
import type { TargetCheck } from './targets.ts';
import { freePort } from '../test/helpers/listening-app.ts';

const REPO_ROOT = fileURLToPath(new URL('..', import.meta.url));
const SERVER_ENTRY = join(REPO_ROOT, 'dist', 'main.js');
export const STARTUP_TARGET_MS = 1000;
const DEFAULT_RUNS = 5;
const SEED = { users: 10_000, clients: 100 };
const POLL_MS = 5;
// Far above the target: only a server that never gets ready waits this long.
const READY_TIMEOUT_MS = 60_000;

export interface StartupOptions {
  /** A PostgreSQL URL (a private schema is made in it); default: a SQLite file in a temp folder. */
  database?: string | undefined;
  /** Timed launches (default 5). */
  runs?: number;
  log?: (message: string) => void;
}

export interface StartupReport {
  store: 'sqlite' | 'postgres';
  /** Launch → readyz 200 of each timed launch, in milliseconds, in launch order. */
  readyMs: number[];
  /**
   * The CPU time (user + system, all threads) each launch had used when it was ready: unlike
   * readyMs, hardly changed by other work on the machine. Empty where /proc is missing.
   */
  cpuMs: number[];
  markdown: string;
  checks: TargetCheck[];
  failed: boolean;
}

export async function measureStartup(options: StartupOptions = {}): Promise<StartupReport> {
  const log = options.log ?? (() => undefined);
  const runs = options.runs ?? DEFAULT_RUNS;
  await ensureBuilt(log);
  const database = options.database
    ? await postgresDatabase(options.database)
    : await sqliteDatabase();
  try {
    const env = serverEnv(database);
    log(`${database.store}: first launch (migrates), then seeding ${SEED.users} users`);
    await timedLaunch(env);
    await seedAtScale(database.url, database.searchPath, SEED);
    const readyMs: number[] = [];
    const cpuMs: number[] = [];
    for (let run = 1; run <= runs; run += 1) {
      const launch = await timedLaunch(env);
      readyMs.push(launch.readyMs);
      if (launch.cpuMs !== undefined) {
        cpuMs.push(launch.cpuMs);
      }
      const cpu = launch.cpuMs === undefined ? '' : ` (${launch.cpuMs.toFixed(0)} ms of CPU)`;
      log(
        `${database.store}: launch ${run}/${runs} ready in ${launch.readyMs.toFixed(0)} ms${cpu}`,
      );
    }
    return report(database.store, readyMs, cpuMs);
  } finally {
    await database.drop();
  }
}

/** dist/ built by `npm run build`, rebuilt when a file under src/ is newer than it. */
async function ensureBuilt(log: (message: string) => void): Promise<void> {
  const built = existsSync(SERVER_ENTRY) ? statSync(SERVER_ENTRY).mtimeMs : 0;
  if (built > newestFile(join(REPO_ROOT, 'src'))) {
    return;
  }
  log(
    built === 0 ? 'dist/ is missing: npm run build' : 'src/ changed since the build: npm run build',
  );
  const exit = await run('npm', ['run', '-s', 'build']);
  if (exit.code !== 0) {
    throw new Error(`npm run build failed (exit ${exit.code}):\n${exit.output}`);
  }
}

function newestFile(folder: string): number {
  let newest = 0;
  for (const entry of readdirSync(folder, { withFileTypes: true })) {
    const path = join(folder, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestFile(path) : statSync(path).mtimeMs);
  }
  return newest;
}

function serverEnv(database: BenchDatabase): NodeJS.ProcessEnv {
  const inherited = Object.fromEntries(
    Object.entries(process.env).filter(([name]) => !name.startsWith('AIRISK_')),
  );
  let url = database.url;
  if (database.searchPath !== undefined) {
    const separator = url.includes('?') ? '&' : '?';
    url += `${separator}options=${encodeURIComponent(`-c search_path=${database.searchPath}`)}`;
  }
  return {
    ...inherited,
    // What `npm start` sets (package.json).
    MALLOC_MMAP_THRESHOLD_: '131072',
    HOST: '127.0.0.1',
    AIRISK_DATABASE_URL: url,
    AIRISK_MASTER_KEY: randomBytes(32).toString('base64'),
    AIRISK_LOG_LEVEL: 'warn',
  };
}

/** Launches the built server, times launch → readyz 200, stops it (SIGTERM) and waits. */
async function timedLaunch(
  env: NodeJS.ProcessEnv,
): Promise<{ readyMs: number; cpuMs: number | undefined }> {
  const port = await freePort();
  const started = performance.now();
  const child = spawn(process.execPath, [SERVER_ENTRY], {
    cwd: REPO_ROOT,
    env: { ...env, PORT: String(port) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let hasExited = false;
  void exited.then(() => (hasExited = true));
  try {
    while (performance.now() - started < READY_TIMEOUT_MS && !hasExited) {
      if (await answersReady(port)) {
        const readyMs = performance.now() - started;
        return { readyMs, cpuMs: cpuTimeMs(child.pid) };
      }
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    }
    throw new Error(`node dist/main.js did not get ready:\n${output}`);
  } finally {
    if (!hasExited) {
      child.kill('SIGTERM');
    }
    await exited;
  }
}

async function answersReady(port: number): Promise<boolean> {
  try {
    const response = await fetch(`http://127.0.0.1:${port}/readyz`);
    await response.arrayBuffer();
    return response.status === 200;
  } catch {
    return false; // Not listening yet.
  }
}

/** utime + stime of a Linux process (fields 14 and 15 of /proc/PID/stat, in clock ticks). */
function cpuTimeMs(pid: number | undefined): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) may hold spaces: count from the ")" that ends it.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(fields[11]) + Number(fields[12]);
    return Number.isFinite(ticks) ? ticks * 10 : undefined; // USER_HZ is 100 on Linux.
  } catch {
    return undefined;
  }
}

function report(store: 'sqlite' | 'postgres', readyMs: number[], cpuMs: number[]): StartupReport {
  const sorted = [...readyMs].sort((a, b) => a - b);
  const median = sorted[Math.floor((sorted.length - 1) / 2)] ?? Infinity;
  const ms = (value: number | undefined) => `${(value ?? NaN).toFixed(0)} ms`;
  const cpu = [...cpuMs].sort((a, b) => a - b);
  const cpuMedian = cpu.length === 0 ? 'n/a' : ms(cpu[Math.floor((cpu.length - 1) / 2)]);
  const checks: TargetCheck[] = [
    {
      name: `start-up to readyz 200, median of ${readyMs.length} (${store})`,
      measured: ms(median),
      wanted: `≤ ${STARTUP_TARGET_MS} ms`,
      met: median <= STARTUP_TARGET_MS,
    },
  ];
  const markdown = [
    `### Start-up: \`node dist/main.js\` to readyz 200 (${store}, existing database)`,
    '',
    '| launches | min | median | max | CPU used, median | target |',
    '| ---: | ---: | ---: | ---: | ---: | :--- |',
    `| ${readyMs.length} | ${ms(sorted[0])} | ${ms(median)} | ${ms(sorted.at(-1))} | ${cpuMedian} | median ≤ ${STARTUP_TARGET_MS} ms ${checks[0]?.met ? 'met' : 'NOT met'} |`,
    '',
  ].join('\n');
  return { store, readyMs, cpuMs, markdown, checks, failed: checks.some((check) => !check.met) };
}

function run(command: string, args: string[]): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
    child.once('error', reject);
    child.once('exit', (code) => resolve({ code, output }));
  });
}
