import { ValidationError } from '../lib/errors.ts';

const LOOPBACK_WITH_PORT = /^http:\/\/(127\.0\.0\.1|\[::1\]):\d{1,5}(?=[/?]|$)/;

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
  let url: URL;
  try {
    url = new URL(uri);
  } catch {
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
 * IP redirect URI registered without a port matches any port.
 */
export function matchesRegisteredRedirectUri(
  requested: string,
  registered: readonly string[],
): boolean {
  return registered.some((uri) => uri === requested || isLoopbackPortVariant(requested, uri));
}

function isLoopbackPortVariant(requested: string, registered: string): boolean {
  // Only the port may differ: drop it from the request and the rest must match to the letter.
  const withoutPort = requested.replace(LOOPBACK_WITH_PORT, 'http://$1');
  return withoutPort !== requested && withoutPort === registered;
}
