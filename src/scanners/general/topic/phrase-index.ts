import type { Stemmer } from './stemmers.ts';

export interface Token {
  stem: string;
  start: number;
  end: number;
}

const WORD = /[\p{L}\p{N}]+/gu;
const COMBINING_MARKS = /\p{M}/gu;

/** Words with their stems: stemmed in lower case, then stripped of accents, so "Été" = "ete". */
export function tokenize(text: string, stem: Stemmer): Token[] {
  const tokens: Token[] = [];
  for (const match of text.matchAll(WORD)) {
    const word = match[0].normalize('NFKC').toLowerCase();
    tokens.push({
      stem: stem(word).normalize('NFKD').replace(COMBINING_MARKS, ''),
      start: match.index,
      end: match.index + match[0].length,
    });
  }
  return tokens;
}

export interface IndexedPhrase {
  stems: string[];
  topic: number;
}

/** Phrases by their first stem, longest first, so a scan tries few phrases per word. */
export type PhraseIndex = Map<string, IndexedPhrase[]>;

export function indexPhrases(phrases: IndexedPhrase[]): PhraseIndex {
  const index: PhraseIndex = new Map();
  for (const phrase of phrases) {
    const first = phrase.stems[0] ?? '';
    const list = index.get(first) ?? [];
    list.push(phrase);
    index.set(first, list);
  }
  for (const list of index.values()) {
    list.sort((a, b) => b.stems.length - a.stems.length);
  }
  return index;
}

export interface PhraseMatch {
  topic: number;
  start: number;
  end: number;
}

/** Every phrase found in order at a word boundary, the longest at each word; one pass. */
export function matchPhrases(tokens: Token[], index: PhraseIndex): PhraseMatch[] {
  const matches: PhraseMatch[] = [];
  for (let position = 0; position < tokens.length; position += 1) {
    const candidates = index.get(tokens[position]?.stem ?? '') ?? [];
    const found = candidates.find((phrase) =>
      phrase.stems.every((stem, offset) => tokens[position + offset]?.stem === stem),
    );
    if (found) {
      const last = tokens[position + found.stems.length - 1];
      matches.push({
        topic: found.topic,
        start: tokens[position]?.start ?? 0,
        end: last?.end ?? 0,
      });
      position += found.stems.length - 1;
    }
  }
  return matches;
}
