import type { OutboundPolicy } from './outbound-policy.ts';
import { OutboundError } from './outbound-error.ts';
import { sendOnce, type OutboundRequest, type OutboundResponse } from './send-once.ts';

export interface OutboundLimits {
  /** The whole call: connection, redirects and the last byte. */
  timeoutMs: number;
  maxResponseBytes: number;
  /** The turn's: aborted when the client leaves or the engine gives up. */
  signal?: AbortSignal | undefined;
}

const MAX_REDIRECTS = 3;
const REDIRECTS = new Set([301, 302, 303, 307, 308]);

/**
 * A call that reaches only the request's origin (its scheme, host and port): a redirect there is
 * followed (at most 3), one elsewhere refused, so an API cannot bounce the server to another host.
 * Failures throw OutboundError in words; the caller turns them into the model's answer.
 */
export async function callOutbound(
  policy: OutboundPolicy,
  request: OutboundRequest,
  limits: OutboundLimits,
): Promise<OutboundResponse> {
  if (request.url.protocol !== 'https:' && request.url.protocol !== 'http:') {
    throw new OutboundError(`Only http and https URLs are called, not ${request.url.protocol}`);
  }
  const timeout = AbortSignal.timeout(limits.timeoutMs);
  const signal = limits.signal ? AbortSignal.any([timeout, limits.signal]) : timeout;
  const origin = request.url.origin;
  let current = request;
  try {
    for (let redirects = 0; ; redirects += 1) {
      signal.throwIfAborted();
      const response = await sendOnce(policy, current, limits.maxResponseBytes, signal);
      const location = response.headers.location;
      if (!REDIRECTS.has(response.status) || location === undefined) {
        return response;
      }
      if (redirects === MAX_REDIRECTS) {
        throw new OutboundError(`${request.url.host} redirected more than ${MAX_REDIRECTS} times`);
      }
      current = redirected(current, response.status, location, origin);
    }
  } catch (error) {
    if (timeout.aborted) {
      throw new OutboundError(
        `${request.url.host} did not answer within ${limits.timeoutMs} ms, this API's timeout`,
      );
    }
    if (signal.aborted) {
      throw new OutboundError('The call was cancelled: the turn ended before the API answered');
    }
    throw error;
  }
}

/** Fetch's rules (WHATWG Fetch §4.4): 303, and 301/302 after a POST, continue as a GET. */
function redirected(
  previous: OutboundRequest,
  status: number,
  location: string,
  origin: string,
): OutboundRequest {
  const url = URL.canParse(location, previous.url.href)
    ? new URL(location, previous.url)
    : undefined;
  if (url === undefined) {
    throw new OutboundError(`${previous.url.host} redirected to an address that is not a URL`);
  }
  if (url.origin !== origin) {
    throw new OutboundError(
      `${previous.url.host} redirected to ${url.host || url.protocol}, another host: calls go only to the API's own host, so the redirect was not followed`,
    );
  }
  const asGet =
    status === 303 || ((status === 301 || status === 302) && previous.method === 'POST');
  if (!asGet) {
    return { ...previous, url };
  }
  const { 'content-type': _, ...headers } = lowerCased(previous.headers);
  return { url, method: 'GET', headers, body: undefined };
}

function lowerCased(headers: Record<string, string>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(headers).map(([name, value]) => [name.toLowerCase(), value]),
  );
}
