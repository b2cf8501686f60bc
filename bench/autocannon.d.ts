// The part of autocannon's API the benchmarks use (autocannon ships no types of its own).
declare module 'autocannon' {
  interface Options {
    url: string;
    connections?: number;
    /** Seconds. */
    duration?: number;
    headers?: Record<string, string>;
    /** A first run whose results are discarded: JIT, caches and connection pools warm up. */
    warmup?: { connections?: number; duration?: number };
    /** A response whose body this does not accept counts as a mismatch. */
    verifyBody?: (body: string) => boolean;
    /** Seconds before a request counts as timed out. */
    timeout?: number;
  }

  /** Percentiles and moments; latencies in milliseconds, requests per second sample. */
  interface Histogram {
    average: number;
    mean: number;
    stddev: number;
    min: number;
    max: number;
    p50: number;
    p90: number;
    p99: number;
    total: number;
  }

  interface Result {
    requests: Histogram & { sent: number };
    latency: Histogram & { totalCount: number };
    throughput: Histogram;
    errors: number;
    timeouts: number;
    mismatches: number;
    non2xx: number;
    '2xx': number;
    statusCodeStats: Record<string, { count: number }>;
    /** Seconds actually measured. */
    duration: number;
  }

  /** A running load: a thenable for the result, and an emitter of each response. */
  interface Instance extends PromiseLike<Result> {
    /** `latencyMs` is a float, unlike the result's whole-millisecond histogram. */
    on(
      event: 'response',
      listener: (client: unknown, statusCode: number, bytes: number, latencyMs: number) => void,
    ): this;
  }

  function autocannon(options: Options): Instance;
  export = autocannon;
}
