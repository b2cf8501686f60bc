import type { OAuthMetrics } from '../oauth/oauth-deps.ts';
import type { EngineMetrics } from '../chat/engines/engine.ts';
import type { DatabaseObserver } from '../store/database.ts';
import type { OpenStreams } from '../http/event-stream.ts';
import type { TooManyRequestsReason } from '../lib/errors.ts';
import type { ScannerName, ScanVerdict } from '../vocabulary/scanners.ts';

/**
 * Everything the server counts for Prometheus; prometheus-metrics.ts names the series. Each
 * layer declares what it reports (OAuthMetrics, EngineMetrics, DatabaseObserver, OpenStreams)
 * and receives this, so nothing but that file knows prom-client. Every label value is from a
 * closed set or a name an administrator chose (an engine's model): never a secret, a token, an
 * email, an id, a person's text or a URL.
 */
export interface Metrics extends OAuthMetrics, EngineMetrics, DatabaseObserver, OpenStreams {
  /** One answered request, by its route's pattern (`/api/Users/:id`, undefined: none matched). */
  httpRequest(method: string, route: string | undefined, status: number, seconds: number): void;
  rateLimitHit(limit: RateLimitName): void;
  scannerVerdict(scanner: ScannerName, verdict: ScanVerdict): void;
}

/** The budgets whose refusals are rate-limit hits; a locked account's is a lockout hit. */
export type RateLimitName = Exclude<TooManyRequestsReason, 'account_locked'>;

/** The metrics of a server with AIRISK_METRICS_TOKEN set: what GET /metrics shows. */
export interface ServerMetrics extends Metrics {
  /** The exposition's media type: Prometheus text format 0.0.4. */
  readonly contentType: string;
  exposition(): Promise<string>;
}

const nothing = (): void => {};

/** The metrics of a server without AIRISK_METRICS_TOKEN: nobody may read them, none are kept. */
export const NO_METRICS: Metrics = {
  httpRequest: nothing,
  rateLimitHit: nothing,
  scannerVerdict: nothing,
  codeIssued: nothing,
  tokenIssued: nothing,
  oauthDenied: nothing,
  lockoutHit: nothing,
  engineCall: nothing,
  statement: nothing,
  watchPool: nothing,
  eventStreamOpened: nothing,
  eventStreamClosed: nothing,
};
