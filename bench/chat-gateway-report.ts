import type { ChatGatewayRun } from './chat-gateway.ts';
import type { StreamRound } from './chat-gateway-streams.ts';
import type { TargetCheck } from './targets.ts';

const MIB = 1024 * 1024;
const COST_TARGET_MS = 2;
const FIRST_TOKEN_TARGET_MS = 5;

const ms = (value: number) => `${value.toFixed(2)} ms`;
const mib = (bytes: number) => (bytes / MIB).toFixed(0);

/**
 * Issue #17's chat gateway targets: our cost per turn (p50) and the answer's first byte over
 * the provider's first token (p50), each with the scanners on and with them off; every stream
 * completed, all open at once, and the heap used after a full garbage collection following the
 * last round within the bound of the same after the first (the RSS is reported, not judged).
 */
export function gatewayChecks(run: ChatGatewayRun): TargetCheck[] {
  const checks: TargetCheck[] = run.cost.map((cost) => ({
    name: `our cost per turn p50, scanners ${cost.scanners}`,
    measured: ms(cost.latencyMs.p50),
    wanted: `≤ ${COST_TARGET_MS} ms`,
    met: cost.latencyMs.p50 <= COST_TARGET_MS,
  }));
  for (const first of run.firstToken) {
    checks.push({
      name: `first answer byte over the provider's first token p50, scanners ${first.scanners}`,
      measured: ms(first.overProviderMs.p50),
      wanted: `≤ ${FIRST_TOKEN_TARGET_MS} ms`,
      met: first.overProviderMs.p50 <= FIRST_TOKEN_TARGET_MS,
    });
  }
  const { streams, settings } = run;
  if (streams.length > 0) {
    const sent = streams.reduce((sum, round) => sum + round.streams, 0);
    const completed = streams.reduce((sum, round) => sum + round.completed, 0);
    const openAtOnce = Math.min(...streams.map((round) => round.openAtOnce));
    checks.push(
      {
        name: `${settings.streams.toLocaleString('en')} SSE streams at once, ${streams.length} rounds: completed, no error`,
        measured: `${completed} of ${sent}`,
        wanted: 'all',
        met: completed === sent,
      },
      {
        name: 'streams open at once (fewest of the rounds)',
        measured: String(openAtOnce),
        wanted: `${settings.streams}`,
        met: openAtOnce === settings.streams,
      },
    );
    checks.push(heapGrowthCheck(run));
  }
  return checks;
}

/** Heap used after a full collection: after the last round less after the first. */
function heapGrowthCheck({ streams, settings }: ChatGatewayRun): TargetCheck {
  const name = `heap used after a full GC, after round ${streams.length} − after round 1`;
  const wanted = `≤ +${settings.heapGrowthMiB} MiB`;
  for (const { afterGc } of streams) {
    if ('unavailable' in afterGc) {
      return { name, measured: `unavailable: ${afterGc.unavailable}`, wanted, met: false };
    }
  }
  if (streams.length < 2) {
    return { name, measured: 'one round: nothing to compare', wanted, met: false };
  }
  const growth = heapUsed(streams.at(-1)!.afterGc) - heapUsed(streams[0]!.afterGc);
  return {
    name,
    measured: `${growth >= 0 ? '+' : ''}${(growth / MIB).toFixed(1)} MiB`,
    wanted,
    met: growth <= settings.heapGrowthMiB * MIB,
  };
}

const heapUsed = (afterGc: StreamRound['afterGc']) =>
  'unavailable' in afterGc ? Number.NaN : afterGc.heapUsedBytes;
const afterGcMib = (afterGc: StreamRound['afterGc'], key: 'heapUsedBytes' | 'rssBytes') =>
  'unavailable' in afterGc ? '–' : mib(afterGc[key]);

export function gatewayMarkdown(store: string, run: ChatGatewayRun, checks: TargetCheck[]) {
  const { settings } = run;
  const lines = [
    `**chat gateway, ${store}**`,
    '',
    `Our cost per turn: AskAgent on a demo agent with no pause (\`demo-0ms\`), one turn at a time in one conversation, ${settings.warmupTurns} warm-up turns, then ${settings.rounds} rounds alternating scanners on and off.`,
    '',
    '| scanners | turns | p50 ms | p99 ms | server CPU ms/turn | SQL/turn |',
    '| --- | --- | --- | --- | --- | --- |',
    ...run.cost.map(
      (cost) =>
        `| ${cost.scanners} | ${cost.turns} | ${cost.latencyMs.p50.toFixed(2)} | ${cost.latencyMs.p99.toFixed(2)} | ${cost.cpuMsPerTurn.toFixed(2)} | ${cost.statementsPerTurn.toFixed(1)} |`,
    ),
    '',
    `The provider call alone, as each turn makes it (askEngine over \`demo-0ms\`: the AI SDK's streamText, its web streams and stream-part checks), ${run.providerCall.calls} calls one at a time in the bench's process: ${ms(run.providerCall.cpuMsPerCall)} of CPU and ${ms(run.providerCall.wallMsPerCall)} per call. Our cost per turn cannot be less.`,
    '',
    `First token: ChatWithAgent as Server-Sent Events on a demo agent pausing ${settings.firstTokenMs} ms before each word (\`demo-${settings.firstTokenMs}ms\`), one turn at a time.`,
    '',
    `| scanners | turns | first byte p50 ms | first answer text − ${settings.firstTokenMs} ms: p50 | p99 |`,
    '| --- | --- | --- | --- | --- |',
    ...run.firstToken.map(
      (first) =>
        `| ${first.scanners} | ${first.turns} | ${first.firstByteMs.p50.toFixed(2)} | ${first.overProviderMs.p50.toFixed(2)} | ${first.overProviderMs.p99.toFixed(2)} |`,
    ),
    '',
    `Streams: ${settings.streams.toLocaleString('en')} ChatWithAgent streams sent at once, a conversation each, on a demo agent pausing ${settings.streamPauseMs} ms before each word, the default scanners; server RSS ${mib(run.baselineRssBytes)} MiB before the first round.`,
    '',
    '| round | streams | completed | open at once | seconds | stream p50 s | stream p99 s | peak RSS MiB | settled RSS MiB | heap after GC MiB | RSS after GC MiB |',
    '| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |',
    ...run.streams.map(
      (round, index) =>
        `| ${index + 1} | ${round.streams} | ${round.completed} | ${round.openAtOnce} | ${round.seconds.toFixed(1)} | ${(round.durationMs.p50 / 1000).toFixed(2)} | ${(round.durationMs.p99 / 1000).toFixed(2)} | ${mib(round.peakRssBytes)} | ${mib(round.settledRssBytes)} | ${afterGcMib(round.afterGc, 'heapUsedBytes')} | ${afterGcMib(round.afterGc, 'rssBytes')} |`,
    ),
    '',
    '| target | measured | wanted | met |',
    '| --- | --- | --- | --- |',
    ...checks.map(
      (check) =>
        `| ${check.name} | ${check.measured} | ${check.wanted} | ${check.met ? 'yes' : '**no**'} |`,
    ),
  ];
  if (run.unexpected > 0) {
    lines.push(
      '',
      `**${run.unexpected} unexpected answers**, so these numbers mean nothing: ${run.reasons.join('; ')}`,
    );
  }
  return lines.join('\n');
}
