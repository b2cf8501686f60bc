import type { Finding } from '../../scanner.ts';
import { findMatches } from '../match-findings.ts';

const EMAIL =
  /(?<![\p{L}\p{N}._%+-])[\p{L}\p{N}._%+-]{1,64}@(?:[\p{L}\p{N}](?:[\p{L}\p{N}-]{0,61}[\p{L}\p{N}])?\.){1,8}\p{L}{2,24}(?![\p{L}\p{N}@])/gu;
// Retina image names (icon@2x.png) have an address's shape.
const IMAGE_SCALE = /@\d+(?:\.\d+)?x\./;

export function findEmails(text: string): Finding[] {
  return findMatches(EMAIL, text, (match) =>
    IMAGE_SCALE.test(match[0]) || match[0].startsWith('.')
      ? null
      : {
          type: 'email',
          start: match.index,
          end: match.index + match[0].length,
          label: 'Email address',
        },
  );
}
