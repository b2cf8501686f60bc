/** A stretch of the original text, by offsets, so that selected chunks can be cut from it. */
interface Span {
  start: number;
  end: number;
}

const CHUNK_CHARS = 1_000;
const GAP = '\n…\n';

// Coarsest first: a piece still too long after one boundary kind is split at the next.
const BOUNDARIES = [/\n\s*\n/g, /[.!?]+["'”’)\]]*\s+/g, /\n/g];

// Words too common to say what a question is about.
const STOP_WORDS = new Set(
  (
    'a an and are as at be by can do does for from has have how i in is it of on or that the ' +
    'this to was what when where which who why will with'
  ).split(' '),
);

/**
 * The parts of `text` most relevant to `query`, in document order, in at most `budgetChars`
 * characters; omissions are marked with an ellipsis line. Text within the budget is returned whole.
 */
export function relevantText(text: string, query: string, budgetChars: number): string {
  if (text.length <= budgetChars) {
    return text;
  }
  if (budgetChars <= 0) {
    return '';
  }
  // Never larger than the budget, so that the best chunk always fits.
  const limit = Math.min(CHUNK_CHARS, budgetChars);
  const chunks = pack(text, split(text, { start: 0, end: text.length }, 0, limit), limit);
  const scores = bm25(
    chunks.map((chunk) => tokens(text.slice(chunk.start, chunk.end))),
    tokens(query).filter((token) => !STOP_WORDS.has(token)),
  );
  // Ties (every chunk, for a query with no useful word) go to the earlier chunk.
  const ranked = chunks.map((_, index) => index);
  ranked.sort((a, b) => (scores[b] ?? 0) - (scores[a] ?? 0) || a - b);
  let chosen: number[] = [];
  for (const index of ranked) {
    const tried = [...chosen, index].sort((a, b) => a - b);
    const length = runs(chunks, tried).reduce(
      (sum, run, i) => sum + run.end - run.start + (i > 0 ? GAP.length : 0),
      0,
    );
    if (length <= budgetChars) {
      chosen = tried;
    }
  }
  return runs(chunks, chosen)
    .map((run) => text.slice(run.start, run.end))
    .join(GAP);
}

/** Pieces of `span` no longer than `limit`, cut at the coarsest boundary that does. */
function split(text: string, span: Span, level: number, limit: number): Span[] {
  if (span.end - span.start <= limit) {
    return [span];
  }
  const boundary = BOUNDARIES[level];
  if (boundary === undefined) {
    return hardSplit(text, span, limit);
  }
  const pieces: Span[] = [];
  let start = span.start;
  for (const match of text.slice(span.start, span.end).matchAll(boundary)) {
    const end = span.start + match.index + match[0].length;
    pieces.push({ start, end });
    start = end;
  }
  if (start < span.end) {
    pieces.push({ start, end: span.end });
  }
  return pieces.flatMap((piece) => split(text, piece, level + 1, limit));
}

/** Fixed-size pieces, cut after the last space when there is one in the second half. */
function hardSplit(text: string, span: Span, limit: number): Span[] {
  const pieces: Span[] = [];
  for (let start = span.start; start < span.end;) {
    let end = Math.min(start + limit, span.end);
    const space = text.lastIndexOf(' ', end - 1);
    if (end < span.end && space > start + limit / 2) {
      end = space + 1;
    }
    pieces.push({ start, end });
    start = end;
  }
  return pieces;
}

/**
 * Consecutive pieces merged into chunks of up to `limit`, each then narrowed to where its text
 * starts and ends, so a run of adjacent chunks is one slice of the original without edge spaces.
 */
function pack(text: string, pieces: Span[], limit: number): Span[] {
  const merged: Span[] = [];
  for (const piece of pieces) {
    const last = merged.at(-1);
    if (last && piece.end - last.start <= limit) {
      last.end = piece.end;
    } else {
      merged.push({ ...piece });
    }
  }
  return merged.flatMap(({ start, end }) => {
    const slice = text.slice(start, end);
    const content = slice.trim();
    const from = start + slice.length - slice.trimStart().length;
    return content === '' ? [] : [{ start: from, end: from + content.length }];
  });
}

/** The chosen chunks (indices in ascending order) with adjacent ones joined into one span. */
function runs(chunks: Span[], chosen: number[]): Span[] {
  const result: Span[] = [];
  chosen.forEach((index, i) => {
    const { start, end } = chunks[index] ?? { start: 0, end: 0 };
    const last = result.at(-1);
    if (last && index === (chosen[i - 1] ?? -2) + 1) {
      last.end = end;
    } else {
      result.push({ start, end });
    }
  });
  return result;
}

function tokens(text: string): string[] {
  return text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
}

/** Okapi BM25 of each document (a token list) against the query terms. */
function bm25(documents: string[][], query: string[], k1 = 1.2, b = 0.75): number[] {
  const terms = [...new Set(query)];
  const counts = documents.map((doc) => terms.map((term) => doc.filter((t) => t === term).length));
  const averageLength = documents.reduce((sum, doc) => sum + doc.length, 0) / documents.length || 1;
  const idf = terms.map((_, t) => {
    const df = counts.filter((row) => (row[t] ?? 0) > 0).length;
    return Math.log(1 + (documents.length - df + 0.5) / (df + 0.5));
  });
  return counts.map((row, d) => {
    const norm = k1 * (1 - b + (b * (documents[d]?.length ?? 0)) / averageLength);
    return row.reduce((score, tf, t) => score + ((idf[t] ?? 0) * tf * (k1 + 1)) / (tf + norm), 0);
  });
}
