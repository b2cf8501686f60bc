import autocannon from 'autocannon';
import type { Target } from './target.ts';

export const CONNECTIONS = 50;
/** Each workload is loaded once per round, the rounds interleaving all workloads. */
export const ROUNDS = 2;
export const WARMUP_SECONDS = 0.5;
export const MEASURE_SECONDS = 1.5;

/** One request of an operation, with what its response must be. */
export interface Step {
  method: 'GET' | 'POST';
  path: string;
  headers?: Record<string, string>;
  /** Builds the body from what the connection carries (its code). */
  body?: (state: ConnectionState) => string;
  /** What is wrong with the response, or undefined when it is as expected. */
  check: (response: Response) => string | undefined;
  /** Keeps what the next step of the operation needs (the code from the redirect). */
  keep?: (state: ConnectionState, headers: Record<string, string>) => void;
}

export interface Response {
  status: number;
  body: string;
  headers: Record<string, string>;
}

/** What one connection carries from one step of an operation to the next. */
export interface ConnectionState {
  code?: string | undefined;
}

/** A workload: one operation (one or more requests) repeated on every connection. */
export interface Workload {
  id: string;
  title: string;
  target: Target;
  steps: Step[];
  /** Authorization codes one operation redeems: minted before each run. */
  codesPerOperation: number;
}

export interface Sample {
  /** Latency of each whole operation, ms (its steps' latencies added up). */
  latencies: number[];
  operations: number;
  seconds: number;
  /** Responses that were not what the workload expects, with the first few reasons. */
  unexpected: number;
  reasons: string[];
  errors: number;
  timeouts: number;
  /** Operations run, warm-up included (SQL statements are counted over all of them). */
  allOperations: number;
  /** The run stopped early because the minted codes ran out. */
  ranOut: boolean;
}

const MAX_REASONS = 5;
const RAN_OUT_PATH = '/bench-ran-out-of-codes';

/**
 * Loads one workload: a warm-up, then the measured run. Every response is checked against the
 * step's expectation (a benchmark that measures errors measures nothing), and a workload that
 * redeems codes gets a fresh one per operation from `codes`. `onMeasuring` is called once, at
 * the measured run's first response (e.g. to read the server's CPU time there).
 */
export async function loadOnce(
  workload: Workload,
  codes: string[],
  onMeasuring?: () => void,
): Promise<Sample> {
  const sample: Sample = {
    latencies: [],
    operations: 0,
    seconds: 0,
    unexpected: 0,
    reasons: [],
    errors: 0,
    timeouts: 0,
    allOperations: 0,
    ranOut: false,
  };
  const lastStep = workload.steps.length - 1;
  let nextCode = 0;
  // setupRequest runs before autocannon() returns, and its instance can stop only once the
  // measured run has begun (not during the warm-up): stopping waits for the next tick.
  const running: { instance?: autocannon.Instance } = {};
  const stopSoon = () =>
    setImmediate(() => {
      if (typeof running.instance?.stop === 'function') {
        running.instance.stop();
      }
    });
  // Out of codes: stop rather than send a used one. Until the stop takes, requests go to a
  // path that redeems nothing, and responses are no longer counted.
  const takeCode = () => {
    if (nextCode >= codes.length) {
      sample.ranOut = true;
      stopSoon();
      return undefined;
    }
    return codes[nextCode++];
  };
  const requests = workload.steps.map((step, index) => ({
    method: step.method,
    path: step.path,
    headers: step.headers,
    setupRequest(request: autocannon.RequestData, state: ConnectionState) {
      if (index === 0 && workload.codesPerOperation > 0) {
        state.code = takeCode();
      }
      if (sample.ranOut) {
        return { ...request, method: 'GET', path: RAN_OUT_PATH, body: undefined };
      }
      if (step.body) {
        request.body = step.body(state);
      }
      return request;
    },
    onResponse(status: number, body: string, state: ConnectionState, headers: Response['headers']) {
      if (sample.ranOut) {
        return;
      }
      const wrong = step.check({ status, body, headers });
      if (wrong) {
        sample.unexpected += 1;
        if (sample.reasons.length < MAX_REASONS) {
          sample.reasons.push(`${step.method} ${step.path}: ${wrong}`);
        }
      }
      step.keep?.(state, headers);
      if (index === lastStep) {
        sample.allOperations += 1;
      }
    },
  }));
  const run = autocannon({
    url: workload.target.baseUrl,
    connections: CONNECTIONS,
    duration: MEASURE_SECONDS,
    warmup: { connections: CONNECTIONS, duration: WARMUP_SECONDS },
    requests,
    timeout: 10,
  });
  running.instance = run;
  // Only the measured run emits here. Connections send their steps in order, one at a time, so
  // an operation's latency is the sum of its steps' on one connection.
  const inProgress = new Map<unknown, { step: number; latencyMs: number }>();
  let measuring = false;
  run.on('response', (client, _status, _bytes, latencyMs) => {
    if (sample.ranOut) {
      return;
    }
    if (!measuring) {
      measuring = true;
      onMeasuring?.();
    }
    const operation = inProgress.get(client) ?? { step: 0, latencyMs: 0 };
    operation.latencyMs += latencyMs;
    if (operation.step === lastStep) {
      inProgress.delete(client);
      sample.latencies.push(operation.latencyMs);
      sample.operations += 1;
    } else {
      operation.step += 1;
      inProgress.set(client, operation);
    }
  });
  const result = await run;
  sample.seconds = result.duration;
  sample.errors = result.errors;
  sample.timeouts = result.timeouts;
  return sample;
}
