// The part of autocannon's API the benchmarks use (autocannon ships no types of its own).
declare module 'autocannon' {
  namespace autocannon {
    /** What is sent: a request's fields as setupRequest may change them. */
    interface RequestData {
      method?: string;
      path?: string;
      headers?: Record<string, string>;
      body?: string;
    }

    /**
     * One request of the sequence each connection repeats; `context` is the connection's own.
     * Declared as methods: autocannon passes whatever context object the caller keeps in it.
     */
    interface Request extends RequestData {
      setupRequest?(request: RequestData, context: object): RequestData;
      onResponse?(
        status: number,
        body: string,
        context: object,
        headers: Record<string, string>,
      ): void;
    }

    interface Options {
      url: string;
      connections?: number;
      /** Seconds. */
      duration?: number;
      headers?: Record<string, string>;
      requests?: Request[];
      /** A first run whose results are discarded: JIT, caches and connection pools warm up. */
      warmup?: { connections?: number; duration?: number };
      /** Seconds before a request counts as timed out. */
      timeout?: number;
    }

    interface Result {
      requests: { total: number };
      errors: number;
      timeouts: number;
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
      /** Ends the run now; the result covers what ran until then. */
      stop(): void;
    }
  }

  function autocannon(options: autocannon.Options): autocannon.Instance;
  export = autocannon;
}
