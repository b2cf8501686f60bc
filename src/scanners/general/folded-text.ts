/**
 * A text folded for matching: NFKD compatibility forms, combining accents stripped, lower case,
 * format characters (zero-width, bidi controls, tag characters) dropped, whitespace runs collapsed
 * to one space, and optionally leetspeak digits read as letters. `starts[i]`/`ends[i]` give the
 * UTF-16 span in the original text of the character that produced folded unit `i`, so a match on
 * the folded copy is reported on the original.
 */
export interface FoldedText {
  text: string;
  starts: Uint32Array;
  ends: Uint32Array;
}

const SPACE = 0x20;
const COMBINING_MARKS = /\p{M}/gu;
const WHITESPACE = /\s/;
const UTF16 = new TextDecoder('utf-16le');

// What each ASCII character folds to (a code unit, SPACE for whitespace), with and without
// leetspeak; built once so the hot loop is a table look-up.
function asciiTable(readLeetspeak: boolean): Uint16Array {
  const table = new Uint16Array(128);
  const leet: Record<string, string> = {
    '0': 'o',
    '1': 'i',
    '3': 'e',
    '4': 'a',
    '5': 's',
    '7': 't',
  };
  for (let code = 0; code < 128; code += 1) {
    const char = String.fromCharCode(code);
    const folded = (readLeetspeak && leet[char]) || char.toLowerCase();
    table[code] = WHITESPACE.test(char) ? SPACE : folded.charCodeAt(0);
  }
  return table;
}
const ASCII_PLAIN = asciiTable(false);
const ASCII_LEET = asciiTable(true);

/** Format characters that render as nothing; dropped so they cannot split a keyword. */
export function isInvisible(codePoint: number): boolean {
  return (
    codePoint === 0xad ||
    codePoint === 0x180e ||
    (codePoint >= 0x200b && codePoint <= 0x200f) ||
    (codePoint >= 0x202a && codePoint <= 0x202e) ||
    (codePoint >= 0x2060 && codePoint <= 0x2069) ||
    codePoint === 0xfeff ||
    (codePoint >= 0xe0000 && codePoint <= 0xe007f)
  );
}

// Accented letters repeat through a text: fold each code point once, within a bound.
const NON_ASCII_FOLDS = new Map<number, string>();
const MAX_NON_ASCII_FOLDS = 4096;

function foldCodePoint(codePoint: number): string {
  let folded = NON_ASCII_FOLDS.get(codePoint);
  if (folded === undefined) {
    folded = String.fromCodePoint(codePoint)
      .normalize('NFKD')
      .replace(COMBINING_MARKS, '')
      .toLowerCase();
    if (NON_ASCII_FOLDS.size >= MAX_NON_ASCII_FOLDS) {
      NON_ASCII_FOLDS.clear();
    }
    NON_ASCII_FOLDS.set(codePoint, folded);
  }
  return folded;
}

// Several scanners fold the same text in one scan: the last fold of each kind is kept.
const lastFolds: { plain?: [string, FoldedText]; leet?: [string, FoldedText] } = {};

export function foldText(original: string, readLeetspeak: boolean): FoldedText {
  const kind = readLeetspeak ? 'leet' : 'plain';
  const last = lastFolds[kind];
  if (last?.[0] === original) {
    return last[1];
  }
  const folded = fold(original, readLeetspeak ? ASCII_LEET : ASCII_PLAIN);
  lastFolds[kind] = [original, folded];
  return folded;
}

function fold(original: string, ascii: Uint16Array): FoldedText {
  // NFKD may expand a code point (a ligature into three letters): grown on demand.
  let capacity = original.length + 16;
  let units = new Uint16Array(capacity);
  let starts = new Uint32Array(capacity);
  let ends = new Uint32Array(capacity);
  let length = 0;
  let lastWasSpace = true;
  const push = (unit: number, start: number, end: number): void => {
    const isSpace = unit === SPACE;
    if (isSpace && lastWasSpace) {
      return;
    }
    if (length === capacity) {
      capacity *= 2;
      units = grow(units, capacity);
      starts = grow(starts, capacity);
      ends = grow(ends, capacity);
    }
    lastWasSpace = isSpace;
    units[length] = unit;
    starts[length] = start;
    ends[length] = end;
    length += 1;
  };
  for (let index = 0; index < original.length;) {
    const code = original.charCodeAt(index);
    if (code < 0x80) {
      push(ascii[code] ?? SPACE, index, index + 1);
      index += 1;
      continue;
    }
    const codePoint = original.codePointAt(index) ?? code;
    const end = index + (codePoint > 0xffff ? 2 : 1);
    const folded = isInvisible(codePoint) ? '' : foldCodePoint(codePoint);
    for (let offset = 0; offset < folded.length; offset += 1) {
      const char = folded.charCodeAt(offset);
      const isSpace = char < 0x80 ? ascii[char] === SPACE : WHITESPACE.test(folded[offset] ?? '');
      push(isSpace ? SPACE : char, index, end);
    }
    index = end;
  }
  return {
    text: UTF16.decode(units.subarray(0, length)),
    starts: starts.subarray(0, length),
    ends: ends.subarray(0, length),
  };
}

function grow<T extends Uint16Array | Uint32Array>(array: T, capacity: number): T {
  const grown = new (array.constructor as new (size: number) => T)(capacity);
  grown.set(array);
  return grown;
}

/** The original span of folded units [start, end). */
export function originalSpan(folded: FoldedText, start: number, end: number): [number, number] {
  return [folded.starts[start] ?? 0, folded.ends[Math.max(start, end - 1)] ?? 0];
}
