import { ValidationError } from '../lib/errors.ts';
import { parseUrl } from '../lib/parse-url.ts';

// A loopback IP literal (RFC 8252 §7.3; `localhost` is a name, §8.3), its port if any, then the
// rest from `/`, `?` or the end: a port followed by `@` or anything else is no port.
const LOOPBACK = /^http:\/\/(127\.0\.0\.1|\[::1\])(?::(\d{1,5}))?(?=[/?]|$)/;

/**
 * Validates redirect URIs an admin registers. Each input may be a comma-separated list, the
 * form the original server stored them in.
 */
export function parseRegisteredRedirectUris(inputs: readonly string[]): string[] {
  const uris = inputs
    .flatMap((input) => input.split(','))
    .map((uri) => uri.trim())
    .filter(Boolean);
  if (uris.length === 0) {
    throw new ValidationError('At least one redirect URI is required');
  }
  for (const uri of uris) {
    assertValidRedirectUri(uri);
  }
  return [...new Set(uris)];
}

function assertValidRedirectUri(uri: string): void {
  const url = parseUrl(uri);
  if (!url) {
    throw new ValidationError(`Redirect URI "${uri}" is not an absolute URI`);
  }
  // RFC 6749 §3.1.2: no fragment. Refusing script-capable schemes stops an open redirect to code.
  if (url.hash || uri.includes('#')) {
    throw new ValidationError(`Redirect URI "${uri}" must not contain a fragment`);
  }
  if (['javascript:', 'data:', 'vbscript:', 'file:'].includes(url.protocol)) {
    throw new ValidationError(`Redirect URI "${uri}" uses a forbidden scheme`);
  }
}

/**
 * RFC 9700 §4.1.3: exact string comparison, with the one RFC 8252 §7.3 exception that a loopback
 * IP redirect URI may use any port at request time, whatever port it was registered with.
 */
export function matchesRegisteredRedirectUri(
  requested: string,
  registered: readonly string[],
): boolean {
  return registered.some((uri) => uri === requested || isLoopbackPortVariant(requested, uri));
}

function isLoopbackPortVariant(requested: string, registered: string): boolean {
  const asked = LOOPBACK.exec(requested);
  const own = LOOPBACK.exec(registered);
  if (!asked || !own || asked[1] !== own[1] || !isValidPort(asked[2])) {
    return false;
  }
  // Only the port may differ: the rest must match to the letter.
  return requested.slice(asked[0].length) === registered.slice(own[0].length);
}

// A port a redirect can reach: none (the scheme's default) or 1 to 65535.
function isValidPort(port: string | undefined): boolean {
  return port === undefined || (Number(port) >= 1 && Number(port) <= 65_535);
}
