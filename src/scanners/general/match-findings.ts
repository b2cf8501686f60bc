import type { Finding } from '../scanner.ts';

/**
 * Every match of a global pattern that `toFinding` accepts, as findings. `toFinding` returns
 * null to reject a match (a failed checksum, a placeholder), so a pattern stays simple.
 */
export function findMatches(
  pattern: RegExp,
  text: string,
  toFinding: (match: RegExpExecArray) => Finding | null,
): Finding[] {
  const findings: Finding[] = [];
  pattern.lastIndex = 0;
  for (let match = pattern.exec(text); match !== null; match = pattern.exec(text)) {
    const finding = toFinding(match);
    if (finding) {
      findings.push(finding);
    }
    if (match[0] === '') {
      pattern.lastIndex += 1;
    }
  }
  return findings;
}

/**
 * Keeps the findings that overlap none kept before them: `findings` come in order of trust, so
 * a card number is not also reported as a phone number. Linear in the text's length.
 */
export function withoutOverlaps(findings: Finding[], textLength: number): Finding[] {
  const claimed = new Uint8Array(textLength);
  const kept: Finding[] = [];
  for (const finding of findings) {
    if (claimed.subarray(finding.start, finding.end).includes(1)) {
      continue;
    }
    claimed.fill(1, finding.start, finding.end);
    kept.push(finding);
  }
  return kept.sort((a, b) => a.start - b.start);
}
