/**
 * Start-up on its own: `npx tsx bench/startup-run.ts [runs]` (or `npm run bench:startup`), on
 * SQLite, then on PostgreSQL too when AIRISK_TEST_DATABASE_URL is set. Builds dist/ first when
 * it is missing or older than src/. Prints the table and each target; exit code 1 when one is
 * not met (bench/README.md, "Start-up").
 */
import { measureStartup } from './startup.ts';

const started = performance.now();

function log(message: string): void {
  const seconds = ((performance.now() - started) / 1000).toFixed(0).padStart(3);
  process.stderr.write(`[startup ${seconds} s] ${message}\n`);
}

const runs = process.argv[2] === undefined ? undefined : Number(process.argv[2]);
let failed = false;
const databases = [
  undefined,
  ...(process.env.AIRISK_TEST_DATABASE_URL ? [process.env.AIRISK_TEST_DATABASE_URL] : []),
];
for (const database of databases) {
  const result = await measureStartup({ database, runs, log });
  process.stdout.write(`${result.markdown}\n`);
  for (const check of result.checks) {
    process.stdout.write(
      `${check.met ? 'met    ' : 'NOT MET'} ${check.name}: ${check.measured} (${check.wanted})\n`,
    );
  }
  failed ||= result.failed;
}
process.exitCode = failed ? 1 : 0;
