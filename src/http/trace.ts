import { randomUUID } from 'node:crypto';
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
  const traceId = incoming && !/^0+$/.test(incoming) ? incoming : randomHex();
  return `00-${traceId}-${randomHex().slice(16)}-00`;
}

// randomUUID draws from a buffered pool of random bytes: far cheaper per request than
// randomBytes, and 122 random bits are plenty for an id that only has to be unique.
function randomHex(): string {
  return randomUUID().replaceAll('-', '');
}
