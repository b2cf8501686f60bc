/**
 * `npm run bench`: the authorization server's hot paths (authorize, code exchange, the full
 * flow, a bearer-checked ListUsers) on a 10-user and a 1,000,000-user database, next to a bare
 * Fastify route (the ceiling) and the peers (node-oidc-provider with JWT and with opaque access
 * tokens, @node-oauth/oauth2-server), all in the same run. SQLite always; PostgreSQL too when
 * AIRISK_TEST_DATABASE_URL is set. Loopback only, bounded in time, every response checked. Then
 * the extraction workload: /healthz while hostile documents are uploaded. `--cpu-prof` writes
 * the app servers' CPU profiles and sums them up; `--only ID,…` loads only those app workloads
 * (with the ceiling and the peers' matching ones), or only `extraction`. See bench/README.md.
 */
import { readdir } from 'node:fs/promises';
import { loadavg } from 'node:os';
import { summarizeProfile } from './profile-summary.ts';
import { fileURLToPath } from 'node:url';
import { measureInterleaved, type Aimed } from './measure.ts';
import { startTarget, killTargets, type Target } from './target.ts';
import {
  postgresDatabase,
  sqliteDatabase,
  type BenchDatabase,
  type StoreName,
} from './bench-database.ts';
import { appWorkloads, ceilingWorkload, isSelected, peerWorkloads } from './workloads.ts';
import { measureExtraction, type ExtractionRun } from './extraction.ts';
import { measureInsight } from './insight.ts';
import { measureChatGateway } from './chat-gateway.ts';
import { measureStartup } from './startup.ts';
import { INSIGHT_USERS } from './insight-seed.ts';
import type { InsightStoreRun } from './insight-report.ts';
import { LARGE, SMALL } from './targets.ts';
import { ALLOCATOR_ENV } from '../src/config/allocator-env.ts';
import {
  CLIENTS_VAR,
  DATABASE_URL_VAR,
  IMPORTED_VAR,
  INSIGHT_VAR,
  SEARCH_PATH_VAR,
  UPLOADS_VAR,
  USERS_VAR,
  type TargetKind,
} from './protocol.ts';
import {
  buildReport,
  failedMeasurements,
  formatReport,
  saveReport,
  storeRun,
  type StoreRun,
} from './report.ts';

// Issue #5's bound for its workloads on a 2-core machine (plus a minute for issue #17's three peers
// and their four workloads), and the extraction workload's own (it
// takes about a minute); past it the run is killed, not trusted.
const WATCHDOG_MS = 5 * 60_000;
const EXTRACTION_WATCHDOG_MS = 90_000;
const EXTRACTION = 'extraction';
// Per store: seeding a million events (~30 s on SQLite, ~60 s on PostgreSQL), 13 query shapes
// (each bounded to 5 + 20 s) and AskAgent (~50 s).
const INSIGHT_WATCHDOG_MS = 8 * 60_000;
const INSIGHT = 'insight';
// Per store: AskAgent turns (~1 min), first tokens, then two rounds of 1,000 streams (~2 min).
const CHAT_GATEWAY_WATCHDOG_MS = 6 * 60_000;
const CHAT_GATEWAY = 'chat-gateway';
// Per store: building dist/ when stale (~1 min), seeding, then five launches.
const STARTUP_WATCHDOG_MS = 3 * 60_000;
const STARTUP = 'startup';
/** Workloads with a measuring module of their own, run after the OAuth2 ones. */
const OWN_MODULES = [EXTRACTION, INSIGHT, CHAT_GATEWAY, STARTUP];
/** Issue #16's scale; `--insight-events N` runs a smaller record (the bench test's). */
const INSIGHT_EVENTS = 1_000_000;
/**
 * Some of the large dataset's users come through the CSV import, issue #3's import benchmark:
 * 100,000 on SQLite; 20,000 on PostgreSQL, where the import pays a round trip per row and
 * 100,000 would take most of the run's time bound.
 */
function datasets(store: StoreName) {
  return [
    { group: SMALL, users: 10, clients: 0, imported: 0 },
    {
      group: LARGE,
      users: 1_000_000,
      clients: 100_000,
      imported: store === 'sqlite' ? 100_000 : 20_000,
    },
  ];
}
type Dataset = ReturnType<typeof datasets>[number];
/** node-oidc-provider with opaque and with JWT access tokens, and oauth2-server (protocol.ts). */
const PEERS: TargetKind[] = ['peer', 'peer-jwt', 'peer2'];
const PROFILE_DIR = fileURLToPath(new URL('./results/profiles/', import.meta.url));

const started = performance.now();

function log(message: string): void {
  const seconds = ((performance.now() - started) / 1000).toFixed(0).padStart(3);
  process.stderr.write(`[bench ${seconds} s] ${message}\n`);
}

const databases = new Set<BenchDatabase>();
/** The app servers run, for their CPU profiles. */
const apps: { store: string; group: string; pid: number | undefined }[] = [];

