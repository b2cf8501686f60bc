import type { Finding } from '../../scanner.ts';
import { findMatches } from '../match-findings.ts';

const CUES = [
  'born',
  'birth ?date',
  'date of birth',
  'birthday',
  'd\\.?o\\.?b\\.?',
  'n[ée]e?(?:\\(e\\))? le',
  'date de naissance',
  'geboren(?: am)?',
  'geburtsdatum',
  'geburtstag',
  'geb\\.',
  'nacid[oa]',
  'naci[óo]',
  'fecha de nacimiento',
  'f\\. de nac\\.',
].join('|');
const MONTHS = [
  'jan(?:uary|vier|uar)?\\.?',
  'feb(?:ruary|ruar)?\\.?',
  'f[ée]v(?:rier)?\\.?',
  'mar(?:ch|s)?\\.?',
  'm[äa]rz',
  'apr(?:il)?\\.?',
  'avr(?:il)?\\.?',
  'may',
  'mai',
  'june?',
  'juin',
  'juni',
  'july?',
  'juil(?:let)?\\.?',
  'juli',
  'aug(?:ust)?\\.?',
  'ao[uû]t',
  'sep(?:t(?:ember|embre)?)?\\.?',
  'oct(?:ober|obre)?\\.?',
  'okt(?:ober)?\\.?',
  'nov(?:ember|embre)?\\.?',
  'dec(?:ember)?\\.?',
  'd[ée]c(?:embre)?\\.?',
  'dez(?:ember)?\\.?',
  'enero',
  'febrero',
  'marzo',
  'abril',
  'mayo',
  'junio',
  'julio',
  'agosto',
  'se?ptiembre',
  'octubre',
  'noviembre',
  'diciembre',
].join('|');
const DATES = [
  '\\d{4}-\\d{1,2}-\\d{1,2}',
  '\\d{1,2}[./-]\\d{1,2}[./-](?:\\d{4}|\\d{2})',
  `\\d{1,2}(?:st|nd|rd|th|er|º|\\.)? (?:de )?(?:${MONTHS}),? (?:de )?\\d{4}`,
  `(?:${MONTHS}) \\d{1,2}(?:st|nd|rd|th)?,? \\d{4}`,
].join('|');
// A cue, up to a few words that are not a date ("in Lyon on"), then the date: only the date is
// reported, so a redaction keeps the cue.
const DATE_OF_BIRTH = new RegExp(
  `(?<![\\p{L}])(?:${CUES})(?![\\p{L}])[^\\d\\n]{0,30}?(?<![\\p{N}])(${DATES})(?![\\p{N}])`,
  'giud',
);

export function findDatesOfBirth(text: string): Finding[] {
  return findMatches(DATE_OF_BIRTH, text, (match) => {
    const [start, end] = match.indices?.[1] ?? [match.index, match.index];
    return { type: 'dateOfBirth', start, end, label: 'Date of birth' };
  });
}
