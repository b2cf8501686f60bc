import { performance } from 'node:perf_hooks';
import { LRUCache } from 'lru-cache';
import {
  severity,
  type ScanAction,
  type ScanResult,
  type ScanVerdict,
  type ScannerName,
} from '../vocabulary/scanners.ts';
import type { ScannerPolicies, ScannerRegistry } from './policy.ts';
import type {
  Detection,
  Detector,
  Finding,
  ScanContext,
  Scanner,
  ScannerPolicy,
} from './scanner.ts';
import { redact, type Vault } from './redaction.ts';

export interface ScanOutcome {
  /** The worst verdict of the results. */
  verdict: ScanVerdict;
  results: ScanResult[];
  /** The text with every redacting finding replaced by its placeholder; the input when none. */
  text: string;
}

export type ScanInput = Omit<ScanContext, 'signal'> & { signal?: AbortSignal | undefined };

/** Told about each scanner that failed or timed out (the server logs it). */
export type ScannerFailureListener = (scanner: ScannerName, error: unknown) => void;

/** Told each scanner's verdict on each text it ran on (the server's metrics count them). */
export type ScannerVerdictListener = (scanner: ScannerName, verdict: ScanVerdict) => void;

class ScannerTimeout extends Error {}

/**
 * Runs the enabled scanners of a policy set on texts, in the registry's order. A block stops
 * the run; redactions compose (the AI scanners, which send the text to a model, see it
 * redacted). Detectors are built once per settings value and kept.
 */
export class ScannerRunner {
  private readonly detectors = new LRUCache<string, Promise<Detector>>({ max: 500 });

  constructor(
    readonly registry: ScannerRegistry,
    private readonly onFailure: ScannerFailureListener = () => {},
    private readonly onVerdict: ScannerVerdictListener = () => {},
  ) {}

  /** Whether any enabled scanner looks at texts of this direction. */
  scansDirection(policies: ScannerPolicies, direction: ScanInput['direction']): boolean {
    return this.registry.some((scanner) => applies(policies[scanner.name], direction));
  }

  async scan(
    policies: ScannerPolicies,
    text: string,
    input: ScanInput,
    vault: Vault,
    only?: readonly ScannerName[],
  ): Promise<ScanOutcome> {
    const results: ScanResult[] = [];
    const toRedact: Finding[] = [];
    let redacted = text;
    for (const scanner of this.registry) {
      const policy = policies[scanner.name];
      if (!applies(policy, input.direction) || (only && !only.includes(scanner.name))) {
        continue;
      }
      const seen = scanner.kind === 'ai' ? redacted : text;
      const result = await this.runOne(scanner, policy, seen, input);
      this.onVerdict(scanner.name, result.verdict);
      results.push(result);
      if (result.verdict === 'block') {
        return { verdict: 'block', results, text: redact(text, toRedact, vault) };
      }
      if (result.verdict === 'redact' && scanner.kind === 'general') {
        toRedact.push(...result.findings.filter((finding) => finding.action === 'redact'));
        redacted = redact(text, toRedact, vault);
      }
    }
    return { verdict: worst(results), results, text: redacted };
  }

  private async runOne(
    scanner: Scanner,
    policy: ScannerPolicy,
    text: string,
    input: ScanInput,
  ): Promise<ScanResult> {
    const started = performance.now();
    const elapsed = () => Math.round((performance.now() - started) * 1000) / 1000;
    const controller = new AbortController();
    const stop = () => controller.abort(new ScannerTimeout());
    const timer = setTimeout(stop, policy.timeoutMs);
    input.signal?.addEventListener('abort', stop, { once: true });
    try {
      const detector = await this.detectorFor(scanner, policy);
      const detection = await Promise.race([
        detector(text, { ...input, signal: controller.signal }),
        aborted(controller.signal),
      ]);
      return { scanner: scanner.name, ...judge(detection, policy), durationMs: elapsed() };
    } catch (error) {
      this.onFailure(scanner.name, error);
      const timedOut = error instanceof ScannerTimeout;
      return {
        scanner: scanner.name,
        verdict: policy.onError === 'block' ? 'block' : 'pass',
        score: 0,
        findings: [],
        durationMs: elapsed(),
        error: timedOut ? `timed out after ${policy.timeoutMs} ms` : 'failed',
      };
    } finally {
      clearTimeout(timer);
      input.signal?.removeEventListener('abort', stop);
    }
  }

  private detectorFor(scanner: Scanner, policy: ScannerPolicy): Promise<Detector> {
    const key = `${scanner.name}\u0000${JSON.stringify(policy.settings)}`;
    let detector = this.detectors.get(key);
    if (!detector) {
      detector = Promise.resolve().then(() =>
        scanner.prepare(policy.settings, `${scanner.name}.settings`),
      );
      // A failed build is not kept: the next text tries again.
      detector.catch(() => this.detectors.delete(key));
      this.detectors.set(key, detector);
    }
    return detector;
  }
}

function applies(policy: ScannerPolicy | undefined, direction: ScanInput['direction']): boolean {
  return policy !== undefined && policy.enabled && policy.directions.includes(direction);
}

function aborted(signal: AbortSignal): Promise<never> {
  return new Promise((_, reject) => {
    signal.addEventListener('abort', () => reject(signal.reason as Error), { once: true });
  });
}

function effectiveAction(finding: Finding, policy: ScannerPolicy): ScanAction {
  const action = finding.action ?? policy.action;
  // What has no span cannot be cut out of the text: it is kept out whole instead.
  return action === 'redact' && finding.end <= finding.start ? 'block' : action;
}

function judge(
  { score, findings }: Detection,
  policy: ScannerPolicy,
): Pick<ScanResult, 'verdict' | 'score' | 'findings'> {
  if (findings.length === 0 || score < policy.threshold) {
    return { verdict: 'pass', score, findings: [] };
  }
  const actions = findings.map((finding) => effectiveAction(finding, policy));
  let verdict: ScanVerdict = 'pass';
  for (const action of actions) {
    verdict = severity(action) > severity(verdict) ? action : verdict;
  }
  return {
    verdict,
    score,
    findings: actions.map((action, index) => ({ ...findings[index]!, action })),
  };
}

function worst(results: readonly ScanResult[]): ScanVerdict {
  let verdict: ScanVerdict = 'pass';
  for (const result of results) {
    verdict = severity(result.verdict) > severity(verdict) ? result.verdict : verdict;
  }
  return verdict;
}
