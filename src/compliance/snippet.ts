import type { QueryTerm } from './search-query.ts';

// A result's snippet: a window of its text around the first match, with every match in the window
// as offsets (UTF-16, as JavaScript strings count) for the page to mark. Computed here from the
// query's tokens, the same on both stores.

export interface Snippet {
  text: string;
  highlights: { start: number; end: number }[];
}

const WINDOW = 200;
const BEFORE_MATCH = 60;
const ELLIPSIS = '…';
const TOKEN = /[\p{L}\p{N}]+/gu;

interface Range {
  start: number;
  end: number;
}

function wordMatches(word: string, wanted: string, prefix: boolean): boolean {
  return prefix ? word.startsWith(wanted) : word === wanted;
}

/** Where in the text the terms match: from each match's first token to its last. */
function matchesOf(text: string, terms: readonly QueryTerm[]): Range[] {
  const tokens = [...text.matchAll(TOKEN)].map((m) => ({
    start: m.index,
    end: m.index + m[0].length,
    word: m[0].toLowerCase(),
  }));
  const ranges: Range[] = [];
  tokens.forEach((token, i) => {
    const term = terms.find((t) =>
      t.words.every((wanted, k) => {
        const next = tokens[i + k];
        return (
          next !== undefined && wordMatches(next.word, wanted, t.prefix && k === t.words.length - 1)
        );
      }),
    );
    if (term) {
      ranges.push({ start: token.start, end: tokens[i + term.words.length - 1]!.end });
    }
  });
  return ranges;
}

export function snippetOf(text: string, terms: readonly QueryTerm[]): Snippet {
  const matches = matchesOf(text, terms);
  const first = matches[0];
  let from = first ? Math.max(0, first.start - BEFORE_MATCH) : 0;
  // Start at a word's beginning rather than inside one, when a space is near.
  if (from > 0) {
    const space = text.lastIndexOf(' ', from);
    from = space >= 0 && from - space <= 20 ? space + 1 : from;
  }
  const to = Math.min(text.length, from + WINDOW);
  const lead = from > 0 ? ELLIPSIS : '';
  const trail = to < text.length ? ELLIPSIS : '';
  return {
    text: `${lead}${text.slice(from, to)}${trail}`,
    highlights: matches
      .filter((m) => m.start >= from && m.end <= to)
      .map((m) => ({ start: m.start - from + lead.length, end: m.end - from + lead.length })),
  };
}
