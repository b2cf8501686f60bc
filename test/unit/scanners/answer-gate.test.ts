import { describe, expect, it } from 'vitest';
import { AnswerGate, ANSWER_CHUNK_CHARS } from '../../../src/chat/answer-gate.ts';
import type { ScanOutcome } from '../../../src/scanners/run-scanners.ts';

// The gate that holds a streamed answer back until the scanners have seen it.

const pass = (text: string): ScanOutcome => ({ verdict: 'pass', results: [], text });

function gateOver(scan: (soFar: string) => ScanOutcome = pass) {
  const released: string[] = [];
  const scanned: string[] = [];
  const gate = new AnswerGate(
    async (soFar) => {
      scanned.push(soFar);
      return scan(soFar);
    },
    (text) => released.push(text),
  );
  return { gate, released, scanned };
}

describe('the answer gate', () => {
  it('releases nothing until a chunk ends at a sentence, then the scanned text', async () => {
    const { gate, released, scanned } = gateOver();
    const sentence = `${'word '.repeat(ANSWER_CHUNK_CHARS / 5)}end. `;
    await gate.push('Short start');
    expect(released).toEqual([]);
    await gate.push(` ${sentence}Then more`);
    expect(released).toEqual([`Short start ${sentence}`]);
    expect(scanned).toEqual([`Short start ${sentence}`]);
    gate.end(pass(`Short start ${sentence}Then more`));
    expect(released.join('')).toBe(`Short start ${sentence}Then more`);
  });

  it('releases the redacted text, and what the final scan redacts in the rest', async () => {
    const redacted = (text: string) => pass(text.replaceAll('a@x.io', '[EMAIL_1]'));
    const { gate, released } = gateOver(redacted);
    const long = `Mail a@x.io ${'now '.repeat(60)}done.\n`;
    await gate.push(long);
    await gate.push('Again a@x.io');
    gate.end(redacted(`${long}Again a@x.io`));
    expect(released.join('')).toBe(`Mail [EMAIL_1] ${'now '.repeat(60)}done.\nAgain [EMAIL_1]`);
  });

  it('a refusing scan releases nothing more', async () => {
    const { gate, released } = gateOver((soFar) => {
      if (soFar.includes('secret')) {
        throw new Error('blocked');
      }
      return pass(soFar);
    });
    await gate.push(`${'fine '.repeat(50)}ok. `);
    await expect(gate.push(`the secret ${'x '.repeat(120)}end. `)).rejects.toThrow('blocked');
    expect(released).toEqual([`${'fine '.repeat(50)}ok. `]);
  });
});

describe('an answer without sentence ends', () => {
  it('is released at a space once it runs several chunks long', async () => {
    const { gate, released } = gateOver();
    await gate.push('item, '.repeat(ANSWER_CHUNK_CHARS / 6));
    expect(released).toEqual([]);
    await gate.push('item, '.repeat(ANSWER_CHUNK_CHARS / 2));
    expect(released.join('').length).toBeGreaterThan(ANSWER_CHUNK_CHARS * 2);
    expect(released.join('').endsWith(' ')).toBe(true);
  });
});
