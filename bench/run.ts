/**
 * `npm run bench`: ListUsers paging over 100,000 users, as ratios to a bare Fastify route.
 * SQLite always; PostgreSQL too when AIRISK_TEST_DATABASE_URL is set. Loopback only, bounded
 * in time, and every workload is checked for 2xx and the expected body. See bench/README.md.
 */
import { loadavg } from 'node:os';
import { measureInterleaved, warmUpServer, type Aimed, type Workload } from './load.ts';
import { startTarget, killTargets } from './target.ts';
import { postgresDatabase, sqliteDatabase, type BenchDatabase } from './bench-database.ts';
import { emailOf, USER_COUNT } from './seed.ts';
import { CEILING_BODY, CEILING_PATH, DATABASE_URL_VAR, SEARCH_PATH_VAR } from './protocol.ts';
import {
  buildReport,
  failedMeasurements,
  formatReport,
  saveReport,
  type StoreRun,
} from './report.ts';

// The guide's bound for the whole run on a 2-core machine; past it the run is killed, not trusted.
const WATCHDOG_MS = 4 * 60_000;
const PAGE = 20;

const range = (from: number, count: number) =>
  Array.from({ length: count }, (_, i) => emailOf(from + i));

const CEILING: Workload = {
  id: 'ceiling',
  title: 'bare Fastify route, small JSON',
  path: CEILING_PATH,
  expected: { json: CEILING_BODY },
};

const LIST = '/api/Users/ListUsers';
const SEARCH = 'user0500'; // matches user050000…user050099: 100 users, a full first page

const WORKLOADS: Workload[] = [
  {
    id: 'first-page',
    title: 'ListUsers first page',
    path: `${LIST}?results=${PAGE}`,
    expected: { emails: range(0, PAGE) },
  },
  {
    id: 'last-page-keyset',
    title: 'ListUsers last page by keyset (after=)',
    path: `${LIST}?results=${PAGE}&after=${encodeURIComponent(emailOf(USER_COUNT - PAGE - 1))}`,
    expected: { emails: range(USER_COUNT - PAGE, PAGE) },
  },
  {
    id: 'last-page-offset',
    title: 'ListUsers last page by offset (skip=)',
    path: `${LIST}?results=${PAGE}&skip=${USER_COUNT - PAGE}`,
    expected: { emails: range(USER_COUNT - PAGE, PAGE) },
  },
  {
    id: 'search',
    title: `ListUsers search="${SEARCH}" (substring, any case)`,
    path: `${LIST}?results=${PAGE}&search=${SEARCH}`,
    expected: { emails: range(50_000, PAGE) },
  },
];

function log(message: string): void {
  process.stderr.write(`[bench] ${message}\n`);
}

/**
 * The ceiling and the app run side by side (each child idle while the other is loaded), so
 * the ceiling is measured in the same conditions, interleaved with the app's workloads.
 */
async function runStore(database: BenchDatabase): Promise<StoreRun> {
  log(`${database.store}: starting the app and importing ${USER_COUNT.toLocaleString('en')} users`);
  const app = await startTarget('app', {
    [DATABASE_URL_VAR]: database.url,
    [SEARCH_PATH_VAR]: database.searchPath ?? '',
  });
  const ceiling = await startTarget('ceiling').catch(async (error: unknown) => {
    await app.close();
    throw error;
  });
  try {
    const seed = app.seed!;
    log(`${database.store}: imported in ${seed.seconds.toFixed(1)} s; loading`);
    const aims: Aimed[] = [
      { workload: CEILING, baseUrl: ceiling.baseUrl, token: undefined },
      ...WORKLOADS.map((workload) => ({ workload, baseUrl: app.baseUrl, token: app.token })),
    ];
    await warmUpServer(aims[1]!);
    const measurements = await measureInterleaved(aims);
    for (const m of measurements) {
      log(
        `${database.store}/${m.workload}: ${Math.round(m.requestsPerSecond)} req/s, ` +
          `p50 ${m.latencyMs.p50} ms, p99 ${m.latencyMs.p99} ms, ${m.non2xx} non-2xx`,
      );
    }
    return { store: database.store, seed, measurements };
  } finally {
    await Promise.all([app.close(), ceiling.close()]);
  }
}

let current: BenchDatabase | undefined;

/** Past the bound: kill the servers, try briefly to drop this run's database, and stop. */
function stopOverdueRun(): void {
  log(`still running after ${WATCHDOG_MS / 1000} s: stopping (the guide bounds the run)`);
  killTargets();
  const giveUp = new Promise((resolve) => setTimeout(resolve, 5000));
  void Promise.race([current?.drop(), giveUp])
    .catch(() => {})
    .finally(() => process.exit(2));
}

async function main(): Promise<void> {
  setTimeout(stopOverdueRun, WATCHDOG_MS).unref();

  const loadAtStart = loadavg()[0] ?? 0;
  const openers: (() => Promise<BenchDatabase>)[] = [sqliteDatabase];
  const postgresUrl = process.env.AIRISK_TEST_DATABASE_URL;
  if (postgresUrl) {
    openers.push(() => postgresDatabase(postgresUrl));
  }
  const stores: StoreRun[] = [];
  for (const open of openers) {
    const database = await open();
    current = database;
    try {
      stores.push(await runStore(database));
    } finally {
      current = undefined;
      await database.drop();
    }
  }

  const report = buildReport(stores, loadAtStart);
  process.stdout.write(`\n${formatReport(report)}\n\n`);
  log(`results written to ${await saveReport(report)}`);
  const failed = failedMeasurements(report);
  if (failed.length > 0) {
    log(
      `these measurements saw failures, so their numbers mean nothing:\n  ${failed.join('\n  ')}`,
    );
    process.exitCode = 1;
  }
}

main().catch((error: unknown) => {
  log(error instanceof Error ? (error.stack ?? error.message) : String(error));
  killTargets();
  process.exitCode = 1;
});
