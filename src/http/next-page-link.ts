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
    if (value === undefined) {
      url.searchParams.delete(name);
    } else {
      url.searchParams.set(name, value);
    }
  }
  return `<${url.pathname}${url.search}>; rel="next"`;
}
