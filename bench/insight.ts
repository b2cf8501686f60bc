/**
 * The insight workload (issue #16): compliance search and each kind of dashboard element over
 * the seeded activity record (bench/insight-seed.ts), request by request at low concurrency,
 * and what recording a turn's activity adds to AskAgent's cost on the demo engine.
 */
import type { Target } from './target.ts';
import { agentIdOf, COMMON_WORD, FINDINGS, PHRASE, RARE_WORD, userIdOf } from './insight-seed.ts';
import { INSIGHT_QUESTION } from './insight-target.ts';

/** Requests per query shape: a warm-up, then the measured ones, bounded in time. */
export interface InsightSettings {
  connections: number;
  warmup: number;
  requests: number;
  /** The warm-up stops past this, the measured requests past shapeSeconds (the table says). */
  warmupSeconds: number;
  shapeSeconds: number;
  /** AskAgent turns per round, and rounds (interleaved with the recorder's). */
  turns: number;
  rounds: number;
}

export const INSIGHT_SETTINGS: InsightSettings = {
  connections: 4,
  warmup: 20,
  requests: 200,
  warmupSeconds: 5,
  shapeSeconds: 20,
  turns: 200,
  rounds: 2,
};

export interface ShapeMeasurement {
  id: string;
  title: string;
  requests: number;
  latencyMs: { p50: number; p95: number; max: number };
  /** Matches on the first page (search) or rows (elements): what the shape returned. */
  returned: number;
  unexpected: number;
  reasons: string[];
}

export interface RecordingMeasurement {
  turns: number;
  askCpuMicrosPerTurn: number;
  askLatencyMs: { p50: number; p95: number };
  recordCpuMicrosPerTurn: number;
  recordWallMicrosPerTurn: number;
  /** Recording's CPU ÷ the rest of AskAgent's. */
  addedShare: number;
  unexpected: number;
  reasons: string[];
}

export interface InsightRun {
  shapes: ShapeMeasurement[];
  recording: RecordingMeasurement;
}

interface Shape {
  id: string;
  title: string;
  path: string;
  body: Record<string, unknown>;
  /** How many things the answer holds; throws when it is not the expected answer. */
  check: (json: unknown) => number;
}

const SEARCH = '/api/Compliance/Search';
const ELEMENT = '/api/Dashboards/QueryElement';

function searchShape(id: string, title: string, body: Record<string, unknown>): Shape {
  return {
    id,
    title,
    path: SEARCH,
    body,
    check: (json) => {
      const { results } = json as { results?: unknown[] };
      if (!Array.isArray(results) || results.length === 0) {
        throw new Error('no results');
      }
      return results.length;
    },
  };
}

function elementShape(id: string, title: string, body: Record<string, unknown>): Shape {
  return {
    id,
    title,
    path: ELEMENT,
    body: { range: { lastDays: 90 }, ...body },
    check: (json) => {
      const { rows, totals, series } = json as {
        rows?: unknown[];
        totals?: { messages: number };
        series?: unknown[];
      };
      const returned = rows?.length ?? series?.length ?? (totals?.messages ? 1 : 0);
      if (returned === 0) {
        throw new Error('an empty element');
      }
      return returned;
    },
  };
}

const DAY_MS = 86_400_000;

/** The query shapes the p95 target covers: search kinds, then each element kind. */
export function insightShapes(now = Date.now()): Shape[] {
  const since = new Date(now - 30 * DAY_MS).toISOString();
  return [
    searchShape('search-common', `common word "${COMMON_WORD}"`, { text: COMMON_WORD }),
    searchShape('search-rare', `rare word "${RARE_WORD}"`, { text: RARE_WORD }),
    searchShape('search-phrase', `phrase "${PHRASE}"`, { text: `"${PHRASE}"` }),
    searchShape('search-german', 'German word "rechnung"', { text: 'rechnung' }),
    searchShape('search-filters', 'filters only: an agent, the last 30 days', {
      agentIds: [agentIdOf(3)],
      since,
    }),
    searchShape('search-finding', `finding type ${FINDINGS[0][1]}`, {
      findingTypes: [FINDINGS[0][1]],
    }),
    searchShape('search-user', 'one user', { userIds: [userIdOf(0)] }),
    searchShape('search-word-user', `"${COMMON_WORD}" by one user, blocked or not`, {
      text: COMMON_WORD,
      userIds: [userIdOf(0)],
    }),
    elementShape('top-users', 'Top 10 users by messages', {
      kind: 'topN',
      dimension: 'user',
      metric: 'messages',
    }),
    elementShape('top-groups', 'Top 10 groups by cost', {
      kind: 'topN',
      dimension: 'group',
      metric: 'cost',
    }),
    elementShape('totals', 'Totals', { kind: 'totals' }),
    elementShape('chart', 'Chart: tokens per day by agent', {
      kind: 'chart',
      dimension: 'agent',
      metric: 'tokens',
    }),
    elementShape('map', 'Map: blocks by country', { kind: 'map', metric: 'blocks' }),
  ];
}

function percentile(sorted: number[], share: number): number {
  if (sorted.length === 0) {
    return Number.NaN;
  }
  return sorted[Math.min(sorted.length - 1, Math.ceil(share * sorted.length) - 1)]!;
}

interface Requested {
  latencies: number[];
  returned: number;
  unexpected: number;
  reasons: Set<string>;
}