/** `--name value` from the command line. */
function option(name: string): string | undefined {
  const at = process.argv.indexOf(name);
  return at < 0 ? undefined : process.argv[at + 1];
}
const only = option('--only')?.split(',');
const runsExtraction = !only || only.includes(EXTRACTION);
const runsInsight = !only || only.includes(INSIGHT);
const runsChatGateway = !only || only.includes(CHAT_GATEWAY);
const runsStartup = !only || only.includes(STARTUP);
const runsStores = !only || only.some((id) => !OWN_MODULES.includes(id));
const insightEvents = Number(option('--insight-events') ?? INSIGHT_EVENTS);

/** Starts an app child over a fresh database of its own, seeded with `users` and `clients`. */
async function startApp(
  open: () => Promise<BenchDatabase>,
  dataset: Omit<Dataset, 'group'>,
  nodeFlags: string[],
  env: Record<string, string> = {},
): Promise<Target> {
  const database = await open();
  databases.add(database);
  return startTarget(
    'app',
    {
      [DATABASE_URL_VAR]: database.url,
      [SEARCH_PATH_VAR]: database.searchPath ?? '',
      [USERS_VAR]: String(dataset.users),
      [CLIENTS_VAR]: String(dataset.clients),
      [IMPORTED_VAR]: String(dataset.imported),
      ...ALLOCATOR_ENV,
      ...env,
    },
    ['--expose-gc', ...nodeFlags],
  );
}

async function runStore(
  store: StoreName,
  open: () => Promise<BenchDatabase>,
  nodeFlags: string[],
): Promise<StoreRun> {
  const targets: Target[] = [];
  try {
    // Nothing is measured until all have started, so they start (and seed) side by side.
    log(`${store}: starting the ceiling, the peers and the app over each dataset`);
    const starting = [
      startTarget('ceiling'),
      ...PEERS.map((kind) => startTarget(kind)),
      ...datasets(store).map((dataset) => startApp(open, dataset, nodeFlags)),
    ];
    const started = await Promise.allSettled(starting);
    for (const outcome of started) {
      if (outcome.status === 'fulfilled') {
        targets.push(outcome.value);
      }
    }
    const failed = started.find((outcome) => outcome.status === 'rejected');
    if (failed) {
      throw failed.reason;
    }
    const [ceiling, ...others] = targets as [Target, ...Target[]];
    const startedApps = others.slice(PEERS.length);
    const aims: Aimed[] = [
      { workload: ceilingWorkload(ceiling), group: 'ceiling' },
      ...peerWorkloads(others.slice(0, PEERS.length))
        .filter((workload) => isSelected(only, workload.id))
        .map((workload) => ({ workload, group: 'peer' })),
    ];
    const seeds: StoreRun['seeds'] = [];
    for (const [index, dataset] of datasets(store).entries()) {
      const app = startedApps[index]!;
      apps.push({ store, group: dataset.group, pid: app.pid });
      seeds.push({ group: dataset.group, seed: app.seed! });
      aims.push(
        ...appWorkloads(app, dataset.users, datasets(store)[0]!.users)
          .filter((workload) => isSelected(only, workload.id))
          .map((workload) => ({ workload, group: dataset.group })),
      );
    }
    log(`${store}: all started; loading`);
    const measurements = await measureInterleaved(aims, (message) => log(`${store}: ${message}`));
    return storeRun(store, seeds, measurements);
  } finally {
    await Promise.all(targets.map((target) => target.close()));
    await dropDatabases();
  }
}

/** The extraction workload, on SQLite: the store plays no part in reading documents. */
async function runExtraction(nodeFlags: string[]): Promise<ExtractionRun> {
  const app = await startApp(sqliteDatabase, { users: 10, clients: 0, imported: 0 }, nodeFlags, {
    [UPLOADS_VAR]: '1',
  });
  try {
    apps.push({ store: 'sqlite', group: EXTRACTION, pid: app.pid });
    return await measureExtraction(app, (message) => log(`${EXTRACTION}: ${message}`));
  } finally {
    await app.close();
    await dropDatabases();
  }
}

/**
 * The insight workload on one store: the real app over INSIGHT_USERS users and a seeded
 * activity record.
 */
async function runInsight(
  store: StoreName,
  open: () => Promise<BenchDatabase>,
  nodeFlags: string[],
): Promise<InsightStoreRun> {
  log(`${INSIGHT}: ${store}: seeding ${insightEvents.toLocaleString('en')} activity events`);
  const app = await startApp(open, { users: INSIGHT_USERS, clients: 0, imported: 0 }, nodeFlags, {
    [INSIGHT_VAR]: String(insightEvents),
  });
  try {
    apps.push({ store, group: INSIGHT, pid: app.pid });
    const run = await measureInsight(app, (message) => log(`${INSIGHT}: ${store}: ${message}`));
    return { store, seed: app.insight!.seed, run };
  } finally {
    await app.close();
    await dropDatabases();
  }
}

