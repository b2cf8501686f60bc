import { Metadata, parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js';
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

/** The fewest digits of a national number of the country: a shorter one is no phone of it. */
function shortestNationalNumber(country: CountryCode): number {
  const metadata = new Metadata();
  metadata.selectNumberingPlan(country);
  return Math.min(...metadata.numberingPlan!.possibleLengths());
}

function digitGroups(text: string): string {
  return text.match(/\d+/g)?.join(' ') ?? '';
}

export function createPhoneFinder(defaultCountry: CountryCode): (text: string) => Finding[] {
  const nationalMinimum = shortestNationalNumber(defaultCountry);
  /** Whether a candidate is a valid number, grouped (when it is) as its country groups it. */
  const isPhone = (written: string, isInternational: boolean, isGrouped: boolean): boolean => {
    const number = parsePhoneNumberFromString(written, defaultCountry);
    if (!number?.isValid()) {
      return false;
    }
    if (!isInternational && isGrouped) {
      const groups = digitGroups(written);
      const national = digitGroups(number.formatNational());
      return groups === national || groups === `${number.countryCallingCode} ${national}`;
    }
    return true;
  };
  return (text) => {
    const findings: Finding[] = [];
    // A text repeats its numbers (signatures, quoted replies): each is parsed once.
    const verdicts = new Map<string, boolean>();
    CANDIDATE.lastIndex = 0;
    for (let match = CANDIDATE.exec(text); match !== null; match = CANDIDATE.exec(text)) {
      const written = match[0];
      const start = match.index;
      const digits = written.replace(/\D/g, '').length;
      const isInternational = /^(?:\+|00)/.test(written);
      const isGrouped = /\d\D+\d/.test(written);
      // Parsing costs 10-100 µs: what cannot pass the checks after it is not parsed.
      if (
        digits < MIN_DIGITS ||
        digits > MAX_DIGITS ||
        NOT_PHONE.test(written) ||
        (!isInternational && digits < nationalMinimum) ||
        (!isInternational && !isGrouped && !hasPhoneCue(text, start))
      ) {
        continue;
      }
      let verdict = verdicts.get(written);
      if (verdict === undefined) {
        verdict = isPhone(written, isInternational, isGrouped);
        verdicts.set(written, verdict);
      }
      if (verdict) {
        findings.push({ type: 'phone', start, end: start + written.length, label: 'Phone number' });
      }
    }
    return findings;
  };
}

function hasPhoneCue(text: string, start: number): boolean {
  return PHONE_CUE.test(text.slice(Math.max(0, start - CUE_WINDOW), start));
}
