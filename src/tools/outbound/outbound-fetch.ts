import type { IncomingHttpHeaders } from 'node:http';
import type { OutboundPolicy } from './outbound-policy.ts';
import { callOutbound, type OutboundLimits } from './outbound-call.ts';

/** What a library's injected fetch is called with (oauth4webapi's customFetch). */
export interface FetchLikeInit {
  method: string;
  headers: Record<string, string>;
  body?: URLSearchParams | string | null | undefined;
  signal?: AbortSignal | undefined;
}

/**
 * A fetch for libraries (oauth4webapi's token request) that goes through the outbound policy:
 * the resolved address is checked, the origin kept, the size capped, the time bounded. Failures
 * reject with OutboundError, as callOutbound's do.
 */
export function outboundFetch(
  policy: OutboundPolicy,
  limits: OutboundLimits,
): (url: string, init: FetchLikeInit) => Promise<Response> {
  return async (url, init) => {
    const response = await callOutbound(
      policy,
      {
        url: new URL(url),
        method: init.method,
        headers: init.headers,
        body: init.body === null || init.body === undefined ? undefined : init.body.toString(),
      },
      { ...limits, signal: anyOf(limits.signal, init.signal) },
    );
    // Fetch forbids a body on these statuses.
    const bodyless = [101, 204, 205, 304].includes(response.status);
    return new Response(bodyless ? null : response.body, {
      status: response.status,
      statusText: response.statusText,
      headers: headersOf(response.headers),
    });
  };
}

function anyOf(...signals: (AbortSignal | undefined)[]): AbortSignal | undefined {
  const present = signals.filter((signal) => signal !== undefined);
  return present.length > 1 ? AbortSignal.any(present) : present[0];
}

function headersOf(incoming: IncomingHttpHeaders): Headers {
  const headers = new Headers();
  for (const [name, value] of Object.entries(incoming)) {
    for (const one of Array.isArray(value) ? value : value === undefined ? [] : [value]) {
      headers.append(name, one);
    }
  }
  return headers;
}
