import type { Finding } from '../../scanner.ts';
import { findMatches } from '../match-findings.ts';

// IBAN lengths per country (SWIFT IBAN registry), as country code and length.
const IBAN_LENGTHS = new Map(
  [
    'AD24 AE23 AL28 AT20 AZ28 BA20 BE16 BG22 BH22 BI27 BR29 BY28 CH21 CR22 CY28 CZ24 DE22',
    'DJ27 DK18 DO28 EE20 EG29 ES24 FI18 FK18 FO18 FR27 GB22 GE22 GI23 GL18 GR27 GT28 HN28',
    'HR21 HU28 IE22 IL23 IQ23 IS26 IT27 JO30 KW30 KZ20 LB28 LC32 LI21 LT20 LU20 LV21 LY25',
    'MC27 MD24 ME22 MK19 MN20 MR27 MT31 MU30 NI28 NL18 NO15 OM23 PK24 PL28 PS29 PT25 QA29',
    'RO24 RS22 RU33 SA24 SC31 SD18 SE24 SI19 SK24 SM27 SO23 ST25 SV28 TL23 TN24 TR26 UA29',
    'VA22 VG24 XK20 YE30',
  ]
    .join(' ')
    .split(' ')
    .map((entry) => [entry.slice(0, 2), Number(entry.slice(2))] as const),
);
// Country, check digits, then (looked at ahead, so that a next IBAN is not skipped) the account
// in groups of up to four or none; it may run on into a following word, so the country's length
// decides where the IBAN ends.
const IBAN_CANDIDATE = /(?<![A-Za-z0-9])[A-Z]{2}\d{2}(?=((?: ?[A-Z0-9]){10,32}))/g;

/** ISO 7064 mod 97-10: letters become 10..35, the first four characters move to the end. */
function hasValidCheckDigits(iban: string): boolean {
  const rearranged = iban.slice(4) + iban.slice(0, 4);
  let remainder = 0;
  for (const char of rearranged) {
    const code = char.charCodeAt(0);
    const value = code >= 65 ? code - 55 : code - 48;
    remainder = (value > 9 ? remainder * 100 + value : remainder * 10 + value) % 97;
  }
  return remainder === 1;
}

export function findIbans(text: string): Finding[] {
  return findMatches(IBAN_CANDIDATE, text, (match) => {
    const length = IBAN_LENGTHS.get(match[0].slice(0, 2));
    if (length === undefined) {
      return null;
    }
    let compact = '';
    let end = match.index;
    for (const char of match[0] + (match[1] ?? '')) {
      if (compact.length === length) {
        break;
      }
      end += 1;
      if (char !== ' ') {
        compact += char;
      }
    }
    const next = text.charAt(end);
    if (compact.length !== length || /[A-Za-z0-9]/.test(next) || !hasValidCheckDigits(compact)) {
      return null;
    }
    return { type: 'iban', start: match.index, end, label: 'IBAN (bank account number)' };
  });
}
