import type { FastifyRequest } from 'fastify';

/**
 * RFC 8288 `Link` to the next page: the request's own URL with `changes` applied (undefined
 * removes a parameter), so a client follows it without building URLs itself.
 */
export function nextPageLink(
  request: FastifyRequest,
  changes: Record<string, string | undefined>,
): string {
  const url = new URL(request.url, 'http://placeholder');
  for (const [name, value] of Object.entries(changes)) {
    // Names are bound in any case (request-names.ts): replace `Skip` as well as `skip`.
    for (const sent of [...url.searchParams.keys()]) {
      if (sent.toLowerCase() === name.toLowerCase()) {
        url.searchParams.delete(sent);
      }
    }
    if (value !== undefined) {
      url.searchParams.set(name, value);
    }
  }
  return `<${url.pathname}${url.search}>; rel="next"`;
}