/** Each app server's busy time by category, from the profile its process wrote on exit. */
async function profileSummaries(): Promise<string> {
  const files = await readdir(PROFILE_DIR);
  const sections: string[] = [];
  for (const { store, group, pid } of apps) {
    // CPU.<date>.<time>.<pid>.<thread>.<sequence>.cpuprofile; thread 0 is the main thread.
    const file = files.find((name) => name.includes(`.${pid}.0.`));
    if (file) {
      sections.push(
        `**CPU profile, ${store}, ${group}** (${file})`,
        '',
        '| where the time went | share |',
        '| --- | --- |',
        ...(await summarizeProfile(`${PROFILE_DIR}${file}`)),
        '',
      );
    }
  }
  return sections.join('\n');
}

async function dropDatabases(): Promise<void> {
  const dropping = [...databases];
  databases.clear();
  await Promise.all(dropping.map((database) => database.drop()));
}

/** Past the bound: kill the servers, try briefly to drop this run's databases, and stop. */
function stopOverdueRun(boundMs: number): void {
  log(`still running after ${boundMs / 1000} s: stopping (the issue bounds the run)`);
  killTargets();
  const giveUp = new Promise((resolve) => setTimeout(resolve, 5000));
  void Promise.race([dropDatabases(), giveUp])
    .catch(() => {})
    .finally(() => process.exit(2));
}

/** SQLite, then PostgreSQL when the run has its URL. */
function storeOpeners(
  postgresUrl: string | undefined,
): [StoreName, () => Promise<BenchDatabase>][] {
  return [
    ['sqlite', sqliteDatabase],
    ...(postgresUrl
      ? [
          ['postgres', () => postgresDatabase(postgresUrl)] as [
            StoreName,
            () => Promise<BenchDatabase>,
          ],
        ]
      : []),
  ];
}

async function main(): Promise<void> {
  const postgresUrl = process.env.AIRISK_TEST_DATABASE_URL;
  const bound =
    (runsStores ? WATCHDOG_MS : 0) +
    (runsExtraction ? EXTRACTION_WATCHDOG_MS : 0) +
    ((runsInsight ? INSIGHT_WATCHDOG_MS : 0) +
      (runsChatGateway ? CHAT_GATEWAY_WATCHDOG_MS : 0) +
      (runsStartup ? STARTUP_WATCHDOG_MS : 0)) *
      (postgresUrl ? 2 : 1);
  setTimeout(() => stopOverdueRun(bound), bound).unref();
  const nodeFlags = process.argv.includes('--cpu-prof')
    ? ['--cpu-prof', `--cpu-prof-dir=${PROFILE_DIR}`]
    : [];

  const loadAtStart = loadavg()[0] ?? 0;
  const stores: StoreRun[] = [];
  if (runsStores) {
    stores.push(await runStore('sqlite', sqliteDatabase, nodeFlags));
    if (postgresUrl) {
      stores.push(await runStore('postgres', () => postgresDatabase(postgresUrl), nodeFlags));
    }
  }
  const extraction = runsExtraction ? await runExtraction(nodeFlags) : undefined;
  const insight: InsightStoreRun[] = [];
  if (runsInsight) {
    for (const [store, open] of storeOpeners(postgresUrl)) {
      insight.push(await runInsight(store, open, nodeFlags));
    }
  }

  const sections: string[] = [];
  let ownModuleFailed = false;
  if (runsChatGateway) {
    for (const [store, open] of storeOpeners(postgresUrl)) {
      const gateway = await measureChatGateway({
        open,
        nodeFlags,
        log: (message) => log(`${CHAT_GATEWAY}: ${store}: ${message}`),
      });
      apps.push({ store, group: CHAT_GATEWAY, pid: gateway.pid });
      sections.push(gateway.markdown);
      ownModuleFailed ||= gateway.failed;
    }
  }
  if (runsStartup) {
    for (const database of [undefined, ...(postgresUrl ? [postgresUrl] : [])]) {
      const startup = await measureStartup({
        database,
        log: (message) => log(`${STARTUP}: ${message}`),
      });
      sections.push(startup.markdown);
    }
  }

  const report = buildReport(stores, loadAtStart, extraction, insight);
  process.stdout.write(`\n${formatReport(report)}\n\n`);
  if (sections.length > 0) {
    process.stdout.write(`${sections.join('\n\n')}\n\n`);
  }
  log(`results written to ${await saveReport(report)}`);
  if (nodeFlags.length > 0) {
    process.stdout.write(`${await profileSummaries()}\n`);
    log(`CPU profiles of the app servers in ${PROFILE_DIR}`);
  }
  const failed = failedMeasurements(report);
  if (ownModuleFailed) {
    failed.push(`${CHAT_GATEWAY}: unexpected responses (see its table)`);
  }
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
