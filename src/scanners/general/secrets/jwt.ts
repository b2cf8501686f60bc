import type { Finding } from '../../scanner.ts';
import { findMatches } from '../match-findings.ts';

// header.payload.signature, base64url; a JSON header starts {" which encodes as eyJ.
const JWT =
  /(?<![A-Za-z0-9_-])eyJ[A-Za-z0-9_-]{5,2000}\.[A-Za-z0-9_-]{5,8000}\.[A-Za-z0-9_-]{0,2000}(?![A-Za-z0-9_-])/g;

function hasJwtHeader(token: string): boolean {
  try {
    const header: unknown = JSON.parse(
      Buffer.from(token.slice(0, token.indexOf('.')), 'base64url').toString('utf8'),
    );
    return typeof header === 'object' && header !== null && 'alg' in header;
  } catch {
    return false;
  }
}

export function findJsonWebTokens(text: string): Finding[] {
  return findMatches(JWT, text, (match) =>
    hasJwtHeader(match[0])
      ? {
          type: 'jwt',
          start: match.index,
          end: match.index + match[0].length,
          label: 'JSON Web Token',
        }
      : null,
  );
}
