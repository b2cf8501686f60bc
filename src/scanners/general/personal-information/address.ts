import type { Finding } from '../../scanner.ts';
import { findMatches } from '../match-findings.ts';

const CAPITALISED = "\\p{Lu}[\\p{L}'’-]{0,24}";
const ENGLISH_SUFFIXES =
  'Street|St|Avenue|Ave|Road|Rd|Boulevard|Blvd|Lane|Ln|Drive|Dr|Court|Ct|Place|Pl|Terrace|Way|' +
  'Parkway|Pkwy|Highway|Hwy|Square|Sq|Circle|Cir|Crescent|Close|Gardens';
const FRENCH_TYPES =
  'rue|avenue|av\\.|boulevard|bd|place|chemin|all[ée]e|impasse|quai|route|cours|square';
const GERMAN_SUFFIXES = 'straße|strasse|str\\.|gasse|allee|platz|weg';
const SPANISH_TYPES =
  'Calle|C/|Avenida|Avda\\.|Paseo|Plaza|Camino|Carretera|Ronda|Traves[ií]a|Pasaje';
// Not a year: "the 2023 Annual Way Forward" outnumbers "2023 Ocean Way" in prompts.
const STREET_NUMBER = '(?!(?:19|20)\\d\\d )\\d{1,5}[A-Za-z]?';

// "221B Baker Street", "1600 Pennsylvania Ave"
const ENGLISH = `${STREET_NUMBER}(?:,? (?:${CAPITALISED})){1,4} (?:${ENGLISH_SUFFIXES})(?![\\p{L}])\\.?`;
// "12 rue de la Paix", "5 bis, Avenue Victor Hugo": the type of way in either case.
const FRENCH_TYPES_ANY_CASE = FRENCH_TYPES.split('|')
  .map((type) => `[${type.charAt(0)}${type.charAt(0).toUpperCase()}]${type.slice(1)}`)
  .join('|');
const FRENCH = `\\d{1,4}(?: ?(?:bis|ter))?,? (?:${FRENCH_TYPES_ANY_CASE}) (?:(?:de la|de l'|du|des|de|d')\\s?)?${CAPITALISED}(?: ${CAPITALISED}){0,3}`;
// "Hauptstraße 5", "Berliner Straße 12a", "Am Rosenweg 3"; a compound with the linking s
// ("Lösungsweg 2", "Lebensweg") is a figure of speech, not a street.
const GERMAN = `(?:${CAPITALISED} )?\\p{Lu}[\\p{L}-]{0,30}?(?<!s)(?:${GERMAN_SUFFIXES}) \\d{1,4}[a-z]?`;
const GERMAN_TWO_WORDS = `${CAPITALISED} (?:Straße|Strasse|Str\\.|Gasse|Allee|Platz|Weg|Ring|Damm|Ufer) \\d{1,4}[a-z]?`;
// "Calle Mayor 10", "Avenida de la Constitución, 25", "C/ Alcalá nº 42"
const SPANISH = `(?:${SPANISH_TYPES}) (?:(?:de la|de los|de las|del|de) )?${CAPITALISED}(?: ${CAPITALISED}){0,3},? (?:n[º°o]\\.? ?)?\\d{1,4}`;
const ADDRESS = new RegExp(
  `(?<![\\p{L}\\p{N}])(?:${ENGLISH}|${FRENCH}|${GERMAN_TWO_WORDS}|${GERMAN}|${SPANISH})(?![\\p{L}\\p{N}-])`,
  'gu',
);

export function findAddresses(text: string): Finding[] {
  return findMatches(ADDRESS, text, (match) => ({
    type: 'address',
    start: match.index,
    end: match.index + match[0].length,
    label: 'Street address',
  }));
}
