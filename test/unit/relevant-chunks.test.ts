import { describe, expect, it } from 'vitest';
import { relevantText } from '../../src/files/relevant-chunks.ts';

// A document too long for the model's context is cut down to its parts most relevant to the
// question, within a character budget, kept in document order with omissions marked.

const GAP = '\n…\n';

const paragraph = (n: number, extra = '') =>
  `Paragraph ${n}. The committee reviewed routine governance matters, the annual budget and ` +
  `staffing plans for department ${n}. Minutes were approved without objection.${extra} ` +
  `Members discussed scheduling, office supplies and the travel policy at some length.`;

const document = Array.from({ length: 50 }, (_, i) =>
  paragraph(i + 1, i + 1 === 37 ? ' A zeolite filter was found to leak.' : ''),
).join('\n\n');

/** Where each part of the result is in the document; fails when a part is not from it. */
function positions(result: string): number[] {
  return result.split(GAP).map((part) => {
    const at = document.indexOf(part);
    expect(at, `part not cut from the document: ${part.slice(0, 40)}`).toBeGreaterThanOrEqual(0);
    return at;
  });
}

describe('relevantText', () => {
  it('returns text within the budget unchanged', () => {
    expect(relevantText('  short text\n\n', 'anything', 14)).toBe('  short text\n\n');
  });

  it('keeps the paragraph that mentions the rare query word, within budget and in order', () => {
    const result = relevantText(document, 'Is there a leak in the zeolite?', 2_000);
    expect(result).toContain(paragraph(37, ' A zeolite filter was found to leak.'));
    expect(result.length).toBeLessThanOrEqual(2_000);
    expect(result.length).toBeGreaterThan(1_500); // the rest of the budget is used, not wasted
    const at = positions(result);
    expect(at).toEqual([...at].sort((a, b) => a - b));
    expect(at.length).toBeGreaterThan(1); // the start fills the budget, then a gap, then the hit
  });

  it.each([
    ['an empty query', ''],
    ['a query of stop words only', 'what is the'],
  ])('takes the start of the document for %s', (_case, query) => {
    const result = relevantText(document, query, 1_500);
    expect(result.startsWith(paragraph(1))).toBe(true);
    expect(result).not.toContain(GAP);
    expect(document.startsWith(result)).toBe(true);
    expect(result.length).toBeLessThanOrEqual(1_500);
  });

  it.each([50, 300, 999, 4_321])(
    'stays within a budget of %i, even for text without breaks',
    (budget) => {
      const unbroken = Array.from({ length: 3_000 }, (_, i) => `word${i % 97}`).join(' ');
      const result = relevantText(unbroken, 'word13 word42', budget);
      expect(result.length).toBeLessThanOrEqual(budget);
      expect(result.length).toBeGreaterThan(budget / 2);
      expect(result).toMatch(/word(13|42)\b/);
    },
  );

  it('returns nothing for a budget of zero', () => {
    expect(relevantText(document, 'zeolite', 0)).toBe('');
  });
});
