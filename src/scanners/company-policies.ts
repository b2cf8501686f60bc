import type { Clock } from '../lib/clock.ts';
import type { Store } from '../store/store.ts';
import {
  applyPatch,
  assertPreparable,
  builtInPolicies,
  combinePatches,
  parsePolicyPatch,
  type PolicyPatch,
  type ScannerPolicies,
} from './policy.ts';
import { SCANNERS } from './registry.ts';

// Stored as changes to the built-in policies, so that scanners and settings added by an upgrade
// start from their own defaults.
const DEFAULTS_KEY = 'scannerDefaults';

/** The company's scanner defaults (Admin > Agent Scanner Defaults). */
export async function companyPolicies(store: Store): Promise<ScannerPolicies> {
  const stored = (await store.companySettings.get(DEFAULTS_KEY)) as PolicyPatch | undefined;
  return applyPatch(builtInPolicies(SCANNERS), stored ?? {});
}

/** Changes the fields given; scanners and fields left out keep their value. */
export async function updateCompanyPolicies(
  { store, clock }: { store: Store; clock: Clock },
  input: unknown,
): Promise<ScannerPolicies> {
  const patch = parsePolicyPatch(SCANNERS, input);
  return store.transaction(async (trx) => {
    const stored = (await trx.companySettings.get(DEFAULTS_KEY)) as PolicyPatch | undefined;
    const combined = combinePatches(stored ?? {}, patch);
    const policies = applyPatch(builtInPolicies(SCANNERS), combined);
    await assertPreparable(SCANNERS, policies);
    await trx.companySettings.put(DEFAULTS_KEY, combined, clock.nowSeconds());
    return policies;
  });
}

/** What an agent runs: the company's defaults with the agent's own changes. */
export function agentPolicies(company: ScannerPolicies, overrides: Record<string, unknown>) {
  return applyPatch(company, overrides);
}

/** An agent's scanner overrides, checked as the defaults are. */
export async function parseAgentScanners(input: unknown): Promise<PolicyPatch> {
  const patch = parsePolicyPatch(SCANNERS, input);
  await assertPreparable(SCANNERS, applyPatch(builtInPolicies(SCANNERS), patch));
  return patch;
}
