import type { FastifyRequest } from 'fastify';
import { ValidationError } from '../lib/errors.ts';
import { parseUrl } from '../lib/parse-url.ts';

/**
 * RFC 8288 `Link` to the next page: the request's own URL with `changes` applied (undefined
 * removes a parameter), so a client follows it without building URLs itself.
 */
export function nextPageLink(
  request: FastifyRequest,
  changes: Record<string, string | undefined>,
): string {
  // Leading slashes collapsed: `//host/…` would be read as another host, `//[x` not at all.
  const url = parseUrl(request.url.replace(/^\/{2,}/, '/'), 'http://placeholder');
  if (!url) {
    throw new ValidationError('The request URL is not a valid URL');
  }
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
