// Other spellings of three routes in the AIRisk documentation (spec §0), answered as the route
// itself and kept out of the OpenAPI document. Keys are lower-case, without a trailing slash.
const ALIASES = new Map([
  ['/api/listusers', '/api/Users/ListUsers'],
  ['/api/getconversations', '/api/Chat/GetConversations'],
  ['/api/api/oauth2/token', '/api/oauth2/Token'],
]);

// One trailing slash more than the longest key: any longer path is none of them.
const LONGEST_PATH = Math.max(...[...ALIASES.keys()].map((path) => path.length)) + 1;

/**
 * Fastify's rewriteUrl: called before routing on every request, the token endpoint's included,
 * so a path too long to be an alias costs one indexOf and a comparison. The query is kept.
 */
export function rewriteDocumentedAlias(request: { url?: string | undefined }): string {
  const url = request.url ?? '/';
  const queryAt = url.indexOf('?');
  const pathEnd = queryAt === -1 ? url.length : queryAt;
  if (pathEnd > LONGEST_PATH) {
    return url;
  }
  const path = url.slice(0, url[pathEnd - 1] === '/' ? pathEnd - 1 : pathEnd).toLowerCase();
  const canonical = ALIASES.get(path);
  return canonical === undefined ? url : canonical + url.slice(pathEnd);
}
