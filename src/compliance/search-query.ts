import { ValidationError } from '../lib/errors.ts';

// The compliance search's text query: words are ANDed, "quoted phrases" match words in a row, and
// a trailing * makes a word a prefix. It is read into tokens (runs of Unicode letters and digits,
// lower-cased: what SQLite's unicode61 tokenizer and PostgreSQL's 'simple' configuration index),
// and each store's query syntax is written from those tokens alone, never from the user's text:
// quotes, operators and punctuation are separators, so no query can be a syntax error.

/** One thing every match must contain: a word, a prefix or a phrase (words in a row). */
export interface QueryTerm {
  words: readonly string[];
  /** The last word is a prefix of the text's word. */
  prefix: boolean;
}

/** More terms would be a query nobody writes and a slower search for everyone. */
export const MAX_QUERY_TERMS = 32;

const TOKEN = /[\p{L}\p{N}]+/gu;

function tokensOf(text: string): string[] {
  return (text.match(TOKEN) ?? []).map((token) => token.toLowerCase());
}

/** The terms of a query; none when it holds no letters or digits (then the text is not searched). */
export function parseQuery(text: string): QueryTerm[] {
  const terms: QueryTerm[] = [];
  // Between quotes (the odd parts) is a phrase; an unclosed quote runs to the end.
  text.split('"').forEach((part, index) => {
    if (index % 2 === 1) {
      const words = tokensOf(part);
      if (words.length > 0) {
        terms.push({ words, prefix: false });
      }
      return;
    }
    for (const word of part.split(/\s+/)) {
      const tokens = tokensOf(word);
      const prefix = word.endsWith('*');
      tokens.forEach((token, i) =>
        terms.push({ words: [token], prefix: prefix && i === tokens.length - 1 }),
      );
    }
  });
  if (terms.length > MAX_QUERY_TERMS) {
    throw new ValidationError(`A search may hold at most ${MAX_QUERY_TERMS} words and phrases`);
  }
  return terms;
}

/** The terms as an SQLite FTS5 MATCH expression: each token quoted, terms ANDed. */
export function fts5Match(terms: readonly QueryTerm[]): string {
  return terms.map((term) => `"${term.words.join(' ')}"${term.prefix ? ' *' : ''}`).join(' AND ');
}

/** The terms as a PostgreSQL tsquery for to_tsquery('simple', …): <-> in phrases, :* prefixes. */
export function tsQuery(terms: readonly QueryTerm[]): string {
  return terms
    .map((term) => {
      const words = term.words.map((word) => `'${word}'`);
      const phrase = `${words.join(' <-> ')}${term.prefix ? ':*' : ''}`;
      return words.length > 1 ? `(${phrase})` : phrase;
    })
    .join(' & ');
}
