import { isInvisible } from '../folded-text.ts';

/** A stretch of the original text that hides something, and how suspicious it is (0..1). */
export interface HiddenSpan {
  start: number;
  end: number;
  weight: number;
  /** The text it carries, when it carries one (tag characters, an encoded run). */
  hidden: string | null;
}

const TAG_BASE = 0xe0000;
const BLACK_FLAG = 0x1f3f4;
const ZERO_WIDTH = new Set([
  0x180e, 0x200b, 0x200c, 0x200d, 0x2060, 0x2061, 0x2062, 0x2063, 0x2064,
]);
// Joiners and zero-width spaces are part of writing in these scripts and in emoji sequences.
const JOINING_CONTEXT =
  /[\p{Script=Arabic}\p{Script=Syriac}\p{Script=Thaana}\p{Script=Devanagari}\p{Script=Bengali}\p{Script=Gurmukhi}\p{Script=Gujarati}\p{Script=Oriya}\p{Script=Tamil}\p{Script=Telugu}\p{Script=Kannada}\p{Script=Malayalam}\p{Script=Sinhala}\p{Script=Thai}\p{Script=Lao}\p{Script=Tibetan}\p{Script=Myanmar}\p{Script=Khmer}\p{Script=Mongolian}\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Extended_Pictographic}\p{Emoji_Modifier}\uFE0F]/u;
const MAX_RUNS = 20;

function codePointAround(text: string, index: number, before: boolean): string {
  const point = before ? text.codePointAt(index - 1) : text.codePointAt(index);
  if (point === undefined) {
    return '';
  }
  if (before && point >= 0xdc00 && point <= 0xdfff && index >= 2) {
    return String.fromCodePoint(text.codePointAt(index - 2) ?? 0);
  }
  return String.fromCodePoint(point);
}

/**
 * Invisible characters that are not part of ordinary writing: Unicode tag characters (they can
 * spell ASCII no one sees) except in a flag sequence, bidi embeddings, overrides and isolates,
 * and zero-width characters outside the scripts and emoji that use them. Right-to-left text and
 * its marks (U+200E/U+200F) are ordinary writing. Consecutive characters make one span.
 */
export function findInvisibleRuns(text: string): HiddenSpan[] {
  const runs: HiddenSpan[] = [];
  let strayZeroWidth = 0;
  for (let index = 0; index < text.length;) {
    const point = text.codePointAt(index) ?? 0;
    if (!isInvisible(point)) {
      index += point > 0xffff ? 2 : 1;
      continue;
    }
    const start = index;
    let weight = 0;
    let hidden = '';
    const afterFlag = text.codePointAt(start - 2) === BLACK_FLAG;
    while (index < text.length) {
      const inner = text.codePointAt(index) ?? 0;
      if (!isInvisible(inner)) {
        break;
      }
      if (inner >= TAG_BASE) {
        weight = afterFlag ? weight : Math.max(weight, 0.9);
        hidden += String.fromCharCode(inner - TAG_BASE);
      } else if (inner === 0x202d || inner === 0x202e) {
        weight = Math.max(weight, 0.8);
      } else if ((inner >= 0x202a && inner <= 0x202c) || (inner >= 0x2066 && inner <= 0x2069)) {
        weight = Math.max(weight, 0.6);
      } else if (ZERO_WIDTH.has(inner)) {
        strayZeroWidth += 1;
      }
      index += inner > 0xffff ? 2 : 1;
    }
    const isJoining =
      JOINING_CONTEXT.test(codePointAround(text, start, true)) ||
      JOINING_CONTEXT.test(codePointAround(text, index, false));
    if (isJoining && weight === 0) {
      strayZeroWidth -= countZeroWidth(text, start, index);
      continue;
    }
    if (runs.length < MAX_RUNS) {
      runs.push({ start, end: index, weight, hidden: hidden === '' || afterFlag ? null : hidden });
    }
  }
  // One stray zero-width space is often a copy-and-paste accident; several are deliberate.
  const zeroWidthWeight = strayZeroWidth >= 3 ? 0.7 : strayZeroWidth > 0 ? 0.3 : 0;
  return runs
    .map((run) => ({ ...run, weight: Math.max(run.weight, zeroWidthWeight) }))
    .filter((run) => run.weight > 0);
}

function countZeroWidth(text: string, start: number, end: number): number {
  let count = 0;
  for (let index = start; index < end; index += 1) {
    count += ZERO_WIDTH.has(text.charCodeAt(index)) ? 1 : 0;
  }
  return count;
}

// Bounded runs: long enough to carry a sentence, short enough that decoding stays cheap.
const BASE64_RUN = /(?<![A-Za-z0-9+/_-])[A-Za-z0-9+/_-]{16,4096}={0,2}/g;
const HEX_ESCAPE_RUN = /(?:\\x[0-9a-fA-F]{2}){8,2048}/g;
const SPACED_HEX_RUN = /(?:[0-9a-fA-F]{2}[ :]){7,2047}[0-9a-fA-F]{2}/g;
const URL_ENCODED_RUN = /(?<![A-Za-z0-9._~+%-])(?:%[0-9a-fA-F]{2}|[A-Za-z0-9._~+-]){16,4096}/g;
const HEX_ONLY = /^(?:[0-9a-fA-F]{2})+$/;
const MIN_PERCENT_ESCAPES = 4;

/** Decoded bytes that read as text: valid UTF-8, almost no control characters. */
function asText(bytes: Buffer): string | null {
  if (bytes.length < 8) {
    return null;
  }
  const text = bytes.toString('utf8');
  let bad = 0;
  for (let index = 0; index < text.length; index += 1) {
    const code = text.charCodeAt(index);
    if (code === 0xfffd || (code < 0x20 && code !== 0x09 && code !== 0x0a && code !== 0x0d)) {
      bad += 1;
    }
  }
  return bad <= text.length * 0.05 ? text : null;
}

function decodePercent(run: string): string | null {
  try {
    return decodeURIComponent(run.replace(/\+/g, ' '));
  } catch {
    return null;
  }
}

/**
 * Runs of base64, hex and percent-encoding whose decoding is readable text, with that text;
 * the caller rescans it (one level: what a decoded text encodes again is not decoded).
 */
export function findEncodedRuns(text: string): HiddenSpan[] {
  const runs: HiddenSpan[] = [];
  const add = (start: number, end: number, decoded: string | null): void => {
    if (decoded !== null && runs.length < MAX_RUNS) {
      runs.push({ start, end, weight: 0, hidden: decoded });
    }
  };
  for (const match of text.matchAll(BASE64_RUN)) {
    const run = match[0];
    const decoded = HEX_ONLY.test(run) ? asText(Buffer.from(run, 'hex')) : null;
    add(match.index, match.index + run.length, decoded ?? asText(Buffer.from(run, 'base64')));
  }
  const hasEscapes = text.includes('\\x');
  for (const match of hasEscapes ? text.matchAll(HEX_ESCAPE_RUN) : []) {
    const hex = match[0].replace(/\\x/g, '');
    add(match.index, match.index + match[0].length, asText(Buffer.from(hex, 'hex')));
  }
  for (const match of text.matchAll(SPACED_HEX_RUN)) {
    const hex = match[0].replace(/[ :]/g, '');
    add(match.index, match.index + match[0].length, asText(Buffer.from(hex, 'hex')));
  }
  for (const match of text.includes('%') ? text.matchAll(URL_ENCODED_RUN) : []) {
    const run = match[0];
    if (run.split('%').length > MIN_PERCENT_ESCAPES) {
      add(match.index, match.index + run.length, decodePercent(run));
    }
  }
  return runs;
}
