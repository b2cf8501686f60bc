import type { InsightSeedReport } from './insight-seed.ts';
import type { InsightRun } from './insight.ts';

/** The insight workload on one store: how its record was seeded, and what was measured. */
export interface InsightStoreRun {
  store: string;
  seed: InsightSeedReport;
  run: InsightRun;
}

/** Issue #16: search and each dashboard element, and recording's share of AskAgent. */
export const INSIGHT_P95_WANTED_MS = 300;
export const RECORDING_SHARE_WANTED = 0.05;

const met = (yes: boolean) => (yes ? 'yes' : '**no**');

/** The insight workload's section of the Markdown report, per store. */
export function formatInsight(runs: InsightStoreRun[]): string[] {
  const lines: string[] = [];
  for (const { store, seed, run } of runs) {
    const { recording } = run;
    lines.push(
      '',
      `**insight, ${store}**: ${seed.events.toLocaleString('en')} activity events ` +
        `(${seed.blocked.toLocaleString('en')} blocked) of ${seed.users.toLocaleString('en')} users ` +
        `over ${seed.days} days, seeded in ${seed.seconds.toFixed(1)} s (${seed.method})`,
      '',
      '| query | requests | returned | p50 ms | p95 ms | max ms | failed | p95 ≤ 300 ms |',
      '|' + ' --- |'.repeat(8),
      ...run.shapes.map(({ title, requests, returned, latencyMs, unexpected }) =>
        [
          '',
          title,
          requests,
          returned,
          latencyMs.p50.toFixed(1),
          latencyMs.p95.toFixed(1),
          latencyMs.max.toFixed(1),
          unexpected,
          met(latencyMs.p95 <= INSIGHT_P95_WANTED_MS && unexpected === 0),
          '',
        ]
          .join(' | ')
          .trim(),
      ),
      '',
      '| target | measured | wanted | met |',
      '| --- | --- | --- | --- |',
      ...run.shapes.map(
        ({ title, latencyMs }) =>
          `| p95: ${title} | ${latencyMs.p95.toFixed(1)} ms | ≤ ${INSIGHT_P95_WANTED_MS} ms | ${met(latencyMs.p95 <= INSIGHT_P95_WANTED_MS)} |`,
      ),
      `| recording ÷ rest of AskAgent (server CPU per turn: ${(recording.recordCpuMicrosPerTurn / 1000).toFixed(2)} of ${(recording.askCpuMicrosPerTurn / 1000).toFixed(2)} ms) | ` +
        `${(recording.addedShare * 100).toFixed(1)} % | ≤ ${RECORDING_SHARE_WANTED * 100} % | ${met(recording.addedShare <= RECORDING_SHARE_WANTED)} |`,
      '',
      `AskAgent: ${recording.turns} turns, 4 at a time, p50 ${recording.askLatencyMs.p50.toFixed(1)} ms, ` +
        `p95 ${recording.askLatencyMs.p95.toFixed(1)} ms (the demo engine streams its words 10 ms apart); ` +
        `recording's addition to storing one turn: ${(recording.recordCpuMicrosPerTurn / 1000).toFixed(2)} ms CPU, ` +
        `${(recording.recordWallMicrosPerTurn / 1000).toFixed(2)} ms wall.`,
    );
  }
  return lines;
}

/** Every insight measurement that saw an unexpected answer. */
export function insightFailures(runs: InsightStoreRun[]): string[] {
  return runs.flatMap(({ store, run }) => [
    ...run.shapes
      .filter((shape) => shape.unexpected > 0)
      .map(
        (shape) =>
          `${store}/insight/${shape.id}: ${shape.unexpected} unexpected; ${shape.reasons.join('; ')}`,
      ),
    ...(run.recording.unexpected > 0
      ? [
          `${store}/insight/ask-agent: ${run.recording.unexpected} unexpected; ${run.recording.reasons.join('; ')}`,
        ]
      : []),
  ]);
}
