import type { ScanResult } from './api.ts';

export interface Mark {
  /** Numbers the finding in the results (1, 2, …). */
  number: number;
  label: string;
  start: number;
  end: number;
}

export interface Segment {
  text: string;
  /** The findings over this stretch of the text. */
  marks: Mark[];
  /** The findings that end with this stretch: their tag goes after it. */
  ending: Mark[];
}

/** The findings that point into the text (a finding about the whole text has start = end). */
export function marksOf(results: readonly ScanResult[], length: number): Mark[] {
  let number = 0;
  const marks: Mark[] = [];
  for (const result of results) {
    for (const finding of result.findings) {
      number += 1;
      const start = Math.max(0, Math.min(finding.start, length));
      const end = Math.max(start, Math.min(finding.end, length));
      if (end > start) {
        marks.push({ number, label: finding.label, start, end });
      }
    }
  }
  return marks;
}

/** The text cut where findings start and end, each stretch with the findings over it. */
export function segmentsOf(text: string, marks: readonly Mark[]): Segment[] {
  const cuts = [
    ...new Set([0, text.length, ...marks.flatMap((mark) => [mark.start, mark.end])]),
  ].sort((a, b) => a - b);
  const segments: Segment[] = [];
  for (let index = 0; index + 1 < cuts.length; index += 1) {
    const start = cuts[index] as number;
    const end = cuts[index + 1] as number;
    const over = marks.filter((mark) => mark.start <= start && mark.end >= end);
    segments.push({
      text: text.slice(start, end),
      marks: over,
      ending: over.filter((mark) => mark.end === end),
    });
  }
  return segments;
}
