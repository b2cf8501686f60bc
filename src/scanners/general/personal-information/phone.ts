import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js';
import type { Finding } from '../../scanner.ts';

// Runs of digits and phone punctuation: only these reach libphonenumber, which costs several
// milliseconds when given a whole 10 kB text and 20-120 µs per candidate.
const CANDIDATE = /(?<![\w+.,])(?:\+|\(|\b)\d[\d \-./()\u00a0]{5,22}\d(?![\w])/g;
const MIN_DIGITS = 7;
// E.164 allows 15 digits, plus an international 00; longer runs are card or account numbers.
const MAX_DIGITS = 17;
// Shapes that other finders own or that are no phone: dotted quads, ISO and numeric dates.
const NOT_PHONE = /^(?:\d{1,3}(?:\.\d{1,3}){3}|\d{4}-\d\d-\d\d|\d{1,2}[./]\d{1,2}[./]\d{2,4})$/;
// A number written without grouping ("4155550132") is an order or invoice number as often as a
// phone number: it counts only after a word that says phone.
const PHONE_CUE =
  /(?:phone|tel|cell|mobile|fax|call|whatsapp|sms|t[ée]l[ée]phone|portable|appel|telefon|handy|ruf|tel[ée]fono|m[óo]vil|llam)\w{0,6}[^\p{L}\p{N}\n]{0,6}$/iu;
const CUE_WINDOW = 24;

function digitGroups(text: string): string {
  return text.match(/\d+/g)?.join(' ') ?? '';
}

export function createPhoneFinder(defaultCountry: CountryCode): (text: string) => Finding[] {
  return (text) => {
    const findings: Finding[] = [];
    CANDIDATE.lastIndex = 0;
    for (let match = CANDIDATE.exec(text); match !== null; match = CANDIDATE.exec(text)) {
      const written = match[0];
      const digits = written.replace(/\D/g, '').length;
      if (digits < MIN_DIGITS || digits > MAX_DIGITS || NOT_PHONE.test(written)) {
        continue;
      }
      const number = parsePhoneNumberFromString(written, defaultCountry);
      if (!number?.isValid()) {
        continue;
      }
      const start = match.index;
      if (!/^(?:\+|00)/.test(written)) {
        const isGrouped = /\d\D+\d/.test(written);
        const groups = digitGroups(written);
        const national = digitGroups(number.formatNational());
        const isNationalGrouping =
          groups === national || groups === `${number.countryCallingCode} ${national}`;
        const hasCue = PHONE_CUE.test(text.slice(Math.max(0, start - CUE_WINDOW), start));
        if (isGrouped ? !isNationalGrouping : !hasCue) {
          continue;
        }
      }
      findings.push({ type: 'phone', start, end: start + written.length, label: 'Phone number' });
    }
    return findings;
  };
}
