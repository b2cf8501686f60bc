import type { Finding } from '../../scanner.ts';
import { findMatches } from '../match-findings.ts';

// AAA-GG-SSSS, dashes or spaces. The SSA never issues area 000, 666 or 900-999, group 00 or
// serial 0000; the back-reference keeps the two separators alike.
const SSN = /(?<![\w-])(?!000|666|9\d\d)\d{3}([- ])(?!00)\d{2}\1(?!0000)\d{4}(?![\w-])/g;

export function findSocialSecurityNumbers(text: string): Finding[] {
  return findMatches(SSN, text, (match) => ({
    type: 'ssn',
    start: match.index,
    end: match.index + match[0].length,
    label: 'US Social Security number',
  }));
}