/**
 * `count` requests over `connections` concurrent loops (each waits for its answer before the
 * next), or fewer past `seconds`; each request's latency from just before it is sent to its
 * whole body read.
 */
async function requestMany(
  send: () => Promise<Response>,
  check: (json: unknown) => number,
  count: number,
  connections: number,
  seconds: number,
): Promise<Requested> {
  const outcome: Requested = { latencies: [], returned: 0, unexpected: 0, reasons: new Set() };
  const deadline = performance.now() + seconds * 1000;
  let started = 0;
  const loop = async () => {
    while (started < count && performance.now() < deadline) {
      started += 1;
      const sentAt = performance.now();
      try {
        const response = await send();
        const text = await response.text();
        outcome.latencies.push(performance.now() - sentAt);
        if (response.status !== 200) {
          const { detail } = JSON.parse(text) as { detail?: string };
          throw new Error(`${response.status}: ${detail ?? text.slice(0, 200)}`);
        }
        outcome.returned = check(JSON.parse(text));
      } catch (error) {
        outcome.unexpected += 1;
        outcome.reasons.add(error instanceof Error ? error.message : String(error));
      }
    }
  };
  await Promise.all(Array.from({ length: connections }, loop));
  outcome.latencies.sort((a, b) => a - b);
  return outcome;
}

function poster(target: Target, token: string, path: string, body: unknown) {
  const payload = JSON.stringify(body);
  return () =>
    fetch(`${target.baseUrl}${path}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: payload,
    });
}

async function measureShape(
  target: Target,
  token: string,
  shape: Shape,
  settings: InsightSettings,
): Promise<ShapeMeasurement> {
  const send = poster(target, token, shape.path, shape.body);
  const { connections, warmup, requests, warmupSeconds, shapeSeconds } = settings;
  const warm = await requestMany(send, shape.check, warmup, connections, warmupSeconds);
  const run = await requestMany(send, shape.check, requests, connections, shapeSeconds);
  return {
    id: shape.id,
    title: shape.title,
    requests: run.latencies.length,
    latencyMs: {
      p50: percentile(run.latencies, 0.5),
      p95: percentile(run.latencies, 0.95),
      max: run.latencies.at(-1) ?? Number.NaN,
    },
    returned: run.returned,
    unexpected: warm.unexpected + run.unexpected,
    reasons: [...new Set([...warm.reasons, ...run.reasons])],
  };
}

function checkAnswer(json: unknown): number {
  const { answer } = json as { answer?: unknown };
  if (typeof answer !== 'string' || answer.length === 0) {
    throw new Error('no answer');
  }
  return 1;
}

/**
 * AskAgent turns on the demo agent (a new conversation each), the server's CPU per turn over
 * them; then as many turns' activity recorded in the server on their own, its CPU per turn.
 * Rounds alternate the two. Recording's share is its CPU over the rest of the turn's.
 */
async function measureRecording(
  target: Target,
  token: string,
  agentId: string,
  settings: InsightSettings,
): Promise<RecordingMeasurement> {
  const send = poster(target, token, '/api/Chat/AskAgent', {
    agentId,
    question: INSIGHT_QUESTION,
  });
  const { connections, turns, rounds } = settings;
  const reasons = new Set<string>();
  let unexpected = 0;
  const latencies: number[] = [];
  let askCpu = 0;
  let askTurns = 0;
  let recordCpu = 0;
  let recordWall = 0;
  let recordTurns = 0;
  await requestMany(send, checkAnswer, settings.warmup, connections, 60);
  await target.record(settings.warmup);
  for (let round = 0; round < rounds; round += 1) {
    const before = await target.cpuMicros();
    const asked = await requestMany(send, checkAnswer, turns, connections, 120);
    askCpu += (await target.cpuMicros()) - before;
    askTurns += asked.latencies.length;
    latencies.push(...asked.latencies);
    unexpected += asked.unexpected;
    asked.reasons.forEach((reason) => reasons.add(reason));
    const recorded = await target.record(turns);
    recordCpu += recorded.cpuMicros;
    recordWall += recorded.wallMs * 1000;
    recordTurns += recorded.turns;
  }
  latencies.sort((a, b) => a - b);
  const askPerTurn = askCpu / askTurns;
  const recordPerTurn = recordCpu / recordTurns;
  return {
    turns: askTurns,
    askCpuMicrosPerTurn: askPerTurn,
    askLatencyMs: { p50: percentile(latencies, 0.5), p95: percentile(latencies, 0.95) },
    recordCpuMicrosPerTurn: recordPerTurn,
    recordWallMicrosPerTurn: recordWall / recordTurns,
    addedShare: recordPerTurn / (askPerTurn - recordPerTurn),
    unexpected,
    reasons: [...reasons],
  };
}

export async function measureInsight(
  target: Target,
  log: (message: string) => void,
  settings: InsightSettings = INSIGHT_SETTINGS,
): Promise<InsightRun> {
  const insight = target.insight;
  if (!insight) {
    throw new Error('the insight workload needs a server seeded with activity');
  }
  const shapes: ShapeMeasurement[] = [];
  for (const shape of insightShapes()) {
    const measured = await measureShape(target, insight.token, shape, settings);
    log(
      `${shape.id}: p95 ${measured.latencyMs.p95.toFixed(1)} ms over ${measured.requests} requests`,
    );
    shapes.push(measured);
  }
  log('AskAgent and recording');
  const recording = await measureRecording(target, insight.token, insight.agentId, settings);
  return { shapes, recording };
}
