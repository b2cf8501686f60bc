import type { ScanOutcome } from '../scanners/run-scanners.ts';

// The answer is released in pieces of at least this many characters, each ending at a sentence
// or line end, so that what a scanner looks for (a phone number, an address) is not cut in two.
export const ANSWER_CHUNK_CHARS = 200;

/**
 * Holds a streamed answer back until the answer scanners passed it. Each time a chunk is
 * complete, the answer so far is scanned and what was not released yet goes out (redacted when
 * the scanners redact). `scan` throws to refuse the answer.
 */
export class AnswerGate {
  private raw = '';
  private releasedRaw = 0;
  private releasedText = 0;

  constructor(
    private readonly scan: (answerSoFar: string) => Promise<ScanOutcome>,
    private readonly release: (text: string) => void,
  ) {}

  async push(piece: string): Promise<void> {
    this.raw += piece;
    const cut = sentenceEnd(this.raw, this.releasedRaw + ANSWER_CHUNK_CHARS);
    if (cut > this.releasedRaw) {
      this.releaseUpTo(await this.scan(this.raw.slice(0, cut)), cut);
    }
  }

  /** Releases the rest once `final` (the whole answer's scan) passed it. */
  end(final: ScanOutcome): void {
    this.releaseUpTo(final, this.raw.length);
  }

  private releaseUpTo(outcome: ScanOutcome, rawLength: number): void {
    const text = outcome.text.slice(this.releasedText);
    this.releasedText = outcome.text.length;
    this.releasedRaw = rawLength;
    if (text) {
      this.release(text);
    }
  }
}

/**
 * The end of the last sentence or line at or after `from`; 0 when there is none yet. A text
 * that runs on without one (a long list, code) is cut at a space once it is several chunks long.
 */
function sentenceEnd(text: string, from: number): number {
  let space = 0;
  for (let index = text.length - 1; index >= from; index -= 1) {
    const char = text[index];
    const blank = char === ' ' || char === '\t';
    if (char === '\n' || (blank && /[.!?:;]/.test(text[index - 1] ?? ''))) {
      return index + 1;
    }
    if (blank && space === 0) {
      space = index + 1;
    }
  }
  return text.length - from >= 2 * ANSWER_CHUNK_CHARS ? space : 0;
}
