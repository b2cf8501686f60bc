import { ValidationError } from '../../lib/errors.ts';
import { parseUrl } from '../../lib/parse-url.ts';

const MAX_URL_CHARS = 2048;

/**
 * An absolute http(s) URL an admin gave (a base URL, a token URL), as the server will call it.
 * No credentials in it (they belong in a custom secret, which is sealed and audited), and no
 * fragment; a query only where `allowQuery` (a base URL's would be lost when the path is added).
 */
export function parseHttpUrl(text: string, field: string, allowQuery: boolean): string {
  const trimmed = text.trim();
  const url = trimmed.length <= MAX_URL_CHARS ? parseUrl(trimmed) : undefined;
  if (url === undefined || (url.protocol !== 'https:' && url.protocol !== 'http:')) {
    throw new ValidationError(
      `${field} must be an http(s) URL such as https://api.example.com/v1, got "${text}"`,
    );
  }
  if (url.username || url.password) {
    throw new ValidationError(
      `${field} must not hold credentials: put them in a custom secret and name it in auth`,
    );
  }
  if (url.hash || (!allowQuery && url.search)) {
    throw new ValidationError(
      `${field} must not have a ${url.hash ? 'fragment' : 'query'}${allowQuery ? '' : ': use fixed query parameters instead'}`,
    );
  }
  const href = url.href;
  return allowQuery ? href : href.replace(/\/+$/, '');
}
