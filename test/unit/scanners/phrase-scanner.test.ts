import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  indexPhrases,
  PhraseScanner,
  type IndexedPhrase,
  type PhraseMatch,
} from '../../../src/scanners/general/topic/phrase-index.ts';

/** The rule PhraseScanner keeps, read off the whole word list: at each word, the longest phrase. */
function expected(words: string[], phrases: IndexedPhrase[]): PhraseMatch[] {
  const byLength = [...phrases].sort((a, b) => b.stems.length - a.stems.length);
  const matches: PhraseMatch[] = [];
  for (let position = 0; position < words.length; position += 1) {
    const found = byLength.find((phrase) =>
      phrase.stems.every((stem, offset) => words[position + offset] === stem),
    );
    if (found) {
      const last = position + found.stems.length - 1;
      matches.push({ topic: found.topic, start: position, end: last + 1 });
      position = last;
    }
  }
  return matches;
}

function scanned(words: string[], phrases: IndexedPhrase[]): PhraseMatch[] {
  const scanner = new PhraseScanner(indexPhrases(phrases));
  words.forEach((word, index) => scanner.push(word, index, index + 1));
  return scanner.finish();
}

// Few distinct words, so phrases overlap, share first words and repeat.
const word = fc.constantFrom('a', 'b', 'c', 'd');

describe('PhraseScanner', () => {
  it('finds the longest phrase at each word, word by word, as a scan of the whole text would', () => {
    fc.assert(
      fc.property(
        fc.array(word, { maxLength: 40 }),
        fc.array(fc.array(word, { minLength: 1, maxLength: 5 }), { minLength: 1, maxLength: 6 }),
        (words, phraseWords) => {
          const phrases = phraseWords.map((stems, topic) => ({ stems, topic }));
          expect(scanned(words, phrases)).toEqual(expected(words, phrases));
        },
      ),
      { numRuns: 500 },
    );
  });

  it('prefers the longer phrase sharing a first word, and finds one ending the text', () => {
    const phrases = [
      { stems: ['stock'], topic: 0 },
      { stems: ['stock', 'tip'], topic: 1 },
      { stems: ['tip', 'off'], topic: 2 },
    ];
    expect(scanned(['stock', 'tip', 'off', 'stock'], phrases)).toEqual([
      { topic: 1, start: 0, end: 2 },
      { topic: 0, start: 3, end: 4 },
    ]);
  });
});
