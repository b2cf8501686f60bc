import { createHash } from 'node:crypto';
import { constantTimeEqual } from '../lib/secrets.ts';

// RFC 7636 §4.1/§4.2: 43–128 characters of the unreserved set.
const PKCE_VALUE = /^[A-Za-z0-9._~-]{43,128}$/;

export function isValidCodeChallenge(challenge: string): boolean {
  return PKCE_VALUE.test(challenge);
}

/** RFC 7636 §4.6, S256 only (RFC 9700 §2.1.1 rules out `plain`). */
export function verifyCodeVerifier(verifier: string, challenge: string): boolean {
  if (!PKCE_VALUE.test(verifier)) {
    return false;
  }
  const computed = createHash('sha256').update(verifier, 'ascii').digest('base64url');
  return constantTimeEqual(computed, challenge);
}
