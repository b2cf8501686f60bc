import { readFileSync } from 'node:fs';
import type { Finding } from '../../scanner.ts';
import { findMatches } from '../match-findings.ts';
import { installPath } from '../../../lib/install-root.ts';

// A capitalised word, maybe hyphenated or with an apostrophe ("Marie-Claire", "D'Angelo"), but
// not a possessive ("Kennedy's").
const WORD = "\\p{Lu}\\p{Ll}+(?:[-'’]\\p{Lu}\\p{Ll}+)?";
const SURNAME = `(?:(?:van der|van den|van|von|de la|de|del|da|di|du|le|la|O'|Mc) ?)?(?:${WORD}|\\p{Lu}{2,20}(?![\\p{Ll}]))`;
// "Maria García", "John F. Kennedy", "Jean DUPONT": a known given name, then a capitalised word.
// The surname is looked at ahead, so that in "Yesterday Maria García" the match at "Yesterday"
// does not step over Maria.
const GIVEN_AND_SURNAME = new RegExp(
  `(?<![\\p{L}\\p{N}])(${WORD})(?= (?:\\p{Lu}\\. )?(${SURNAME})(?: (${WORD}))?)`,
  'gud',
);
// "Dr. Okafor", "Mme Lefèvre", "Herr Schmidt", "Sra. Ortega": a title, then one or two names.
const TITLED = new RegExp(
  `(?<![\\p{L}\\p{N}])(?:Mr|Mrs|Ms|Mx|Miss|Dr|Prof|M\\.|Mme|Mlle|Herr|Frau|Sr\\.|Sra\\.|Srta\\.|Dña\\.)\\.? (?:${WORD} )?${SURNAME}`,
  'gu',
);
// Capitalised words that follow a given name without being a surname ("Jordan Street", "Tuesday").
const NOT_SURNAMES = new Set(
  (
    'street st avenue road lane drive boulevard square park station airport hotel bank university ' +
    'college school hospital church inc ltd llc corp company group foundation institute center ' +
    'centre museum river lake mountain county city bay beach island the and or of for with ' +
    'monday tuesday wednesday thursday friday saturday sunday january february march april may ' +
    'june july august september october november december team project server cloud api ' +
    'computing skills labs systems technologies partners capital holdings motors studios media'
  ).split(' '),
);
const LABEL = 'Person name';

let givenNames: Set<string> | undefined;

/** The gazetteer (scripts/given-names.ts), read on first use: about 3,000 names. */
function loadGivenNames(): Set<string> {
  givenNames ??= new Set(
    JSON.parse(
      readFileSync(installPath('src', 'scanners', 'general', 'data', 'given-names.json'), 'utf8'),
    ) as string[],
  );
  return givenNames;
}

export function findPersonNames(text: string): Finding[] {
  const names = loadGivenNames();
  return [
    ...findMatches(TITLED, text, (match) => ({
      type: 'personName',
      start: match.index,
      end: match.index + match[0].length,
      label: LABEL,
    })),
    ...findMatches(GIVEN_AND_SURNAME, text, (match) => {
      const [, given = '', surname = ''] = match;
      if (!names.has(given.toLowerCase()) || NOT_SURNAMES.has(surname.toLowerCase())) {
        return null;
      }
      const end = match.indices?.[3]?.[1] ?? match.indices?.[2]?.[1] ?? match.index;
      return { type: 'personName', start: match.index, end, label: LABEL };
    }),
  ];
}
