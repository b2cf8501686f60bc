import { shannonEntropy } from '../../../lib/shannon-entropy.ts';
import type { Finding } from '../../scanner.ts';
import { findMatches } from '../match-findings.ts';

const TOKEN = /(?<![A-Za-z0-9+/=_-])[A-Za-z0-9+/_-]{16,512}={0,2}(?![A-Za-z0-9+/=_-])/g;
// A word that names a secret just before the token: "api_key = …", "token: …", "Bearer …".
// One word may stand between ("Der Schlüssel lautet: …").
const SECRET_CUE =
  /(?:key|token|secret|bearer|auth|credential|senha|cl[ée]|schl[üu]e?ssel|clave|geheim)[\w-]{0,20}(?:\s{1,2}\p{L}{1,12})?["']?\s{0,3}(?:[:=]|=>)?\s{0,3}["']?$/iu;
// A word that says the token is a digest or an identifier, which is no secret.
const DIGEST_CUE =
  /(?:checksum|sha-?\d*|md5|hash|digest|commit|revision|integrity|etag|uuid|id)[\w-]{0,20}["']?\s{0,3}[:=]?\s{0,3}["']?$/i;
// Public by design: Stripe publishable keys; base64 JSON (eyJ…) is the jwt finder's to judge.
const NOT_SECRET_PREFIX = /^(?:pk_(?:live|test)_|eyJ)/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const CUE_WINDOW = 40;
const PEM_BEGIN = '-----BEGIN ';
const PEM_END = '-----END ';
const CUED_MIN_LENGTH = 16;
const CUED_MIN_ENTROPY = 3;
// Without a cue: long, upper and lower case and digits, and as random as base64 (a 32-character
// identifier in camelCase stays near 3.9 bits a character; random base64 reaches 4.5 or more).
const UNCUED_MIN_LENGTH = 32;
const UNCUED_MIN_ENTROPY = 4.3;

function isSecretLike(token: string, before: string): boolean {
  if (
    UUID.test(token) ||
    NOT_SECRET_PREFIX.test(token) ||
    DIGEST_CUE.test(before) ||
    before.endsWith('base64,')
  ) {
    return false;
  }
  const hasDigit = /\d/.test(token);
  const hasLetter = /[A-Za-z]/.test(token);
  if (SECRET_CUE.test(before)) {
    return (
      token.length >= CUED_MIN_LENGTH &&
      hasDigit &&
      hasLetter &&
      shannonEntropy(token) >= CUED_MIN_ENTROPY
    );
  }
  return (
    token.length >= UNCUED_MIN_LENGTH &&
    hasDigit &&
    /[a-z]/.test(token) &&
    /[A-Z]/.test(token) &&
    !token.includes('/') &&
    shannonEntropy(token) >= UNCUED_MIN_ENTROPY
  );
}

/**
 * Where the PEM blocks that hold no secret (certificates, public keys) lie: their base64 body
 * is random-looking by nature. Private keys are the privateKey finder's.
 */
function findPublicPemBlocks(text: string): [number, number][] {
  const blocks: [number, number][] = [];
  for (
    let begin = text.indexOf(PEM_BEGIN);
    begin >= 0;
    begin = text.indexOf(PEM_BEGIN, begin + 1)
  ) {
    const headerEnd = text.indexOf('-----', begin + PEM_BEGIN.length);
    const end = text.indexOf(PEM_END, begin);
    if (headerEnd >= 0 && !text.slice(begin, headerEnd).includes('PRIVATE')) {
      blocks.push([begin, end >= 0 ? end : text.length]);
    }
  }
  return blocks;
}

export function findHighEntropyTokens(text: string): Finding[] {
  const publicBlocks = findPublicPemBlocks(text);
  return findMatches(TOKEN, text, (match) => {
    if (publicBlocks.some(([start, end]) => match.index >= start && match.index < end)) {
      return null;
    }
    const before = text.slice(Math.max(0, match.index - CUE_WINDOW), match.index);
    return isSecretLike(match[0], before)
      ? {
          type: 'highEntropy',
          start: match.index,
          end: match.index + match[0].length,
          label: 'High-entropy token (likely a secret)',
        }
      : null;
  });
}
