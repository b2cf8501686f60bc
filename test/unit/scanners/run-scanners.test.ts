import { describe, expect, it } from 'vitest';
import { Type } from 'typebox';
import { ScannerRunner } from '../../../src/scanners/run-scanners.ts';
import { builtInPolicies, type ScannerPolicies } from '../../../src/scanners/policy.ts';
import { Vault } from '../../../src/scanners/redaction.ts';
import type { Detector, Scanner, ScannerPolicy } from '../../../src/scanners/scanner.ts';
import type { ScannerName } from '../../../src/vocabulary/scanners.ts';
import { scanContext } from '../../helpers/scanner-corpus.ts';

// The runner with hand-made scanners: order, thresholds, block short-circuit, composed
// redactions, failures and time-outs by onError, and detectors built once per settings value.

function policy(overrides: Partial<ScannerPolicy> = {}): ScannerPolicy {
  return {
    enabled: true,
    action: 'redact',
    threshold: 0.5,
    onError: 'allow',
    directions: ['prompt', 'answer', 'file', 'title'],
    timeoutMs: 1000,
    settings: {},
    ...overrides,
  };
}

function scanner(
  name: ScannerName,
  detect: Detector,
  options: { kind?: 'general' | 'ai'; prepare?: () => void } = {},
): Scanner {
  return {
    name,
    kind: options.kind ?? 'general',
    description: name,
    settingsSchema: Type.Object({}),
    defaults: policy(),
    actions: ['flag', 'redact', 'block'],
    prepare: () => {
      options.prepare?.();
      return detect;
    },
  };
}

/** Finds every occurrence of `word` as a finding of `type`. */
function wordScanner(name: ScannerName, word: string, type: string, seen?: string[]): Scanner {
  return scanner(name, (text) => {
    seen?.push(text);
    const findings = [...text.matchAll(new RegExp(word, 'g'))].map((match) => ({
      type,
      start: match.index,
      end: match.index + word.length,
      label: type,
    }));
    return { score: findings.length > 0 ? 1 : 0, findings };
  });
}

function run(
  registry: Scanner[],
  policies: Partial<ScannerPolicies>,
  text: string,
  direction: 'prompt' | 'answer' = 'prompt',
) {
  const runner = new ScannerRunner(registry);
  const all = { ...builtInPolicies(registry), ...policies };
  return runner.scan(all, text, scanContext({ direction }), new Vault());
}

