import { createHash } from 'node:crypto';

// RFC 7636 §4.1/§4.2: 43–128 characters of the unreserved set.
const PKCE_VALUE = /^[A-Za-z0-9._~-]{43,128}$/;

export function isValidCodeChallenge(challenge: string): boolean {
  return PKCE_VALUE.test(challenge);
}

/**
 * RFC 7636 §4.6, S256 only (RFC 9700 §2.1.1 rules out `plain`): the challenge a verifier
 * answers. A malformed verifier answers none: '', which no stored challenge is (see above).
 */
export function challengeOfVerifier(verifier: string): string {
  if (!PKCE_VALUE.test(verifier)) {
    return '';
  }
  return createHash('sha256').update(verifier, 'ascii').digest('base64url');
}
