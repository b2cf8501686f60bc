import { describe, expect, it } from 'vitest';
import { regexScanner, SEARCH_BUDGET_MS } from '../../../src/scanners/general/regex.ts';
import { ValidationError } from '../../../src/lib/errors.ts';
import { expectCorpusScore, prepareWith, scanContext } from '../../helpers/scanner-corpus.ts';
import { schemaDefaults } from '../../helpers/scanner-settings.ts';

const FIELD = 'regex.settings';

type Pattern = {
  name: string;
  pattern: string;
  flags?: string;
  action?: 'flag' | 'redact' | 'block';
};

async function prepare(...patterns: Pattern[]) {
  return regexScanner.prepare({ patterns }, FIELD);
}

describe('regex scanner', () => {
  it('meets its corpus targets', async () => {
    await expectCorpusScore(regexScanner, { noMisses: true });
  });

  it('has the defaults its schema documents, and passes everything with no patterns', async () => {
    expect(schemaDefaults(regexScanner)).toEqual(regexScanner.defaults.settings);
    const detect = await prepareWith(regexScanner);
    expect(await detect('EMP-123456 Bluefin', scanContext())).toEqual({ score: 0, findings: [] });
  });

  it('reports UTF-16 offsets, the pattern name and its own action, never the match', async () => {
    const detect = await prepare(
      { name: 'Code name', pattern: 'bluefin', flags: 'i' },
      { name: 'Employee id', pattern: 'EMP-\\d{6}', action: 'redact' },
    );
    const text = '😀 Ask BLUEFIN about EMP-123456 — 日本 bluefin';
    const detection = await detect(text, scanContext());
    expect(detection.score).toBe(1);
    expect(detection.findings.map((f) => text.slice(f.start, f.end))).toEqual([
      'BLUEFIN',
      'bluefin',
      'EMP-123456',
    ]);
    expect(detection.findings.map((f) => [f.label, f.action])).toEqual([
      ['Pattern "Code name"', undefined],
      ['Pattern "Code name"', undefined],
      ['Pattern "Employee id"', 'redact'],
    ]);
    expect(detection.findings.every((f) => f.type === 'pattern')).toBe(true);
  });

  it('applies the m and s flags', async () => {
    const multiline = await prepare({ name: 'Line', pattern: '^x$', flags: 'm' });
    expect((await multiline('a\nx\nb', scanContext())).score).toBe(1);
    const single = await prepare({ name: 'Line', pattern: '^x$' });
    expect((await single('a\nx\nb', scanContext())).score).toBe(0);
    const dotAll = await prepare({ name: 'Span', pattern: 'a.b', flags: 's' });
    expect((await dotAll('a\nb', scanContext())).score).toBe(1);
  });

  it.each([
    ['(a)\\1', 'is not a valid RE2 pattern: invalid escape sequence: `\\1`'],
    ['(?=secret)', 'is not a valid RE2 pattern: invalid or unsupported Perl syntax: `(?=`'],
    ['[unclosed', 'is not a valid RE2 pattern: missing closing ]: `[unclosed`'],
    ['a{1001}', 'is not a valid RE2 pattern: invalid repeat count: `{1001}`'],
    ['[a-z]{600}[0-9]{600}', 'is too large for RE2'],
    ['x*', 'matches the empty string'],
  ])('rejects %s with a ValidationError naming the pattern', async (pattern, reason) => {
    const attempt = prepare({ name: 'ok', pattern: 'fine' }, { name: 'bad', pattern });
    await expect(attempt).rejects.toBeInstanceOf(ValidationError);
    await expect(attempt).rejects.toThrow(`${FIELD}.patterns[1].pattern ${reason}`);
  });

  it('scans 10 kB of adversarial input against classic ReDoS shapes in linear time', async () => {
    const detect = await prepare(
      { name: 'Nested', pattern: '(a+)+$' },
      { name: 'Alternation', pattern: '(a|aa)*b' },
      { name: 'Wildcards', pattern: '(.*a){20}' },
    );
    const started = performance.now();
    const detection = await detect(`${'a'.repeat(10_000)}!`, scanContext());
    expect(performance.now() - started).toBeLessThan(2000);
    expect(detection.findings.map((f) => f.label)).toEqual(['Pattern "Wildcards"']);
  });

  it('fails past its time budget instead of passing what it has not searched', async () => {
    // Each match of `a` is followed by a search to the end of the text for a `b`: quadratic.
    const detect = await prepare({ name: 'Quadratic', pattern: 'a(?:.*b)?' });
    const started = performance.now();
    expect(() => detect('a'.repeat(10_000), scanContext())).toThrow(
      `Regex patterns took more than ${SEARCH_BUDGET_MS} ms on this text`,
    );
    expect(performance.now() - started).toBeLessThan(SEARCH_BUDGET_MS + 2000);
  });

  it('stops when the request is aborted', async () => {
    const detect = await prepare({ name: 'Letter', pattern: 'a' });
    const controller = new AbortController();
    controller.abort(new Error('request ended'));
    expect(() => detect('a a a', scanContext({ signal: controller.signal }))).toThrow(
      'request ended',
    );
  });
});
