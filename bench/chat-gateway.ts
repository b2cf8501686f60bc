/**
 * The chat gateway workload (issue #17): the real app on the `demo` engine, whose pause before
 * each word (its model id, `demo-<N>ms`) stands in for a provider. Our own cost per AskAgent
 * turn with no pause, scanners on and off; the answer's first byte over the provider's first
 * token; then a thousand Server-Sent Events streams at once, twice, and the server's memory
 * after each round (judged on its heap after a full garbage collection). Every answer is
 * checked. See bench/README.md, "Chat gateway".
 */
import { ALLOCATOR_ENV } from '../src/config/allocator-env.ts';
import type { BenchDatabase } from './bench-database.ts';
import { gatewayAgent } from './chat-gateway-client.ts';
import { gatewayUser } from './chat-gateway-setup.ts';
import { askTurn, newConversation, streamTurn, type Caller } from './chat-gateway-turns.ts';
import { measureStreams, quietRss, type StreamRound } from './chat-gateway-streams.ts';
import { Failures, percentiles, type Latencies } from './chat-gateway-stats.ts';
import { gatewayChecks, gatewayMarkdown } from './chat-gateway-report.ts';
import { measureProviderCall, type ProviderCallCost } from './chat-gateway-provider-call.ts';
import {
  CLIENTS_VAR,
  DATABASE_URL_VAR,
  IMPORTED_VAR,
  SEARCH_PATH_VAR,
  USERS_VAR,
} from './protocol.ts';
import { startTarget, type Target } from './target.ts';
import type { TargetCheck } from './targets.ts';

export interface ChatGatewaySettings {
  /** AskAgent turns before measuring, per agent. */
  warmupTurns: number;
  /** Measured AskAgent turns per scanner setting, over `rounds` alternating rounds. */
  turns: number;
  rounds: number;
  /** Provider calls alone (askEngine over the demo engine) in the bench's process. */
  providerCalls: number;
  /** The provider's time to its first token (the demo engine's pause), and streamed turns. */
  firstTokenMs: number;
  firstTokenTurns: number;
  /** Streams opened at once, the pause before each of their words, and rounds. */
  streams: number;
  streamPauseMs: number;
  streamRounds: number;
  /**
   * The wanted bound on the heap used after a full garbage collection following the last round
   * over the same after the first.
   */
  heapGrowthMiB: number;
}

export const CHAT_GATEWAY_SETTINGS: ChatGatewaySettings = {
  warmupTurns: 50,
  turns: 400,
  rounds: 2,
  providerCalls: 1000,
  firstTokenMs: 20,
  firstTokenTurns: 20,
  streams: 1000,
  // ~20 words a second apart: each stream lasts ~20 s, longer than the server takes to start
  // them all, so that all are open at once.
  streamPauseMs: 1000,
  streamRounds: 2,
  heapGrowthMiB: 16,
};

export interface CostMeasurement {
  scanners: 'on' | 'off';
  turns: number;
  latencyMs: Latencies;
  cpuMsPerTurn: number;
  statementsPerTurn: number;
}

export interface FirstTokenMeasurement {
  scanners: 'on' | 'off';
  turns: number;
  /** The response's first byte, and the answer's first text less the provider's first token. */
  firstByteMs: Latencies;
  overProviderMs: Latencies;
}

export interface ChatGatewayRun {
  settings: ChatGatewaySettings;
  cost: CostMeasurement[];
  providerCall: ProviderCallCost;
  firstToken: FirstTokenMeasurement[];
  baselineRssBytes: number;
  streams: StreamRound[];
  unexpected: number;
  reasons: string[];
}

export interface ChatGatewayResult {
  run: ChatGatewayRun;
  markdown: string;
  checks: TargetCheck[];
  failed: boolean;
  /** The app child's process id (its CPU profile's file name carries it). */
  pid: number | undefined;
}

export interface ChatGatewayOptions {
  /** A fresh database for the app child: sqliteDatabase, or postgresDatabase(url). */
  open: () => Promise<BenchDatabase>;
  /** Node flags for the app child, e.g. `--cpu-prof`. */
  nodeFlags?: string[];
  log?: (message: string) => void;
  settings?: Partial<ChatGatewaySettings>;
}

/** Starts the app child over a fresh database, measures, and throws both away. */
export async function measureChatGateway(options: ChatGatewayOptions): Promise<ChatGatewayResult> {
  const settings = { ...CHAT_GATEWAY_SETTINGS, ...options.settings };
  const log = options.log ?? (() => {});
  const database = await options.open();
  let target: Target | undefined;
  try {
    target = await startTarget(
      'app',
      {
        [DATABASE_URL_VAR]: database.url,
        [SEARCH_PATH_VAR]: database.searchPath ?? '',
        [USERS_VAR]: '10',
        [CLIENTS_VAR]: '0',
        [IMPORTED_VAR]: '0',
        ...ALLOCATOR_ENV,
      },
      ['--expose-gc', ...(options.nodeFlags ?? [])],
    );
    const run = await measure(target, database, settings, log);
    const checks = gatewayChecks(run);
    return {
      run,
      markdown: gatewayMarkdown(database.store, run, checks),
      checks,
      failed: run.unexpected > 0,
      pid: target.pid,
    };
  } finally {
    await target?.close();
    await database.drop();
  }
}

