import {
  loadOnce,
  MEASURE_SECONDS,
  ROUNDS,
  WARMUP_SECONDS,
  type Sample,
  type Workload,
} from './load.ts';

/** A workload, and which server and data it runs against (a column of the report). */
export interface Aimed {
  workload: Workload;
  /** `ceiling`, `peer`, or the app's dataset, e.g. `10 users`. */
  group: string;
}

export interface Measurement {
  workload: string;
  title: string;
  group: string;
  /** Operations per second; an operation is one request, or two for the full flow. */
  operationsPerSecond: number;
  /** Per operation. */
  latencyMs: { p50: number; p99: number; mean: number; max: number };
  operations: number;
  seconds: number;
  unexpected: number;
  reasons: string[];
  errors: number;
  timeouts: number;
  /** SQL statements the server sent per operation (transaction control included); app only. */
  sqlPerOperation: number | undefined;
  /**
   * The server's CPU time (user + system) per operation, µs: what it used from the measured
   * runs' first response to their end, over the operations they counted.
   */
  cpuMicrosPerOperation: number | undefined;
  /** The server's peak resident set size under this load. */
  peakRssMiB: number;
  /** A run stopped early because its pre-minted codes ran out. */
  ranOut: boolean;
}

// Before a workload's first run, codes are minted for this rate; later, for the rate measured,
// with a margin: a run may go faster than the one before. Never for less than MIN_RATE.
const ASSUMED_RATE = 6000;
const MIN_RATE = 1000;
const CODE_MARGIN = 3;

/**
 * Loads the workloads round after round, every other round in reverse (A B C, C B A…), so that
 * neighbours' load, the machine's drift and the order itself weigh on all of them alike. Before each run that redeems codes, the server
 * mints enough for the run at the rate seen so far.
 */
export async function measureInterleaved(
  aims: Aimed[],
  progress: (message: string) => void,
): Promise<Measurement[]> {
  const samples: Run[][] = aims.map(() => []);
  for (let round = 0; round < ROUNDS; round += 1) {
    const order = [...aims.keys()];
    for (const index of round % 2 === 0 ? order : order.reverse()) {
      const { workload, group } = aims[index]!;
      const { target } = workload;
      const previous = samples[index]!.at(-1)?.sample;
      const rate = Math.max(
        MIN_RATE,
        previous ? previous.operations / previous.seconds : ASSUMED_RATE,
      );
      const codes =
        workload.codesPerOperation > 0
          ? await target.mint(
              Math.ceil(rate * (WARMUP_SECONDS + MEASURE_SECONDS) * CODE_MARGIN) + 100,
            )
          : [];
      await target.stats();
      let cpuAtStart: Promise<number> | undefined;
      const sample = await loadOnce(workload, codes, () => {
        cpuAtStart = target.cpuMicros();
        // Awaited below; a child gone mid-run is reported there, not as an unhandled rejection.
        cpuAtStart.catch(() => {});
      });
      // One request in flight to a child at a time: the first reading has its answer first.
      const cpuStart = await cpuAtStart;
      const cpuMicros = cpuStart === undefined ? undefined : (await target.cpuMicros()) - cpuStart;
      const { statements, peakRssBytes } = await target.stats();
      samples[index]!.push({ sample, statements, peakRssBytes, cpuMicros });
      progress(
        `round ${round + 1}: ${group} / ${workload.id}: ` +
          `${Math.round(sample.operations / sample.seconds)} op/s, ${sample.unexpected} unexpected`,
      );
    }
  }
  return aims.map(({ workload, group }, index) => combine(workload, group, samples[index]!));
}

interface Run {
  sample: Sample;
  statements: number;
  peakRssBytes: number;
  /** The server's CPU time in the measured run; undefined when no response came. */
  cpuMicros: number | undefined;
}

function combine(workload: Workload, group: string, runs: Run[]): Measurement {
  const total = (pick: (sample: Sample) => number) =>
    runs.reduce((sum, { sample }) => sum + pick(sample), 0);
  const seconds = total((s) => s.seconds);
  const allOperations = total((s) => s.allOperations);
  const statements = runs.reduce((sum, run) => sum + run.statements, 0);
  const cpuMicros = runs.reduce((sum, run) => sum + (run.cpuMicros ?? 0), 0);
  const operations = total((s) => s.operations);
  return {
    workload: workload.id,
    title: workload.title,
    group,
    operationsPerSecond: operations / seconds,
    latencyMs: summarize(runs.flatMap(({ sample }) => sample.latencies)),
    operations,
    seconds,
    unexpected: total((s) => s.unexpected),
    reasons: runs.flatMap(({ sample }) => sample.reasons).slice(0, 5),
    errors: total((s) => s.errors),
    timeouts: total((s) => s.timeouts),
    sqlPerOperation:
      workload.target.kind === 'app' && allOperations > 0 ? statements / allOperations : undefined,
    cpuMicrosPerOperation: operations > 0 ? cpuMicros / operations : undefined,
    peakRssMiB: Math.max(...runs.map((run) => run.peakRssBytes)) / 2 ** 20,
    ranOut: runs.some(({ sample }) => sample.ranOut),
  };
}

/** From each operation's own float time: autocannon's histogram keeps whole milliseconds. */
export function summarize(latencies: number[]): Measurement['latencyMs'] {
  const sorted = Float64Array.from(latencies).sort();
  const at = (quantile: number) =>
    sorted[Math.max(0, Math.ceil(quantile * sorted.length) - 1)] ?? 0;
  const mean = sorted.reduce((sum, value) => sum + value, 0) / (sorted.length || 1);
  const round = (value: number) => Math.round(value * 100) / 100;
  return { p50: round(at(0.5)), p99: round(at(0.99)), mean: round(mean), max: round(at(1)) };
}
