import { mkdir, writeFile } from 'node:fs/promises';
import { cpus, loadavg, platform, release, totalmem } from 'node:os';
import { fileURLToPath } from 'node:url';
import type { Measurement } from './load.ts';
import type { SeedReport } from './seed.ts';
import { CONNECTIONS, MEASURE_SECONDS, ROUNDS, WARMUP_SECONDS } from './load.ts';

export interface StoreRun {
  store: string;
  seed: SeedReport;
  /** The ceiling first, then the app's workloads. */
  measurements: Measurement[];
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
}

const RESULTS_DIR = fileURLToPath(new URL('./results/', import.meta.url));
const CEILING = 'ceiling';
/** Workloads compared with the first page: the claim is that keyset paging costs the same. */
const FIRST_PAGE = 'first-page';

export function buildReport(stores: StoreRun[], loadAtStart: number): Report {
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
  };
}

const ratio = (value: number, base: number | undefined) =>
  base ? `${(value / base).toFixed(2)}×` : '–';

function tableRow(
  m: Measurement,
  ceiling: Measurement | undefined,
  first: Measurement | undefined,
) {
  const { p50, p99, mean } = m.latencyMs;
  return [
    m.workload,
    Math.round(m.requestsPerSecond),
    p50.toFixed(2),
    p99.toFixed(2),
    mean.toFixed(2),
    m.non2xx,
    m.errors,
    m.mismatches,
    ratio(m.requestsPerSecond, ceiling?.requestsPerSecond),
    first && m.workload !== FIRST_PAGE && m.workload !== CEILING
      ? ratio(mean, first.latencyMs.mean)
      : '',
  ];
}

/** One Markdown table per store: it reads in a terminal and pastes into bench/README.md. */
export function formatReport(report: Report): string {
  const { machine, settings } = report;
  const lines = [
    `${report.date} · Node ${machine.node} · ${machine.platform} · ${machine.cpuCount}× ${machine.cpus} · ` +
      `${machine.memoryGiB} GiB · load average ${machine.loadAverage.start.toFixed(1)} → ${machine.loadAverage.end.toFixed(1)}`,
    `${settings.connections} connections; each workload ${settings.rounds} × (${settings.warmupSeconds} s warm-up + ` +
      `${settings.measureSeconds} s measured), rounds interleaved`,
  ];
  for (const { store, seed, measurements } of report.stores) {
    const ceiling = measurements.find((m) => m.workload === CEILING);
    const first = measurements.find((m) => m.workload === FIRST_PAGE);
    lines.push(
      '',
      `**${store}**: imported ${seed.users.toLocaleString('en')} users in ${seed.seconds.toFixed(1)} s ` +
        `(${Math.round(seed.users / seed.seconds).toLocaleString('en')} users/s; ${seed.method})`,
      '',
      '| workload | req/s | p50 ms | p99 ms | mean ms | non-2xx | errors | wrong body | req/s ÷ ceiling | mean latency ÷ first page |',
      '|' + ' --- |'.repeat(10),
      ...measurements.map((m) => `| ${tableRow(m, ceiling, first).join(' | ')} |`),
    );
  }
  return lines.join('\n');
}

/** Writes bench/results/<ISO date>.json (colons made dashes, for every file system). */
export async function saveReport(report: Report): Promise<string> {
  await mkdir(RESULTS_DIR, { recursive: true });
  const file = `${RESULTS_DIR}${report.date.replace(/:/g, '-')}.json`;
  await writeFile(file, `${JSON.stringify(report, null, 2)}\n`);
  return file;
}

/** Every measurement that saw a non-2xx, a socket error, a timeout or a wrong body. */
export function failedMeasurements(report: Report): string[] {
  return report.stores
    .flatMap(({ store, measurements }) => measurements.map((m) => ({ store, m })))
    .filter(({ m }) => m.non2xx + m.errors + m.timeouts + m.mismatches > 0)
    .map(
      ({ store, m }) =>
        `${store}/${m.workload}: ${m.non2xx} non-2xx ${JSON.stringify(m.statusCodes)}, ` +
        `${m.errors} errors, ${m.timeouts} timeouts, ${m.mismatches} wrong bodies`,
    );
}
