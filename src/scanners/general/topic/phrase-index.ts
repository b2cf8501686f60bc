import type { Stemmer } from './stemmers.ts';

// Sticky searches that move lastIndex without building a match array per word.
const TO_WORD = /[^\p{L}\p{N}]*/uy;
const PAST_WORD = /[\p{L}\p{N}]*/uy;
const COMBINING_MARKS = /\p{M}/gu;

const MAX_MEMO_WORDS = 20_000;

/**
 * A word's stem as texts and phrases are matched on: stemmed in lower case, then stripped of
 * accents, so "Été" = "ete". Stemming is the costly step and words repeat: stems are remembered,
 * within a bound.
 */
export function matchingStems(stem: Stemmer): Stemmer {
  const stems = new Map<string, string>();
  return (word) => {
    let stemmed = stems.get(word);
    if (stemmed === undefined) {
      if (stems.size >= MAX_MEMO_WORDS) {
        stems.clear();
      }
      stemmed = stem(word.normalize('NFKC').toLowerCase())
        .normalize('NFKD')
        .replace(COMBINING_MARKS, '');
      stems.set(word, stemmed);
    }
    return stemmed;
  };
}

/**
 * Calls `onWord` with each word of a text, its stem (made by matchingStems) and its span, in
 * order. Nothing is kept per word: a prompt has thousands of them.
 */
export function forEachWord(
  text: string,
  stem: Stemmer,
  onWord: (stem: string, start: number, end: number) => void,
): void {
  let end = 0;
  while (end < text.length) {
    TO_WORD.lastIndex = end;
    TO_WORD.test(text);
    const start = TO_WORD.lastIndex;
    PAST_WORD.lastIndex = start;
    PAST_WORD.test(text);
    end = PAST_WORD.lastIndex;
    if (end > start) {
      onWord(stem(text.slice(start, end)), start, end);
    }
  }
}

/** The stems of a text's words. */
export function stemsOf(text: string, stem: Stemmer): string[] {
  const stems: string[] = [];
  forEachWord(text, stem, (word) => stems.push(word));
  return stems;
}

export interface IndexedPhrase {
  stems: string[];
  topic: number;
}

/** Phrases by their first stem, longest first, so a scan tries few phrases per word. */
export interface PhraseIndex {
  byFirstStem: Map<string, IndexedPhrase[]>;
  /** The words of the longest phrase: how far a scan looks ahead. */
  longest: number;
}

export function indexPhrases(phrases: IndexedPhrase[]): PhraseIndex {
  const byFirstStem = new Map<string, IndexedPhrase[]>();
  let longest = 1;
  for (const phrase of phrases) {
    const first = phrase.stems[0] ?? '';
    const list = byFirstStem.get(first) ?? [];
    list.push(phrase);
    byFirstStem.set(first, list);
    longest = Math.max(longest, phrase.stems.length);
  }
  for (const list of byFirstStem.values()) {
    list.sort((a, b) => b.stems.length - a.stems.length);
  }
  return { byFirstStem, longest };
}

export interface PhraseMatch {
  topic: number;
  start: number;
  end: number;
}

/**
 * Finds every phrase in order at a word boundary, the longest at each word, in a text fed word
 * by word (forEachWord): it keeps only the last `longest` words, in a ring.
 */
export class PhraseScanner {
  readonly matches: PhraseMatch[] = [];
  private readonly stems: string[];
  private readonly starts: number[];
  private readonly ends: number[];
  private head = 0;
  private size = 0;

  constructor(private readonly index: PhraseIndex) {
    this.stems = new Array<string>(index.longest).fill('');
    this.starts = new Array<number>(index.longest).fill(0);
    this.ends = new Array<number>(index.longest).fill(0);
  }

  push(stem: string, start: number, end: number): void {
    const slot = (this.head + this.size) % this.index.longest;
    this.stems[slot] = stem;
    this.starts[slot] = start;
    this.ends[slot] = end;
    this.size += 1;
    if (this.size === this.index.longest) {
      this.matchAtHead();
    }
  }

  /** The matches, once the text's last word has been pushed. */
  finish(): PhraseMatch[] {
    while (this.size > 0) {
      this.matchAtHead();
    }
    return this.matches;
  }

  /** Matches the longest phrase at the first word kept, then drops the words it used. */
  private matchAtHead(): void {
    const found = this.longestAtHead();
    const used = found?.stems.length ?? 1;
    if (found) {
      const last = (this.head + used - 1) % this.index.longest;
      this.matches.push({
        topic: found.topic,
        start: this.starts[this.head]!,
        end: this.ends[last]!,
      });
    }
    this.head = (this.head + used) % this.index.longest;
    this.size -= used;
  }

  private longestAtHead(): IndexedPhrase | undefined {
    // Plain loops: this runs once per word of every prompt, and closures per word cost garbage.
    for (const phrase of this.index.byFirstStem.get(this.stems[this.head]!) ?? NO_PHRASES) {
      let offset = 1;
      while (
        offset < phrase.stems.length &&
        offset < this.size &&
        this.stems[(this.head + offset) % this.index.longest] === phrase.stems[offset]
      ) {
        offset += 1;
      }
      if (offset === phrase.stems.length) {
        return phrase;
      }
    }
    return undefined;
  }
}

const NO_PHRASES: readonly IndexedPhrase[] = [];
