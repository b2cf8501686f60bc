import { isDeepStrictEqual } from 'node:util';
import autocannon from 'autocannon';

export const CONNECTIONS = 10;
/** Each workload is loaded once per round, the rounds interleaving all workloads. */
export const ROUNDS = 2;
export const WARMUP_SECONDS = 1;
export const MEASURE_SECONDS = 3;
/** A server just started (and just seeded) is slower for a while than a workload's warm-up covers. */
export const SERVER_WARMUP_SECONDS = 3;

/** One GET and what its 200 body must be. */
export interface Workload {
  id: string;
  title: string;
  path: string;
  /** The exact JSON body, or the exact emails of the users listed, in order. */
  expected: { json: unknown } | { emails: string[] };
}

/** A workload aimed at a listening server. */
export interface Aimed {
  workload: Workload;
  baseUrl: string;
  token: string | undefined;
}

export interface Measurement {
  workload: string;
  title: string;
  path: string;
  requestsPerSecond: number;
  latencyMs: { p50: number; p99: number; mean: number; max: number };
  requests: number;
  non2xx: number;
  /** 2xx responses whose body was not the expected one. */
  mismatches: number;
  /** Socket errors, timeouts included. */
  errors: number;
  timeouts: number;
  statusCodes: Record<string, number>;
  /** Seconds measured, over all rounds. */
  seconds: number;
}

/** One measured run of one workload. */
interface Sample {
  latencies: number[];
  requests: number;
  seconds: number;
  non2xx: number;
  mismatches: number;
  errors: number;
  timeouts: number;
  statusCodes: Record<string, number>;
}

/**
 * Loads the workloads round after round (A B C, A B C…), so a neighbour's load or the
 * machine's drift weighs on all of them alike rather than on whichever ran at a bad moment.
 */
export async function measureInterleaved(aims: Aimed[]): Promise<Measurement[]> {
  const samples: Sample[][] = aims.map(() => []);
  for (let round = 0; round < ROUNDS; round += 1) {
    for (const [index, aim] of aims.entries()) {
      samples[index]!.push(await loadOnce(aim));
    }
  }
  return aims.map(({ workload }, index) => combine(workload, samples[index]!));
}

/**
 * Checks one response in full (status, exact body) before loading the route, so a benchmark
 * never measures an error page; then loads it with a warm-up and counts every non-2xx, socket
 * error and body mismatch of the measured run.
 */
async function loadOnce({ workload, baseUrl, token }: Aimed): Promise<Sample> {
  const url = `${baseUrl}${workload.path}`;
  const headers = headersFor(token);
  await checkOnce(url, headers, workload);
  const latencies: number[] = [];
  const run = autocannon({
    url,
    headers,
    connections: CONNECTIONS,
    duration: MEASURE_SECONDS,
    warmup: { connections: CONNECTIONS, duration: WARMUP_SECONDS },
    verifyBody: bodyCheck(workload),
    timeout: 10,
  });
  // Only the measured run emits here (the warm-up has its own emitter), 2xx like autocannon's.
  run.on('response', (_client, statusCode, _bytes, latencyMs) => {
    if (statusCode >= 200 && statusCode < 300) {
      latencies.push(latencyMs);
    }
  });
  const result = await run;
  return {
    latencies,
    requests: result.requests.total,
    seconds: result.duration,
    non2xx: result.non2xx,
    mismatches: result.mismatches,
    errors: result.errors,
    timeouts: result.timeouts,
    statusCodes: Object.fromEntries(
      Object.entries(result.statusCodeStats).map(([code, { count }]) => [code, count]),
    ),
  };
}

function combine(workload: Workload, samples: Sample[]): Measurement {
  const total = (pick: (sample: Sample) => number) =>
    samples.reduce((sum, sample) => sum + pick(sample), 0);
  const statusCodes: Record<string, number> = {};
  for (const sample of samples) {
    for (const [code, count] of Object.entries(sample.statusCodes)) {
      statusCodes[code] = (statusCodes[code] ?? 0) + count;
    }
  }
  const seconds = total((sample) => sample.seconds);
  return {
    workload: workload.id,
    title: workload.title,
    path: workload.path,
    requestsPerSecond: total((sample) => sample.requests) / seconds,
    latencyMs: summarize(samples.flatMap((sample) => sample.latencies)),
    requests: total((sample) => sample.requests),
    non2xx: total((sample) => sample.non2xx),
    mismatches: total((sample) => sample.mismatches),
    errors: total((sample) => sample.errors),
    timeouts: total((sample) => sample.timeouts),
    statusCodes,
    seconds,
  };
}

/** Loads a freshly started server, results discarded, so its first workload is not penalised. */
export async function warmUpServer({ workload, baseUrl, token }: Aimed): Promise<void> {
  await autocannon({
    url: `${baseUrl}${workload.path}`,
    headers: headersFor(token),
    connections: CONNECTIONS,
    duration: SERVER_WARMUP_SECONDS,
  });
}

function headersFor(token: string | undefined): Record<string, string> {
  return token
    ? { authorization: `Bearer ${token}`, accept: 'application/json' }
    : { accept: 'application/json' };
}

/**
 * From each response's own float time: autocannon's histogram keeps whole milliseconds, too
 * coarse for routes answering in under one.
 */
function summarize(latencies: number[]): Measurement['latencyMs'] {
  const sorted = Float64Array.from(latencies).sort();
  const at = (quantile: number) =>
    sorted[Math.max(0, Math.ceil(quantile * sorted.length) - 1)] ?? 0;
  const mean = sorted.reduce((sum, value) => sum + value, 0) / (sorted.length || 1);
  const round = (value: number) => Math.round(value * 100) / 100;
  return { p50: round(at(0.5)), p99: round(at(0.99)), mean: round(mean), max: round(at(1)) };
}

async function checkOnce(
  url: string,
  headers: Record<string, string>,
  workload: Workload,
): Promise<void> {
  const response = await fetch(url, { headers });
  const text = await response.text();
  if (response.status !== 200) {
    throw new Error(`${workload.id}: GET ${url} answered ${response.status}: ${text}`);
  }
  const body: unknown = JSON.parse(text);
  const actual =
    'json' in workload.expected ? body : (body as { email: string }[]).map((u) => u.email);
  const expected = 'json' in workload.expected ? workload.expected.json : workload.expected.emails;
  if (!isDeepStrictEqual(actual, expected)) {
    throw new Error(
      `${workload.id}: unexpected body ${JSON.stringify(actual)}, expected ${JSON.stringify(expected)}`,
    );
  }
}

/**
 * A per-response check cheap enough not to slow the load generator: the exact body for a fixed
 * JSON; the first and last expected emails, in order, for a page of users.
 */
function bodyCheck(workload: Workload): (body: string) => boolean {
  if ('json' in workload.expected) {
    const exact = JSON.stringify(workload.expected.json);
    return (body) => body === exact;
  }
  const { emails } = workload.expected;
  const first = `"email":"${emails[0]}"`;
  const last = `"email":"${emails.at(-1)}"`;
  return (body) => {
    const at = body.indexOf(first);
    return at >= 0 && body.indexOf(last, at) >= 0;
  };
}
