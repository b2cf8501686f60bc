import type { Clock } from '../lib/clock.ts';
import type { Config } from '../config/config.ts';
import type { Store } from '../store/store.ts';

/** What applies where the stored settings say nothing: AIRISK_OIDC_*, AIRISK_SMTP_URL, AIRISK_MAIL_FROM. */
export type CompanyEnvironment = Pick<Config, 'oidc' | 'smtpUrl' | 'mailFrom'>;

/** What the company's settings need: the store, the time, the environment and the master key. */
export interface CompanyDeps {
  store: Store;
  clock: Clock;
  config: CompanyEnvironment;
  /** Seals the SSO client secret and the SMTP password at rest. */
  masterKey: Buffer;
}
