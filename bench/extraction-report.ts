import {
  HEALTHZ_P99_WANTED_MS,
  RSS_GROWTH_WANTED_MIB,
  SETTLE_MS,
  type ExtractionRun,
  type HealthLatency,
} from './extraction.ts';

/** The extraction workload's section of the Markdown report. */
export function formatExtraction(run: ExtractionRun): string[] {
  const { idle, hostile, rssMiB, uploads } = run;
  const latency = (phase: string, health: HealthLatency, rss: string) => {
    const { p50, p99, max } = health.latencyMs;
    const cells = [phase, Math.round(health.requestsPerSecond), p50, p99, max, health.failed, rss];
    return `| ${cells.join(' | ')} |`;
  };
  const growth = rssMiB.after - rssMiB.before;
  const answered = Object.entries(uploads)
    .map(([status, count]) => `${count} × ${status}`)
    .join(', ');
  return [
    '',
    '**file extraction** (SQLite; default AIRISK_EXTRACT_* limits)',
    '',
    ...run.documents.map(
      ({ name, what, bytes }) => `- ${name}: ${(bytes / 1024).toFixed(0)} kB, ${what}`,
    ),
    `- hostile uploads answered: ${answered}`,
    '',
    '| phase | /healthz req/s | p50 ms | p99 ms | max ms | failed | RSS MiB |',
    '|' + ' --- |'.repeat(7),
    latency('idle', idle, `${Math.round(rssMiB.before)} before`),
    latency('hostile uploads', hostile, `${Math.round(rssMiB.peak)} peak`),
    `| settled, ${SETTLE_MS / 1000} s later | | | | | | ${Math.round(rssMiB.after)} after |`,
    '',
    '| target | measured | wanted | met |',
    '| --- | --- | --- | --- |',
    `| /healthz p99 during hostile extraction | ${hostile.latencyMs.p99.toFixed(1)} ms | ≤ ${HEALTHZ_P99_WANTED_MS} ms | ${yes(hostile.latencyMs.p99 <= HEALTHZ_P99_WANTED_MS)} |`,
    `| /healthz p99 hostile ÷ idle | ${(hostile.latencyMs.p99 / idle.latencyMs.p99).toFixed(2)}× | | |`,
    `| RSS after settling − before | ${growth >= 0 ? '+' : ''}${growth.toFixed(0)} MiB | ≤ +${RSS_GROWTH_WANTED_MIB} MiB | ${yes(growth <= RSS_GROWTH_WANTED_MIB)} |`,
  ];
}

const yes = (met: boolean) => (met ? 'yes' : '**no**');

/** What went wrong in the run: a failed /healthz, or a hostile upload not refused with 422. */
export function extractionFailures(run: ExtractionRun): string[] {
  const failures: string[] = [];
  for (const [phase, health] of [
    ['idle', run.idle],
    ['hostile', run.hostile],
  ] as const) {
    if (health.failed > 0) {
      failures.push(`extraction/${phase}: ${health.failed} /healthz requests failed`);
    }
  }
  const unexpected = Object.entries(run.uploads).filter(([status]) => status !== '422');
  if (unexpected.length > 0) {
    failures.push(
      `extraction: hostile uploads answered ${JSON.stringify(run.uploads)}, not all 422`,
    );
  }
  return failures;
}