async function measure(
  target: Target,
  database: BenchDatabase,
  settings: ChatGatewaySettings,
  log: (message: string) => void,
): Promise<ChatGatewayRun> {
  const user = await gatewayUser(database, target.baseUrl, target.oauth!, settings);
  const caller: Caller = { agent: gatewayAgent(), baseUrl: target.baseUrl, token: user.token };
  const failures = new Failures();
  try {
    log(`the provider call alone: ${settings.providerCalls} calls in this process`);
    const providerCall = await measureProviderCall(settings.providerCalls);
    log('our cost per turn: AskAgent, no pause, scanners on and off');
    const cost = await measureCost(target, caller, user.agents, settings, failures);
    for (const side of cost) {
      log(
        `scanners ${side.scanners}: p50 ${side.latencyMs.p50.toFixed(2)} ms, CPU ${side.cpuMsPerTurn.toFixed(2)} ms/turn`,
      );
    }
    log(`first token: ${settings.firstTokenTurns} streamed turns per scanner setting`);
    const firstToken = [
      await measureFirstToken(caller, user.agents.pacedScanned, 'on', settings, failures),
      await measureFirstToken(caller, user.agents.pacedUnscanned, 'off', settings, failures),
    ];
    const baselineRssBytes = await quietRss(target);
    const streams: StreamRound[] = [];
    for (let round = 1; round <= settings.streamRounds; round += 1) {
      log(`${settings.streams} streams at once, round ${round}`);
      const measured = await measureStreams(
        target,
        caller,
        user.agents.streams,
        settings,
        failures,
      );
      log(
        `${measured.completed} completed, ${measured.openAtOnce} open at once, ${measured.seconds.toFixed(1)} s`,
      );
      streams.push(measured);
    }
    return {
      settings,
      cost,
      providerCall,
      firstToken,
      baselineRssBytes,
      streams,
      unexpected: failures.count,
      reasons: [...failures.reasons],
    };
  } finally {
    caller.agent.destroy();
  }
}

/**
 * AskAgent turns one after the other, in one conversation per agent (its history reaches the
 * agent's 20 messages in the warm-up): rounds alternate scanners on and off, their order too.
 */
async function measureCost(
  target: Target,
  caller: Caller,
  agents: { scanned: string; unscanned: string },
  settings: ChatGatewaySettings,
  failures: Failures,
): Promise<CostMeasurement[]> {
  const sides = [
    { scanners: 'on' as const, agentId: agents.scanned, latencies: [] as number[], cpu: 0, sql: 0 },
    {
      scanners: 'off' as const,
      agentId: agents.unscanned,
      latencies: [] as number[],
      cpu: 0,
      sql: 0,
    },
  ];
  const conversations = new Map<string, string>();
  for (const side of sides) {
    const conversationId = await newConversation(caller, side.agentId);
    conversations.set(side.agentId, conversationId);
    await turns(caller, side.agentId, conversationId, settings.warmupTurns, failures);
  }
  const perRound = Math.ceil(settings.turns / settings.rounds);
  for (let round = 0; round < settings.rounds; round += 1) {
    for (const side of round % 2 === 0 ? sides : [...sides].reverse()) {
      await target.stats();
      const cpu = await target.cpuMicros();
      const conversationId = conversations.get(side.agentId)!;
      side.latencies.push(
        ...(await turns(caller, side.agentId, conversationId, perRound, failures)),
      );
      side.cpu += (await target.cpuMicros()) - cpu;
      side.sql += (await target.stats()).statements;
    }
  }
  return sides.map((side) => ({
    scanners: side.scanners,
    turns: side.latencies.length,
    latencyMs: percentiles(side.latencies),
    cpuMsPerTurn: side.cpu / 1000 / side.latencies.length,
    statementsPerTurn: side.sql / side.latencies.length,
  }));
}

async function turns(
  caller: Caller,
  agentId: string,
  conversationId: string,
  count: number,
  failures: Failures,
): Promise<number[]> {
  const latencies: number[] = [];
  for (let turn = 0; turn < count; turn += 1) {
    try {
      latencies.push(await askTurn(caller, agentId, conversationId));
    } catch (error) {
      failures.note(error);
    }
  }
  return latencies;
}

/** Streamed turns one after the other on an agent pausing `firstTokenMs` before each word. */
async function measureFirstToken(
  caller: Caller,
  agentId: string,
  scanners: 'on' | 'off',
  settings: ChatGatewaySettings,
  failures: Failures,
): Promise<FirstTokenMeasurement> {
  const conversationId = await newConversation(caller, agentId);
  const firstBytes: number[] = [];
  const over: number[] = [];
  // The first turns load what streaming needs; they are not measured.
  for (let turn = -3; turn < settings.firstTokenTurns; turn += 1) {
    try {
      const streamed = await streamTurn(caller, conversationId);
      if (turn >= 0) {
        firstBytes.push(streamed.firstByteMs);
        over.push(streamed.firstTextMs - settings.firstTokenMs);
      }
    } catch (error) {
      failures.note(error);
    }
  }
  return {
    scanners,
    turns: over.length,
    firstByteMs: percentiles(firstBytes),
    overProviderMs: percentiles(over),
  };
}
