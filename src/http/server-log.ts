import type { FastifyRequest, FastifyServerOptions } from 'fastify';
import { isSecretKey, redactUrls, REDACTED } from './log-policy.ts';

// Values checked per line; past it the rest is redacted rather than written unchecked.
const MAX_VALUES_PER_LINE = 10_000;
// Values that are a credential whatever key holds them: an Authorization header's.
const CREDENTIAL = /^(?:bearer|basic)\s/i;

/**
 * The server's logger options: the caller's (level, stream) with the log policy applied.
 * `false` keeps the log off.
 */
export function serverLogOptions(
  logger: FastifyServerOptions['logger'],
): FastifyServerOptions['logger'] {
  if (logger === false || logger === undefined) {
    return false;
  }
  return {
    ...(logger === true ? {} : logger),
    serializers: { req: serializeRequest },
    hooks: { streamWrite: censorLogLine },
  };
}

/** The request as it appears in the log: no headers; the censor redacts its URL. */
function serializeRequest(request: FastifyRequest): Record<string, unknown> {
  return { method: request.method, url: request.url, remoteAddress: request.ip };
}

/**
 * Pino's last step before a line is written, at every level and from every plugin: whatever
 * a line holds (an `err`, a plugin's options with the request headers in them), a secret-named
 * key's text is redacted, as are a query's secret values and raw bytes. Numbers and booleans
 * under such a key stay: a count of tokens is no secret.
 */
export function censorLogLine(line: string): string {
  try {
    return `${JSON.stringify(censored(JSON.parse(line)))}\n`;
  } catch {
    // Fail closed: a line that cannot be read back cannot be checked.
    return `${JSON.stringify({ time: Date.now(), msg: 'a log line that could not be checked was dropped' })}\n`;
  }
}

type Container = Record<string, unknown> | unknown[];

// Iterative, over a stack of places still to check: however deep a line nests, the call stack
// stays flat, and no more than MAX_VALUES_PER_LINE values are visited.
function censored(entry: unknown): unknown {
  const root: Container = [entry];
  const pending: [Container, string | number][] = [[root, 0]];
  let budget = MAX_VALUES_PER_LINE;
  for (let place = pending.pop(); place; place = pending.pop()) {
    const [container, key] = place;
    const value: unknown = (container as Record<string | number, unknown>)[key];
    budget -= 1;
    const replacement = budget < 0 ? REDACTED : censoredValue(value, key);
    if (replacement !== value) {
      (container as Record<string | number, unknown>)[key] = replacement;
    } else if (typeof value === 'object' && value !== null) {
      const children = value as Container;
      for (const childKey of Array.isArray(children) ? children.keys() : Object.keys(children)) {
        pending.push([children, childKey]);
      }
    }
  }
  return root[0];
}

function censoredValue(value: unknown, key: string | number): unknown {
  const isSecretText = typeof value === 'string' || (typeof value === 'object' && value !== null);
  if (isSecretText && typeof key === 'string' && isSecretKey(key)) {
    return REDACTED;
  }
  if (typeof value === 'string') {
    return CREDENTIAL.test(value) ? REDACTED : redactUrls(value);
  }
  // A Buffer as JSON: raw bytes, such as a malformed request's (Node's err.rawPacket).
  const isBuffer = (value as { type?: unknown } | null)?.type === 'Buffer';
  return isBuffer ? REDACTED : value;
}
