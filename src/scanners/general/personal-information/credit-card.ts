import { isLuhnValid } from '../../../lib/luhn.ts';
import type { Finding } from '../../scanner.ts';
import { findMatches } from '../match-findings.ts';

const CARD = /(?<![\w-])\d(?:[ -]?\d){12,18}(?![\w-])/g;
// Issuer prefixes (IIN ranges) and lengths of the card networks in use: Visa, Mastercard,
// American Express, Discover, Diners Club, JCB, UnionPay and Maestro.
const ISSUERS: { prefix: RegExp; lengths: number[] }[] = [
  { prefix: /^4/, lengths: [13, 16, 19] },
  { prefix: /^(?:5[1-5]|222[1-9]|22[3-9]\d|2[3-6]\d\d|27[01]\d|2720)/, lengths: [16] },
  { prefix: /^3[47]/, lengths: [15] },
  { prefix: /^(?:6011|64[4-9]|65)/, lengths: [16, 17, 18, 19] },
  { prefix: /^(?:30[0-5]|3095|36|3[89])/, lengths: [14, 15, 16, 17, 18, 19] },
  { prefix: /^35(?:2[89]|[3-8]\d)/, lengths: [16, 17, 18, 19] },
  { prefix: /^62/, lengths: [16, 17, 18, 19] },
  { prefix: /^(?:50|5[6-9]|6[0-9])/, lengths: [12, 13, 14, 15, 16, 17, 18, 19] },
];

function isCardNumber(digits: string): boolean {
  return (
    ISSUERS.some(({ prefix, lengths }) => prefix.test(digits) && lengths.includes(digits.length)) &&
    isLuhnValid(digits)
  );
}

export function findCreditCards(text: string): Finding[] {
  return findMatches(CARD, text, (match) => {
    const separators = new Set(match[0].replace(/\d/g, ''));
    if (separators.size > 1 || !isCardNumber(match[0].replace(/\D/g, ''))) {
      return null;
    }
    return {
      type: 'creditCard',
      start: match.index,
      end: match.index + match[0].length,
      label: 'Payment card number',
    };
  });
}
