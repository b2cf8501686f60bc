/**
 * The chat gateway workload on its own: `npx tsx bench/chat-gateway-run.ts` (SQLite), or with
 * AIRISK_TEST_DATABASE_URL set, SQLite then PostgreSQL. `--cpu-prof` writes the app child's CPU
 * profile to bench/results/profiles/ and sums it up. Exit code 1 on an unexpected answer, 2
 * past the time bound. `npm run bench` runs the same module (bench/README.md, "Chat gateway").
 */
import { fileURLToPath } from 'node:url';
import { readdir } from 'node:fs/promises';
import { postgresDatabase, sqliteDatabase, type BenchDatabase } from './bench-database.ts';
import { measureChatGateway } from './chat-gateway.ts';
import { summarizeProfile } from './profile-summary.ts';
import { killTargets } from './target.ts';

// About 3 minutes on an idle 2-vCPU machine; twice that on a loaded one.
const WATCHDOG_MS = 6 * 60_000;
const PROFILE_DIR = fileURLToPath(new URL('./results/profiles/', import.meta.url));
const started = performance.now();

function log(message: string): void {
  const seconds = ((performance.now() - started) / 1000).toFixed(0).padStart(3);
  process.stderr.write(`[chat gateway ${seconds} s] ${message}\n`);
}

async function main(): Promise<void> {
  const postgresUrl = process.env.AIRISK_TEST_DATABASE_URL;
  const stores: [string, () => Promise<BenchDatabase>][] = [['sqlite', sqliteDatabase]];
  if (postgresUrl) {
    stores.push(['postgres', () => postgresDatabase(postgresUrl)]);
  }
  setTimeout(() => {
    log(`still running after ${(WATCHDOG_MS * stores.length) / 1000} s: stopping`);
    killTargets();
    process.exit(2);
  }, WATCHDOG_MS * stores.length).unref();
  const profiling = process.argv.includes('--cpu-prof');
  const nodeFlags = profiling ? ['--cpu-prof', `--cpu-prof-dir=${PROFILE_DIR}`] : [];
  // `--streams 200` and the like: a smaller run while working on it.
  const settings = Object.fromEntries(
    ['turns', 'streams', 'streamPauseMs', 'firstTokenTurns'].flatMap((name) => {
      const at = process.argv.indexOf(`--${name}`);
      return at < 0 ? [] : [[name, Number(process.argv[at + 1])]];
    }),
  );
  for (const [store, open] of stores) {
    const result = await measureChatGateway({
      open,
      nodeFlags,
      settings,
      log: (message) => log(`${store}: ${message}`),
    });
    process.stdout.write(`\n${result.markdown}\n`);
    if (profiling) {
      const file = (await readdir(PROFILE_DIR)).find((name) => name.includes(`.${result.pid}.0.`));
      if (file) {
        const summary = await summarizeProfile(`${PROFILE_DIR}${file}`);
        process.stdout.write(
          `\n**CPU profile, ${store}** (${file})\n\n| where the time went | share |\n| --- | --- |\n${summary.join('\n')}\n`,
        );
      }
    }
    if (result.failed) {
      process.exitCode = 1;
    }
  }
}

main().catch((error: unknown) => {
  log(error instanceof Error ? (error.stack ?? error.message) : String(error));
  killTargets();
  process.exitCode = 1;
});
