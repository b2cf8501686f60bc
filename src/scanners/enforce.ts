import type { Clock } from '../lib/clock.ts';
import type { Store } from '../store/store.ts';
import type { AgentRecord } from '../store/chat-store.ts';
import { ScanBlockedError } from '../lib/errors.ts';
import type { ScanDirection, ScannerName } from '../vocabulary/scanners.ts';
import type { Judge, ScannedFile } from './scanner.ts';
import type { ScannerPolicies } from './policy.ts';
import type { ScannerRunner, ScanOutcome } from './run-scanners.ts';
import { redact, Vault } from './redaction.ts';
import { agentPolicies, companyPolicies } from './company-policies.ts';
import type { ActivitySignal } from '../activity/activity-signal.ts';
import { activityEvent, recordActivity, scanFacts } from '../activity/activity-events.ts';
import type { NewActivityEvent } from '../store/activity-store.ts';

export interface ScanningDeps {
  store: Store;
  clock: Clock;
  /** Told when activity was recorded (the monitoring rules listen). */
  activitySignal: ActivitySignal;
  runner: ScannerRunner;
  judge: Judge | null;
}

export interface TextToScan {
  text: string;
  direction: ScanDirection;
  userId: string | null;
  agent: AgentRecord | null;
  conversationId: string | null;
  clientIp: string | null;
  file?: ScannedFile | null;
  signal?: AbortSignal;
  only?: readonly ScannerName[];
  /** What already reached the model, recorded before a block of this text (a blocked answer's prompt). */
  reached?: readonly NewActivityEvent[];
}

/** The policies a text is scanned under: its agent's, or the company's defaults without one. */
export async function policiesFor(
  store: Store,
  agent: AgentRecord | null,
): Promise<ScannerPolicies> {
  const company = await companyPolicies(store);
  return agent ? agentPolicies(company, agent.scanners) : company;
}

export function scanWith(
  deps: ScanningDeps,
  policies: ScannerPolicies,
  input: TextToScan,
  vault: Vault,
): Promise<ScanOutcome> {
  return deps.runner.scan(
    policies,
    input.text,
    {
      direction: input.direction,
      userId: input.userId,
      agentId: input.agent?.id ?? null,
      clientIp: input.clientIp,
      file: input.file ?? null,
      judge: deps.judge,
      signal: input.signal,
    },
    vault,
    input.only,
  );
}

/**
 * Scans a text on its way in or out: a block is recorded in the activity record (redacted)
 * and is refused with a ScanBlockedError naming the scanners and what they found.
 */
export async function enforceScanners(
  deps: ScanningDeps,
  policies: ScannerPolicies,
  input: TextToScan,
  vault: Vault,
): Promise<ScanOutcome> {
  const outcome = await scanWith(deps, policies, input, vault);
  // Flags and redactions are recorded with the prompt, answer or file they were found in.
  if (outcome.verdict !== 'block') {
    return outcome;
  }
  const counted = outcome.results.filter((result) => result.verdict !== 'pass');
  const facts = scanFacts(counted);
  const blocked = await activityEvent('blocked', deps.clock.nowSeconds(), input, {
    ...facts,
    text: redact(
      input.text,
      counted.flatMap((result) => result.findings),
      new Vault(),
    ),
    details: {
      direction: input.direction,
      ...(input.file && { fileName: input.file.name, mediaType: input.file.mediaType }),
    },
  });
  await recordActivity(deps, [...(input.reached ?? []), blocked]);
  throw new ScanBlockedError(describeBlock(input, counted), facts.scanners, facts.findingTypes, [
    ...new Set(counted.flatMap((result) => result.findings.map((f) => f.label))),
  ]);
}

const BLOCKED: Record<ScanDirection, { what: string; consequence: string; next: string }> = {
  prompt: {
    what: 'The question',
    consequence: 'nothing was sent to the agent',
    next: 'remove what they found and ask again',
  },
  answer: {
    what: "The agent's answer",
    consequence: 'it was neither shown nor stored',
    next: 'ask differently, or ask an admin to review the scanner settings',
  },
  file: {
    what: 'The file',
    consequence: 'it was not stored',
    next: 'remove what they found and upload it again',
  },
  title: {
    what: 'The title',
    consequence: 'nothing was stored',
    next: 'remove what they found and send it again',
  },
};

function describeBlock(input: TextToScan, counted: ScanOutcome['results']): string {
  const { what, consequence, next } = BLOCKED[input.direction];
  const found = counted
    .filter((result) => result.verdict === 'block')
    .map((result) =>
      result.error
        ? `${result.scanner} could not check it (${result.error})`
        : `${result.scanner} found ${[...new Set(result.findings.map((f) => f.type))].join(', ')}`,
    )
    .join('; ');
  const subject = input.file ? `${what} ${input.file.name}` : what;
  return `${subject} was blocked by the company's scanners (${found}): ${consequence}; ${next}`;
}
