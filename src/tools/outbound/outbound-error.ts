/**
 * An outbound call that did not get an answer, in words the model (or the admin testing the API)
 * can act on: never a stack trace, a secret or a full URL (a query may carry an API key).
 */
export class OutboundError extends Error {
  override readonly name = 'OutboundError';
}

// request-filtering-agent's refusal: "DNS lookup 10.0.0.1(family:4, host:x) is not allowed…".
const REFUSED = /^DNS lookup (.+?)\(family:.*is not allowed/;

/** The network error of a call to `host`, told as what happened and what may be done. */
export function describeNetworkError(error: unknown, host: string): OutboundError {
  const message = error instanceof Error ? error.message : '';
  const refused = REFUSED.exec(message);
  if (refused) {
    return new OutboundError(
      `Calls to ${host} are refused: it is at ${refused[1]}, a private, loopback, link-local or otherwise internal address. The server administrator may allow that network with AIRISK_OUTBOUND_ALLOWED_NETWORKS`,
    );
  }
  const code = (error as { code?: unknown } | null)?.code;
  switch (code) {
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return new OutboundError(`The host ${host} was not found (DNS): check the API's URL`);
    case 'ECONNREFUSED':
      return new OutboundError(`${host} refused the connection: is the API running there?`);
    case 'ECONNRESET':
    case 'EPIPE':
      return new OutboundError(`${host} closed the connection before answering`);
    case 'ETIMEDOUT':
    case 'ENETUNREACH':
    case 'EHOSTUNREACH':
      return new OutboundError(`${host} could not be reached (${code})`);
    case 'HPE_INVALID_CONSTANT':
    case 'HPE_INVALID_HEADER_TOKEN':
      return new OutboundError(`${host} did not answer in HTTP`);
    default:
      break;
  }
  if (typeof code === 'string' && /CERT|SSL|TLS|SELF_SIGNED|UNABLE_TO_/.test(code)) {
    return new OutboundError(`The TLS certificate of ${host} was not accepted (${code})`);
  }
  return new OutboundError(
    `The call to ${host} failed${typeof code === 'string' ? ` (${code})` : ''}`,
  );
}
