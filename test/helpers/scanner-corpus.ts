import { readFileSync } from 'node:fs';
import { expect } from 'vitest';
import type { Detection, Detector, ScanContext, Scanner } from '../../src/scanners/scanner.ts';

/** One labelled case of a scanner's corpus (test/fixtures/scanners/README.md). */
export interface CorpusCase {
  text: string;
  expected: string[];
  settings?: Record<string, unknown>;
  context?: Partial<ScanContext>;
  language?: string;
  note?: string;
}

export function loadCorpus(scannerName: string): CorpusCase[] {
  const file = new URL(`../fixtures/scanners/${scannerName}.jsonl`, import.meta.url);
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line, index) => {
      try {
        return JSON.parse(line) as CorpusCase;
      } catch {
        throw new Error(`${scannerName}.jsonl line ${index + 1} is not JSON`);
      }
    });
}

export function scanContext(overrides: Partial<ScanContext> = {}): ScanContext {
  return {
    direction: 'prompt',
    userId: null,
    agentId: null,
    clientIp: null,
    file: null,
    judge: null,
    signal: new AbortController().signal,
    ...overrides,
  };
}

/** A scanner's detector for its default settings with `settings` laid over them. */
export async function prepareWith<S>(
  scanner: Scanner<S>,
  settings: Partial<S> = {},
): Promise<Detector> {
  return scanner.prepare({ ...scanner.defaults.settings, ...settings }, `${scanner.name}.settings`);
}

/** What a scanner detects in `text`, with `settings` over its defaults, in a prompt context. */
export async function detectWith<S>(
  scanner: Scanner<S>,
  text: string,
  settings: Partial<S> = {},
  context: Partial<ScanContext> = {},
): Promise<Detection> {
  const detect = await prepareWith(scanner, settings);
  return detect(text, scanContext(context));
}

/** Runs a detector on each input, asserting each takes less than `limitMs` (named by its start). */
export async function expectEachWithin(
  detect: Detector,
  inputs: string[],
  limitMs: number,
): Promise<void> {
  for (const text of inputs) {
    const started = performance.now();
    await detect(text, scanContext());
    expect(performance.now() - started, text.slice(0, 20)).toBeLessThan(limitMs);
  }
}

/** The finding types a scanner reports for a case under its default policy (none below threshold). */
export async function detectedTypes(scanner: Scanner, testCase: CorpusCase): Promise<string[]> {
  const detect = await prepareWith(scanner, testCase.settings);
  const detection = await detect(testCase.text, scanContext(testCase.context));
  if (detection.score < scanner.defaults.threshold || detection.findings.length === 0) {
    return [];
  }
  return [...new Set(detection.findings.map((finding) => finding.type))];
}

export interface CorpusScore {
  precision: number;
  recall: number;
  /** Share of negative cases (expected: []) where anything was found. */
  falsePositiveRate: number;
  /** Cases whose detected types differ from the expected ones, for the failure message. */
  misses: { text: string; expected: string[]; detected: string[] }[];
}

/** Precision and recall over finding types, counted per case. */
export async function scoreCorpus(scanner: Scanner, cases: CorpusCase[]): Promise<CorpusScore> {
  let truePositives = 0;
  let falsePositives = 0;
  let falseNegatives = 0;
  let negatives = 0;
  let flaggedNegatives = 0;
  const misses: CorpusScore['misses'] = [];
  for (const testCase of cases) {
    const detected = await detectedTypes(scanner, testCase);
    const expected = new Set(testCase.expected);
    const hits = detected.filter((type) => expected.has(type)).length;
    truePositives += hits;
    falsePositives += detected.length - hits;
    falseNegatives += expected.size - hits;
    if (expected.size === 0) {
      negatives += 1;
      flaggedNegatives += detected.length > 0 ? 1 : 0;
    }
    if (hits !== expected.size || hits !== detected.length) {
      misses.push({ text: testCase.text.slice(0, 120), expected: testCase.expected, detected });
    }
  }
  return {
    precision:
      truePositives + falsePositives === 0 ? 1 : truePositives / (truePositives + falsePositives),
    recall:
      truePositives + falseNegatives === 0 ? 1 : truePositives / (truePositives + falseNegatives),
    falsePositiveRate: negatives === 0 ? 0 : flaggedNegatives / negatives,
    misses,
  };
}

/** Corpus targets: lower bounds on precision and recall, an upper bound on false positives. */
export interface CorpusTargets {
  precision?: number;
  recall?: number;
  falsePositiveRate?: number;
  /** Every case must come out exactly as labelled. */
  noMisses?: boolean;
}

/** Scores a scanner on its corpus (fixtures/scanners/<name>.jsonl), showing the misses on failure. */
export async function expectCorpusScore(
  scanner: Scanner,
  targets: CorpusTargets,
  cases: CorpusCase[] = loadCorpus(scanner.name),
): Promise<void> {
  const score = await scoreCorpus(scanner, cases);
  const misses = JSON.stringify(score.misses, null, 2);
  if (targets.noMisses) {
    expect(score.misses, misses).toEqual([]);
  }
  if (targets.precision !== undefined) {
    expect(score.precision, misses).toBeGreaterThanOrEqual(targets.precision);
  }
  if (targets.recall !== undefined) {
    expect(score.recall, misses).toBeGreaterThanOrEqual(targets.recall);
  }
  if (targets.falsePositiveRate !== undefined) {
    expect(score.falsePositiveRate, misses).toBeLessThanOrEqual(targets.falsePositiveRate);
  }
}
