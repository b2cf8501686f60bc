import { randomBytes } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

// W3C Trace Context: version-traceid-parentid-flags.
const TRACEPARENT = /^00-([0-9a-f]{32})-[0-9a-f]{16}-[0-9a-f]{2}$/;

/**
 * The request id is the W3C trace id, continued from an incoming `traceparent` when there is
 * one, so the `traceId` a client quotes finds the log line.
 */
export function traceIdForRequest(request: IncomingMessage): string {
  const header = request.headers.traceparent;
  const incoming = typeof header === 'string' ? TRACEPARENT.exec(header)?.[1] : undefined;
  const traceId = incoming && !/^0+$/.test(incoming) ? incoming : randomBytes(16).toString('hex');
  return `00-${traceId}-${randomBytes(8).toString('hex')}-00`;
}
