import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { StatementKind } from '../store/database.ts';
import type { ServerMetrics } from './metrics.ts';

// Every series of the server, and so the names deploy/grafana-dashboard.json queries.
const PREFIX = 'airisk_';

// Requests take from a millisecond (a cached bearer check) to minutes (a streamed answer).
const HTTP_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];
const ENGINE_BUCKETS = [0.25, 0.5, 1, 2.5, 5, 10, 20, 30, 60, 120, 300];
const STATEMENT_BUCKETS = [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.1, 0.5, 2];
const STATEMENT_KINDS: readonly StatementKind[] = ['select', 'insert', 'update', 'delete', 'other'];

// A request's method is its client's choice: anything else than these is counted as one.
const METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);
const UNMATCHED_ROUTE = 'unmatched';
// A model is an administrator's setting: bounded in number, and here in length.
const MAX_MODEL_CHARS = 100;

interface RequestSeries {
  requests: Counter.Internal;
  duration: Histogram.Internal<string>;
}

/**
 * The server's metrics in a registry of their own, with Node's process metrics (event loop lag,
 * heap, CPU, file descriptors) beside them. Not prom-client's global registry: the tests build
 * many apps in one process, and each app counts its own.
 */
export function createServerMetrics(): ServerMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: PREFIX });
  const registers = [registry];
  const counter = <T extends string>(name: string, help: string, labelNames: readonly T[]) =>
    new Counter<T>({ name: PREFIX + name, help, labelNames, registers });
  const histogram = <T extends string>(
    name: string,
    help: string,
    labelNames: readonly T[],
    buckets: number[],
  ) => new Histogram<T>({ name: PREFIX + name, help, labelNames, buckets, registers });

  const http = ['method', 'route', 'status'] as const;
  const requests = counter('http_requests_total', 'HTTP requests answered', http);
  const requestSeconds = histogram(
    'http_request_duration_seconds',
    'Time to answer an HTTP request (a streamed answer: until its end)',
    http,
    HTTP_BUCKETS,
  );
  // One series object per (method, route, status), made once: a request costs two lookups.
  const requestSeries = new Map<string, RequestSeries>();

  const codes = counter('oauth_codes_issued_total', 'Authorization codes issued', ['kind']);
  const tokens = counter('oauth_tokens_issued_total', 'Access tokens issued', ['grant', 'kind']);
  const denials = counter('oauth_denials_total', 'OAuth2 errors answered, by code', ['error']);
  const rateLimits = counter('rate_limit_hits_total', 'Requests refused by a rate limit', [
    'limit',
  ]);
  const lockouts = counter('lockout_hits_total', 'Requests refused by a lock', ['subject']);

  const engine = ['engine', 'model'] as const;
  const engineCalls = counter('engine_calls_total', 'Calls to LLM engines', engine);
  const engineSeconds = histogram(
    'engine_call_duration_seconds',
    'Time an LLM engine call took, to the end of its answer or failure',
    engine,
    ENGINE_BUCKETS,
  );
  const engineTokens = counter('engine_tokens_total', 'Tokens of answered engine calls', [
    ...engine,
    'type',
  ]);
  const engineErrors = counter('engine_errors_total', 'Engine calls without a whole answer', [
    ...engine,
    'kind',
  ]);

  const verdicts = counter('scanner_verdicts_total', "Scanners' verdicts on texts", [
    'scanner',
    'verdict',
  ]);
  const streams = new Gauge({
    name: `${PREFIX}sse_streams_open`,
    help: 'Server-Sent Events answer streams open now',
    registers,
  });
  const statementSeconds = histogram(
    'db_statement_duration_seconds',
    'Time a database statement took, by kind',
    ['kind'],
    STATEMENT_BUCKETS,
  );
  const statementSeries = new Map(
    STATEMENT_KINDS.map((kind) => [kind, statementSeconds.labels(kind)]),
  );
  let watchedPool = false;

  return {
    contentType: registry.contentType,
    exposition: () => registry.metrics(),
    httpRequest(method, route, status, seconds) {
      const key = `${method} ${status} ${route ?? ''}`;
      let series = requestSeries.get(key);
      if (!series) {
        const labels = [
          METHODS.has(method) ? method : 'other',
          route ?? UNMATCHED_ROUTE,
          `${status}`,
        ];
        series = {
          requests: requests.labels(...labels),
          duration: requestSeconds.labels(...labels),
        };
        requestSeries.set(key, series);
      }
      series.requests.inc();
      series.duration.observe(seconds);
    },
    codeIssued: (kind) => codes.inc({ kind }),
    tokenIssued: (grant, kind) => tokens.inc({ grant, kind }),
    oauthDenied: (error) => denials.inc({ error }),
    rateLimitHit: (limit) => rateLimits.inc({ limit }),
    lockoutHit: (subject) => lockouts.inc({ subject }),
    engineCall({ engine, model, seconds, usage, failure }) {
      const labels = { engine, model: model.slice(0, MAX_MODEL_CHARS) };
      engineCalls.inc(labels);
      engineSeconds.observe(labels, seconds);
      if (usage) {
        engineTokens.inc({ ...labels, type: 'input' }, usage.promptTokens);
        engineTokens.inc({ ...labels, type: 'output' }, usage.completionTokens);
      }
      if (failure) {
        engineErrors.inc({ ...labels, kind: failure });
      }
    },
    scannerVerdict: (scanner, verdict) => verdicts.inc({ scanner, verdict }),
    eventStreamOpened: () => streams.inc(),
    eventStreamClosed: () => streams.dec(),
    statement: (kind, durationMs) => statementSeries.get(kind)?.observe(durationMs / 1000),
    watchPool(read) {
      // Read as Prometheus scrapes: a pool's counts change with every query.
      if (watchedPool) {
        return;
      }
      watchedPool = true;
      const poolGauge = (
        name: string,
        help: string,
        count: (counts: ReturnType<typeof read>) => number,
      ) =>
        new Gauge({
          name: PREFIX + name,
          help,
          registers,
          collect() {
            this.set(count(read()));
          },
        });
      poolGauge('db_pool_connections', 'PostgreSQL connections open, busy or idle', (c) => c.total);
      poolGauge('db_pool_idle_connections', 'PostgreSQL connections idle', (c) => c.idle);
      poolGauge('db_pool_waiting_queries', 'Queries waiting for a connection', (c) => c.waiting);
    },
  };
}
