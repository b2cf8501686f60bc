import type { Finding } from '../../scanner.ts';
import { findMatches } from '../match-findings.ts';

// A PEM or OpenSSH private key header, its own header lines (Proc-Type: …; each a whole line, so
// that matching stays linear) and key material: a header alone, quoted in
// documentation, is no secret. The block runs to its END line, or to where the material stops.
const PRIVATE_KEY =
  /-----BEGIN ((?:[A-Z0-9]{1,12} ){0,3}PRIVATE KEY(?: BLOCK)?)-----(?:\r?\n[\w-]{1,40}: [^\n]{0,200}(?=\r?\n)){0,4}\s{1,8}[A-Za-z0-9+/=][A-Za-z0-9+/=\s]{39,20000}/g;
const MAX_KEY_CHARS = 20_000;

export function findPrivateKeys(text: string): Finding[] {
  return findMatches(PRIVATE_KEY, text, (match) => {
    const endLine = `-----END ${match[1]}-----`;
    const endAt = text.indexOf(endLine, match.index + match[0].length - 1);
    const end =
      endAt >= 0 && endAt - match.index < MAX_KEY_CHARS
        ? endAt + endLine.length
        : match.index + match[0].trimEnd().length;
    return { type: 'privateKey', start: match.index, end, label: 'Private key' };
  });
}
