import { NotFoundError } from '../lib/errors.ts';
import type {
  ScanDirection,
  ScannerName,
  ScanVerdict,
  ScanResult,
} from '../vocabulary/scanners.ts';
import { policiesFor, scanWith, type ScanningDeps } from './enforce.ts';
import { Vault } from './redaction.ts';

export interface ScanRequest {
  text: string;
  agentId?: string | undefined;
  direction?: ScanDirection | undefined;
  scanners?: ScannerName[] | undefined;
}

export interface ScanReport {
  verdict: ScanVerdict;
  results: ScanResult[];
  redactedText: string;
}

/**
 * "Calling the Scanner": an application checks a text before using it, under an agent's policy
 * (one the user may use) or the company's defaults. Nothing is stored or recorded: the text
 * goes nowhere.
 */
export async function scanOnDemand(
  deps: ScanningDeps,
  userId: string,
  request: ScanRequest,
  clientIp: string | null,
): Promise<ScanReport> {
  const agent = request.agentId
    ? await deps.store.agents.findUsable(request.agentId, userId)
    : null;
  if (request.agentId && !agent) {
    throw new NotFoundError(`No agent with id "${request.agentId}" that you may use`);
  }
  const policies = await policiesFor(deps.store, agent ?? null);
  const outcome = await scanWith(
    deps,
    policies,
    {
      text: request.text,
      direction: request.direction ?? 'prompt',
      userId,
      agent: agent ?? null,
      conversationId: null,
      clientIp,
      ...(request.scanners && { only: request.scanners }),
    },
    new Vault(),
  );
  return { verdict: outcome.verdict, results: outcome.results, redactedText: outcome.text };
}
