import type { FastifyRequest } from 'fastify';

// Parameters that could carry a credential if a client misplaces it in the query string.
const SECRET_PARAMETERS = /([?&](?:code|code_verifier|client_secret|access_token|token)=)[^&]*/gi;

/** The request as it appears in the log: no headers, and no credential in the URL. */
export function serializeRequest(request: FastifyRequest): Record<string, unknown> {
  return {
    method: request.method,
    url: request.url.replace(SECRET_PARAMETERS, '$1[redacted]'),
    remoteAddress: request.ip,
  };
}
