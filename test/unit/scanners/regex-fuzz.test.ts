import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { regexScanner, SEARCH_BUDGET_MS } from '../../../src/scanners/general/regex.ts';
import { ValidationError } from '../../../src/lib/errors.ts';
import { scanContext } from '../../helpers/scanner-corpus.ts';

/*
 * Admins' patterns are untrusted input to the scanner: whatever they write, a scan must end. The
 * bound asserted is one overall budget (the whole property in OVERALL_MS) rather than a time per
 * scan, which a loaded CI machine would make flaky; each scan must also either return
 * well-formed findings or fail with the scanner's own budget error, never hang or crash.
 */
const RUNS = 120;
const OVERALL_MS = 90_000;
const FIELD = 'regex.settings';

const REDOS_SHAPES = [
  '(a+)+$',
  '(a|aa)*b',
  '(.*a){20}',
  '(a*)*b',
  '(a|a?)+$',
  '(\\w+\\s?)+$',
  '^(([a-z])+.)+[A-Z]([a-z])+$',
  '(x+x+)+y',
  '(.*,){30}z',
  'a(?:.*b)?',
];

const atom = fc.constantFrom('a', 'b', '.', '\\w', '\\d', '\\s', '[ab]', '[^a]', '\\b', '^', '$');
const quantifier = fc.constantFrom('', '', '*', '+', '?', '*?', '{2}', '{1,5}', '{0,20}', '{20}');
const generated: fc.Arbitrary<string> = fc.letrec<{ node: string }>((tie) => ({
  node: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.tuple(atom, quantifier).map(([a, q]) => a + q),
    fc
      .tuple(fc.array(tie('node'), { minLength: 1, maxLength: 4 }), quantifier)
      .map(([parts, q]) => `(?:${parts.join('')})${q}`),
    fc
      .tuple(fc.array(tie('node'), { minLength: 2, maxLength: 3 }), quantifier)
      .map(([parts, q]) => `(${parts.join('|')})${q}`),
  ),
})).node;
const pattern = fc.oneof(
  fc.constantFrom(...REDOS_SHAPES),
  generated,
  // Anything at all, mostly invalid: must be refused, not crash.
  fc.string({ maxLength: 40 }),
);

const text = fc.oneof(
  fc
    .tuple(fc.constantFrom('a', 'ab', 'a,', 'x', 'word '), fc.integer({ min: 1, max: 10_000 }))
    .map(([unit, length]) => unit.repeat(Math.ceil(length / unit.length)).slice(0, length)),
  fc
    .tuple(fc.constantFrom('a', 'aaaa', 'x'), fc.constantFrom('!', 'b', 'y', 'z', 'A'))
    .map(([unit, last]) => unit.repeat(10_000 / unit.length - 1) + last),
  fc.string({ unit: fc.constantFrom('a', 'b', ' ', ',', '\n', 'A', '1', 'é'), maxLength: 10_000 }),
);

describe('regex scanner under generated patterns and inputs', () => {
  it(
    'refuses a pattern or scans 10 kB within its budget',
    async () => {
      const outcomes = { refused: 0, scanned: 0, overBudget: 0 };
      const started = performance.now();
      await fc.assert(
        fc.asyncProperty(
          pattern,
          fc.constantFrom('', 'i', 'ms'),
          text,
          async (source, flags, input) => {
            let detect;
            try {
              detect = await regexScanner.prepare(
                { patterns: [{ name: 'fuzz', pattern: source, flags }] },
                FIELD,
              );
            } catch (error) {
              expect(error).toBeInstanceOf(ValidationError);
              expect((error as Error).message.startsWith(`${FIELD}.patterns[0].pattern `)).toBe(
                true,
              );
              outcomes.refused += 1;
              return;
            }
            let detection;
            try {
              detection = await detect(input, scanContext());
            } catch (error) {
              expect((error as Error).message).toBe(
                `Regex patterns took more than ${SEARCH_BUDGET_MS} ms on this text`,
              );
              outcomes.overBudget += 1;
              return;
            }
            outcomes.scanned += 1;
            expect(detection.score).toBe(detection.findings.length > 0 ? 1 : 0);
            for (const finding of detection.findings) {
              expect(finding.start).toBeGreaterThanOrEqual(0);
              expect(finding.end).toBeGreaterThan(finding.start);
              expect(finding.end).toBeLessThanOrEqual(input.length);
              expect(finding.label).toBe('Pattern "fuzz"');
            }
          },
        ),
        { numRuns: RUNS },
      );
      const elapsed = performance.now() - started;
      expect(elapsed, JSON.stringify(outcomes)).toBeLessThan(OVERALL_MS);
      expect(outcomes.refused + outcomes.scanned + outcomes.overBudget).toBeGreaterThanOrEqual(
        RUNS,
      );
    },
    OVERALL_MS + 30_000,
  );
});
