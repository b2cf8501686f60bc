import fc from 'fast-check';
import {
  compareMatchByPositionAndId,
  DataSet,
  englishDataset,
  englishRecommendedTransformers,
  RegExpMatcher,
  type RegExpMatcherOptions,
} from 'obscenity';
import { describe, expect, it } from 'vitest';
import { compileMatcher } from '../../../src/scanners/general/toxicity/obscenity-matcher.ts';
import { loadCorpus } from '../../helpers/scanner-corpus.ts';

const built = new DataSet().addAll(englishDataset).build();
const options: RegExpMatcherOptions = {
  ...built,
  whitelistedTerms: [...(built.whitelistedTerms ?? []), 'retardant'],
  ...englishRecommendedTransformers,
};
const reference = new RegExpMatcher(options);
const compiled = compileMatcher(options);

/** compileMatcher's matches, in the order RegExpMatcher sorts them. */
function sorted(text: string) {
  return compiled(text).sort(compareMatchByPositionAndId);
}

/** Texts that exercise each transformer: leet, confusables, repeats, case, skipped characters. */
const TRICKY = [
  'F U C K this',
  'fuuuuuck off',
  'sh1t, $hit and 5h!t',
  'ｆｕｃｋ in full width',
  'what a b!tch, a b*tch',
  'assassin, classic, bass, Scunthorpe',
  'the flame retardant and a retard',
  'f\u200Buck hidden by a zero-width space',
  'emoji 🤬 fuck 🤬 between surrogates 𝒇𝒖𝒄𝒌',
  'pen is mightier, penis, p e n i s',
  '',
  'ASS ass Ass aSS',
];

describe('compileMatcher', () => {
  it('matches exactly as obscenity’s RegExpMatcher on the toxicity corpus and tricky texts', () => {
    const texts = [...loadCorpus('toxicity').map((entry) => entry.text), ...TRICKY];
    for (const text of texts) {
      expect(sorted(text), text).toEqual(reference.getAllMatches(text, true));
    }
  });

  it('matches exactly as RegExpMatcher on random texts of words, leet and odd characters', () => {
    const piece = fc.oneof(
      fc.constantFrom('fuck', 'f0ck', 'sh!t', 'bitch', 'ass', 'class', 'cunt', 'nigger', 'dick'),
      fc.constantFrom(' ', '  ', '.', '*', '1', '@', '$', 'é', '\u200B', '🤬', 'Ｆ', 'uu'),
      fc.string({ maxLength: 4 }),
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 12 }), (pieces) => {
        const text = pieces.join('');
        expect(sorted(text)).toEqual(reference.getAllMatches(text, true));
      }),
      { numRuns: 1000 },
    );
  });
});
