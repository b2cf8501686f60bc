import { mkdir, writeFile } from 'node:fs/promises';
import { cpus, loadavg, platform, release, totalmem } from 'node:os';
import { fileURLToPath } from 'node:url';
import type { Measurement } from './measure.ts';
import type { DatasetReport } from './protocol.ts';
import { CONNECTIONS, MEASURE_SECONDS, ROUNDS, WARMUP_SECONDS } from './load.ts';
import { evaluateTargets, type TargetCheck } from './targets.ts';
import type { ExtractionRun } from './extraction.ts';
import { extractionFailures, formatExtraction } from './extraction-report.ts';
import { formatInsight, insightFailures, type InsightStoreRun } from './insight-report.ts';

export interface StoreRun {
  store: string;
  seeds: { group: string; seed: DatasetReport }[];
  /** The ceiling and the peers first, then the app's workloads per dataset. */
  measurements: Measurement[];
  targets: TargetCheck[];
}

export interface Report {
  date: string;
  machine: {
    node: string;
    platform: string;
    cpus: string;
    cpuCount: number;
    memoryGiB: number;
    /** 1-minute load average when the run started and ended: above the core count, others competed. */
    loadAverage: { start: number; end: number };
  };
  settings: { connections: number; rounds: number; warmupSeconds: number; measureSeconds: number };
  stores: StoreRun[];
  /** The extraction workload, when it ran. */
  extraction: ExtractionRun | undefined;
  /** The insight workload per store, when it ran. */
  insight: InsightStoreRun[];
}

const RESULTS_DIR = fileURLToPath(new URL('./results/', import.meta.url));

export function storeRun(
  store: string,
  seeds: StoreRun['seeds'],
  measurements: Measurement[],
): StoreRun {
  return { store, seeds, measurements, targets: evaluateTargets(store, measurements) };
}

export function buildReport(
  stores: StoreRun[],
  loadAtStart: number,
  extraction: ExtractionRun | undefined,
  insight: InsightStoreRun[] = [],
): Report {
  const cores = cpus();
  return {
    date: new Date().toISOString(),
    machine: {
      node: process.version,
      platform: `${platform()} ${release()}`,
      cpus: cores[0]?.model.trim() ?? 'unknown',
      cpuCount: cores.length,
      memoryGiB: Math.round(totalmem() / 2 ** 30),
      loadAverage: { start: loadAtStart, end: loadavg()[0] ?? 0 },
    },
    settings: {
      connections: CONNECTIONS,
      rounds: ROUNDS,
      warmupSeconds: WARMUP_SECONDS,
      measureSeconds: MEASURE_SECONDS,
    },
    stores,
    extraction,
    insight,
  };
}

const ratio = (value: number, base: number | undefined) =>
  base ? `${(value / base).toFixed(2)}×` : '';

/**
 * The node-oidc-provider workload each app workload's "÷ oidc-provider" column divides by: the
 * like-for-like one (JWT access tokens for the exchange).
 */
const OIDC_PROVIDER_OF: Record<string, string> = {
  exchange: 'peer-jwt-exchange',
  authorize: 'peer-authorize',
  'list-users': 'peer-userinfo',
};

function row(m: Measurement, ceiling: number | undefined, peer: number | undefined): string {
  const { p50, p99, mean } = m.latencyMs;
  const cells = [
    m.group,
    m.workload,
    Math.round(m.operationsPerSecond),
    p50.toFixed(2),
    p99.toFixed(2),
    mean.toFixed(2),
    m.unexpected + m.errors + m.timeouts,
    ratio(m.operationsPerSecond, ceiling),
    m.group === 'peer' ? '' : ratio(m.operationsPerSecond, peer),
    m.sqlPerOperation === undefined ? '' : m.sqlPerOperation.toFixed(1),
    m.cpuMicrosPerOperation === undefined ? '' : Math.round(m.cpuMicrosPerOperation),
    Math.round(m.peakRssMiB),
  ];
  return `| ${cells.join(' | ')} |${m.ranOut ? ' (codes ran out: ran shorter)' : ''}`;
}

/** Markdown: it reads in a terminal and pastes into bench/README.md. */
export function formatReport(report: Report): string {
  const { machine, settings } = report;
  const lines = [
    `${report.date} · Node ${machine.node} · ${machine.platform} · ${machine.cpuCount}× ${machine.cpus} · ` +
      `${machine.memoryGiB} GiB · load average ${machine.loadAverage.start.toFixed(1)} → ${machine.loadAverage.end.toFixed(1)}`,
    `${settings.connections} connections; each workload ${settings.rounds} × (${settings.warmupSeconds} s warm-up + ` +
      `${settings.measureSeconds} s measured), rounds interleaved`,
  ];
  for (const { store, seeds, measurements, targets } of report.stores) {
    const find = (group: string, workload: string) =>
      measurements.find((m) => m.group === group && m.workload === workload)?.operationsPerSecond;
    const ceiling = find('ceiling', 'ceiling');
    const peerOf = (workload: string) => {
      const peer = OIDC_PROVIDER_OF[workload];
      return peer === undefined ? undefined : find('peer', peer);
    };
    lines.push(
      '',
      `**${store}**`,
      '',
      ...seeds.map(({ group, seed: { bulk, imported } }) => {
        const seeded =
          `- ${group}: ${bulk.users.toLocaleString('en')} users and ` +
          `${bulk.clients.toLocaleString('en')} clients in ${bulk.seconds.toFixed(1)} s (${bulk.method})`;
        return imported
          ? `${seeded}, after ${imported.users.toLocaleString('en')} users through the CSV import ` +
              `in ${imported.seconds.toFixed(1)} s (${Math.round(imported.users / imported.seconds).toLocaleString('en')} users/s)`
          : seeded;
      }),
      '',
      '| data | workload | op/s | p50 ms | p99 ms | mean ms | failed | ÷ ceiling | ÷ oidc-provider | SQL/op | CPU µs/op | peak RSS MiB |',
      '|' + ' --- |'.repeat(12),
      ...measurements.map((m) => row(m, ceiling, peerOf(m.workload))),
      '',
      '| target | measured | wanted | met |',
      '| --- | --- | --- | --- |',
      ...targets.map(
        (t) => `| ${t.name} | ${t.measured} | ${t.wanted} | ${t.met ? 'yes' : '**no**'} |`,
      ),
    );
  }
  if (report.extraction) {
    lines.push(...formatExtraction(report.extraction));
  }
  lines.push(...formatInsight(report.insight));
  return lines.join('\n');
}

/** Writes bench/results/<ISO date>.json (colons made dashes, for every file system). */
export async function saveReport(report: Report): Promise<string> {
  await mkdir(RESULTS_DIR, { recursive: true });
  const file = `${RESULTS_DIR}${report.date.replace(/:/g, '-')}.json`;
  await writeFile(file, `${JSON.stringify(report, null, 2)}\n`);
  return file;
}

/** Every measurement that saw an unexpected response, a socket error or a timeout. */
export function failedMeasurements(report: Report): string[] {
  const extraction = report.extraction ? extractionFailures(report.extraction) : [];
  return report.stores
    .flatMap(({ store, measurements }) => measurements.map((m) => ({ store, m })))
    .filter(({ m }) => m.unexpected + m.errors + m.timeouts > 0)
    .map(
      ({ store, m }) =>
        `${store}/${m.group}/${m.workload}: ${m.unexpected} unexpected, ${m.errors} errors, ` +
        `${m.timeouts} timeouts; ${m.reasons.join('; ')}`,
    )
    .concat(extraction, insightFailures(report.insight));
}