describe('the scanner runner', () => {
  it('composes redactions: the model sees placeholders for every redacting scanner', async () => {
    const registry = [
      wordScanner('secrets', 'sk-123', 'apiKey'),
      wordScanner('personalInformation', 'ana@example.org', 'email'),
    ];
    const outcome = await run(
      registry,
      {},
      'mail ana@example.org the key sk-123 and ana@example.org',
    );
    expect(outcome.verdict).toBe('redact');
    expect(outcome.text).toBe('mail [EMAIL_1] the key [API_KEY_1] and [EMAIL_1]');
    expect(outcome.results.map((r) => [r.scanner, r.verdict])).toEqual([
      ['secrets', 'redact'],
      ['personalInformation', 'redact'],
    ]);
  });

  it('stops at a block: later scanners do not run', async () => {
    const later: string[] = [];
    const registry = [
      wordScanner('secrets', 'sk-123', 'apiKey'),
      wordScanner('personalInformation', 'x', 'email', later),
    ];
    const outcome = await run(registry, { secrets: policy({ action: 'block' }) }, 'key sk-123 x');
    expect(outcome.verdict).toBe('block');
    expect(outcome.results.map((r) => r.scanner)).toEqual(['secrets']);
    expect(later).toEqual([]);
  });

  it('a score under the threshold passes, and reports no findings', async () => {
    const registry = [
      scanner('toxicity', () => ({
        score: 0.3,
        findings: [{ type: 'profanity', start: 0, end: 4, label: 'Profanity' }],
      })),
    ];
    const outcome = await run(registry, { toxicity: policy({ action: 'block' }) }, 'damn');
    expect(outcome.verdict).toBe('pass');
    expect(outcome.results[0]).toMatchObject({ verdict: 'pass', score: 0.3, findings: [] });
    const strict = await run(
      registry,
      { toxicity: policy({ action: 'block', threshold: 0.2 }) },
      'damn',
    );
    expect(strict.verdict).toBe('block');
  });

  it("a finding's own action overrides the policy's (a regex pattern's)", async () => {
    const registry = [
      scanner('regex', () => ({
        score: 1,
        findings: [
          { type: 'pattern', start: 0, end: 3, label: 'A', action: 'flag' },
          { type: 'pattern', start: 4, end: 7, label: 'B', action: 'redact' },
        ],
      })),
    ];
    const outcome = await run(registry, { regex: policy({ action: 'block' }) }, 'abc def');
    expect(outcome.verdict).toBe('redact');
    expect(outcome.text).toBe('abc [PATTERN_1]');
  });

  it('redacting what has no span blocks instead', async () => {
    const registry = [
      scanner('languageDetection', () => ({
        score: 1,
        findings: [{ type: 'language', start: 0, end: 0, label: 'Language' }],
      })),
    ];
    expect((await run(registry, {}, 'bonjour')).verdict).toBe('block');
  });

  it('scans only the directions a policy names, and nothing disabled', async () => {
    const seen: string[] = [];
    const registry = [wordScanner('toxicity', 'a', 'x', seen)];
    await run(registry, { toxicity: policy({ directions: ['answer'] }) }, 'a prompt');
    await run(registry, { toxicity: policy({ enabled: false }) }, 'a prompt', 'answer');
    expect(seen).toEqual([]);
    await run(registry, { toxicity: policy({ directions: ['answer'] }) }, 'an answer', 'answer');
    expect(seen).toEqual(['an answer']);
  });

  it('AI scanners judge the text already redacted by the general scanners', async () => {
    const judged: string[] = [];
    const registry = [
      scanner(
        'aiToxicity',
        (text) => {
          judged.push(text);
          return { score: 0, findings: [] };
        },
        { kind: 'ai' },
      ),
      wordScanner('personalInformation', 'ana@example.org', 'email'),
    ];
    // The registry order decides; the AI scanner listed last runs last.
    await run([registry[1]!, registry[0]!], {}, 'write to ana@example.org');
    expect(judged).toEqual(['write to [EMAIL_1]']);
  });

  describe('a scanner that fails or times out follows onError', () => {
    const failing = scanner('toxicity', () => {
      throw new Error('model file missing');
    });
    const hanging = scanner('toxicity', () => new Promise(() => {}));

    it('allow: the text passes, the result says why', async () => {
      const failures: string[] = [];
      const runner = new ScannerRunner([failing], (name) => failures.push(name));
      const outcome = await runner.scan(
        {
          ...builtInPolicies([failing]),
          toxicity: policy({ onError: 'allow' }),
        },
        'hello',
        scanContext(),
        new Vault(),
      );
      expect(outcome.verdict).toBe('pass');
      expect(outcome.results[0]).toMatchObject({ verdict: 'pass', error: 'failed' });
      expect(failures).toEqual(['toxicity']);
    });

    it('block: the text is blocked', async () => {
      const outcome = await run([failing], { toxicity: policy({ onError: 'block' }) }, 'hello');
      expect(outcome.verdict).toBe('block');
    });

    it('a time-out is a failure, reported with the limit', async () => {
      const outcome = await run(
        [hanging],
        { toxicity: policy({ onError: 'block', timeoutMs: 20 }) },
        'hello',
      );
      expect(outcome.results[0]).toMatchObject({
        verdict: 'block',
        error: 'timed out after 20 ms',
      });
    });

    it('the detector is told to stop through its signal', async () => {
      let signal: AbortSignal | undefined;
      const watching = scanner('toxicity', (_text, context) => {
        signal = context.signal;
        return new Promise(() => {});
      });
      await run([watching], { toxicity: policy({ timeoutMs: 10 }) }, 'hello');
      expect(signal?.aborted).toBe(true);
    });
  });

  it('builds a detector once per settings value', async () => {
    let builds = 0;
    const counted = scanner('topic', () => ({ score: 0, findings: [] }), {
      prepare: () => {
        builds += 1;
      },
    });
    const runner = new ScannerRunner([counted]);
    const policies = (settings: Record<string, unknown>) =>
      ({ topic: policy({ settings }) }) as unknown as ScannerPolicies;
    for (let i = 0; i < 3; i += 1) {
      await runner.scan(policies({ a: 1 }), 'x', scanContext(), new Vault());
    }
    await runner.scan(policies({ a: 2 }), 'x', scanContext(), new Vault());
    expect(builds).toBe(2);
  });
});
