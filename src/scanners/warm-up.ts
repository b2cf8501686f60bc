import type { Store } from '../store/store.ts';
import { GENERAL_SCANNER_NAMES, SCAN_DIRECTIONS } from '../vocabulary/scanners.ts';
import { companyPolicies } from './company-policies.ts';
import { Vault } from './redaction.ts';
import { SCANNERS } from './registry.ts';
import { ScannerRunner } from './run-scanners.ts';

const SAMPLE = 'Please write to ana@example.org about the budget review at 10 Main Street.';

/**
 * Loads what the company's general scanners load on first use (word lists, stemmers, country
 * and language data) and compiles their code paths, before the server takes requests: else the
 * first questions would wait for it, stalling every other request meanwhile.
 */
export async function warmUpScanners(store: Store): Promise<void> {
  const policies = await companyPolicies(store);
  const runner = new ScannerRunner(SCANNERS);
  for (const direction of SCAN_DIRECTIONS) {
    await runner.scan(
      policies,
      SAMPLE,
      {
        direction,
        userId: null,
        agentId: null,
        clientIp: '127.0.0.1',
        file: { name: 'sample.txt', mediaType: 'text/plain', sizeBytes: SAMPLE.length },
        judge: null,
      },
      new Vault(),
      GENERAL_SCANNER_NAMES,
    );
  }
}
