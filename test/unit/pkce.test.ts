import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { challengeOfVerifier, isValidCodeChallenge } from '../../src/oauth/pkce.ts';

// How the stores compare them (constant time on SQLite, `=` in PostgreSQL's statement).
const verifyCodeVerifier = (verifier: string, challenge: string) =>
  challengeOfVerifier(verifier) === challenge;

// RFC 7636: S256 only; verifiers and challenges are 43-128 unreserved characters.

// RFC 7636 Appendix B.
const VERIFIER = 'dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk';
const CHALLENGE = 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM';

describe('challengeOfVerifier', () => {
  it('accepts the RFC 7636 appendix B example', () => {
    expect(verifyCodeVerifier(VERIFIER, CHALLENGE)).toBe(true);
  });

  it.each([
    ['another verifier', `${VERIFIER.slice(0, -1)}Y`, CHALLENGE],
    ['the challenge itself as verifier (plain)', CHALLENGE, CHALLENGE],
    ['a challenge in another case', VERIFIER, CHALLENGE.toLowerCase()],
    ['a challenge cut short', VERIFIER, CHALLENGE.slice(0, -1)],
    ['a padded challenge', VERIFIER, `${CHALLENGE}=`],
    ['an empty challenge', VERIFIER, ''],
  ])('refuses %s', (_name, verifier, challenge) => {
    expect(verifyCodeVerifier(verifier, challenge)).toBe(false);
  });

  it.each([
    ['42 characters', 'a'.repeat(42)],
    ['129 characters', 'a'.repeat(129)],
    ['a character outside the unreserved set', `${'a'.repeat(42)}+`],
    ['a space', `${'a'.repeat(42)} `],
  ])('refuses a verifier of %s even when its hash matches', (_name, verifier) => {
    const challenge = createHash('sha256').update(verifier).digest('base64url');
    expect(verifyCodeVerifier(verifier, challenge)).toBe(false);
    expect(challengeOfVerifier(verifier)).toBe('');
    expect(isValidCodeChallenge('')).toBe(false);
  });

  it.each([43, 128])('accepts a verifier of %i characters', (length) => {
    const verifier = 'A-._~z9'.repeat(20).slice(0, length);
    const challenge = createHash('sha256').update(verifier).digest('base64url');
    expect(verifyCodeVerifier(verifier, challenge)).toBe(true);
  });
});

describe('isValidCodeChallenge', () => {
  it.each([
    [CHALLENGE, true],
    ['a'.repeat(43), true],
    ['a'.repeat(128), true],
    ['a'.repeat(42), false],
    ['a'.repeat(129), false],
    [`${CHALLENGE.slice(0, -1)}=`, false],
    [`${CHALLENGE.slice(0, -1)}/`, false],
    ['', false],
  ])('%j: %s', (challenge, expected) => {
    expect(isValidCodeChallenge(challenge)).toBe(expected);
  });
});
